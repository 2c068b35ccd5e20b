import LogbookDomain
import LogbookFormats
import LogbookStore

/// The documentation bundle (docs/BUNDLE-FORMAT.md): one position's documentation for the hoveduddannelse
/// application, checkable offline against nothing but itself and trusted secretariat keys.
public enum Bundles {
    /// What an export wrote.
    public struct Summary: Sendable {
        public let events: Int
        public let keyEvents: Int
        public let grants: Int
        public let signed: Int
    }

    /// Writes the bundle of position `positionID` to `path` (through a temporary file and a rename).
    public static func export(_ session: Session, positionID: Int64, to path: String) throws -> Summary {
        let (text, summary) = try session.store.read { try bundleText(session, positionID: positionID) }
        try OutputFile.write(text, to: path)
        return summary
    }

    /// The bundle of position `positionID` as `export` writes it (the server's `GET /positions/{id}/bundle`); in a
    /// session scoped to its actor, a position out of sight is answered like a missing one.
    public static func text(_ session: Session, positionID: Int64) throws -> String {
        try session.store.read { try bundleText(session, positionID: positionID).0 }
    }

    /// The bundle's JSON text: members in a fixed order, one event per line.
    static func bundleText(_ session: Session, positionID: Int64) throws -> (String, Summary) {
        let facts = try session.position(positionID)
        let events = try EventRepository(session.store).events(positionID: positionID)
        let keyChain = try KeyRepository(session.store).chain()
        let book = KeyBook.read(chain: keyChain.map(\.content)).book
        let curricula = CurriculumRepository(session.store)
        let schedule = facts.schedule

        // The people the events rest on: their makers, and the registrars of the keys that vouch for them.
        var people: [String] = []
        func add(_ handle: String) {
            guard !people.contains(handle) else { return }
            people.append(handle)
            for key in book.keys(of: handle) { add(key.registrar) }
        }
        for event in events { add(event.content.actor) }
        let personRepository = PersonRepository(session.store)
        var grants: [JSONValue] = []
        for handle in people {
            guard let person = try personRepository.find(handle: handle) else { continue }
            for stored in try personRepository.grants(personID: person.id) {
                let grant = stored.grant
                grants.append(.object([
                    ("id", .int(grant.id)), ("person", .string(stored.handle)), ("role", .string(grant.role.rawValue)),
                    ("department", .string(stored.departmentCode)), ("region", .string(grant.region)),
                    ("may_approve", .bool(grant.mayApprove)), ("valid_from", .string(grant.validFrom.iso)),
                    ("valid_until", .string(grant.validUntil?.iso)), ("granted_by", .string(stored.grantedBy)),
                ]))
            }
        }

        let position: JSONValue = .object([
            ("id", .int(facts.id)), ("trainee", .string(facts.trainee.handle)), ("trainee_name", .string(facts.trainee.name)),
            ("department", .string(facts.department.code)), ("department_name", .string(facts.department.name)),
            ("department_kind", .string(facts.department.kind.rawValue)), ("region", .string(facts.department.region)),
            ("start", .string(facts.position.start.iso)), ("end", .string(schedule.end.iso)),
            ("part_time", .string(facts.position.partTime.storageText)), ("kbu_general_practice", .bool(facts.position.kbuGeneralPractice)),
        ])
        let curriculum: JSONValue = .object([
            ("specialty", .string(facts.curriculum.specialty)), ("version", .string(facts.curriculum.version)),
            ("valid_from", .string(facts.curriculum.validFrom.iso)), ("title", .string(facts.curriculum.title)),
            ("competencies", .array(try curricula.competencies(curriculumID: facts.curriculum.id).map {
                .object([("code", .string($0.code)), ("title", .string($0.title))])
            })),
            ("courses", .array(try curricula.courses(curriculumID: facts.curriculum.id).map { .string($0.name) })),
        ])
        func eventLines(_ list: [EventRecord]) -> String {
            if list.isEmpty { return "[]" }
            return "[\n" + list.map { "    " + BundleEvent(content: $0.content, hash: $0.hash, signature: $0.signature).json.serialized() }
                .joined(separator: ",\n") + "\n  ]"
        }
        var text = "{\n"
        text += "  \"format\": \"\(BundleVerifier.format)\",\n"
        text += "  \"exported_at\": \(JSONValue.string(session.now()).serialized()),\n"
        text += "  \"position\": \(position.serialized()),\n"
        text += "  \"curriculum\": \(curriculum.serialized()),\n"
        text += "  \"events\": \(eventLines(events)),\n"
        text += "  \"key_chain\": \(eventLines(keyChain)),\n"
        text += "  \"grants\": " + (grants.isEmpty ? "[]" : "[\n" + grants.map { "    " + $0.serialized() }.joined(separator: ",\n") + "\n  ]") + "\n"
        text += "}\n"
        return (text, Summary(events: events.count, keyEvents: keyChain.count, grants: grants.count,
                              signed: events.filter { $0.signature != nil }.count))
    }

    /// Every problem in the bundle at `path`, checked against the keys in `trustFiles` only; empty when it holds.
    public static func verify(path: String, trustFiles: [String], texts: Texts = .untranslated) throws -> [BundleProblem] {
        var trusted: Set<PublicSigningKey> = []
        for file in trustFiles { trusted.formUnion(try KeyFiles.trustedKeys(file, texts)) }
        return BundleVerifier.problems(in: try InputFile.read(path), trusted: trusted)
    }
}
