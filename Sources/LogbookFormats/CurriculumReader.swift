import LogbookDomain

/// What a CSV competency list cannot say about itself: the målbeskrivelse's specialty, version and so on
/// (given on the command line as `--specialty`, `--version`, `--valid-from`, `--level`, `--title`, `--course`).
public struct CurriculumMetadata: Sendable, Hashable {
    public var specialty: String
    public var level: CurriculumLevel
    public var version: String
    public var validFrom: CalendarDate
    /// The title; empty gives "Målbeskrivelse for introduktionsuddannelsen i <specialty>".
    public var title: String
    /// Mandatory courses besides "Kursus i klinisk vejledning" (which an intro always has).
    public var courses: [String]

    /// Creates the metadata.
    public init(specialty: String, level: CurriculumLevel = .intro, version: String, validFrom: CalendarDate,
                title: String = "", courses: [String] = []) {
        self.specialty = specialty
        self.level = level
        self.version = version
        self.validFrom = validFrom
        self.title = title
        self.courses = courses
    }
}

/// Reads a målbeskrivelse from its canonical JSON file or from a CSV competency list (docs/formats.md).
///
/// Pure: no database. Every problem is an `ImportError` naming the line (and JSON path) and how to fix it.
public enum CurriculumReader {
    /// The keys of the top-level JSON object.
    public static let curriculumKeys = ["$schema", "specialty", "level", "version", "validFrom", "title", "courses", "competencies"]
    /// The keys of one competency in JSON.
    public static let competencyKeys = ["code", "sortOrder", "title", "concretisation", "learningStrategies", "roles", "methods"]

    /// Reads the canonical JSON format.
    public static func readJSON(_ bytes: [UInt8]) throws -> Curriculum {
        let reader = try JSONDocumentReader(parsing: bytes, snakeCase: ["validFrom", "sortOrder", "learningStrategies"])
        let root = reader.root
        _ = try reader.object(root, at: [], allowed: curriculumKeys, what: .curriculum)
        let specialty = try reader.string(root, "specialty", at: [], required: true, example: "Kardiologi")!
        let levelText = try reader.string(root, "level", at: [], required: false, example: "intro") ?? "intro"
        guard let level = CurriculumLevel(rawValue: levelText.lowercased()) else {
            throw reader.error([.key("level")], .unknownLevel(levelText, near: Suggest.near(levelText, in: CurriculumLevel.allCases.map(\.rawValue))))
        }
        let version = try reader.string(root, "version", at: [], required: true, example: "2022")!
        let validFrom = try reader.date(root, "validFrom", at: [], required: true)!
        let title = try reader.string(root, "title", at: [], required: true, example: "Målbeskrivelse for introduktionsuddannelsen i \(specialty)")!
        let courseNames = try reader.strings(root, "courses", at: [], required: false, example: "[\"\(clinicalSupervisionCourse)\"]") ?? []
        let courses = try mandatoryCourses(courseNames, level: level) { index, problem in
            reader.error([.key("courses"), .index(index)], problem)
        }
        let items = try reader.array(root, "competencies", at: [], required: true, example: "[{\"code\": \"I1\", ...}]")!
        if items.isEmpty { throw reader.error([.key("competencies")], .noCompetencies) }

        var drafts: [Draft] = []
        for (index, item) in items.enumerated() {
            let path: [JSONPathComponent] = [.key("competencies"), .index(index)]
            _ = try reader.object(item, at: path, allowed: competencyKeys, what: .competency)
            let code = try reader.string(item, "code", at: path, required: true, example: "I\(index + 1)")!
            let competencyTitle = try reader.string(item, "title", at: path, required: true, example: "Modtagelse af den akutte patient")!
            let sortOrder = try reader.int(item, "sortOrder", at: path, required: false, range: 1...100_000)
            let concretisation = try reader.string(item, "concretisation", at: path, required: false, example: "") ?? ""
            let strategies = try reader.string(item, "learningStrategies", at: path, required: false, example: "") ?? ""
            let roleNames = try reader.strings(item, "roles", at: path, required: true, example: "[\"Medicinsk ekspert/lægefaglig\"]")!
            if roleNames.isEmpty { throw reader.error(path + [.key("roles")], .noRole(code: code, csv: false)) }
            let roles = try parseRoles(roleNames) { reader.error(path + [.key("roles"), .index($0)], $1) }
            let methodNames = try reader.strings(item, "methods", at: path, required: true, example: "[\"Mini-CEX\"]")!
            if methodNames.isEmpty { throw reader.error(path + [.key("methods")], .noMethod(code: code, csv: false)) }
            let methods = try parseMethods(methodNames) { reader.error(path + [.key("methods"), .index($0)], $1) }
            drafts.append(Draft(
                competency: Competency(code: code, sortOrder: sortOrder ?? index + 1, title: competencyTitle, concretisation: concretisation,
                                       learningStrategies: strategies, roles: roles, methods: methods),
                explicitSort: sortOrder != nil,
                location: { problem in reader.error(path, problem) },
                place: { .json(path: jsonPathText(path), line: reader.line(path)) }))
        }
        return Curriculum(specialty: specialty, level: level, version: version, validFrom: validFrom, title: title,
                          competencies: try finish(drafts), courses: courses)
    }

    /// The CSV column a header names.
    enum Column: CaseIterable {
        case code, title, roles, methods, concretisation, learningStrategies, sortOrder

        /// Accepted header names, English and Danish (compared lower-cased, `_` and `-` as spaces).
        var names: [String] {
            switch self {
            case .code: return ["code", "kode", "competency code", "kompetencekode", "nr"]
            case .title: return ["title", "titel", "competency", "kompetence"]
            case .roles: return ["roles", "roller", "role", "rolle", "lægeroller", "laegeroller", "medical roles"]
            case .methods: return ["methods", "metoder", "method", "metode", "kompetencevurderingsmetoder", "kompetencevurderingsmetode",
                                   "vurderingsmetoder", "assessment methods"]
            case .concretisation: return ["concretisation", "concretization", "konkretisering"]
            case .learningStrategies: return ["learning strategies", "learningstrategies", "læringsstrategier", "laeringsstrategier",
                                              "læringsstrategi"]
            case .sortOrder: return ["sort", "sort order", "sortorder", "order", "rækkefølge", "raekkefoelge", "sortering"]
            }
        }

        /// Finds the column for a header cell.
        init?(header: String) {
            let wanted = Column.normalize(header)
            guard let column = Column.allCases.first(where: { $0.names.contains(wanted) }) else { return nil }
            self = column
        }

        static func normalize(_ header: String) -> String {
            String(header.map { $0 == "_" || $0 == "-" ? " " : $0 }).normalizedName
        }

        static var allNames: [String] { allCases.flatMap(\.names) }
    }

    /// Reads a CSV competency list (as secretaries export it from Excel); the metadata comes from the command line.
    public static func readCSV(_ bytes: [UInt8], metadata: CurriculumMetadata) throws -> Curriculum {
        let table: CSVTable
        do {
            table = try CSVReader.read(bytes)
        } catch {
            throw ImportError(line: error.line, .csv(error.kind))
        }
        let headerLine = table.headerLine
        for (index, name) in table.header.enumerated() {
            if case .failure(let problem) = ImportLimits.checked(name, .columnName(index + 1)) {
                throw ImportError(line: headerLine, problem)
            }
        }
        for row in table.rows {
            for (index, field) in row.fields.enumerated() {
                let name = index < table.header.count && !table.header[index].isEmpty ? table.header[index] : nil
                if case .failure(let problem) = ImportLimits.checked(field, .column(index + 1, header: name)) {
                    throw ImportError(line: row.line, problem)
                }
            }
        }
        var columns: [Int: Column] = [:]
        var seen: [Column: Int] = [:]
        for (index, name) in table.header.enumerated() where !name.isEmpty {
            guard let column = Column(header: name) else {
                throw ImportError(line: headerLine, .unknownColumn(name, near: Suggest.near(Column.normalize(name), in: Column.allNames)))
            }
            if let first = seen[column] {
                throw ImportError(line: headerLine, .duplicateColumn(first: first + 1, firstName: table.header[first], second: index + 1,
                                                                     secondName: name, column: column.names[0]))
            }
            seen[column] = index
            columns[index] = column
        }
        for required in [Column.code, .title, .roles, .methods] where seen[required] == nil {
            throw ImportError(line: headerLine, .missingColumn(danish: required.names[1], english: required.names[0]))
        }
        if table.rows.isEmpty { throw ImportError(line: headerLine, .noRows) }

        var drafts: [Draft] = []
        for (position, row) in table.rows.enumerated() {
            let line = row.line
            func fail(_ problem: ImportProblem) -> ImportError { ImportError(line: line, problem) }
            for (index, field) in row.fields.enumerated() where columns[index] == nil && !field.trimmed.isEmpty {
                let count = table.header.filter { !$0.isEmpty }.count
                throw fail(index >= table.header.count
                    ? .extraFields(columns: count, delimiter: table.delimiter)
                    : .unnamedColumn(index + 1, value: field.trimmed))
            }
            func value(_ column: Column) -> String { seen[column].map { InputText.nfc(row[safe: $0].trimmed) } ?? "" }
            let code = value(.code)
            if code.isEmpty { throw fail(.noCode(example: "I\(position + 1)")) }
            let title = value(.title)
            if title.isEmpty { throw fail(.noTitle(code: code)) }
            let roleNames = splitList(value(.roles))
            if roleNames.isEmpty { throw fail(.noRole(code: code, csv: true)) }
            let roles = try parseRoles(roleNames) { fail($1) }
            let methodNames = try splitMethods(value(.methods)) { fail($0) }
            if methodNames.isEmpty { throw fail(.noMethod(code: code, csv: true)) }
            let methods = try parseMethods(methodNames) { fail($1) }
            var sortOrder: Int?
            let sortText = value(.sortOrder)
            if !sortText.isEmpty {
                guard let number = Int(sortText), number >= 1, number <= 100_000 else {
                    throw fail(.badSortOrder(sortText))
                }
                sortOrder = number
            }
            drafts.append(Draft(
                competency: Competency(code: code, sortOrder: sortOrder ?? position + 1, title: title, concretisation: value(.concretisation),
                                       learningStrategies: value(.learningStrategies), roles: roles, methods: methods),
                explicitSort: sortOrder != nil, location: fail, place: { .line(line) }))
        }
        let courses = try mandatoryCourses(metadata.courses, level: metadata.level) { _, problem in
            ImportError(line: nil, path: "--course", problem)
        }
        let title = metadata.title.trimmed.isEmpty
            ? "Målbeskrivelse for \(metadata.level == .intro ? "introduktionsuddannelsen" : "hoveduddannelsen") i \(metadata.specialty)"
            : metadata.title.trimmed
        return Curriculum(specialty: metadata.specialty.trimmed, level: metadata.level, version: metadata.version.trimmed,
                          validFrom: metadata.validFrom, title: title, competencies: try finish(drafts), courses: courses)
    }

    /// Splits a CSV cell of assessment methods (docs/formats.md, "The list separator"). The separators are a line break
    /// (Alt+Enter in Excel), `|` and `;`: when the cell holds any of them, only they split and a comma belongs to a name
    /// ("Casebaseret diskussion, skriftlig"). A cell with commas only is split on them when every part is a seeded method
    /// ("Mini-CEX, Audit"); otherwise the comma may be part of a name and the cell is refused (`problem`), never split silently.
    public static func splitMethods(_ text: String, problem: (ImportProblem) -> ImportError) throws -> [String] {
        let explicit: (Character) -> Bool = { $0.isNewline || "|;".contains($0) }
        if text.contains(where: explicit) {
            return text.split(whereSeparator: explicit).map { $0.trimmed }.filter { !$0.isEmpty }
        }
        let parts = text.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        guard parts.count > 1 else { return parts }
        if let unknown = parts.first(where: { SeededMethod(name: $0) == nil }) {
            throw problem(.ambiguousMethodList(text.trimmed, part: unknown))
        }
        return parts
    }

    /// Splits a cell holding several names separated by `|`, `;`, `,` or line breaks.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isNewline || "|;,".contains($0) }).map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// Roles by name, de-duplicated, in official order; an unknown name is refused with a did-you-mean.
    public static func parseRoles(_ names: [String], error: (Int, ImportProblem) -> ImportError) throws -> [MedicalRole] {
        var roles: Set<MedicalRole> = []
        for (index, name) in names.enumerated() {
            guard let role = MedicalRole(name: name) else {
                let near = Suggest.nearest(to: name, in: MedicalRole.allNames).flatMap(MedicalRole.init(name:))
                throw error(index, .unknownRole(name, near: near))
            }
            roles.insert(role)
        }
        return roles.sorted()
    }

    /// Assessment methods by name, de-duplicated, seeded ones first (`AssessmentMethod`'s order). The målbeskrivelse
    /// defines its methods: a name that is not one of the ten seeded ones is its own method, never refused for that; a
    /// name of a seeded method in another case or spacing is that seeded method. A name longer than one line's limit
    /// (`InputLimits.line`) is refused.
    public static func parseMethods(_ names: [String], error: (Int, ImportProblem) -> ImportError) throws -> [AssessmentMethod] {
        var methods: Set<AssessmentMethod> = []
        for (index, name) in names.enumerated() {
            let text = InputText.nfc(name)
            if text.count > InputLimits.line {
                throw error(index, .text(.name, .tooLong(length: text.count, maximum: InputLimits.line)))
            }
            guard let method = AssessmentMethod(name: text) else { throw error(index, .nameEmpty) }
            methods.insert(method)
        }
        return methods.sorted()
    }

    /// The methods of `curriculum` that are not seeded but close to a seeded name (an edit or two away, say a typo of
    /// "Mini-CEX"), with that name: the import stores them as written and warns (never refuses).
    public static func nearSeededMethods(_ curriculum: Curriculum) -> [(method: AssessmentMethod, near: AssessmentMethod)] {
        var seen: Set<AssessmentMethod> = []
        var found: [(method: AssessmentMethod, near: AssessmentMethod)] = []
        for competency in curriculum.competencies {
            for method in competency.methods where method.seeded == nil && !seen.contains(method) {
                seen.insert(method)
                if let near = Suggest.nearest(to: method.name, in: SeededMethod.allNames, maxDistance: 2).flatMap(SeededMethod.init(name:)) {
                    found.append((method, AssessmentMethod(seeded: near)))
                }
            }
        }
        return found
    }

    /// The course list: names unique; an intro always gets "Kursus i klinisk vejledning" (first, when absent).
    static func mandatoryCourses(_ names: [String], level: CurriculumLevel, error: (Int, ImportProblem) -> ImportError) throws -> [String] {
        var courses: [String] = []
        for (index, name) in names.enumerated() {
            let trimmed = name.trimmed
            if trimmed.isEmpty { throw error(index, .emptyCourse) }
            if let first = courses.firstIndex(where: { $0.normalizedName == trimmed.normalizedName }) {
                throw error(index, .courseTwice(trimmed, first: first + 1))
            }
            courses.append(trimmed.normalizedName == clinicalSupervisionCourse.normalizedName ? clinicalSupervisionCourse : trimmed)
        }
        if level == .intro && !courses.contains(clinicalSupervisionCourse) {
            courses.insert(clinicalSupervisionCourse, at: 0)
        }
        return courses
    }

    /// A competency read from a file, with how to point at it.
    struct Draft {
        let competency: Competency
        let explicitSort: Bool
        let location: (ImportProblem) -> ImportError
        /// Where it is, for "first ..." in a duplicate message: line 6, or `$.competencies[1]` on line 12.
        /// Computed only when a message needs it.
        let place: () -> ImportPlace
    }

    /// Refuses duplicate codes and sort orders; returns the competencies in sort order.
    static func finish(_ drafts: [Draft]) throws -> [Competency] {
        var codes: [String: Draft] = [:]
        var orders: [Int: Draft] = [:]
        for draft in drafts {
            let code = draft.competency.code
            do { _ = try CodeText.check(code, field: ImportField.competencyCode.english) } catch {
                throw draft.location(.text(.competencyCode, error.kind))
            }
            let key = CodeText.skeleton(code.normalizedName)
            if let first = codes[key], first.competency.code.normalizedName != code.normalizedName {
                throw draft.location(.lookAlikeCode(code, first: first.competency.code, place: first.place()))
            }
            if let first = codes[key] {
                let same = first.competency.code == draft.competency.code ? nil : first.competency.code
                throw draft.location(.duplicateCode(draft.competency.code, firstAs: same, place: first.place()))
            }
            codes[key] = draft
            if let first = orders[draft.competency.sortOrder] {
                throw draft.location(.duplicateSortOrder(draft.competency.sortOrder, code: draft.competency.code, other: first.competency.code,
                                                         place: first.place(), explicit: draft.explicitSort))
            }
            orders[draft.competency.sortOrder] = draft
        }
        return drafts.map(\.competency).sorted { $0.sortOrder < $1.sortOrder }
    }
}
