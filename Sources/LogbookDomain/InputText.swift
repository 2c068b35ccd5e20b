/// What a person may type into the logbook: the handle alphabet, the characters refused in every text, NFC, and the
/// one table of size limits (docs/reliability.md, "Input that becomes permanent").
///
/// Everything stored is append-only, so text is checked where it enters: a use case (flags, a `--plan` file) or a
/// reader (an imported file). A refused text names its field and the offending character's code point; nothing is
/// ever stored and then escaped later, so what is printed is always what was checked.

/// The size limits of every text and file, in one table.
public enum InputLimits {
    /// A handle: 2 to 32 characters of the handle alphabet.
    public static let handle = 2...32
    /// A code (competency, department, authorisation id): at most this many characters.
    public static let code = 64
    /// A one-line text (a name, a title typed on the command line, a region, a course name, a method): at most.
    public static let line = 1_000
    /// Any other text (a note, a plan, a comment, a reason, a statement, a konkretisering, an imported title,
    /// a CSV field, a JSON string or key): at most this many characters (Unicode scalars).
    public static let text = 100_000
    /// An input file to import (målbeskrivelse, programme, bundle): at most this many bytes.
    public static let importFileBytes = 64 * 1024 * 1024
    /// A text file (`--plan FILE`, `--codes-file FILE`): at most this many bytes (the text limit in 4-byte UTF-8).
    public static let textFileBytes = 4 * text
    /// A CSV row (the header included): at most this many fields.
    public static let csvFields = 256
    /// Competency codes in one `approve`: at most this many.
    public static let codesPerCommand = 10_000
}

/// A text refused at input: what is wrong, naming the field, as a value: front ends word it in the reader's language
/// (LogbookApp's `Texts.inputProblem`); `message` is the English sentence.
public struct InputTextProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Hashable, Sendable {
        /// More than `maximum` characters.
        case tooLong(length: Int, maximum: Int)
        /// A tab (U+0009) or a line break in a one-line field.
        case oneLine(scalar: UInt32)
        /// A character that is never stored.
        case refused(scalar: UInt32, CharacterKind)
        /// A code mixing Latin letters with a look-alike of another script.
        case mixedScript(code: String, letter: UInt32)
        /// An empty handle.
        case handleEmpty
        /// A handle with a character outside the alphabet.
        case handleCharacter(handle: String, scalar: UInt32, CharacterKind?, notASCII: Bool)
        /// A handle too short or too long.
        case handleLength(handle: String, length: Int)
        /// A handle not starting with a letter.
        case handleStart(handle: String)
    }

    /// The field as the caller named it (`'--note'`, `"title"`).
    public let field: String
    public let kind: Kind

    public init(field: String, kind: Kind) {
        self.field = field
        self.kind = kind
    }

    /// The English sentence.
    public var message: String {
        switch kind {
        case .tooLong(let length, let maximum):
            return "\(field) is \(length) characters long; it may be at most \(maximum) characters (shorten it)"
        case .oneLine(let scalar):
            return "\(field) must be one line; it holds U+\(InputText.hex(scalar)) (a \(scalar == 9 ? "tab" : "line break"))"
        case .refused(let scalar, let kind):
            return "\(field) contains U+\(InputText.hex(scalar)) (\(kind.english)), which is never stored; remove it or retype the text"
        case .mixedScript(let code, let letter):
            return "\(field) \"\(Handle.printable(code))\" mixes Latin letters with U+\(InputText.hex(letter)), "
                + "a letter of another script that looks like a Latin one; retype the code in Latin letters"
        case .handleEmpty:
            return "HANDLE must not be empty; \(Handle.rule)"
        case .handleCharacter(let handle, let scalar, let kind, let notASCII):
            let what = kind.map { " (\($0.english))" } ?? (notASCII ? " (not ASCII)" : "")
            return "HANDLE \"\(Handle.printable(handle))\" holds U+\(InputText.hex(scalar))\(what); \(Handle.rule)"
        case .handleLength(let handle, let length):
            return "HANDLE \"\(Handle.printable(handle))\" is \(length) characters long; \(Handle.rule)"
        case .handleStart(let handle):
            return "HANDLE \"\(handle)\" does not start with a letter; \(Handle.rule)"
        }
    }

    public var description: String { message }
}

/// Why a character may never be stored in a text.
public enum CharacterKind: String, Hashable, Sendable {
    case nul, control, c1Control, bidi, zeroWidth, separator, format, noncharacter, privateUse, unassigned, surrogate

    /// "a control character", "a bidirectional control", ...
    public var english: String {
        switch self {
        case .nul: return "NUL"
        case .control: return "a control character"
        case .c1Control: return "a C1 control character"
        case .bidi: return "a bidirectional control"
        case .zeroWidth: return "an invisible (zero-width) character"
        case .separator: return "a line or paragraph separator"
        case .format: return "an invisible format character"
        case .noncharacter: return "a noncharacter"
        case .privateUse: return "a private-use character"
        case .unassigned: return "an unassigned code point"
        case .surrogate: return "a surrogate"
        }
    }
}

/// The checks on text a person types.
public enum InputText {
    /// Whether a field may hold several lines (tab, line feed; CR LF and a lone CR are stored as line feeds).
    public enum Lines: Sendable { case single, multiple }

    /// `U+202E RIGHT-TO-LEFT OVERRIDE` style: the code point and what kind of character it is.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        "U+\(hex(scalar.value)) (\(kind(of: scalar) ?? "a character"))"
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Why `scalar` may never be stored in a text, in English, or nil when it may (tab and line feed are judged by the caller).
    public static func kind(of scalar: Unicode.Scalar) -> String? { characterKind(of: scalar)?.english }

    /// Why `scalar` may never be stored in a text, or nil when it may (tab and line feed are judged by the caller).
    public static func characterKind(of scalar: Unicode.Scalar) -> CharacterKind? {
        switch scalar.value {
        case 0x00: return .nul
        case 0x01...0x1F, 0x7F: return .control
        case 0x80...0x9F: return .c1Control
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return .bidi
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x180E, 0x00AD, 0x034F: return .zeroWidth
        case 0x2028, 0x2029: return .separator
        case 0xFFF9...0xFFFB, 0xE0000...0xE007F: return .format
        case 0xFFFE, 0xFFFF: return .noncharacter
        default: break
        }
        switch scalar.properties.generalCategory {
        case .privateUse: return .privateUse
        case .unassigned: return .unassigned
        case .surrogate: return .surrogate
        default: return nil
        }
    }

    /// `text` trimmed and in NFC, or the reason it is refused: a refused character (with its code point), a
    /// line break in a one-line field, or more than `maximum` characters. `field` names the field in the message
    /// (`'--note'`, `"title"`).
    public static func check(_ text: String, field: String, lines: Lines = .single, maximum: Int = InputLimits.text,
                             trimming: Bool = true) throws(InputTextProblem) -> String
    {
        if text.utf8.count > maximum {
            let length = text.unicodeScalars.count
            if length > maximum {
                throw InputTextProblem(field: field, kind: .tooLong(length: length, maximum: maximum))
            }
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\r":
                if lines == .multiple { continue }
                throw InputTextProblem(field: field, kind: .oneLine(scalar: scalar.value))
            default:
                if let kind = characterKind(of: scalar) { throw InputTextProblem(field: field, kind: .refused(scalar: scalar.value, kind)) }
            }
        }
        var result = trimming ? text.trimmed : text
        if result.utf8.contains(13) {
            // CR LF and a lone CR (which would let a text overwrite its own line on a terminal) become LF.
            var scalars = String.UnicodeScalarView()
            var previousCR = false
            for scalar in result.unicodeScalars {
                if scalar == "\r" { scalars.append("\n"); previousCR = true; continue }
                if !(scalar == "\n" && previousCR) { scalars.append(scalar) }
                previousCR = false
            }
            result = String(scalars)
        }
        return nfc(result)
    }

    /// `text` in Unicode Normalization Form C, from the standard library itself (no Foundation): `é` typed as `e` +
    /// U+0301 is stored as U+00E9, so the same name is always the same bytes.
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }
}

/// Handles: how a person is named in commands (`--as dr.hoved`) and in every event they make.
public enum Handle {
    /// The rule, as the messages state it.
    public static let rule = "a handle is 2 to 32 characters: lower-case letters a-z and æ ø å, digits 0-9 and . - _, "
        + "starting with a letter (for example dr.hoved, sek.syd)"

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || scalar == "æ" || scalar == "ø" || scalar == "å"
    }

    /// The handle in its stored form (ASCII upper case folded to lower case), or why it is outside the alphabet.
    public static func check(_ text: String) throws(InputTextProblem) -> String {
        let handle = InputText.nfc(text.trimmed)
        guard !handle.isEmpty else { throw InputTextProblem(field: "HANDLE", kind: .handleEmpty) }
        for scalar in handle.unicodeScalars {
            let allowed = isLetter(scalar) || ("A"..."Z").contains(scalar) || scalar == "Æ" || scalar == "Ø" || scalar == "Å"
                || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_"
            if !allowed {
                throw InputTextProblem(field: "HANDLE", kind: .handleCharacter(handle: handle, scalar: scalar.value,
                                                                               InputText.characterKind(of: scalar), notASCII: !scalar.isASCII))
            }
        }
        let lower = handle.lowercased()
        guard InputLimits.handle.contains(lower.unicodeScalars.count) else {
            throw InputTextProblem(field: "HANDLE", kind: .handleLength(handle: handle, length: lower.unicodeScalars.count))
        }
        guard let first = lower.unicodeScalars.first, isLetter(first) else {
            throw InputTextProblem(field: "HANDLE", kind: .handleStart(handle: lower))
        }
        return lower
    }

    /// What a handle looks like to a reader: the same skeleton means two handles are easily mistaken for each other.
    /// Case is folded; `0`→`o`, `1`→`l`, `rn`→`m`, `vv`→`w`; `.`, `-` and `_` all read as one separator.
    public static func skeleton(_ handle: String) -> String {
        var text = handle.lowercased()
        for (from, to) in [("rn", "m"), ("vv", "w")] where text.contains(from) {
            text = String(text.split(separator: from, omittingEmptySubsequences: false).joined(separator: to))
        }
        return String(text.map { character -> Character in
            switch character {
            case "0": return "o"
            case "1": return "l"
            case "-", "_": return "."
            default: return character
            }
        })
    }

    /// The first of `existing` that `handle` could be mistaken for (same skeleton), if any.
    public static func confusable(_ handle: String, with existing: [String]) -> String? {
        let key = skeleton(handle)
        return existing.first { skeleton($0) == key }
    }

    /// `text` with every scalar outside printable ASCII and æøåÆØÅ written as `\u{…}`, for echoing refused input.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if (scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F) || "æøåÆØÅ".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            }
            else { out += "\\u{\(InputText.hex(scalar.value))}" }
        }
        return out
    }
}

/// Competency codes: free text (DOMAIN.md), but a code a reader could mistake for another is refused.
public enum CodeText {
    /// Latin look-alikes of Cyrillic and Greek letters (upper and lower case), for the confusable check.
    static let lookAlikes: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [:]
        let pairs: [(String, String)] = [
            // Cyrillic
            ("АВСЕНІЈКМОРЅТХУ", "ABCEHIJKMOPSTXY"), ("авсеніјкмопрѕтхуԁԛԝ", "abcehijkmonpstxydqw"),
            // Greek
            ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"), ("ανικορτυχ", "avikoptux"),
        ]
        for (from, to) in pairs {
            for (scalar, latin) in zip(from.unicodeScalars, to) { table[scalar] = latin }
        }
        return table
    }()

    /// What a code looks like: Cyrillic and Greek look-alikes read as their Latin letters, case folded.
    public static func skeleton(_ code: String) -> String {
        var out = ""
        for scalar in InputText.nfc(code).unicodeScalars {
            if let latin = lookAlikes[scalar] { out.append(latin) } else { out.unicodeScalars.append(scalar) }
        }
        return out.lowercased()
    }

    /// Whether `code` mixes letters of several scripts that look alike (`С1` with a Cyrillic С is fine on its own,
    /// but `Cа1` mixing Latin and Cyrillic is not): returns the first look-alike letter in a code that also holds ASCII
    /// letters.
    public static func mixedScriptLetter(_ code: String) -> Unicode.Scalar? {
        let hasLatin = code.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard hasLatin else { return nil }
        return code.unicodeScalars.first { lookAlikes[$0] != nil }
    }

    /// A competency code checked like any text (one line, at most `InputLimits.code` characters) and for mixed scripts.
    public static func check(_ code: String, field: String) throws(InputTextProblem) -> String {
        let checked = try InputText.check(code, field: field, lines: .single, maximum: InputLimits.code)
        if let letter = mixedScriptLetter(checked) {
            throw InputTextProblem(field: field, kind: .mixedScript(code: checked, letter: letter.value))
        }
        return checked
    }

    /// The first pair of `codes` that look alike (same skeleton) but differ, if any.
    public static func confusablePair(_ codes: [String]) -> (String, String)? {
        var seen: [String: String] = [:]
        for code in codes {
            let key = skeleton(code)
            if let other = seen[key], other != code { return (other, code) }
            seen[key] = seen[key] ?? code
        }
        return nil
    }
}
