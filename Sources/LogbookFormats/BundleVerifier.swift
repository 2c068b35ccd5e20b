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
    case noBinding
    /// A problem the replay of the log found.
    case chain(ChainFault)

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
        case .noBinding: return "its position chain has no binding event (kind \"position\"): who the trainee is is not in the log"
        case .chain(let fault): return fault.description
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

    /// Every problem in the bundle text, in event order; empty when it holds.
    public static func problems(in bytes: [UInt8], trusted: Set<PublicSigningKey>) -> [BundleProblem] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return [BundleProblem(.file, .byteOrderMark)]
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            return [BundleProblem(.file, .notUTF8)]
        }
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
            if curriculum?["specialty"] != .string(payload.specialty) || curriculum?["version"] != .string(payload.version)
                || codes != .array(payload.competencies.map { .string($0) }) || curriculum?["courses"] != .array(payload.courses.map { .string($0) }) {
                problems.append(BundleProblem(event: binding.id, .curriculumDisagrees))
            }
        } else if !positionChain.contains(where: { $0.content.kind == .position }) {
            problems.append(BundleProblem(.file, .noBinding))
        }
        return deduplicated(problems)
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

extension BundleEvent {
    /// The event's id.
    public var id: Int64 { content.id }
}
