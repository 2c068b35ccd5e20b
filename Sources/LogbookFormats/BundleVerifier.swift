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
        let name = idText.map { "event \($0)" } ?? "\(list) entry \(index + 1)"
        func field(_ key: String) throws(BundleProblem) -> String {
            guard case .string(let value)? = json[key] else {
                throw BundleProblem(name, "its field \"\(key)\" is missing or not a string")
            }
            return value
        }
        func number(_ key: String) throws(BundleProblem) -> Int64? {
            let text = try field(key)
            if text.isEmpty { return nil }
            guard let value = Int64(text), String(value) == text else { throw BundleProblem(name, "its field \"\(key)\" is not a number: \"\(text)\"") }
            return value
        }
        guard let id = try number("id") else { throw BundleProblem(name, "it has no id") }
        let kindText = try field("kind")
        guard let kind = EventKind(rawValue: kindText) else { throw BundleProblem(name, "unknown kind \"\(kindText)\"") }
        let dateText = try field("effective_on")
        guard let date = CalendarDate(iso: dateText), date.iso == dateText else {
            throw BundleProblem(name, "its effective_on is not a date: \"\(dateText)\"")
        }
        func optional(_ key: String) throws(BundleProblem) -> String? {
            let text = try field(key)
            return text.isEmpty ? nil : text
        }
        let content = EventContent(
            id: id, kind: kind, positionID: try number("position"), competencyCode: try optional("competency"),
            course: try optional("course"), revokes: try number("revokes"), effectiveOn: date, recordedAt: try field("recorded_at"),
            actor: try field("actor"), actorRole: try field("actor_role"), actorDepartment: try optional("actor_department"),
            text: try field("text"), payload: try field("payload"), previousHash: try field("prev_hash"))
        let signature: String?
        switch json["signature"] {
        case .string(let text)?: signature = text
        case .null?: signature = nil
        default: throw BundleProblem(name, "its field \"signature\" is missing (write null for an unsigned event)")
        }
        self.init(content: content, hash: try field("hash"), signature: signature)
    }
}

/// One problem found in a bundle, naming the event (or the part of the file) it is in.
public struct BundleProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// "event 12", "the file", "key chain entry 3".
    public let subject: String
    public let message: String
    /// The event's id when the problem is in one event (for sorting).
    public let eventID: Int64?
    public var description: String { "\(subject): \(message)" }

    /// A problem in `subject`.
    public init(_ subject: String, _ message: String, eventID: Int64? = nil) {
        self.subject = subject
        self.message = message
        self.eventID = eventID
    }

    /// A problem in one event.
    public init(event: Int64, _ message: String) {
        self.init("event \(event)", message, eventID: event)
    }
}

/// Offline verification of a documentation bundle (docs/BUNDLE-FORMAT.md) against nothing but itself and a
/// list of trusted secretariat keys.
public enum BundleVerifier {
    /// The value of the bundle's "format" member.
    public static let format = "logbook-bundle-v1"

    /// Every problem in the bundle text, in event order; empty when it holds.
    public static func problems(in bytes: [UInt8], trusted: Set<PublicSigningKey>) -> [BundleProblem] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            return [truncation(bytes, error)]
        }
        do {
            return try problems(in: document, trusted: trusted)
        } catch {
            return [error]
        }
    }

    /// A JSON syntax error, naming the last event whose id the broken text still shows (a truncated file).
    static func truncation(_ bytes: [UInt8], _ error: JSONSyntaxError) -> BundleProblem {
        let text = String(decoding: bytes, as: UTF8.self)
        var lastID: Int64?
        var rest = Substring(text)
        while let range = rest.range(of: "{\"id\": \"") ?? rest.range(of: "{\"id\":\"") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            if let id = Int64(digits) { lastID = id }
            rest = rest[range.upperBound...]
        }
        let message = "the file is truncated or not valid JSON (\(error))"
        guard let lastID else { return BundleProblem("the file", message) }
        return BundleProblem("event \(lastID)", message + "; the last event it shows is event \(lastID)", eventID: lastID)
    }

    /// Every problem in a parsed bundle; throws the first structural problem.
    public static func problems(in document: JSONValue, trusted: Set<PublicSigningKey>) throws(BundleProblem) -> [BundleProblem] {
        guard case .string(format)? = document["format"] else {
            throw BundleProblem("the file", "is not a logbook bundle: \"format\" must be \"\(format)\"")
        }
        guard case .object? = document["position"], let positionID = positionID(document["position"]) else {
            throw BundleProblem("the file", "has no \"position\" with a numeric \"id\"")
        }
        guard case .string(let trainee)? = document["position"]?["trainee"] else {
            throw BundleProblem("the file", "its \"position\" has no \"trainee\" handle")
        }
        let keyChain = try events(document["key_chain"], list: "key_chain")
        let positionChain = try events(document["events"], list: "events")
        var problems: [BundleProblem] = []

        // The key chain: whole, from its first event, each event an intact link.
        if let broken = EventChain.firstProblem(in: keyChain.map { EventChain.Link(content: $0.content, storedHash: $0.hash) }) {
            problems.append(BundleProblem(event: broken.eventID, "(key chain) " + broken.message))
        }
        for event in keyChain where event.content.positionID != nil {
            problems.append(BundleProblem(event: event.id, "is in the key chain but belongs to position \(event.content.positionID!)"))
        }
        let (book, bookProblems) = KeyBook.read(chain: keyChain.map(\.content))
        problems += bookProblems.map { BundleProblem(event: $0.eventID, $0.message) }

        // Which keys chain back to a trusted secretariat key: trusted ones, and those registered with a signature
        // by a key that does.
        var established: Set<Int64> = []
        func signingKey(_ event: BundleEvent) -> RegisteredKey? {
            guard let signature = event.signature else { return nil }
            return book.keysApplying(to: event.content).first { $0.key.verifies(signature, of: event.content.canonicalBytes) }
        }
        for event in keyChain {
            if let message = book.signatureProblem(event.content, signature: event.signature) {
                problems.append(BundleProblem(event: event.id, message))
            }
            guard event.content.kind == .keyRegistration, let registered = book.keys.first(where: { $0.eventID == event.id }) else { continue }
            if trusted.contains(registered.key) || signingKey(event).map({ established.contains($0.eventID) }) == true {
                established.insert(registered.eventID)
            }
        }

        // The position's chain: whole, from its first event.
        if let broken = EventChain.firstProblem(in: positionChain.map { EventChain.Link(content: $0.content, storedHash: $0.hash) }) {
            problems.append(BundleProblem(event: broken.eventID, broken.message))
        }
        var seen: [Int64: EventContent] = [:]
        for event in positionChain {
            let content = event.content
            if content.positionID != positionID {
                problems.append(BundleProblem(event: event.id, "belongs to position \(content.positionID.map(String.init) ?? "none"), not to the bundle's position \(positionID)"))
            }
            if content.kind == .keyRegistration {
                problems.append(BundleProblem(event: event.id, "a key registration belongs in the key chain, not in a position's events"))
            }
            if content.kind == .revocation, seen[content.revokes ?? -1] == nil {
                problems.append(BundleProblem(event: event.id, "revokes event \(content.revokes.map(String.init) ?? "?"), which is not before it in this position's chain"))
            }
            if content.kind != .revocation, content.actor == trainee {
                problems.append(BundleProblem(event: event.id, "was made by the trainee \(trainee) of the position (\(content.kind.label))"))
            }
            seen[content.id] = content
            if let message = book.signatureProblem(content, signature: event.signature, trainee: trainee) {
                problems.append(BundleProblem(event: event.id, message))
            } else if let key = signingKey(event), !established.contains(key.eventID) {
                problems.append(BundleProblem(event: event.id,
                    "is signed with \(key.holder)'s key \(key.key.fingerprint) (registered in event \(key.eventID)), which does not chain back to a trusted secretariat key"
                        + (trusted.isEmpty ? " (no --trust key was given)" : "")))
            }
        }
        return deduplicated(problems)
    }

    /// One problem per event (the first found), events in id order, file-level problems first.
    static func deduplicated(_ problems: [BundleProblem]) -> [BundleProblem] {
        var seen: Set<String> = []
        return problems.filter { seen.insert($0.subject).inserted }
            .enumerated().sorted { ($0.element.eventID ?? -1, $0.offset) < ($1.element.eventID ?? -1, $1.offset) }.map(\.element)
    }

    static func positionID(_ position: JSONValue?) -> Int64? {
        if case .int(let id)? = position?["id"] { return id }
        return nil
    }

    static func events(_ value: JSONValue?, list: String) throws(BundleProblem) -> [BundleEvent] {
        guard case .array(let items)? = value else { throw BundleProblem("the file", "has no \"\(list)\" array") }
        var events: [BundleEvent] = []
        for (index, item) in items.enumerated() { events.append(try BundleEvent(json: item, index: index, list: list)) }
        return events
    }
}

extension BundleEvent {
    /// The event's id.
    public var id: Int64 { content.id }
}
