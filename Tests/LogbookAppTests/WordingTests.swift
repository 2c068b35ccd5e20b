import Foundation
import LogbookApp
import LogbookDomain
import Testing

/// The message catalogs and the sentences built from domain values (end date, next steps) in both languages.
@Suite("Texts: catalogs and wording")
struct WordingTests {
    static func period(_ kind: AbsenceKind, _ from: String, _ to: String) -> AbsencePeriod {
        AbsencePeriod(kind: kind, from: day(from), to: day(to))!
    }

    @Test("explanation sentence", arguments: [
        (PositionTerms(start: day("2026-03-01"), workplace: .hospital, partTime: PartTime(numerator: 3, denominator: 4)!), [],
         "Ends 2027-06-30: 12 months at 3/4 time is 16 months from 2026-03-01."),
        (PositionTerms(start: day("2026-09-01"), workplace: .hospital), [],
         "Ends 2027-08-31: 12 months full time from 2026-09-01."),
        (PositionTerms(start: day("2026-09-01"), workplace: .generalPractice, kbuGeneralPractice: true), [],
         "Ends 2027-02-28: 6 months full time from 2026-09-01."),
        (PositionTerms(start: day("2026-03-15"), workplace: .hospital), [],
         "Ends 2027-03-31: 12 months full time from 2026-03-15, moved forward to the last day of the month."),
        (PositionTerms(start: day("2026-03-01"), workplace: .hospital, partTime: PartTime(numerator: 30, denominator: 37)!), [],
         "Ends 2027-05-31: 12 months at 30/37 time is 14 months and 24 days from 2026-03-01, moved forward to the last day of the month."),
        (PositionTerms(start: day("2026-09-01"), workplace: .hospital), [Self.period(.sickness, "2026-10-01", "2026-11-09")],
         "Ends 2027-10-31: 12 months full time from 2026-09-01, to 2027-08-31; moved to 2027-10-31 because 40 days of counted absence exceed the allowance of 36 days."),
        (PositionTerms(start: day("2026-03-01"), workplace: .hospital, partTime: PartTime(numerator: 3, denominator: 4)!),
         [Self.period(.sickness, "2026-05-01", "2026-06-18")],
         "Ends 2027-08-31: 12 months at 3/4 time is 16 months from 2026-03-01, to 2027-06-30; moved to 2027-08-31 because 49 days of counted absence exceed the allowance of 48 days."),
        (PositionTerms(start: day("2026-09-01"), workplace: .hospital), [Self.period(.parentalLeave, "2027-01-01", "2027-01-28")],
         "Ends 2027-09-30: 12 months full time from 2026-09-01, to 2027-08-31; extended by 28 days of parental leave to 2027-09-30."),
        (PositionTerms(start: day("2026-09-01"), workplace: .hospital),
         [Self.period(.parentalLeave, "2027-01-01", "2027-01-28"), Self.period(.sickness, "2026-10-01", "2026-11-09")],
         "Ends 2027-11-30: 12 months full time from 2026-09-01, to 2027-08-31; extended by 28 days of parental leave and moved to 2027-11-30 because 40 days of counted absence exceed the allowance of 36 days."),
    ] as [(PositionTerms, [AbsencePeriod], String)])
    func explanation(terms: PositionTerms, absences: [AbsencePeriod], sentence: String) {
        #expect(Texts(.en).explanation(TimeRules.schedule(for: terms, absences: absences)) == sentence)
    }

    @Test("the same sentence in Danish, with Danish dates and numbers")
    func danishExplanation() {
        let terms = PositionTerms(start: day("2026-03-01"), workplace: .hospital, partTime: PartTime(numerator: 3, denominator: 4)!)
        let schedule = TimeRules.schedule(for: terms, absences: [Self.period(.sickness, "2026-05-01", "2026-06-18")])
        #expect(Texts(.da).explanation(schedule)
            == "Slutter 31.08.2027: 12 måneder på 3/4 tid er 16 måneder fra 01.03.2026, til 30.06.2027; rykket til 31.08.2027, "
            + "fordi 49 dage tællende fravær overstiger rammen på 48 dage.")
    }

    @Test("next steps are worded in the reader's language")
    func nextSteps() {
        let due = Due(deadline: Deadline.forMonth(6, start: day("2026-09-01"), partTime: .full), isOverdue: true)
        #expect(Texts(.en).nextStep(.askApproval(code: "I4", due)) == "ask your main supervisor to approve I4 (due by month 6, overdue since 2027-03-01)")
        #expect(Texts(.da).nextStep(.askApproval(code: "I4", due)) == "bed din hovedvejleder om at godkende I4 (frist måned 6, overskredet siden 01.03.2027)")
        #expect(Texts(.en).nextStep(.moreCompetencies(1)) == "… and 1 more competency not yet approved")
        #expect(Texts(.da).nextStep(.moreCompetencies(3)) == "… og 3 kompetencer mere, som endnu ikke er godkendt")
    }

    @Test("dates, long dates and numbers as each language writes them")
    func formats() {
        #expect(Texts(.da).date(day("2026-11-30")) == "30.11.2026")
        #expect(Texts(.en).date(day("2026-11-30")) == "2026-11-30")
        #expect(Texts(.da).longDate(day("2026-11-30")) == "30. november 2026")
        #expect(Texts(.en).longDate(day("2026-03-01")) == "1 March 2026")
        #expect(Texts(.da).number(3.5) == "3,5" && Texts(.en).number(3.5) == "3.5" && Texts(.da).number(3.0) == "3")
        #expect(Texts(.da).percent(80) == "80 %")
    }

    @Test("both catalogs have the same keys, and each key the same placeholders in both languages")
    func catalogsComplete() {
        let da = Texts(.da), en = Texts(.en)
        #expect(!da.keys.isEmpty)
        #expect(da.keys.subtracting(en.keys).sorted() == [], "in da.txt only")
        #expect(en.keys.subtracting(da.keys).sorted() == [], "in en.txt only")
        for key in da.keys.intersection(en.keys).sorted() {
            #expect(Texts.placeholders(da.template(key)!) == Texts.placeholders(en.template(key)!), "placeholders of \(key)")
        }
    }

    /// The command line's own areas: help, the demo, files and keys on this machine, the verifier, backup — never a
    /// page's refusal. Every other text that names a flag, `HANDLE`, `KODE` or a `logbook …` command has a page wording.
    static let commandLineOnly = ["help.", "demo.", "usage.", "error.", "db.", "import.", "key.", "server.", "verify.", "print.",
                                  "backup.", "remind.", "check.", "history.", "curriculum.show.", "sign.",
                                  "account.whoInvites", "session.noActor", "person.bootstrap", "grant.bootstrap", "status.whichPosition",
                                  "curriculum.none", "program.none", "mail.settings.", "page."]

    /// Command-line text a page must never show: a flag, an upper-case placeholder, a `logbook` command.
    static func commandLineText(in text: String) -> String? {
        for pattern in ["'--", " --", "(--", "\"--", "HANDLE", "KODE", "BRUGERNAVN", "TEKST", "`logbook", "'logbook ", "logbook person ",
                        "logbook grant ", "logbook position "] where text.contains(pattern) || text.hasPrefix("--") {
            return pattern
        }
        return nil
    }

    @Test("a page's refusals never quote the command line: each has a page wording, with the page's field names")
    func pageWordsHaveNoCommandLine() {
        for language in Language.allCases {
            let command = Texts(language), page = Texts(language, surface: .page)
            for key in command.keys.sorted() where !Self.commandLineOnly.contains(where: { key.hasPrefix($0) }) {
                let worded = page(key, ["flag": "--date", "what": "--assessor", "field": "'--note'"])
                #expect(Self.commandLineText(in: worded) == nil, "\(language) \(key) on a page: \(worded)")
                if let own = command.template("page." + key) {
                    #expect(Texts.placeholders(own).isSubset(of: Texts.placeholders(command.template(key)!)),
                            "page.\(key) names only placeholders \(key) is given")
                }
            }
            #expect(page("session.date.unrecognized", ["flag": "--date", "value": "x"]).hasPrefix(language == .da ? "Dato:" : "Date:"))
            #expect(command("session.date.unrecognized", ["flag": "--date", "value": "x"]).hasPrefix("'--date'"), "the command line keeps its flags")
        }
    }

    @Test("every key the sources look up is in the catalogs")
    func keysUsedExist() throws {
        let keys = Texts(.en).keys
        for key in try usedKeys() {
            #expect(keys.contains(key), "\(key) is looked up but not in the catalogs")
        }
    }

    @Test("every role, method, meeting, absence and department kind is worded in both languages")
    func closedVocabulariesWorded() {
        for language in Language.allCases {
            let t = Texts(language)
            var words: [String] = MedicalRole.allCases.map(t.medicalRole) + AssessmentMethod.seededCases.map(t.method)
            words += MeetingKind.allCases.map(t.meeting) + AbsenceKind.allCases.map(t.absence)
            words += WorkplaceKind.allCases.map(t.departmentKind) + GrantRole.allCases.map { t.role($0.rawValue) }
            words += GrantRole.allCases.map { t.shortRole($0.rawValue) } + [t.role("trainee"), t.shortRole("trainee")]
            for word in words { #expect(!word.hasPrefix("term.") && !word.hasPrefix("role."), "\(language): \(word) is a key, not a word") }
        }
        #expect(Texts(.da).method(.caseBasedDiscussion) == "Casebaseret diskussion")
        #expect(Texts(.en).meeting(.introduction) == "introduction meeting")
        #expect(Texts(.da).by(name: "Sara Holm", role: "clinical-supervisor") == "Sara Holm (daglig klinisk vejleder)")
    }

    @Test("the catalog parsed at build time (what every command reads) is the catalog files parsed at run time")
    func embeddedCatalogIsTheFiles() {
        #expect(Texts.embeddedCatalogDifferences == [])
        #expect(Texts(.da).keys.count > 1000)
        #expect(Texts(.da)("check.noSupervisor", ["id": "1", "handle": "x", "date": "1"]) != "check.noSupervisor")
    }

    @Test("no key is written twice in one language, across catalog/<language>.txt and catalog/<language>-<area>.txt")
    func noDuplicateKeys() {
        #expect(Texts.duplicateKeys == [])
    }

    /// A sentence is one catalog text with placeholders, never glued from translated fragments: no source line adds a
    /// looked-up text to another text with `+`. (Joining whole lines or list items with a separator is fine.)
    @Test("no text is built by concatenating translated fragments")
    func noConcatenatedFragments() throws {
        let root = String(#filePath).components(separatedBy: "/Tests/").first! + "/Sources"
        // A looked-up text next to `+` and a literal with letters in it, or next to another looked-up text.
        // Literals of only spaces, line breaks and punctuation lay out whole texts and are fine.
        let lookUp = #"\b(?:t|texts|self|plural|text|option|abstract)\("[a-z][A-Za-z0-9.]+"[^)]*\)"#
        let wordy = #""[^"\\]*\p{L}[^"]*""#
        let patterns = [try Regex(lookUp + #"\s*\+\s*(?:"# + wordy + #"|\b(?:t|texts)\(")"#),
                        try Regex(wordy + #"\s*\+\s*"# + lookUp)]
        var offenders: [String] = []
        for file in try swiftFiles(under: root) {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where patterns.contains(where: { line.contains($0) }) {
                offenders.append("\(file.components(separatedBy: "/Sources/").last!):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders == [], "use one catalog text with placeholders instead")
    }

    @Test("the language is --lang, else LOGBOOK_LANG, else the locale; a bad value is a usage error")
    func languageChoice() throws {
        #expect(try Language.resolve(flag: nil, environment: ["LANG": "da_DK.UTF-8"]) == .da)
        #expect(try Language.resolve(flag: nil, environment: ["LC_ALL": "en_US.UTF-8", "LANG": "da_DK.UTF-8"]) == .en)
        #expect(try Language.resolve(flag: nil, environment: ["LC_MESSAGES": "da_DK", "LANG": "C"]) == .da)
        #expect(try Language.resolve(flag: nil, environment: ["LOGBOOK_LANG": "en", "LANG": "da_DK.UTF-8"]) == .en)
        #expect(try Language.resolve(flag: "da", environment: ["LOGBOOK_LANG": "en"]) == .da)
        #expect(try Language.resolve(flag: nil, environment: [:]) == .en)
        #expect(throws: LogbookError.usage("'--lang' must be da or en (got \"de\")")) { try Language.resolve(flag: "de", environment: [:]) }
    }

    /// Literal keys passed to the catalog in Sources: `t("key"`, `texts("key"`, `self("key"`, `plural("key"` (plurals
    /// as their `.one` form).
    func usedKeys() throws -> [String] {
        let root = String(#filePath).components(separatedBy: "/Tests/").first! + "/Sources"
        var found: [String] = []
        for file in try swiftFiles(under: root) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for pattern in [#"\b(?:t|texts|self|text|option|abstract)\("([a-z][A-Za-z0-9.]+)""#, #"plural\("([a-z][A-Za-z0-9.]+)""#] {
                let regex = try Regex(pattern)
                for match in text.matches(of: regex) {
                    guard let key = match.output[1].substring.map(String.init) else { continue }
                    found.append(pattern.hasPrefix("plural") ? key + ".one" : key)
                }
            }
        }
        return found
    }

    func swiftFiles(under root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { root + "/" + $0 }
    }
}
