import LogbookDomain

/// The input rules of `LogbookDomain/InputText.swift` as usage errors (exit 64) for what is typed on the command
/// line, and bad data (exit 65) for what comes from a file. Call at the top of a use case, before the transaction.
enum Input {
    /// A free text (`--note`, `--comment`, `--reason`, a statement): several lines, at most `InputLimits.text`.
    static func text(_ text: String?, _ field: String, texts: Texts = .untranslated) throws -> String? {
        try text.map { try checked($0, field, .multiple, InputLimits.text, texts) }
    }

    /// A one-line text (a name, a region, a course, a method): at most `InputLimits.line`.
    static func line(_ text: String, _ field: String, texts: Texts = .untranslated) throws -> String {
        try checked(text, field, .single, InputLimits.line, texts)
    }

    /// A code (department, authorisation id): one line, at most `InputLimits.code`.
    static func code(_ text: String, _ field: String, texts: Texts = .untranslated) throws -> String {
        try checked(text, field, .single, InputLimits.code, texts)
    }

    /// A competency code typed on the command line: a code, and no mixed-script look-alike letters.
    static func competencyCode(_ text: String, _ field: String) throws -> String {
        do { return try CodeText.check(text, field: field) } catch { throw LogbookError.usage(error.message) }
    }

    /// A new handle in its stored form (lower case), or a usage error stating the alphabet.
    static func handle(_ text: String, texts: Texts = .untranslated) throws -> String {
        do { return try Handle.check(text) } catch { throw LogbookError.usage(texts.inputProblem(error)).concerning("handle") }
    }

    /// The text of a file (`--plan FILE`): UTF-8, several lines, at most `InputLimits.text` characters (exit 65).
    static func fileText(_ bytes: [UInt8], name: String, what: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LogbookError.badData("\(name): the \(what) is not UTF-8 text")
        }
        do {
            return try InputText.check(text, field: "\(name): the \(what)", lines: .multiple, maximum: InputLimits.text,
                                       trimming: false)
        } catch {
            throw LogbookError.badData(error.message)
        }
    }

    private static func checked(_ text: String, _ field: String, _ lines: InputText.Lines, _ maximum: Int,
                                _ texts: Texts = .untranslated) throws -> String {
        do { return try InputText.check(text, field: field, lines: lines, maximum: maximum) } catch {
            throw LogbookError.usage(texts.inputProblem(error)).concerning(field)
        }
    }
}
