import Crypto

/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one or more signature lines
/// `— <key name> base64(key ID ‖ signature)`. Only Ed25519 (signature type 0x01) is made and read here.
public struct SignedNote: Sendable, Equatable {
    /// One signature line.
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: [UInt8]
        public let signature: [UInt8]
    }

    /// The signed text, its final newline included.
    public let text: String
    public let signatures: [Signature]

    /// `SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key)[:4]`, the key ID the spec recommends.
    public static func keyID(name: String, key: PublicSigningKey) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + key.raw).prefix(4))
    }

    /// Whether `name` may be a key name: non-empty, no Unicode space, no `+`.
    public static func isKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// The note with `text` signed by `key` under `name`, as the full note text.
    public static func sign(text: String, name: String, key: PrivateSigningKey) throws -> String {
        let signature = Base64.decode(try key.sign(Array(text.utf8))) ?? []
        return text + "\n" + "\u{2014} \(name) " + Base64.encode(keyID(name: name, key: key.publicKey) + signature) + "\n"
    }

    /// Reads a note; nil when it is not one (not ending in a signature line, a control character, a malformed line).
    public init?(_ note: String) {
        guard note.hasSuffix("\n"), !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else { return nil }
        let bytes = Array(note.utf8)
        // The text ends at the last blank line: the last "\n\n".
        var split: Int?
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { split = index; break }
            index -= 1
        }
        guard let split else { return nil }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let lines = String(decoding: bytes[(split + 2)...], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { return nil }
        var signatures: [Signature] = []
        for line in lines {
            guard line.hasPrefix("\u{2014} ") else { return nil }
            let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, Self.isKeyName(String(parts[0])), let raw = Base64.decode(String(parts[1])), raw.count > 4 else {
                return nil
            }
            signatures.append(Signature(name: String(parts[0]), keyID: Array(raw.prefix(4)), signature: Array(raw.dropFirst(4))))
        }
        self.text = text
        self.signatures = signatures
    }

    /// The first key of `keys` that signed the note under `name` (a signature line with that name and the key's ID whose
    /// Ed25519 signature verifies); nil when none did. A line naming a known key whose signature fails counts as none.
    public func signer(name: String, among keys: [PublicSigningKey]) -> PublicSigningKey? {
        for key in keys {
            let id = Self.keyID(name: name, key: key)
            for line in signatures where line.name == name && line.keyID == id {
                if key.verifies(Base64.encode(line.signature), of: Array(text.utf8)) { return key }
            }
        }
        return nil
    }
}

/// A checkpoint of the log's Merkle tree (c2sp.org/tlog-checkpoint): the origin line naming the logbook, the tree size,
/// the base64 root hash, and one extension line `time <UTC>` saying when it was made (docs/EVENT-FORMAT.md,
/// "Checkpoints"). It is the text of a signed note, signed by the server's key or a secretariat's key under the
/// origin as key name.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: Int
    public let root: Merkle.Hash
    /// When it was made, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public let time: String

    public init(origin: String, size: Int, root: Merkle.Hash, time: String) {
        self.origin = origin
        self.size = size
        self.root = root
        self.time = time
    }

    /// The note text.
    public var text: String { "\(origin)\n\(size)\n\(Base64.encode(root))\ntime \(time)\n" }

    /// The day it was made.
    public var day: CalendarDate? { CalendarDate(iso: String(time.prefix(10))) }

    /// When it was made in Unix seconds (the milliseconds dropped); nil when `time` is not `YYYY-MM-DDTHH:MM:SS…Z`.
    public var unixSeconds: Int64? { Self.unixSeconds(time) }

    /// A UTC timestamp `YYYY-MM-DDTHH:MM:SS`, optionally with a fraction, then `Z`, in Unix seconds.
    public static func unixSeconds(_ time: String) -> Int64? {
        let text = Array(time.utf8)
        guard text.count >= 20, text.last == UInt8(ascii: "Z"), text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"),
              text[16] == UInt8(ascii: ":"), let day = CalendarDate(iso: String(time.prefix(10))) else { return nil }
        func number(_ from: Int) -> Int? {
            let digits = text[from..<from + 2]
            guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return Int(String(decoding: digits, as: UTF8.self))
        }
        guard let hour = number(11), hour < 24, let minute = number(14), minute < 60, let second = number(17), second < 60 else { return nil }
        let days = CalendarDate(year: 1970, month: 1, day: 1)!.days(until: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Reads a checkpoint's note text; nil when it is not one this logbook writes.
    public init?(text: String) {
        guard text.hasSuffix("\n") else { return nil }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4, !lines[0].isEmpty, let size = Int(lines[1]), size >= 0, String(size) == lines[1],
              let root = Base64.decode(lines[2]), root.count == 32, lines[3].hasPrefix("time "),
              CalendarDate(iso: String(lines[3].dropFirst(5).prefix(10))) != nil
        else { return nil }
        self.init(origin: lines[0], size: size, root: root, time: String(lines[3].dropFirst(5)))
    }

    /// An origin made from a name (the home region): `logbook/` and the name in lower case, spaces as `-`, with only
    /// characters a key name may hold.
    public static func origin(named name: String) -> String {
        let slug = name.lowercased().unicodeScalars.map { $0.properties.isWhitespace || $0 == "+" || $0.value < 0x20 ? "-" : String($0) }.joined()
        return "logbook/" + (slug.isEmpty ? "local" : slug)
    }
}

/// A signed checkpoint as stored and exported: the note, what it says, and the frontier it was computed from.
public struct SignedCheckpoint: Sendable, Equatable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    /// The full note text, exactly as signed.
    public let noteText: String

    /// Reads a signed checkpoint; nil when the note or its text is not one.
    public init?(noteText: String) {
        guard let note = SignedNote(noteText), let checkpoint = Checkpoint(text: note.text) else { return nil }
        self.checkpoint = checkpoint
        self.note = note
        self.noteText = noteText
    }
}

/// Which registered keys may sign a checkpoint of a tree: a server key, or the key of a person holding a secretariat
/// grant on the checkpoint's day; registered by an event inside the tree (id ≤ `lastEvent`) and not revoked inside it.
public enum CheckpointSigners {
    /// The keys of `book` that may sign a checkpoint of the tree ending with event `lastEvent`, made on `day`, judged by
    /// the grant events of the authority chain `authority`.
    public static func keys(book: KeyBook, authority: [EventContent], lastEvent: Int64, on day: CalendarDate) -> [RegisteredKey] {
        var secretariats: [Int64: (holder: String, from: CalendarDate, until: CalendarDate?)] = [:]
        for event in authority where event.id <= lastEvent {
            switch event.kind {
            case .grant:
                if let grant = GrantPayload(text: event.payload), grant.role == .secretariat {
                    secretariats[event.id] = (grant.holder, grant.validFrom, grant.validUntil)
                }
            case .grantEnd:
                if let end = GrantEndPayload(text: event.payload), secretariats[end.grantEvent] != nil {
                    secretariats[end.grantEvent]!.until = end.endsOn
                }
            default: break
            }
        }
        return book.keys.filter { key in
            guard key.eventID <= lastEvent, key.revocation.map({ $0.eventID > lastEvent }) ?? true, key.isValid(on: day) else { return false }
            if key.isServer { return true }
            return secretariats.values.contains { $0.holder == key.holder && $0.from <= day && ($0.until.map { day <= $0 } ?? true) }
        }
    }
}

/// The statement a bundle carries (docs/BUNDLE-FORMAT.md, "Completeness"): signed by the exporting key as a C2SP signed
/// note under the key holder's name, it says that at the checkpoint of tree `size` with `root` the position's chain has
/// exactly `events` events, the last with hash `lastHash` (64 zeros for none), and that the reader's copies of names,
/// titles and the end shown beside them hash to `shown` (`ShownText`).
public struct BundleStatement: Sendable, Equatable {
    public let origin: String
    public let position: Int64
    public let size: Int
    public let root: Merkle.Hash
    public let events: Int
    public let lastHash: String
    public let shown: String

    public static let header = "logbook-chain-statement-v1"

    public init(origin: String, position: Int64, size: Int, root: Merkle.Hash, events: Int, lastHash: String, shown: String) {
        self.origin = origin
        self.position = position
        self.size = size
        self.root = root
        self.events = events
        self.lastHash = lastHash
        self.shown = shown
    }

    /// The note text: seven lines.
    public var text: String {
        "\(Self.header)\n\(origin)\nposition \(position)\ntree \(size) \(Base64.encode(root))\nevents \(events) \(lastHash)\nshown \(shown)\n"
    }

    /// Reads the note text; nil when it is not exactly what `text` writes.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 7, lines[0] == Self.header, lines[6].isEmpty else { return nil }
        let position = lines[2].split(separator: " "), tree = lines[3].split(separator: " "), events = lines[4].split(separator: " ")
        let shown = lines[5].split(separator: " ")
        guard position.count == 2, position[0] == "position", let id = Int64(position[1]),
              tree.count == 3, tree[0] == "tree", let size = Int(tree[1]), let root = Base64.decode(String(tree[2])), root.count == 32,
              events.count == 3, events[0] == "events", let count = Int(events[1]), events[2].count == 64,
              shown.count == 2, shown[0] == "shown", shown[1].count == 64
        else { return nil }
        self.init(origin: lines[1], position: id, size: size, root: root, events: count, lastHash: String(events[2]), shown: String(shown[1]))
        guard self.text == text else { return nil }
    }
}

/// What a reader of a bundle sees beside the signed acts that the acts themselves do not sign (issue 29, item 4): the
/// trainee's and the department's names, the position's end, the målbeskrivelse's title, validity and competency
/// titles. Their bytes — `logbook-shown-v1` and one `name:<UTF-8 length>:<value>` line each, as in an event's canonical
/// encoding — are hashed (SHA-256, hex) into the exporter's signed statement, so a bundle edited in them no longer
/// matches it.
public enum ShownText {
    /// The bytes of `fields` (name, value), in order.
    public static func bytes(_ fields: [(String, String)]) -> [UInt8] {
        var out = Array("logbook-shown-v1\n".utf8)
        for (name, value) in fields {
            let bytes = Array(value.utf8)
            out += Array("\(name):\(bytes.count):".utf8) + bytes + [0x0A]
        }
        return out
    }

    /// The SHA-256 of `bytes(fields)`, lower-case hex.
    public static func hash(_ fields: [(String, String)]) -> String { Hex.lowercase(SHA256.hash(data: bytes(fields))) }
}
