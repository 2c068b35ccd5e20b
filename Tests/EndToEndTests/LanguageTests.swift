import Foundation
import Testing

/// Issue 13: every command speaks the reader's language. The outputs of every command — listings, status, reports,
/// help, confirmations and refusals — are scanned for the usual suspects of the other language, after taking out
/// what is written as the users wrote it (names, titles, codes, comments) and what is not language (options, paths,
/// command lines, ArgumentParser's own frame words, which it prints in English whatever the locale).
@Suite("Dansk: every command in the reader's language", .tags(.slow))
struct LanguageTests {
    /// English words a Danish reader should not meet.
    static let englishSuspects: Set<String> = [
        "the", "and", "approved", "approval", "position", "positions", "competency", "competencies", "absence", "overdue",
        "due", "trainee", "trainees", "supervisor", "meeting", "meetings", "error", "must", "cannot", "unknown", "signed",
        "unsigned", "attested", "wrote", "days", "months", "none", "given", "held", "since", "missing", "allowed",
        "counted", "until", "yes", "which", "there", "already", "nothing", "statement", "revoked", "department", "grant",
        "granted", "course", "courses", "time", "full", "part", "ends", "from", "not", "with", "this", "that",
    ]
    /// Danish words an English reader should not meet.
    static let danishSuspects: Set<String> = [
        "godkendt", "godkendte", "godkendelse", "stilling", "stillinger", "kompetence", "kompetencer", "fravær", "frist",
        "overskredet", "hovedvejleder", "vejleder", "afdeling", "uddannelseslæge", "samtale", "ikke", "fejl", "skal",
        "dage", "måned", "måneder", "tilladelse", "forhåndsudtalelse", "introduktionssamtale", "justeringssamtale",
        "slutsamtale", "sygdom", "ferie", "attesteret", "udtalelse", "næste", "skridt", "læge", "og", "af", "til", "eller",
        "ingen", "tid", "deltid", "ja", "nej", "mangler", "findes", "allerede", "hændelse", "hændelser", "rolle",
    ]

    /// The commands a user runs on the demo department, reading.
    static let reading: [[String]] = {
        var commands: [[String]] = [
            ["report", "--department", "OUH-KAR", "--all"], ["report", "--department", "OUH-KAR", "--format", "csv"],
            ["report", "--department", "OUH-KAR", "--format", "html"], ["check", "--department", "OUH-KAR"],
            ["eligibility", "--trainee", "dr.emil", "--specialty", "nefrologi"],
            ["eligibility", "--trainee", "dr.ahmed", "--specialty", "kardiologi"], ["verify"],
            ["position", "list"], ["position", "show", "5"], ["person", "list"], ["person", "show", "dr.hoved"],
            ["person", "show", "dr.berit"], ["department", "list"], ["department", "show", "OUH-KAR"], ["grant", "list"],
            ["key", "list"], ["curriculum", "list"], ["curriculum", "show", "Kardiologi"], ["program", "list"],
            ["program", "show", "OUH-KAR"], ["print", "--position", "1", "-o", "-"], ["print", "--position", "2", "-o", "-"], ["print", "--position", "3", "-o", "-"],
        ]
        for trainee in ["dr.freja", "dr.emil", "dr.dorthe", "dr.berit", "dr.carl", "dr.ahmed"] {
            commands.append(["status", "--trainee", trainee])
        }
        for position in 1...6 {
            for list in [["history"], ["absence", "list"], ["record", "list"], ["meeting", "list"]] {
                commands.append(list + ["--position", String(position)])
                commands.append(list + ["--position", String(position), "--format", "csv"])
            }
        }
        return commands
    }()

    /// Refusals and confirmations, each on its own copy of the demo.
    static let acting: [(arguments: [String], actor: String)] = [
        (["status", "--trainee", "dr.nobody"], "dr.uao"),
        (["report", "--department", "NOPE"], "dr.uao"),
        (["approve", "--position", "4", "I8"], "dr.berit"),
        (["approve", "--position", "4", "I8"], "dr.hoved"),
        (["approve", "--position", "4", "I99"], "dr.hoved"),
        (["record", "add", "--position", "4", "I4", "--method", "Mini-CEX", "--date", "2026-11-20"], "dr.berit"),
        (["record", "add", "--position", "4", "I4", "--method", "Mini-CEX", "--date", "2031-01-01"], "dr.berit"),
        (["absence", "add", "--position", "4", "--from", "2026-11-02", "--to", "2026-11-04", "--kind", "sygdom"], "dr.berit"),
        (["meeting", "add", "--position", "6", "--kind", "introduktionssamtale", "--date", "2026-11-27"], "dr.hoved"),
        (["attest", "time", "--position", "4"], "dr.uao"),
        (["statement", "--position", "4"], "dr.uao"),
        (["revoke", "50", "--reason", "fejl i registreringen"], "dr.hoved"),
        (["grant", "dr.klinisk", "hovedvejleder", "--department", "OUH-KAR", "--from", "2026-12-01"], "dr.uao"),
        (["person", "add", "dr.ny", "--name", "Ny Læge"], "sek.syd"),
        (["position", "list", "--format", "xml"], "dr.uao"),
        (["report", "--department", "OUH-KAR", "-o", "rapport.xls"], "dr.uao"),
        (["print", "--position", "99", "-o", "-"], "dr.uao"),
    ]

    /// Every subcommand path, for `--help`.
    static let helpPaths: [[String]] = [
        [], ["init"], ["curriculum"], ["curriculum", "import"], ["curriculum", "list"], ["curriculum", "show"], ["program"],
        ["program", "import"], ["program", "list"], ["program", "show"], ["department"], ["department", "add"],
        ["department", "list"], ["department", "show"], ["person"], ["person", "add"], ["person", "list"], ["person", "show"],
        ["grant"], ["grant", "list"], ["grant", "delegate"], ["grant", "undelegate"], ["position"], ["position", "start"], ["position", "list"], ["position", "show"],
        ["absence"], ["absence", "add"], ["absence", "list"], ["record"], ["record", "add"], ["record", "list"], ["meeting"],
        ["meeting", "add"], ["meeting", "list"], ["approve"], ["attest"], ["attest", "time"], ["attest", "element"],
        ["statement"], ["revoke"], ["history"], ["eligibility"], ["verify"], ["status"], ["check"], ["report"], ["demo"],
        ["key"], ["key", "list"], ["export"], ["print"], ["version"], ["account"], ["serve"], ["account", "log-ins"], ["backup"],
    ]

    enum Reader: String, CaseIterable { case da, en }

    @Test("every command's output holds no word of the other language", arguments: Reader.allCases)
    func noWordsOfTheOtherLanguage(_ reader: Reader) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        // A Danish machine (LANG=da_DK.UTF-8): Danish by the locale alone; English by --lang en, which overrides it.
        box.environment = ["LOGBOOK_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "da_DK.UTF-8"]
        let language = reader == .en ? ["--lang", "en"] : []
        var outputs: [(command: String, arguments: [String], text: String)] = []
        func record(_ arguments: [String], _ result: RunResult) {
            #expect(result.status != 70, "internal error from \(arguments)")
            outputs.append((arguments.joined(separator: " "), arguments, result.stdout + "\n" + result.stderr))
        }
        let demo = try box.run(["demo"] + language)
        #expect(demo.status == 0, "\(demo.stderr)")
        record(["demo"], demo)
        let written = try dataWrittenAsIs(box)
        for arguments in Self.reading {
            record(arguments, try box.run(arguments + language, as: "dr.uao"))
        }
        record(["version"], try box.run(["version"] + language, database: false))
        for path in Self.helpPaths {
            record(path + ["--help"], try box.run(path + ["--help"] + language, database: false))
        }
        for (arguments, actor) in Self.acting {
            let copy = try Sandbox()
            defer { copy.cleanup() }
            copy.environment = box.environment
            try FileManager.default.copyItem(atPath: box.database, toPath: copy.database)
            record(arguments, try copy.run(arguments + language, as: actor))
        }

        let suspects = reader == .da ? Self.englishSuspects : Self.danishSuspects
        var offenders: [String] = []
        for (command, arguments, text) in outputs {
            // What the command was given is quoted as given ("Ny Læge", "fejl i registreringen").
            let given = arguments.filter { $0.contains(" ") }.sorted { $0.count > $1.count }
            for line in text.split(whereSeparator: \.isNewline) {
                let words = Self.words(in: Self.withoutNonLanguage(String(line), written: given + written))
                let found = words.filter { suspects.contains($0) }
                if !found.isEmpty { offenders.append("\(command): [\(found.joined(separator: ","))] \(line)") }
            }
        }
        #expect(offenders.isEmpty, "\(offenders.count) lines with words of the other language:\n\(offenders.prefix(80).joined(separator: "\n"))")
    }

    /// Names, titles, codes and texts as the users wrote them in the demo (they stay as written in both languages).
    func dataWrittenAsIs(_ box: Sandbox) throws -> [String] {
        var texts: [String] = []
        let queries = [
            "SELECT name FROM person", "SELECT name FROM department", "SELECT title FROM competency",
            "SELECT name FROM curriculum_course", "SELECT name FROM specialty", "SELECT name FROM specialty_group",
            "SELECT title FROM program", "SELECT coalesce(plan, '') FROM meeting", "SELECT text FROM event WHERE text <> ''",
            "SELECT coalesce(note, '') FROM assessment", "SELECT coalesce(note, '') FROM absence",
            "SELECT coalesce(title, '') FROM curriculum", "SELECT name FROM assessment_method",
        ]
        for query in queries {
            guard let result = try? box.sql(query) else { continue }
            texts += result.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        // Longest first, so a title is taken out whole before a name inside it.
        return texts.sorted { $0.count > $1.count }
    }

    /// The line without what is not language: data as written, options, file names, paths, URLs, environment
    /// variables, example command lines, and ArgumentParser's frame ("USAGE:", "OPTIONS:", "(default: …)").
    static func withoutNonLanguage(_ line: String, written: [String]) -> String {
        var text = line
        // A title or name cut to fit a table column: its beginning and "…".
        if text.contains("…") {
            for data in written where data.count > 6 {
                for length in stride(from: data.count - 1, through: 4, by: -1) {
                    let cut = String(data.prefix(length)) + "…"
                    if text.contains(cut) { text = text.replacingOccurrences(of: cut, with: " "); break }
                }
            }
        }
        // Then whole texts, longest first ("Kardiologi" inside a department's name is taken out with the name).
        for data in written where text.contains(data) { text = text.replacingOccurrences(of: data, with: " ") }
        for frame in ["USAGE:", "OPTIONS:", "ARGUMENTS:", "SUBCOMMANDS:", "OVERVIEW:", "Show help information.",
                      "Show the version.", "See 'logbook help <subcommand>' for detailed help.", "(default: ", "(values: "] {
            text = text.replacingOccurrences(of: frame, with: " ")
        }
        // The HTML report's style sheet.
        for css in [#"\{[^}]*\}?"#, #"[.@][a-z-]+"#] {
            text = text.replacingOccurrences(of: css, with: " ", options: .regularExpression)
        }
        // A subcommand's name in the SUBCOMMANDS list ("  department   Opret og …") is a command, not a word.
        text = text.replacingOccurrences(of: #"^  [a-z][a-z-]*(?=  )"#, with: " ", options: .regularExpression)
        if let command = text.range(of: "logbook ") { text = String(text[..<command.lowerBound]) }
        // A SHA-256 in hex (the printable logbook's) is not language either, though "af" may occur in one.
        // Paths first: a temporary folder's name ("/tmp/logbook-e2e-A07845AF-…") is not an option.
        let patterns = [#"/[\w./-]+"#, #"--?[A-Za-z][A-Za-z-]*"#, #"[\w./~-]+\.(json|csv|sqlite|html|txt|md|conf|xls)\b"#,
                        #"https?://\S+"#, #"\b[0-9a-f]{64}\b"#, #"\$?[A-Z][A-Z_]{2,}\b"#, #"<[^>]*>"#, #"`[^`]*`"#]
        for pattern in patterns {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }

    @Test("a legend with a line break of its own keeps its lines whole when wrapped")
    func legendLines() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let report = try box.must(["report", "--department", "OUH-KAR", "--lang", "da"]).stdout
        #expect(report.contains("Godk.: godkendte kompetencer · Overskr.: overskredne punkter\nFravær: dage brugt/tilladt\n"), "\(report)")
    }

    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }
}

/// Issue 13: a CSV written with `-o file.csv` opens in Danish Excel with æøå intact and columns split, and a name
/// that is a formula stays text. Byte for byte.
@Suite("Dansk: CSV for Danish Excel")
struct DanishExcelTests {
    @Test("report -o file.csv: BOM, ';', Danish headers, CRLF, quoting and the formula guard, byte for byte; ',' in English")
    func reportFile() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment = ["LOGBOOK_TODAY": "2026-11-30"]
        try box.must(["demo"])
        try box.must(["person", "add", "dr.x", "--name", #"=HYPERLINK("http://x","klik")"#], as: "sek.syd")
        try box.must(["position", "start", "--trainee", "dr.x", "--department", "OUH-KAR", "--curriculum", "Kardiologi",
                      "--start", "2026-11-01", "--supervisor", "dr.hoved"], as: "dr.uao")
        let danish = box.folder.appendingPathComponent("rapport.csv").path
        try box.must(["report", "--department", "OUH-KAR", "-o", danish, "--lang", "da"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: danish))
        let header = "\u{FEFF}stilling;uddannelseslæge;navn;speciale;version;start;slut;deltid;godkendt;i alt;overskredet;"
            + "fravær brugt;fravær tilladt;tid attesteret;element attesteret;forhåndsudtalelse;uddannelsesprogram\r\n"
        #expect(bytes.starts(with: Data(header.utf8)))
        let row = #"7;dr.x;"'=HYPERLINK(""http://x"",""klik"")";Kardiologi;2022;2026-11-01;2027-10-31;fuld tid;0;12;1;0;36;;;;2024-1"#
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n" + row + "\r\n"), "the formula is quoted text, with a leading '")
        #expect(String(decoding: bytes, as: UTF8.self).contains("Emil Østergaard"), "æøå intact")

        let english = box.folder.appendingPathComponent("report.csv").path
        try box.must(["report", "--department", "OUH-KAR", "-o", english, "--lang", "en"])
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: english)), as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}position,trainee,name,specialty,version,start,end,part time,approved,total,overdue,"))
        #expect(text.contains(#"7,dr.x,"'=HYPERLINK(""http://x"",""klik"")",Kardiologi,2022,2026-11-01,2027-10-31,full time,0,12,1,0,36,,,"#))
    }
}
