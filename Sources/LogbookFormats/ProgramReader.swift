import LogbookDomain

/// A department as an uddannelsesprogram file describes it (created on import when it is new).
public struct DepartmentDescription: Sendable, Hashable {
    public var code: String
    public var name: String
    public var kind: WorkplaceKind
    public var region: String

    /// Creates a description.
    public init(code: String, name: String, kind: WorkplaceKind, region: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.region = region
    }
}

/// An uddannelsesprogram as read from its JSON file, before it is checked against the stored målbeskrivelse.
public struct ProgramFile: Sendable {
    /// The programme; competency codes and course names still as written.
    public var program: Program
    /// The department, when the file describes it in full (otherwise only `program.department`, its code).
    public var department: DepartmentDescription?
    let reader: JSONDocumentReader

    /// An error pointing at item `index` (and its `key`), e.g. `$.items[3].competency` on its line.
    public func error(item index: Int, key: String? = nil, _ problem: ImportProblem) -> ImportError {
        var path: [JSONPathComponent] = [.key("items"), .index(index)]
        if let key { path.append(.key(key)) }
        return reader.error(path, problem)
    }

    /// An error pointing at a top-level key, e.g. `$.curriculumVersion`.
    public func error(key: String, _ problem: ImportProblem) -> ImportError {
        reader.error([.key(key)], problem)
    }
}

/// Reads an uddannelsesprogram from its JSON file (docs/formats.md). Pure: no database.
public enum ProgramReader {
    /// The keys of the top-level object.
    public static let programKeys = ["$schema", "department", "specialty", "curriculumVersion", "title", "version", "approvedOn", "items"]
    /// The keys of a full department object.
    public static let departmentKeys = ["code", "name", "kind", "region"]
    /// The keys of one item.
    public static let itemKeys = ["competency", "course", "meeting", "dueMonth", "method", "note"]

    /// Reads the JSON file.
    public static func readJSON(_ bytes: [UInt8]) throws -> ProgramFile {
        let reader = try JSONDocumentReader(parsing: bytes, snakeCase: ["curriculumVersion", "approvedOn", "dueMonth"])
        let root = reader.root
        _ = try reader.object(root, at: [], allowed: programKeys, what: .program)
        var department: DepartmentDescription?
        let departmentCode: String
        switch root["department"] {
        case nil, .null?:
            throw reader.error([], .missingDepartment)
        case .string?:
            departmentCode = try reader.string(root, "department", at: [], required: true, example: "OUH-KAR")!
        case .object?:
            let value = root["department"]!
            let path: [JSONPathComponent] = [.key("department")]
            _ = try reader.object(value, at: path, allowed: departmentKeys, what: .department)
            let code = try reader.string(value, "code", at: path, required: true, example: "OUH-KAR")!
            let name = try reader.string(value, "name", at: path, required: true, example: "Kardiologisk Afdeling, OUH")!
            let kindText = try reader.string(value, "kind", at: path, required: true, example: "hospital")!
            guard let kind = WorkplaceKind(rawValue: kindText.lowercased()) else {
                let names = WorkplaceKind.allCases.map(\.rawValue)
                throw reader.error(path + [.key("kind")], .unknownKind(kindText, near: Suggest.near(kindText, in: names)))
            }
            let region = try reader.string(value, "region", at: path, required: true, example: "Syddanmark")!
            department = DepartmentDescription(code: code, name: name, kind: kind, region: region)
            departmentCode = code
        case let value?:
            throw reader.error([.key("department")], .departmentType(value.type))
        }
        let specialty = try reader.string(root, "specialty", at: [], required: true, example: "Kardiologi")!
        let curriculumVersion = try reader.string(root, "curriculumVersion", at: [], required: true, example: "2022")!
        let title = try reader.string(root, "title", at: [], required: true, example: "Uddannelsesprogram for introduktionsstilling i \(specialty)")!
        let version = try reader.string(root, "version", at: [], required: true, example: "2024-1")!
        let approvedOn = try reader.date(root, "approvedOn", at: [], required: false)
        let values = try reader.array(root, "items", at: [], required: true, example: "[{\"competency\": \"I1\", \"dueMonth\": 3}]")!
        if values.isEmpty { throw reader.error([.key("items")], .noItems) }

        var items: [ProgramItem] = []
        var firstSeen: [ProgramItem.Subject: Int] = [:]
        for (index, value) in values.enumerated() {
            let path: [JSONPathComponent] = [.key("items"), .index(index)]
            let members = try reader.object(value, at: path, allowed: itemKeys, what: .item)
            let subjects = members.map(\.0).filter { ["competency", "course", "meeting"].contains($0) }
            guard subjects.count == 1 else {
                throw reader.error(path, subjects.isEmpty ? .itemNamesNothing : .itemNamesBoth(subjects))
            }
            let subject: ProgramItem.Subject
            switch subjects[0] {
            case "competency":
                subject = .competency(code: try reader.string(value, "competency", at: path, required: true, example: "I1")!)
            case "course":
                subject = .course(name: try reader.string(value, "course", at: path, required: true, example: clinicalSupervisionCourse)!)
            default:
                let name = try reader.string(value, "meeting", at: path, required: true, example: "introduction")!
                guard let kind = MeetingKind(name: name) else {
                    let names = MeetingKind.allCases.flatMap { [$0.rawValue, $0.danishName] }
                    throw reader.error(path + [.key("meeting")], .unknownMeeting(name, near: Suggest.near(name, in: names)))
                }
                subject = .meeting(kind)
            }
            let dueMonth = try reader.int(value, "dueMonth", at: path, required: true, range: 0...60)!
            var method: AssessmentMethod?
            if let name = try reader.string(value, "method", at: path, required: false, example: "Mini-CEX"), !name.isEmpty {
                guard case .competency = subject else {
                    throw reader.error(path + [.key("method")], .methodNotCompetency)
                }
                method = try CurriculumReader.parseMethods([name]) { _, problem in reader.error(path + [.key("method")], problem) }.first
            }
            let note = try reader.string(value, "note", at: path, required: false, example: "") ?? ""
            let item = ProgramItem(subject: subject, dueMonth: dueMonth, method: method, note: note)
            if case .meeting = subject {} else {
                let key: ProgramItem.Subject
                switch subject {
                case .competency(let code): key = .competency(code: code.normalizedName)
                case .course(let name): key = .course(name: name.normalizedName)
                case .meeting: key = subject
                }
                if let first = firstSeen[key] {
                    let firstPath: [JSONPathComponent] = [.key("items"), .index(first)]
                    throw reader.error(path, .itemTwice(item.subject, firstPath: jsonPathText(firstPath), firstLine: reader.line(firstPath)))
                }
                firstSeen[key] = index
            }
            items.append(item)
        }
        let program = Program(department: departmentCode, specialty: specialty, curriculumVersion: curriculumVersion, title: title,
                              version: version, approvedOn: approvedOn, items: items)
        return ProgramFile(program: program, department: department, reader: reader)
    }
}
