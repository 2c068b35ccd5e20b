import LogbookDomain

/// One event as a bundle writes it: the 14 canonical fields as strings, its hash and its signature.
public struct BundleEvent: Sendable {
    /// The content its hash and signature are over.
    public let content: EventContent
    /// The hash the bundle states.
    public let hash: String
    /// The signature, base64, or nil.
    public let signature: String?

    /// Creates a bundle event.
    public init(content: EventContent, hash: String, signature: String?) {
        self.content = content
        self.hash = hash
        self.signature = signature
    }

    /// The JSON object of docs/BUNDLE-FORMAT.md: every canonical field as a string, then hash and signature.
    public var json: JSONValue {
        .object(content.canonicalFields.map { ($0.0, JSONValue.string($0.1)) } + [("hash", .string(hash)), ("signature", .string(signature))])
    }

    /// Reads an event object; the error names the event (by its id field when readable) and what is wrong.
    public init(json: JSONValue, index: Int, list: String) throws(BundleProblem) {
        let idText = json["id"].flatMap { if case .string(let text) = $0 { return text } else { return nil } }
        let name: BundlePlace = idText.map { text in Int64(text).flatMap { String($0) == text ? .event($0) : nil } ?? .eventNamed(text) } ?? .entry(list: list, number: index + 1)
        func field(_ key: String) throws(BundleProblem) -> String {
            guard case .string(let value)? = json[key] else {
                throw BundleProblem(name, .fieldMissing(key))
            }
            return value
        }
        func number(_ key: String) throws(BundleProblem) -> Int64? {
            let text = try field(key)
            if text.isEmpty { return nil }
            guard let value = Int64(text), String(value) == text else { throw BundleProblem(name, .fieldNotNumber(key, value: text)) }
            return value
        }
        /// The optional fifteenth field of an event made through a server: absent, or a non-empty string.
        func authentication() throws(BundleProblem) -> String? {
            switch json["authentication"] {
            case nil: return nil
            case .string(let text)? where !text.isEmpty: return text
            default: throw BundleProblem(name, .authenticationNotText)
            }
        }
        guard let id = try number("id") else { throw BundleProblem(name, .noID) }
        let kindText = try field("kind")
        guard let kind = EventKind(rawValue: kindText) else { throw BundleProblem(name, .unknownKind(kindText)) }
        let dateText = try field("effective_on")
        guard let date = CalendarDate(iso: dateText), date.iso == dateText else {
            throw BundleProblem(name, .effectiveOnNotDate(dateText))
        }
        func optional(_ key: String) throws(BundleProblem) -> String? {
            let text = try field(key)
            return text.isEmpty ? nil : text
        }
        let content = EventContent(
            id: id, kind: kind, positionID: try number("position"), competencyCode: try optional("competency"),
            course: try optional("course"), revokes: try number("revokes"), effectiveOn: date, recordedAt: try field("recorded_at"),
            actor: try field("actor"), actorRole: try field("actor_role"), actorDepartment: try optional("actor_department"),
            text: try field("text"), payload: try field("payload"), previousHash: try field("prev_hash"),
            authentication: try authentication())
        let signature: String?
        switch json["signature"] {
        case .string(let text)?: signature = text
        case .null?: signature = nil
        default: throw BundleProblem(name, .signatureMissing)
        }
        self.init(content: content, hash: try field("hash"), signature: signature)
    }
}

/// Where in a bundle a problem is: the file as a whole, one event, or an entry of a list whose id cannot be read.
public enum BundlePlace: Hashable, Sendable, CustomStringConvertible {
    case file
    case event(Int64)
    /// An event whose id field is not a number, by what it says.
    case eventNamed(String)
    /// The 1-based entry of `events` or `key_chain`.
    case entry(list: String, number: Int)

    /// "the file", "event 12", "key_chain entry 3".
    public var description: String {
        switch self {
        case .file: return "the file"
        case .event(let id): return "event \(id)"
        case .eventNamed(let id): return "event \(id)"
        case .entry(let list, let number): return "\(list) entry \(number)"
        }
    }
}

/// What is wrong in a bundle, as a value (worded in the reader's language by LogbookApp's `Texts.bundleFault`);
/// `description` is the English clause.
public enum BundleFault: Hashable, Sendable, CustomStringConvertible {
    case fieldMissing(String)
    case fieldNotNumber(String, value: String)
    case noID
    case unknownKind(String)
    case effectiveOnNotDate(String)
    case signatureMissing
    case authenticationNotText
    case byteOrderMark
    case notUTF8
    /// A JSON syntax error (its English detail), and the last event id the broken text still shows.
    case notJSON(detail: String, lastEvent: Int64?)
    case notABundle(format: String)
    case noPosition
    case noTrainee
    case noList(String)
    case positionDisagrees(field: String, bundle: String?, signed: String)
    case curriculumDisagrees
    /// `trainee_name` is not the newest name the log gives the trainee (`person-name`, rule R-SHOWN).
    case nameDisagrees(bundle: String?, logged: String)
    /// `department_name` is not the name the log gives the department (`department-name`).
    case departmentNameDisagrees(bundle: String?, logged: String)
    case noBinding
    /// A problem the replay of the log found.
    case chain(ChainFault)
    // Completeness (issue 29; docs/BUNDLE-FORMAT.md, "Completeness").
    /// `checkpoint` is not a signed checkpoint note.
    case checkpointUnreadable
    /// The checkpoint is signed by no server or secretariat key of the key chain (established, under --trust).
    case checkpointUnsigned(origin: String)
    /// An event without (or with a malformed) `tree_index` and `inclusion`.
    case noInclusionProof
    /// The event's inclusion proof at the index it claims does not lead to the checkpoint's root.
    case inclusionFails(index: Int, size: Int)
    /// The event's tree index is not after that of the event before it by id: ids and tree order disagree.
    case treeIndexOutOfOrder(index: Int, previous: Int)
    /// `statement` is not a signed chain statement.
    case statementUnreadable
    /// The statement says something else than the bundle and its checkpoint (what, in English).
    case statementDisagrees(String)
    /// The statement is signed by no server or secretariat key of the key chain (established, under --trust).
    case statementUnsigned(holder: String)
    /// With --not-before: the bundle carries no checkpoint, or no statement.
    case noCheckpoint
    case noStatement
    /// With --not-before: the checkpoint was made before the day.
    case olderThan(time: String, notBefore: CalendarDate)

    public var description: String {
        switch self {
        case .fieldMissing(let key): return "its field \"\(key)\" is missing or not a string"
        case .fieldNotNumber(let key, let value): return "its field \"\(key)\" is not a number: \"\(value)\""
        case .noID: return "it has no id"
        case .unknownKind(let kind): return "unknown kind \"\(kind)\""
        case .effectiveOnNotDate(let text): return "its effective_on is not a date: \"\(text)\""
        case .signatureMissing: return "its field \"signature\" is missing (write null for an unsigned event)"
        case .authenticationNotText: return "its field \"authentication\" is not a non-empty string (leave it out for an event made outside a server)"
        case .byteOrderMark: return "starts with a byte order mark; a bundle is UTF-8 JSON without one"
        case .notUTF8: return "is not valid UTF-8"
        case .notJSON(let detail, let lastEvent):
            return "the file is truncated or not valid JSON (\(detail))" + (lastEvent.map { "; the last event it shows is event \($0)" } ?? "")
        case .notABundle(let format): return "is not a logbook bundle: \"format\" must be \"\(format)\""
        case .noPosition: return "has no \"position\" with a numeric \"id\""
        case .noTrainee: return "its \"position\" has no \"trainee\" handle"
        case .noList(let list): return "has no \"\(list)\" array"
        case .positionDisagrees(let field, let bundle, let signed):
            return "the bundle's position says \(field) \(bundle ?? "nothing"), but the signed binding says \(signed)"
        case .curriculumDisagrees: return "the bundle's curriculum does not match the signed binding's målbeskrivelse"
        case .nameDisagrees(let bundle, let logged):
            return "the bundle's position says trainee_name \(bundle ?? "nothing"), but the log names the trainee \(logged)"
        case .departmentNameDisagrees(let bundle, let logged):
            return "the bundle's position says department_name \(bundle ?? "nothing"), but the log names the department \(logged)"
        case .noBinding: return "its position chain has no binding event (kind \"position\"): who the trainee is is not in the log"
        case .chain(let fault): return fault.description
        case .checkpointUnreadable: return "its \"checkpoint\" is not a signed checkpoint note (c2sp.org/tlog-checkpoint)"
        case .checkpointUnsigned(let origin):
            return "its checkpoint is signed by no server or secretariat key of its key chain under the name \(origin)"
        case .noInclusionProof: return "it has no \"tree_index\" and \"inclusion\" proof, but the bundle is cut at a checkpoint"
        case .inclusionFails(let index, let size):
            return "its inclusion proof at tree index \(index) does not lead to the root of the checkpoint (\(size) events): it is not in the log at the place it claims"
        case .treeIndexOutOfOrder(let index, let previous):
            return "its tree index \(index) is not after \(previous), that of the event before it by id: its id is not its place in the log"
        case .statementUnreadable: return "its \"statement\" is not a signed chain statement"
        case .statementDisagrees(let what): return "its statement does not match: \(what)"
        case .statementUnsigned(let holder): return "its statement is signed by no server or secretariat key of \(holder) in its key chain"
        case .noCheckpoint: return "it carries no checkpoint, so it proves nothing about completeness (--not-before needs one)"
        case .noStatement: return "it carries no signed statement that its chain is complete (--not-before needs one)"
        case .olderThan(let time, let notBefore): return "it was cut at a checkpoint made \(time), before \(notBefore.iso) (--not-before)"
        }
    }
}

/// One problem found in a bundle, naming the event (or the part of the file) it is in.
public struct BundleProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let place: BundlePlace
    public let fault: BundleFault
    /// "event 12", "the file", "key_chain entry 3".
    public var subject: String { place.description }
    /// The English clause.
    public var message: String { fault.description }
    /// The event's id when the problem is in one event (for sorting).
    public var eventID: Int64? {
        if case .event(let id) = place { return id }
        return nil
    }
    public var description: String { "\(subject): \(message)" }

    /// A problem in `place`.
    public init(_ place: BundlePlace, _ fault: BundleFault) {
        self.place = place
        self.fault = fault
    }

    /// A problem in one event.
    public init(event: Int64, _ fault: BundleFault) {
        self.init(.event(event), fault)
    }
}

/// Offline verification of a documentation bundle (docs/BUNDLE-FORMAT.md) against nothing but itself and a
/// list of trusted secretariat keys.
public enum BundleVerifier {
    /// The value of the bundle's "format" member.
    public static let format = "logbook-bundle-v1"

    /// What a check found: the problems (empty when the bundle holds) and, when it proves its chain complete (a
    /// checkpoint signed by a key that may sign one, every event's inclusion proof, the exporter's signed statement),
    /// the time of the checkpoint it was cut at.
    public struct Check: Sendable {
        public var problems: [BundleProblem]
        public var completeAsOf: String?
    }

    /// Every problem in the bundle text, in event order; empty when it holds.
    public static func problems(in bytes: [UInt8], trusted: Set<PublicSigningKey>) -> [BundleProblem] {
        check(bytes, trusted: trusted, notBefore: nil).problems
    }

    /// The bundle text checked; with `notBefore`, a bundle not cut at a checkpoint made on or after that day is refused.
    public static func check(_ bytes: [UInt8], trusted: Set<PublicSigningKey>, notBefore: CalendarDate?) -> Check {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Check(problems: [BundleProblem(.file, .byteOrderMark)])
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            return Check(problems: [BundleProblem(.file, .notUTF8)])
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            return Check(problems: [truncation(bytes, error)])
        }
        do {
            return try check(document, trusted: trusted, notBefore: notBefore)
        } catch {
            return Check(problems: [error])
        }
    }

    /// A JSON syntax error, naming the last event whose id the broken text still shows (a truncated file).
    static func truncation(_ bytes: [UInt8], _ error: JSONSyntaxError) -> BundleProblem {
        let text = String(decoding: bytes, as: UTF8.self)
        var lastID: Int64?
        var rest = Substring(text)
        while let range = rest.firstRange(of: "{\"id\": \"") ?? rest.firstRange(of: "{\"id\":\"") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            if let id = Int64(digits) { lastID = id }
            rest = rest[range.upperBound...]
        }
        return BundleProblem(lastID.map { .event($0) } ?? .file, .notJSON(detail: "\(error)", lastEvent: lastID))
    }

    /// Every problem in a parsed bundle; throws the first structural problem.
    ///
    /// The position's chain and the authority chain (`key_chain`: grants, their ends, keys and key revocations) are
    /// replayed together (LogReplay): authority comes from the signed log only; `position`, `curriculum` and `grants`
    /// are for the reader and must agree with the position's binding event.
    public static func problems(in document: JSONValue, trusted: Set<PublicSigningKey>) throws(BundleProblem) -> [BundleProblem] {
        try check(document, trusted: trusted, notBefore: nil).problems
    }

    /// Every problem in a parsed bundle and what it proves about completeness; throws the first structural problem.
    public static func check(_ document: JSONValue, trusted: Set<PublicSigningKey>, notBefore: CalendarDate?) throws(BundleProblem) -> Check {
        guard case .string(format)? = document["format"] else {
            throw BundleProblem(.file, .notABundle(format: format))
        }
        guard case .object? = document["position"], let positionID = positionID(document["position"]) else {
            throw BundleProblem(.file, .noPosition)
        }
        guard case .string? = document["position"]?["trainee"] else {
            throw BundleProblem(.file, .noTrainee)
        }
        let keyChain = try events(document["key_chain"], list: "key_chain")
        let positionChain = try events(document["events"], list: "events")
        func logged(_ list: [BundleEvent]) -> [LoggedEvent] {
            list.map { LoggedEvent(content: $0.content, hash: $0.hash, signature: $0.signature) }
        }
        let report = LogReplay.run(authority: logged(keyChain), positions: [(positionID, logged(positionChain))], trust: .bundle(trusted: trusted))
        var problems = report.problems.map { BundleProblem(event: $0.eventID, .chain($0.fault)) }
        // The reader's copy of the position must say what the signed binding says.
        if let binding = positionChain.first(where: { $0.content.kind == .position }), let payload = PositionBindingPayload(text: binding.content.payload) {
            let position = document["position"]
            let expected: [(String, JSONValue)] = [
                ("trainee", .string(payload.trainee)), ("department", .string(payload.department.code)),
                ("department_kind", .string(payload.department.kind.rawValue)), ("region", .string(payload.department.region)),
                ("start", .string(payload.start.iso)), ("part_time", .string(payload.partTime.storageText)),
                ("kbu_general_practice", .bool(payload.kbuGeneralPractice)),
            ]
            for (name, value) in expected where position?[name] != value {
                problems.append(BundleProblem(event: binding.id, .positionDisagrees(field: name, bundle: position?[name].map { $0.serialized() }, signed: value.serialized())))
            }
            let curriculum = document["curriculum"]
            let codes: JSONValue? = curriculum?["competencies"].flatMap { list -> JSONValue? in
                guard case .array(let items) = list else { return nil }
                return .array(items.map { $0["code"] ?? .null })
            }
            // The trainee's name as the reader sees it must be the newest one the log gives them (when the log names them).
            if let logged = report.names[payload.trainee], position?["trainee_name"] != .string(logged.name) {
                problems.append(BundleProblem(event: logged.event, .nameDisagrees(bundle: position?["trainee_name"].map { $0.serialized() },
                                                                                  logged: JSONValue.string(logged.name).serialized())))
            }
            if let logged = report.departmentNames[payload.department.code], position?["department_name"] != .string(logged.name) {
                problems.append(BundleProblem(event: logged.event, .departmentNameDisagrees(
                    bundle: position?["department_name"].map { $0.serialized() }, logged: JSONValue.string(logged.name).serialized())))
            }
            if curriculum?["specialty"] != .string(payload.specialty) || curriculum?["version"] != .string(payload.version)
                || codes != .array(payload.competencies.map { .string($0) }) || curriculum?["courses"] != .array(payload.courses.map { .string($0) }) {
                problems.append(BundleProblem(event: binding.id, .curriculumDisagrees))
            }
        } else if !positionChain.contains(where: { $0.content.kind == .position }) {
            problems.append(BundleProblem(.file, .noBinding))
        }
        let completeness = Completeness.check(document, positionID: positionID, keyChain: keyChain, events: positionChain, report: report,
                                              trusted: trusted, notBefore: notBefore)
        problems += completeness.problems
        let all = deduplicated(problems)
        return Check(problems: all, completeAsOf: all.isEmpty ? completeness.completeAsOf : nil)
    }

    /// Every distinct problem, events in id order (an event's problems in the order found), file-level problems first.
    static func deduplicated(_ problems: [BundleProblem]) -> [BundleProblem] {
        var seen: Set<String> = []
        return problems.filter { seen.insert($0.description).inserted }
            .enumerated().sorted { ($0.element.eventID ?? -1, $0.offset) < ($1.element.eventID ?? -1, $1.offset) }.map(\.element)
    }

    static func positionID(_ position: JSONValue?) -> Int64? {
        if case .int(let id)? = position?["id"] { return id }
        return nil
    }

    static func events(_ value: JSONValue?, list: String) throws(BundleProblem) -> [BundleEvent] {
        guard case .array(let items)? = value else { throw BundleProblem(.file, .noList(list)) }
        var events: [BundleEvent] = []
        for (index, item) in items.enumerated() { events.append(try BundleEvent(json: item, index: index, list: list)) }
        return events
    }
}

extension BundleVerifier {
    /// The reader's copies a bundle's statement covers (`ShownText`): `trainee_name`, `department_name`, `end`, the
    /// curriculum's `title` and `valid_from`, then each competency's code and title; nil when one is missing.
    public static func shownFields(position: JSONValue?, curriculum: JSONValue?) -> [(String, String)]? {
        guard case .string(let trainee)? = position?["trainee_name"], case .string(let department)? = position?["department_name"],
              case .string(let end)? = position?["end"], case .string(let title)? = curriculum?["title"],
              case .string(let validFrom)? = curriculum?["valid_from"], case .array(let competencies)? = curriculum?["competencies"]
        else { return nil }
        var fields = [("trainee_name", trainee), ("department_name", department), ("end", end), ("curriculum_title", title),
                      ("valid_from", validFrom)]
        for competency in competencies {
            guard case .string(let code)? = competency["code"], case .string(let name)? = competency["title"] else { return nil }
            fields += [("competency", code), ("title", name)]
        }
        return fields
    }
}

extension BundleEvent {
    /// The event's id.
    public var id: Int64 { content.id }
}

/// The completeness a bundle proves (issue 29; docs/BUNDLE-FORMAT.md, "Completeness"): the checkpoint it was cut at,
/// signed by a key that may sign checkpoints (a server key or a secretariat's key of its key chain, established under
/// --trust); every event's inclusion proof at the tree index it claims, tree order agreeing with id order (so the order
/// by which keys apply is the log's, not one an attacker chose); the exporter's signed statement that the position's
/// chain has exactly these events at that checkpoint.
enum Completeness {
    static func check(_ document: JSONValue, positionID: Int64, keyChain: [BundleEvent], events: [BundleEvent], report: ReplayReport,
                      trusted: Set<PublicSigningKey>, notBefore: CalendarDate?) -> (problems: [BundleProblem], completeAsOf: String?) {
        var problems: [BundleProblem] = []
        guard case .string(let noteText)? = document["checkpoint"] else {
            if notBefore != nil { problems.append(BundleProblem(.file, .noCheckpoint)) }
            return (problems, nil)
        }
        guard let signed = SignedCheckpoint(noteText: noteText) else {
            return ([BundleProblem(.file, .checkpointUnreadable)], nil)
        }
        let checkpoint = signed.checkpoint
        let authority = keyChain.map(\.content)
        let book = KeyBook.read(chain: authority.filter { $0.kind == .keyRegistration || $0.kind == .revocation }).book
        func signers(on day: CalendarDate?) -> [RegisteredKey] {
            guard let day else { return [] }   // a checkpoint this logbook reads always names its day
            let candidates = CheckpointSigners.keys(book: book, authority: authority, lastEvent: Int64.max, on: day)
            return trusted.isEmpty ? candidates : candidates.filter { report.establishedKeys.contains($0.key) }
        }
        if signed.note.signer(name: checkpoint.origin, among: signers(on: checkpoint.day).map(\.key)) == nil {
            problems.append(BundleProblem(.file, .checkpointUnsigned(origin: checkpoint.origin)))
        }
        // Every event: its tree index and inclusion proof; tree order must be id order.
        let raw = rawEvents(document["key_chain"]).merging(rawEvents(document["events"])) { first, _ in first }
        var previous: Int?
        for event in (keyChain + events).sorted(by: { $0.id < $1.id }) {
            guard let item = raw[event.id], case .int(let claimed)? = item["tree_index"], claimed >= 0, claimed < Int64(Int.max),
                  case .array(let path)? = item["inclusion"] else {
                problems.append(BundleProblem(event: event.id, .noInclusionProof))
                continue
            }
            let index = Int(claimed)
            var hashes: [Merkle.Hash] = []
            for entry in path {
                guard case .string(let text) = entry, let hash = Base64.decode(text), hash.count == 32 else { break }
                hashes.append(hash)
            }
            if hashes.count != path.count
                || !Merkle.verifyInclusion(leaf: Merkle.leafHash(of: event.content), index: index, size: checkpoint.size, proof: hashes,
                                           root: checkpoint.root) {
                problems.append(BundleProblem(event: event.id, .inclusionFails(index: index, size: checkpoint.size)))
            }
            if let previous, index <= previous {
                problems.append(BundleProblem(event: event.id, .treeIndexOutOfOrder(index: index, previous: previous)))
            }
            previous = max(previous ?? index, index)
        }
        if let notBefore, let day = checkpoint.day, day < notBefore {
            problems.append(BundleProblem(.file, .olderThan(time: checkpoint.time, notBefore: notBefore)))
        }
        // The exporter's statement that the chain has exactly these events at this checkpoint.
        guard case .string(let statementText)? = document["statement"] else {
            if notBefore != nil { problems.append(BundleProblem(.file, .noStatement)) }
            return (problems, nil)
        }
        guard let note = SignedNote(statementText), let statement = BundleStatement(text: note.text), let holder = note.signatures.first?.name else {
            problems.append(BundleProblem(.file, .statementUnreadable))
            return (problems, nil)
        }
        var disagreements: [String] = []
        if statement.origin != checkpoint.origin { disagreements.append("origin \(statement.origin), the checkpoint's \(checkpoint.origin)") }
        if statement.position != positionID { disagreements.append("position \(statement.position), the bundle's \(positionID)") }
        if statement.size != checkpoint.size || statement.root != checkpoint.root { disagreements.append("another checkpoint") }
        if statement.events != events.count { disagreements.append("\(statement.events) events, the bundle holds \(events.count)") }
        if statement.lastHash != (events.last?.hash ?? EventContent.genesisHash) { disagreements.append("another last event") }
        if statement.shown != shownFields(position: document["position"], curriculum: document["curriculum"]).map(ShownText.hash) {
            disagreements.append("the names, titles or end the reader sees were changed")
        }
        if !disagreements.isEmpty { problems.append(BundleProblem(.file, .statementDisagrees(disagreements.joined(separator: "; ")))) }
        let keys = signers(on: checkpoint.day).filter { $0.holder == holder }.map(\.key)
        if note.signer(name: holder, among: keys) == nil {
            problems.append(BundleProblem(.file, .statementUnsigned(holder: holder)))
        }
        return (problems, problems.isEmpty ? checkpoint.time : nil)
    }

    /// The reader's copies the statement covers (`ShownText`), from the bundle's `position` and `curriculum`; nil when one
    /// is missing or not a string.
    static func shownFields(position: JSONValue?, curriculum: JSONValue?) -> [(String, String)]? {
        BundleVerifier.shownFields(position: position, curriculum: curriculum)
    }

    /// The event objects of a list by id (the first of each id).
    static func rawEvents(_ value: JSONValue?) -> [Int64: JSONValue] {
        guard case .array(let items)? = value else { return [:] }
        var byID: [Int64: JSONValue] = [:]
        for item in items {
            if case .string(let text)? = item["id"], let id = Int64(text), byID[id] == nil { byID[id] = item }
        }
        return byID
    }
}
