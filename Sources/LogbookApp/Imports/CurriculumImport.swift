import LogbookDomain
import LogbookFormats
import LogbookStore

/// The command-line metadata a CSV målbeskrivelse needs (`--specialty`, `--version`, ...), as typed.
public struct CurriculumImportFlags: Sendable {
    public var specialty: String?
    public var version: String?
    public var validFrom: String?
    public var level: String?
    public var title: String?
    public var courses: [String]

    /// Creates the flags; all absent by default.
    public init(specialty: String? = nil, version: String? = nil, validFrom: String? = nil, level: String? = nil, title: String? = nil,
                courses: [String] = []) {
        self.specialty = specialty
        self.version = version
        self.validFrom = validFrom
        self.level = level
        self.title = title
        self.courses = courses
    }

    /// The flags given, by their names, in the order of the help text.
    var given: [String] {
        var names: [String] = []
        if specialty != nil { names.append("--specialty") }
        if version != nil { names.append("--version") }
        if validFrom != nil { names.append("--valid-from") }
        if level != nil { names.append("--level") }
        if title != nil { names.append("--title") }
        if !courses.isEmpty { names.append("--course") }
        return names
    }
}

/// The two file formats a målbeskrivelse can come in.
enum ImportFormat {
    case json, csv

    /// By the file's extension, else by its first character (`{` is JSON).
    static func detect(path: String, bytes: [UInt8]) -> ImportFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let first = body.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        return first == UInt8(ascii: "{") ? .json : .csv
    }
}

/// `logbook curriculum import`: reads a målbeskrivelse file and stores it, or recognises it as already stored.
public enum CurriculumImport {
    /// Imports the file at `path` in one transaction and returns the summary line for stdout.
    ///
    /// The same specialty, level and version again is a no-op when the content is identical and refused (exit 1)
    /// naming the first difference when it is not; a new version is stored beside the old ones.
    /// `bytes` stands in for the file's content when given (the demo's embedded examples); `path` then only names it.
    public static func run(_ session: Session, path: String, bytes given: [UInt8]? = nil, flags: CurriculumImportFlags) throws -> String {
        try runWithNotes(session, path: path, bytes: given, flags: flags).summary
    }

    /// `run`, with the notes for stderr: a method of the målbeskrivelse's own whose name is a typo's distance from a
    /// seeded method ("Mini-CEKS" near "Mini-CEX") is stored as written, and a note says so (a warning, never a refusal).
    public static func runWithNotes(_ session: Session, path: String, bytes given: [UInt8]? = nil,
                                    flags: CurriculumImportFlags) throws -> (summary: String, notes: [String]) {
        let bytes = try given ?? InputFile.read(path, texts: session.texts)
        let outcome = try importing(session, file: InputFile.displayName(path), bytes: bytes,
                                    format: ImportFormat.detect(path: path, bytes: bytes), flags: flags)
        return (outcome.summary, outcome.notes)
    }

    /// What an import did: the summary line, the notes, and whether it stored a new målbeskrivelse (false: an identical
    /// copy was already there).
    public struct Outcome: Sendable {
        public let summary: String
        public let notes: [String]
        public let stored: Bool
    }

    /// Imports an uploaded file (the server's `POST /curricula`): `bytes` in the format its sender names (`csv`: CSV,
    /// else JSON), `file` naming it in messages; the same checks, rules and messages as `curriculum import`.
    public static func upload(_ session: Session, file: String, bytes: [UInt8], csv: Bool, flags: CurriculumImportFlags) throws -> Outcome {
        try importing(session, file: file, bytes: bytes, format: csv ? .csv : .json, flags: flags)
    }

    static func importing(_ session: Session, file: String, bytes: [UInt8], format: ImportFormat,
                          flags: CurriculumImportFlags) throws -> Outcome {
        let t = session.texts
        let curriculum: Curriculum
        switch format {
        case .json:
            if let flag = flags.given.first {
                throw LogbookError.usage(t("import.curriculum.jsonFlag", ["flag": flag, "file": file]))
            }
            curriculum = try parse(file, texts: t) { try CurriculumReader.readJSON(bytes) }
        case .csv:
            let metadata = try csvMetadata(flags, file: file, today: session.today, texts: t)
            curriculum = try parse(file, texts: t) { try CurriculumReader.readCSV(bytes, metadata: metadata) }
        }
        let (summary, stored) = try store(curriculum, file: file, session: session)
        // Noted once, when the methods are stored; an identical re-import says nothing more.
        let notes = !stored ? [] : CurriculumReader.nearSeededMethods(curriculum).map {
            t("import.method.nearSeeded", ["file": file, "method": $0.method.name, "near": t.method($0.near)])
        }
        return Outcome(summary: summary, notes: notes, stored: stored)
    }

    /// Checks the CSV flags: `--specialty`, `--version` and `--valid-from` are required (exit 64 otherwise).
    static func csvMetadata(_ flags: CurriculumImportFlags, file: String, today: CalendarDate,
                            texts t: Texts = .untranslated) throws -> CurriculumMetadata {
        var missing: [String] = []
        let specialty = try flags.specialty.map { try Input.line($0, "'--specialty'", texts: t) } ?? ""
        let version = try flags.version.map { try Input.code($0, "'--version'", texts: t) } ?? ""
        let title = try flags.title.map { try Input.line($0, "'--title'", texts: t) }
        let courses = try flags.courses.map { try Input.line($0, "'--course'", texts: t) }
        let validFromText = flags.validFrom?.trimmed ?? ""
        if specialty.isEmpty { missing.append("'--specialty'") }
        if version.isEmpty { missing.append("'--version'") }
        if validFromText.isEmpty { missing.append("'--valid-from'") }
        if !missing.isEmpty {
            throw LogbookError.usage(t("import.curriculum.csvMetadata", ["file": file, "flags": missing.joined(separator: ", ")]))
        }
        let validFrom: CalendarDate
        do {
            validFrom = try CalendarDate.parse(validFromText, today: today)
        } catch {
            throw LogbookError.usage(t.dateProblem(error, flag: "--valid-from"))
        }
        var level = CurriculumLevel.intro
        if let text = flags.level {
            guard let parsed = CurriculumLevel(rawValue: text.trimmed.lowercased()) else {
                throw LogbookError.usage(t("import.curriculum.badLevel", ["value": text]))
            }
            level = parsed
        }
        if let title, title.isEmpty {
            throw LogbookError.usage(t("import.curriculum.emptyTitle"))
        }
        if let empty = courses.first(where: { $0.isEmpty }) {
            throw LogbookError.usage(t("import.curriculum.emptyCourse", ["value": empty]))
        }
        return CurriculumMetadata(specialty: specialty, level: level, version: version, validFrom: validFrom, title: title ?? "",
                                  courses: courses)
    }

    /// Runs a reader, turning its `ImportError` into exit 65 with the file name in front.
    static func parse<T>(_ file: String, texts t: Texts = .untranslated, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImportError {
            if error.path == "--course" { throw LogbookError.usage(t("import.curriculum.course", ["problem": t.importProblem(error.problem)])) }
            throw LogbookError.badData(t.importError(error, file: file))
        }
    }

    /// Stores the målbeskrivelse in one transaction, or recognises an identical copy.
    static func store(_ parsed: Curriculum, file: String, session: Session) throws -> (summary: String, stored: Bool) {
        try session.store.write {
            let importer = try session.importer { Access.mayImportCurriculum(by: $0, on: session.today) }
            let repository = CurriculumRepository(session.store)
            var curriculum = parsed
            curriculum.competencies = try canonicalMethods(parsed.competencies, repository: repository)
            if let specialtyID = try repository.specialtyID(named: curriculum.specialty) {
                curriculum.specialty = try repository.specialtyName(id: specialtyID) ?? curriculum.specialty
                if let existing = try repository.find(specialtyID: specialtyID, version: curriculum.version, level: curriculum.level) {
                    let label = "\(existing.label) (\(existing.level.rawValue))"
                    if existing.contentHash == curriculum.contentHash {
                        return (session.texts("import.curriculum.same", ["label": label]), false)
                    }
                    let t = session.texts
                    let difference = try repository.load(existing).firstDifference(from: curriculum)
                    throw LogbookError.refused(t("import.curriculum.different", [
                        "file": file, "label": label, "difference": difference.map(t.curriculumDifference) ?? t("import.difference.content")]))
                }
                // Issue 28: two versions in force from the same day leave "the version in force at the start" ambiguous:
                // a position would be pinned by guess. Refused, naming the other version (exit 1, nothing stored).
                if let twin = try repository.versions(specialtyID: specialtyID, level: curriculum.level)
                    .first(where: { $0.validFrom == curriculum.validFrom && $0.version != curriculum.version }) {
                    let t = session.texts
                    throw LogbookError.refused(t("import.curriculum.sameValidFrom", [
                        "file": file, "label": curriculum.label, "other": twin.label, "from": t.date(curriculum.validFrom)]))
                }
            }
            _ = try repository.insert(curriculum, contentHash: curriculum.contentHash, importedAt: session.now(), importedBy: importer)
            let t = session.texts
            return (t("import.curriculum.done", [
                "label": "\(curriculum.label) (\(curriculum.level.rawValue))",
                "competencies": t.plural("import.competencies", count: curriculum.competencies.count),
                "courses": t.plural("import.courses", count: curriculum.courses.count)]), true)
        }
    }
}

extension CurriculumImport {
    /// The competencies with each method of the målbeskrivelse's own spelled one way: as already stored (by an earlier
    /// import), else as first written in this file. Methods differing only in case or spacing are one method, and the
    /// content hash does not depend on which spelling came first.
    static func canonicalMethods(_ competencies: [Competency], repository: CurriculumRepository) throws -> [Competency] {
        var spelled: [String: AssessmentMethod] = [:]
        return try competencies.map { competency in
            var changed = competency
            changed.methods = try competency.methods.map { method in
                if method.seeded != nil { return method }
                if let known = spelled[method.key] { return known }
                let chosen = try repository.storedMethod(method) ?? method
                spelled[method.key] = chosen
                return chosen
            }
            return changed
        }
    }
}

/// Finding stored målbeskrivelser by what a user types (`Kardiologi`, `kardiologi@2022`).
public enum CurriculumCatalog {
    /// One line of `curriculum list`.
    public struct Summary: Sendable {
        public let curriculum: CurriculumRecord
        public let competencies: Int
        public let courses: Int
    }

    /// Every stored målbeskrivelse with its counts.
    public static func list(_ session: Session) throws -> [Summary] {
        try session.store.read {
            let repository = CurriculumRepository(session.store)
            return try repository.all().map { stored in
                let counts = try repository.counts(curriculumID: stored.id)
                return Summary(curriculum: stored, competencies: counts.competencies, courses: counts.courses)
            }
        }
    }

    /// The målbeskrivelse `SPECIALTY[@VERSION]` (latest valid-from when no version), or exit 1 with a did-you-mean.
    public static func find(_ session: Session, reference: String, level: CurriculumLevel = .intro) throws -> (CurriculumRecord, Curriculum) {
        let (specialty, version) = split(reference)
        let t = session.texts
        return try session.store.read {
            let repository = CurriculumRepository(session.store)
            let known = try repository.specialtyNamesWithCurricula()
            guard let specialtyID = try repository.specialtyID(named: specialty),
                  let found = try repository.find(specialtyID: specialtyID, version: nil, level: level)
            else {
                let values = ["specialty": specialty, "imported": known.joined(separator: ", ")]
                let key = "curriculum.notFound.\(level.rawValue)"
                if known.isEmpty { throw LogbookError.refused(t(key + ".none", values)) }
                if let near = Suggest.near(specialty, in: known) {
                    throw LogbookError.refused(t(key + ".near", values.merging(["near": near]) { $1 }))
                }
                throw LogbookError.refused(t(key, values))
            }
            var stored = found
            if let version {
                guard let exact = try repository.find(specialtyID: specialtyID, version: version, level: level) else {
                    let versions = try repository.versions(specialtyID: specialtyID, level: level).map(\.version)
                    var values = ["specialty": found.specialty, "version": version, "versions": versions.joined(separator: ", ")]
                    if let near = Suggest.near(version, in: versions) {
                        values["near"] = near
                        throw LogbookError.refused(t("curriculum.noVersion.near", values))
                    }
                    throw LogbookError.refused(t("curriculum.noVersion", values))
                }
                stored = exact
            }
            return (stored, try repository.load(stored))
        }
    }

    /// Splits `NAME@VERSION` at the last `@`.
    static func split(_ reference: String) -> (String, String?) {
        guard let at = reference.lastIndex(of: "@") else { return (reference.trimmed, nil) }
        let version = String(reference[reference.index(after: at)...]).trimmed
        return (String(reference[..<at]).trimmed, version.isEmpty ? nil : version)
    }
}
