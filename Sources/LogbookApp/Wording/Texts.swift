import LogbookDomain

/// The languages `logbook` speaks: Danish for the Danish users it is made for, English for everyone else.
public enum Language: String, Sendable, CaseIterable {
    case da, en

    /// `--lang`, else `LOGBOOK_LANG`, else the locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders
    /// them): a value beginning with `da` is Danish, anything else English. A bad `--lang`/`LOGBOOK_LANG` is exit 64.
    public static func resolve(flag: String?, environment: [String: String]) throws -> Language {
        for (source, value) in [("--lang", flag), ("LOGBOOK_LANG", environment["LOGBOOK_LANG"])] {
            guard let value, !value.isEmpty else { continue }
            guard let language = Language(rawValue: value.lowercased()) else {
                throw LogbookError.usage("'\(source)' must be da or en (got \"\(value)\")")
            }
            return language
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("da") ? .da : .en
        }
        return .en
    }
}

/// One language's message catalog (`catalog/<language>.txt`, embedded at build time) and its way of writing dates
/// and numbers. Every text a person reads is looked up here by key, with named placeholders (`{trainee}`) filled in
/// whole: a sentence is never glued together from translated fragments, so each language can order its words.
///
/// Machine formats (JSON, the event log, bundles, ISO dates in CSV) do not go through it.
public struct Texts: Sendable {
    public let language: Language
    /// Who reads the words: the command line, or a web page (and the JSON API beside it).
    public let surface: Surface

    /// Where a text is read. The use cases keep one meaning per refusal; each front end words it its own way.
    ///
    /// On a page, `page.KEY` is used where the catalog has it (the page's terms: its field labels, its buttons, no
    /// `--flag`, `HANDLE` or `` `logbook …` ``), and an input named by its command-line flag in a placeholder (`--date`,
    /// `'--reason'`) is named by the page's label for it (`page.input.date`).
    public enum Surface: Sendable { case command, page }
    /// The language's catalog, parsed at build time: keys sorted, texts in the same order (`embeddedCatalog`).
    private let catalogKeys: [String]
    private let catalogTexts: [String]

    /// The texts inside machine formats (JSON): English, whatever the reader's language, so scripts see stable words.
    public static let machine = Texts(.en)
    /// For the outputs not yet moved to the catalog: their surrounding lines are English, so their sentences are too.
    public static let untranslated = Texts(.en)

    /// The catalog of `language`.
    public init(_ language: Language, surface: Surface = .command) {
        self.language = language
        self.surface = surface
        (catalogKeys, catalogTexts) = embeddedCatalog(language.rawValue) ?? ([], [])
    }

    /// Every key of the language's catalog (for the completeness test).
    public var keys: Set<String> { Set(catalogKeys) }

    /// The raw text of `key`, placeholders unfilled; nil when the catalog lacks it. A binary search of the sorted keys:
    /// no dictionary is built at start-up (BENCHMARKS.md, start-up).
    public func template(_ key: String) -> String? {
        if surface == .page, let page = lookUp("page." + key) { return page }
        return lookUp(key)
    }

    private func lookUp(_ key: String) -> String? {
        var low = 0, high = catalogKeys.count
        while low < high {
            let middle = (low + high) / 2
            if catalogKeys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < catalogKeys.count && catalogKeys[low] == key ? catalogTexts[low] : nil
    }

    /// The text of `key` with `{name}` placeholders filled from `arguments`. A missing key shows as the key itself
    /// (a test keeps both catalogs complete, so a user never sees one).
    public func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        guard let template = template(key) else { return key }
        return Texts.fill(template, surface == .page ? pageArguments(arguments) : arguments)
    }

    /// The page's words for an input a placeholder names by its flag: `'--date'` → `»Dato«`.
    private func pageArguments(_ arguments: [String: String]) -> [String: String] {
        var result = arguments
        for (name, value) in arguments {
            let flag = value.hasPrefix("'--") && value.hasSuffix("'") ? value.dropFirst(3).dropLast() : value.hasPrefix("--") ? value.dropFirst(2) : nil
            guard let flag, !flag.isEmpty, !flag.contains(" "), let label = lookUp("page.input.\(flag)") else { continue }
            result[name] = label
        }
        return result
    }

    /// The text of `key.one` or `key.other` by `count`, with `{count}` set to the count as this language writes it.
    public func plural(_ key: String, count: Int, _ arguments: [String: String] = [:]) -> String {
        var arguments = arguments
        arguments["count"] = String(count)
        return self(count == 1 ? key + ".one" : key + ".other", arguments)
    }

    /// A date on screen or in print: `30.11.2026` in Danish, `2026-11-30` in English.
    public func date(_ date: CalendarDate) -> String {
        switch language {
        case .da: return "\(two(date.day)).\(two(date.month)).\(date.year)"
        case .en: return date.iso
        }
    }

    /// A date in running text: `30. november 2026`, `30 November 2026`.
    public func longDate(_ date: CalendarDate) -> String {
        let month = self("month.\(date.month)")
        switch language {
        case .da: return "\(date.day). \(month) \(date.year)"
        case .en: return "\(date.day) \(month) \(date.year)"
        }
    }

    /// A decimal number with at most `decimals` decimals, trailing zeros dropped: `3,5` in Danish, `3.5` in English.
    public func number(_ value: Double, decimals: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        var whole = String(Int(scaled / scale))
        var fraction = String(Int(scaled) % Int(scale))
        if decimals > 0 {
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
        } else {
            fraction = ""
        }
        if value < 0 && scaled != 0 { whole = "-" + whole }
        return fraction.isEmpty ? whole : whole + (language == .da ? "," : ".") + fraction
    }

    /// A percentage: `80 %` (with the space Danish and ISO write).
    public func percent(_ value: Int) -> String { "\(value) %" }

    private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// Fills `{name}` placeholders; an unknown placeholder is left as written.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        // A byte scan: `contains("{")` on the String walks it character by character (grapheme breaking).
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The placeholders a template names, for the test that both languages use the same ones.
    public static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The embedded catalog files parsed at run time: `catalog/<language>.txt` and any `catalog/<language>-<area>.txt`
    /// (errors, one command's texts), merged into one catalog per language. Only the tests use it (the catalog a
    /// command reads was parsed at build time); they check that both agree.
    static let catalogs: [Language: [String: String]] = {
        var result: [Language: [String: String]] = [:]
        for file in catalogFiles {
            for (key, text) in file.entries where result[file.language]?[key] == nil {
                result[file.language, default: [:]][key] = text
            }
        }
        return result
    }()

    /// Each embedded catalog file: its name, its language and its entries in order (for the duplicate-key test).
    static let catalogFiles: [(name: String, language: Language, entries: [(key: String, text: String)])] = {
        embeddedCatalogFiles.compactMap { file in
            let base = file.name.hasSuffix(".txt") ? String(file.name.dropLast(4)) : file.name
            let prefix = base.split(separator: "-", maxSplits: 1).first.map(String.init) ?? base
            guard let language = Language(rawValue: prefix) else { return nil }
            return (file.name, language, parseEntries(file.sql))
        }
    }()

    /// Where the catalog parsed at build time differs from the catalog files parsed now (a test keeps this empty): the
    /// build tool's parser and `parseEntries` must read every line alike.
    public static var embeddedCatalogDifferences: [String] {
        var differences: [String] = []
        for language in Language.allCases {
            let parsed = catalogs[language] ?? [:], texts = Texts(language)
            for key in Set(parsed.keys).union(texts.catalogKeys) where parsed[key] != texts.template(key) {
                differences.append("\(language.rawValue) \(key): \(texts.template(key) ?? "missing") at build time, \(parsed[key] ?? "missing") now")
            }
        }
        return differences.sorted()
    }

    /// Keys written more than once in one language, with the files that write them (a test keeps this empty).
    public static var duplicateKeys: [String] {
        var seen: [Language: [String: String]] = [:]
        var duplicates: [String] = []
        for file in catalogFiles {
            for (key, _) in file.entries {
                if let first = seen[file.language]?[key] {
                    duplicates.append("\(key) in \(first) and \(file.name)")
                } else {
                    seen[file.language, default: [:]][key] = file.name
                }
            }
        }
        return duplicates
    }

    /// Parses a catalog: `key = text` lines; `#` comments and blank lines skipped; `\n` in a text is a line break; a text
    /// in double quotes keeps its leading and trailing spaces.
    public static func parse(_ text: String) -> [String: String] {
        Dictionary(parseEntries(text).map { ($0.key, $0.text) }) { first, _ in first }
    }

    static func parseEntries(_ text: String) -> [(key: String, text: String)] {
        var entries: [(key: String, text: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstRange(of: " = ") else { continue }
            let key = String(trimmed[..<equals.lowerBound])
            var value = String(trimmed[equals.upperBound...])
            // A text with leading or trailing spaces is written in double quotes.
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            entries.append((key, value.replacingEscapes()))
        }
        return entries
    }
}

extension String {
    /// `\n` as a line break and `\\` as a backslash, for catalog texts.
    fileprivate func replacingEscapes() -> String {
        guard contains("\\") else { return self }
        var result = ""
        var escaped = false
        for character in self {
            if escaped {
                result.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
