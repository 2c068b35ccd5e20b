import Crypto
import LogbookDomain

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
}
