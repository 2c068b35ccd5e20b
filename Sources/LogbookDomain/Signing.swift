import Crypto

/// Base64 (RFC 4648, with padding) for keys and signatures; decoding is strict so one text has one meaning.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The bytes as base64 text.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index], b1 = index + 1 < bytes.count ? bytes[index + 1] : 0, b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of canonical base64 text, or nil for anything else (wrong characters, padding or length).
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var values: [UInt8] = []
        var output: [UInt8] = []
        for (position, char) in chars.enumerated() {
            if char == UInt8(ascii: "=") {
                guard position >= chars.count - 2, chars[position...].allSatisfy({ $0 == UInt8(ascii: "=") }) else { return nil }
                continue
            }
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            values.append(UInt8(value))
        }
        var index = 0
        while index + 1 < values.count {
            let v0 = values[index], v1 = values[index + 1]
            output.append(v0 << 2 | v1 >> 4)
            if index + 2 < values.count { output.append((v1 & 0x0F) << 4 | values[index + 2] >> 2) }
            if index + 3 < values.count { output.append((values[index + 2] & 0x03) << 6 | values[index + 3]) }
            index += 4
        }
        return encode(output) == text ? output : nil
    }
}

/// An Ed25519 public signing key (offentlig nøgle): 32 raw bytes, written as base64.
public struct PublicSigningKey: Hashable, Sendable {
    /// The 32 raw bytes.
    public let raw: [UInt8]

    /// Reads base64 of exactly 32 bytes that form a valid Ed25519 public key; nil otherwise.
    public init?(base64: String) {
        guard let bytes = Base64.decode(base64), bytes.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else { return nil }
        self.raw = bytes
    }

    /// The key from raw bytes already known to be valid.
    public init(raw: [UInt8]) { self.raw = raw }

    /// The key as base64 text (44 characters).
    public var base64: String { Base64.encode(raw) }

    /// The first 16 hex digits of SHA-256 of the raw key, in groups of four: `3f2a:91c0:5d7e:08b4`.
    public var fingerprint: String {
        let hex = SHA256.hash(data: raw).prefix(8).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return stride(from: 0, to: 16, by: 4).map { start in
            String(hex[hex.index(hex.startIndex, offsetBy: start)..<hex.index(hex.startIndex, offsetBy: start + 4)])
        }.joined(separator: ":")
    }

    /// Whether `signature` (base64 of 64 bytes) is this key's Ed25519 signature of `bytes`.
    public func verifies(_ signature: String, of bytes: [UInt8]) -> Bool {
        guard let signatureBytes = Base64.decode(signature), signatureBytes.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signatureBytes, for: bytes)
    }

    /// A key id as a user may type it: the fingerprint with or without `:` and spaces, any case.
    public static func normalizedFingerprint(_ text: String) -> String {
        text.lowercased().filter { $0 != ":" && $0 != " " && $0 != "-" }
    }
}

/// An Ed25519 private signing key (privat nøgle), held only in a file of its owner, never in the database.
public struct PrivateSigningKey: Sendable {
    /// The 32-byte seed (Curve25519.Signing.PrivateKey's raw representation).
    public let raw: [UInt8]

    /// A new random key.
    public init() { raw = Array(Curve25519.Signing.PrivateKey().rawRepresentation) }

    /// The key from its 32-byte seed; nil when the bytes are not a key.
    public init?(raw: [UInt8]) {
        guard raw.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else { return nil }
        self.raw = raw
    }

    private var key: Curve25519.Signing.PrivateKey {
        // The seed was checked when the value was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// The matching public key.
    public var publicKey: PublicSigningKey { PublicSigningKey(raw: Array(key.publicKey.rawRepresentation)) }

    /// The Ed25519 signature of `bytes`, base64.
    public func sign(_ bytes: [UInt8]) throws -> String {
        Base64.encode(Array(try key.signature(for: bytes)))
    }

    /// The text of a private key file: a header line and the base64 seed.
    public var fileText: String { PrivateSigningKey.fileHeader + "\n" + Base64.encode(raw) + "\n" }

    /// The first line of every private key file.
    public static let fileHeader = "logbook-ed25519-private-key-v1"

    /// Reads the text of a private key file; nil when it is not one.
    public init?(fileText: String) {
        let lines = fileText.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: " \r\t") }
        guard lines.count == 2, lines[0] == PrivateSigningKey.fileHeader, let bytes = Base64.decode(lines[1]) else { return nil }
        self.init(raw: bytes)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

/// The payload of a key-registration event (docs/BUNDLE-FORMAT.md): whose key, which key, valid when.
///
/// Four lines joined by line feeds, no trailing line feed:
/// `holder:HANDLE`, `key:ed25519:BASE64`, `valid_from:YYYY-MM-DD`, `valid_until:YYYY-MM-DD` (empty while open-ended).
/// A server key (the key of a `logbook serve`, which signs the acts made through it) has `server:NAME` as its
/// first line instead of `holder:HANDLE`; its `holder` is then `server:NAME`, which no person's handle can be.
public struct KeyRegistrationPayload: Hashable, Sendable {
    /// The handle of the person the key belongs to, or `server:NAME` for a server key.
    public var holder: String
    /// The registered public key.
    public var key: PublicSigningKey
    /// The first day the key may sign.
    public var validFrom: CalendarDate
    /// The last day the key may sign; nil while open-ended.
    public var validUntil: CalendarDate?

    /// Creates a payload value.
    public init(holder: String, key: PublicSigningKey, validFrom: CalendarDate, validUntil: CalendarDate?) {
        self.holder = holder
        self.key = key
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// The prefix of a server key's holder (and first payload line).
    public static let serverPrefix = "server:"

    /// Whether the key is a server's (it signs acts made through that server, never a person's own acts).
    public var isServer: Bool { holder.hasPrefix(Self.serverPrefix) }

    /// The server's name, for a server key.
    public var serverName: String? { isServer ? String(holder.dropFirst(Self.serverPrefix.count)) : nil }

    /// The payload text stored in the event.
    public var text: String {
        (isServer ? holder : "holder:\(holder)") + "\nkey:ed25519:\(key.base64)\nvalid_from:\(validFrom.iso)\nvalid_until:\(validUntil?.iso ?? "")"
    }

    /// Reads a payload; nil unless it is exactly in the form `text` writes.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4, lines[0].hasPrefix("holder:") || lines[0].hasPrefix(Self.serverPrefix), lines[1].hasPrefix("key:ed25519:"),
              lines[2].hasPrefix("valid_from:"), lines[3].hasPrefix("valid_until:"),
              let key = PublicSigningKey(base64: String(lines[1].dropFirst("key:ed25519:".count))),
              let from = CalendarDate(iso: String(lines[2].dropFirst("valid_from:".count)))
        else { return nil }
        let untilText = String(lines[3].dropFirst("valid_until:".count))
        let until = untilText.isEmpty ? nil : CalendarDate(iso: untilText)
        if !untilText.isEmpty && until == nil { return nil }
        if let until, until < from { return nil }
        let server = lines[0].hasPrefix(Self.serverPrefix)
        let name = server ? String(lines[0].dropFirst(Self.serverPrefix.count)) : String(lines[0].dropFirst("holder:".count))
        // A handle and a server name never contain ":" (so `holder:server:x` is no server key).
        guard !name.isEmpty, !name.contains(":") else { return nil }
        self.init(holder: server ? Self.serverPrefix + name : name, key: key, validFrom: from, validUntil: until)
        guard self.text == text else { return nil }
    }
}

/// One registered key as the key chain shows it: its registration and, if any, its revocation.
public struct RegisteredKey: Hashable, Sendable {
    /// The key-registration event's id.
    public var eventID: Int64
    /// What was registered.
    public var payload: KeyRegistrationPayload
    /// Who registered it (handle) and on which day.
    public var registrar: String
    public var registeredOn: CalendarDate
    /// The revocation event, its maker, day and reason, when the key was revoked.
    public var revocation: Revocation?

    public static func == (lhs: RegisteredKey, rhs: RegisteredKey) -> Bool {
        lhs.eventID == rhs.eventID && lhs.revocation?.eventID == rhs.revocation?.eventID
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(eventID) }

    /// Creates a record.
    public init(eventID: Int64, payload: KeyRegistrationPayload, registrar: String, registeredOn: CalendarDate,
                revocation: Revocation? = nil) {
        self.eventID = eventID
        self.payload = payload
        self.registrar = registrar
        self.registeredOn = registeredOn
        self.revocation = revocation
    }

    public var holder: String { payload.holder }
    public var key: PublicSigningKey { payload.key }

    /// Whether the key is valid on `day`: from `validFrom` through `validUntil`, both included.
    public func isValid(on day: CalendarDate) -> Bool {
        payload.validFrom <= day && (payload.validUntil.map { day <= $0 } ?? true)
    }

    /// Whether this is a server key (docs/BUNDLE-FORMAT.md, "Server keys").
    public var isServer: Bool { payload.isServer }

    /// Whether this key is the one `event` must be signed with: registered before it in the log, not revoked before
    /// it (the revocation itself may still be signed with it), and
    /// - a person's key: its holder made the event outside a server (no `authentication`), valid on the event's date;
    /// - a server key: the event was made through a server (it names how its maker authenticated), valid on the day
    ///   it was recorded (the server signs when it records).
    public func applies(to event: EventContent) -> Bool {
        guard eventID < event.id, revocation.map({ event.id <= $0.eventID }) ?? true else { return false }
        if isServer {
            guard event.authentication != nil, let day = event.recordedOn else { return false }
            return isValid(on: day)
        }
        return event.authentication == nil && event.actor == holder && isValid(on: event.effectiveOn)
    }

}

/// The registered keys of a log (nøgleregister), read from its key chain, and the signature rules.
public struct KeyBook: Sendable {
    /// Every registered key in registration order.
    public private(set) var keys: [RegisteredKey]

    /// A book of these keys.
    public init(keys: [RegisteredKey] = []) { self.keys = keys }

    /// Reads the key chain (key registrations and the revocations of keys, events without a position, in order).
    /// Returns the book and, per event that is not a readable registration or key revocation, why.
    public static func read(chain: [EventContent]) -> (book: KeyBook, problems: [ChainProblem]) {
        var book = KeyBook()
        var problems: [ChainProblem] = []
        for event in chain {
            switch event.kind {
            case .keyRegistration:
                guard let payload = KeyRegistrationPayload(text: event.payload) else {
                    problems.append(ChainProblem(eventID: event.id, .payloadNot(.keyRegistration)))
                    continue
                }
                if let other = book.keys.first(where: { $0.key == payload.key }) {
                    problems.append(ChainProblem(eventID: event.id, .registersKeyAgain(fingerprint: payload.key.fingerprint, first: other.eventID)))
                    continue
                }
                book.keys.append(RegisteredKey(eventID: event.id, payload: payload, registrar: event.actor, registeredOn: event.effectiveOn))
            case .revocation:
                guard let index = book.keys.firstIndex(where: { $0.eventID == event.revokes }), book.keys[index].revocation == nil else {
                    problems.append(ChainProblem(eventID: event.id, .revokesNoStandingKey(event: event.revokes)))
                    continue
                }
                book.keys[index].revocation = Revocation(eventID: event.id, actor: event.actor, on: event.effectiveOn, reason: event.text)
            case .grant, .grantEnd, .personName, .departmentName:
                continue
            default:
                problems.append(ChainProblem(eventID: event.id, .positionKindInKeyChain(kind: event.kind.rawValue)))
            }
        }
        return (book, problems)
    }

    /// The keys of one person, in registration order.
    public func keys(of holder: String) -> [RegisteredKey] { keys.filter { $0.holder == holder } }

    /// The key registered with this public key, if any.
    public func key(_ key: PublicSigningKey) -> RegisteredKey? { keys.first { $0.key == key } }

    /// The keys its maker must sign `event` with (usually none or one).
    public func keysApplying(to event: EventContent) -> [RegisteredKey] { keys.filter { $0.applies(to: event) } }

    /// Why `event`'s signature (or its absence) is wrong, or nil when it is right (docs/BUNDLE-FORMAT.md, Signatures).
    ///
    /// An event must be signed exactly when its maker has a key that applies to it, and then by such a key. The
    /// bootstrap registration is signed by the key it registers. `trainee` is the position's trainee: an event
    /// signed with the trainee's own key is named as such.
    public func signatureProblem(_ event: EventContent, signature: String?, trainee: String? = nil,
                                 bootstrapAllowed: (RegisteredKey) -> Bool = { _ in true }) -> ChainFault? {
        let applying = keysApplying(to: event)
        let bytes = event.canonicalBytes
        if event.kind == .keyRegistration, let own = keys.first(where: { $0.eventID == event.id }), own.holder == event.actor {
            guard keys.first?.eventID == event.id, event.actorRole == GrantRole.secretariat.rawValue else {
                return .ownKeyNotFirst(actor: event.actor, fingerprint: own.key.fingerprint)
            }
            guard let signature, own.key.verifies(signature, of: bytes) else {
                return .bootstrapNotSigned(fingerprint: own.key.fingerprint)
            }
            return bootstrapAllowed(own) ? nil : .bootstrapUntrusted(fingerprint: own.key.fingerprint, holder: own.holder)
        }
        if let method = event.authentication {
            guard AuthenticationMethod(rawValue: method) != nil else { return .unknownAuthentication(method: method) }
            guard let signature else { return .serverEventUnsigned(actor: event.actor, method: method) }
            if Base64.decode(signature)?.count != 64 { return .signatureNotBase64 }
            if applying.contains(where: { $0.key.verifies(signature, of: bytes) }) { return nil }
            guard let other = keys.first(where: { $0.key.verifies(signature, of: bytes) }) else {
                return .serverEventNotByServerKey(actor: event.actor)
            }
            return other.isServer
                ? .serverKeyNotValidOn(name: other.payload.serverName ?? "", fingerprint: other.key.fingerprint,
                                       day: event.recordedOn ?? event.effectiveOn, event: other.eventID, validity: other.validity)
                : .serverEventSignedByPerson(holder: other.holder, fingerprint: other.key.fingerprint)
        }
        guard let signature else {
            guard let key = applying.first else { return nil }
            return .unsignedWithKeyOn(actor: event.actor, fingerprint: key.key.fingerprint, event: key.eventID, validity: key.validity, day: event.effectiveOn)
        }
        if Base64.decode(signature)?.count != 64 { return .signatureNotBase64 }
        if applying.contains(where: { $0.key.verifies(signature, of: bytes) }) { return nil }
        if let trainee, trainee != event.actor,
           let own = keys(of: trainee).first(where: { $0.key.verifies(signature, of: bytes) }) {
            return .signedWithTraineeKey(trainee: trainee, fingerprint: own.key.fingerprint, actor: event.actor)
        }
        if let other = keys(of: event.actor).first(where: { $0.key.verifies(signature, of: bytes) }) {
            return .keyNotValidFor(actor: event.actor, fingerprint: other.key.fingerprint, day: event.effectiveOn, event: other.eventID, validity: other.validity)
        }
        if let server = keys.first(where: { $0.isServer && $0.key.verifies(signature, of: bytes) }) {
            return .serverSignatureWithoutAuthentication(name: server.payload.serverName ?? "", fingerprint: server.key.fingerprint)
        }
        if let other = keys.first(where: { $0.key.verifies(signature, of: bytes) }) {
            return .signedWithOthersKey(holder: other.holder, fingerprint: other.key.fingerprint, actor: event.actor)
        }
        if applying.isEmpty {
            return .signedByUnregisteredKey(actor: event.actor, day: event.effectiveOn)
        }
        return .signatureMismatch(actor: event.actor, fingerprint: applying[0].key.fingerprint)
    }
}
