import Crypto

/// The canonical JSON of imported files and their content hash, so an identical re-import is recognised.
public enum ContentHash {
    /// SHA-256 (lower-case hex) of the compact canonical serialization of `value`.
    public static func sha256(_ value: JSONValue) -> String {
        Hex.lowercase(SHA256.hash(data: Array(value.serialized().utf8)))
    }
}

extension Competency {
    /// The competency in the canonical JSON format (roles and methods by Danish name).
    public var canonicalJSON: JSONValue {
        .object([
            ("code", .string(code)), ("sortOrder", .int(Int64(sortOrder))), ("title", .string(title)),
            ("concretisation", .string(concretisation)), ("learningStrategies", .string(learningStrategies)),
            ("roles", .array(roles.map { .string($0.danishName) })), ("methods", .array(methods.map { .string($0.danishName) })),
        ])
    }
}

extension Curriculum {
    /// The målbeskrivelse in the canonical JSON format of docs/formats.md; importing it gives the same value.
    public var canonicalJSON: JSONValue {
        .object([
            ("specialty", .string(specialty)), ("level", .string(level.rawValue)), ("version", .string(version)),
            ("validFrom", .string(validFrom.iso)), ("title", .string(title)), ("courses", .array(courses.map(JSONValue.string))),
            ("competencies", .array(competencies.map(\.canonicalJSON))),
        ])
    }

    /// The SHA-256 of the canonical JSON.
    public var contentHash: String { ContentHash.sha256(canonicalJSON) }

    /// The first way `other` (a file) differs from `self` (what is stored), as a phrase; nil when equal.
    public func firstDifference(from other: Curriculum) -> String? {
        func quoted(_ text: String) -> String { "\"\(text.count > 40 ? String(text.prefix(39)) + "…" : text)\"" }
        if title != other.title { return "the title differs (stored \(quoted(title)), file \(quoted(other.title)))" }
        if validFrom != other.validFrom { return "validFrom differs (stored \(validFrom.iso), file \(other.validFrom.iso))" }
        if courses != other.courses {
            if let added = other.courses.first(where: { !courses.contains($0) }) { return "the file adds the course \(quoted(added))" }
            if let removed = courses.first(where: { !other.courses.contains($0) }) { return "the file lacks the course \(quoted(removed))" }
            return "the courses are in another order"
        }
        let stored = Dictionary(competencies.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for competency in other.competencies {
            guard let old = stored[competency.code] else { return "the file adds competency \(quoted(competency.code))" }
            let label = "competency \(quoted(competency.code))"
            if old.title != competency.title { return "\(label): the title differs (stored \(quoted(old.title)), file \(quoted(competency.title)))" }
            if old.sortOrder != competency.sortOrder { return "\(label): the sort order differs (stored \(old.sortOrder), file \(competency.sortOrder))" }
            if old.roles != competency.roles {
                return "\(label): the roles differ (stored \(old.roles.map(\.danishName).joined(separator: ", ")); file \(competency.roles.map(\.danishName).joined(separator: ", ")))"
            }
            if old.methods != competency.methods {
                return "\(label): the methods differ (stored \(old.methods.map(\.danishName).joined(separator: ", ")); file \(competency.methods.map(\.danishName).joined(separator: ", ")))"
            }
            if old.concretisation != competency.concretisation { return "\(label): the konkretisering differs" }
            if old.learningStrategies != competency.learningStrategies { return "\(label): the læringsstrategier differ" }
        }
        let codes = Set(other.competencies.map(\.code))
        if let missing = competencies.first(where: { !codes.contains($0.code) }) { return "the file lacks competency \(quoted(missing.code))" }
        return nil
    }
}

extension ProgramItem {
    /// The item in the canonical JSON format.
    public var canonicalJSON: JSONValue {
        var members: [(String, JSONValue)] = []
        switch subject {
        case .competency(let code): members.append(("competency", .string(code)))
        case .course(let name): members.append(("course", .string(name)))
        case .meeting(let kind): members.append(("meeting", .string(kind.rawValue)))
        }
        members.append(("dueMonth", .int(Int64(dueMonth))))
        if let method { members.append(("method", .string(method.danishName))) }
        if !note.isEmpty { members.append(("note", .string(note))) }
        return .object(members)
    }

    /// "competency I3", "course Kursus i klinisk vejledning", "introduction meeting": how messages name it.
    public var label: String {
        switch subject {
        case .competency(let code): return "competency \"\(code)\""
        case .course(let name): return "course \"\(name)\""
        case .meeting(let kind): return "\(kind.rawValue) meeting (\(kind.danishName))"
        }
    }
}

extension Program {
    /// The programme in the canonical JSON format, with the department as its code.
    public var canonicalJSON: JSONValue {
        var members: [(String, JSONValue)] = [("department", .string(department)), ("specialty", .string(specialty))]
        members.append(("curriculumVersion", .string(curriculumVersion)))
        members.append(("title", .string(title)))
        members.append(("version", .string(version)))
        if let approvedOn { members.append(("approvedOn", .string(approvedOn.iso))) }
        members.append(("items", .array(items.map(\.canonicalJSON))))
        return .object(members)
    }

    /// The SHA-256 of the canonical JSON.
    public var contentHash: String { ContentHash.sha256(canonicalJSON) }

    /// The first way `other` (a file) differs from `self` (what is stored), as a phrase; nil when equal.
    public func firstDifference(from other: Program) -> String? {
        if title != other.title { return "the title differs (stored \"\(title)\", file \"\(other.title)\")" }
        if approvedOn != other.approvedOn {
            return "approvedOn differs (stored \(approvedOn?.iso ?? "none"), file \(other.approvedOn?.iso ?? "none"))"
        }
        for (index, (old, new)) in zip(items, other.items).enumerated() where old != new {
            if old.subject != new.subject { return "item \(index + 1) differs (stored \(old.label), file \(new.label))" }
            if old.dueMonth != new.dueMonth { return "item \(index + 1) (\(new.label)): due month stored \(old.dueMonth), file \(new.dueMonth)" }
            if old.method != new.method {
                return "item \(index + 1) (\(new.label)): method stored \(old.method?.danishName ?? "none"), file \(new.method?.danishName ?? "none")"
            }
            return "item \(index + 1) (\(new.label)): the note differs"
        }
        if items.count != other.items.count { return "the file has \(other.items.count) items, the stored programme \(items.count)" }
        return nil
    }
}

extension MedicalRole {
    /// A short name for narrow tables ("Medicinsk ekspert", "Leder", "Akademiker"); an accepted name too.
    public var shortName: String {
        switch self {
        case .medicalExpert: return "Medicinsk ekspert"
        case .leader: return "Leder"
        case .scholar: return "Akademiker"
        default: return danishName
        }
    }
}
