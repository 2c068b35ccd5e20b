import Testing
@testable import LogbookDomain

private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// A registered key of `holder`, registered in event `id`, valid from/until, optionally revoked by event `revokedBy`.
private func registered(_ key: PrivateSigningKey, _ holder: String, id: Int64, from: String = "2026-01-01", until: String? = nil,
                        revokedBy: Int64? = nil) -> RegisteredKey {
    RegisteredKey(eventID: id, payload: KeyRegistrationPayload(holder: holder, key: key.publicKey, validFrom: date(from),
                                                               validUntil: until.map(date)),
                  registrar: "sek.a", registeredOn: date(from),
                  revocation: revokedBy.map { Revocation(eventID: $0, actor: "sek.a", on: date("2026-06-01"), reason: "lost") })
}

private func approval(id: Int64, by actor: String = "dr.berg", on day: String = "2026-03-04") -> EventContent {
    EventContent(id: id, kind: .competencyApproval, positionID: 1, competencyCode: "I1", effectiveOn: date(day),
                 recordedAt: "2026-03-04T10:00:00.000Z", actor: actor, actorRole: "supervisor", actorDepartment: "KARD",
                 previousHash: EventContent.genesisHash)
}

@Suite("Signing: base64, keys, payloads, which key applies, signature rules, who registers keys")
struct SigningRuleTests {
    @Test("base64 round-trips and refuses non-canonical text", arguments: [
        ([], ""), ([0x66], "Zg=="), ([0x66, 0x6F], "Zm8="), ([0x66, 0x6F, 0x6F], "Zm9v"), ([0xFF, 0xFE, 0xFD, 0x00], "//79AA=="),
    ] as [([UInt8], String)])
    func base64(bytes: [UInt8], text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.decode(text) == bytes)
    }

    @Test("base64 refuses", arguments: ["Zg=", "Zg", "Zh==", "Z===", "Zm9v\n", "Zm 9", "Zm9v====", "=Zm9"])
    func base64Refuses(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("a public key is base64 of 32 bytes; its fingerprint is 16 hex digits in groups of four")
    func publicKey() throws {
        let key = PrivateSigningKey()
        let parsed = try #require(PublicSigningKey(base64: key.publicKey.base64))
        #expect(parsed == key.publicKey)
        #expect(parsed.fingerprint.count == 19 && parsed.fingerprint.split(separator: ":").count == 4)
        #expect(PublicSigningKey(base64: Base64.encode([UInt8](repeating: 1, count: 31))) == nil)
        #expect(PublicSigningKey.normalizedFingerprint("AB12:cd34 ef56-7890") == "ab12cd34ef567890")
        let signature = try key.sign([1, 2, 3])
        #expect(parsed.verifies(signature, of: [1, 2, 3]))
        #expect(!parsed.verifies(signature, of: [1, 2, 4]))
        #expect(PrivateSigningKey(fileText: key.fileText)?.raw == key.raw)
        #expect(PrivateSigningKey(fileText: "logbook-ed25519-private-key-v2\n" + Base64.encode(key.raw)) == nil)
    }

    @Test("a key-registration payload is exactly four lines", arguments: [
        ("holder:dr.berg\nkey:ed25519:KEY\nvalid_from:2026-01-01\nvalid_until:", true),
        ("holder:dr.berg\nkey:ed25519:KEY\nvalid_from:2026-01-01\nvalid_until:2026-12-31", true),
        ("holder:dr.berg\nkey:ed25519:KEY\nvalid_from:2026-01-01\nvalid_until:\n", false),
        ("holder:\nkey:ed25519:KEY\nvalid_from:2026-01-01\nvalid_until:", false),
        ("holder:dr.berg\nkey:ed25519:KEY\nvalid_from:2026-1-1\nvalid_until:", false),
        ("holder:dr.berg\nkey:rsa:KEY\nvalid_from:2026-01-01\nvalid_until:", false),
        ("key:ed25519:KEY\nholder:dr.berg\nvalid_from:2026-01-01\nvalid_until:", false),
    ])
    func payload(text: String, valid: Bool) {
        let filled = text.replacingOccurrences(of: "KEY", with: PrivateSigningKey().publicKey.base64)
        let parsed = KeyRegistrationPayload(text: filled)
        #expect((parsed != nil) == valid)
        if let parsed { #expect(parsed.text == filled) }
    }

    @Test("which events a key applies to", arguments: [
        ("after registration, within validity", 5, "dr.berg", "2026-03-04", true),
        ("made before the key was registered", 2, "dr.berg", "2026-03-04", false),
        ("by someone else", 5, "dr.lead", "2026-03-04", false),
        ("dated before valid_from", 5, "dr.berg", "2025-12-31", false),
        ("dated after valid_until", 5, "dr.berg", "2027-01-01", false),
        ("the last day of validity", 5, "dr.berg", "2026-12-31", true),
        ("the revocation itself may be signed", 9, "dr.berg", "2026-03-04", true),
        ("after the revocation", 10, "dr.berg", "2026-03-04", false),
    ] as [(String, Int64, String, String, Bool)])
    func applies(_ name: String, id: Int64, actor: String, on day: String, expected: Bool) {
        let key = registered(PrivateSigningKey(), "dr.berg", id: 3, until: "2026-12-31", revokedBy: 9)
        #expect(key.applies(to: approval(id: id, by: actor, on: day)) == expected, "\(name)")
    }

    @Test("signature rules: required when a key applies, refused otherwise, named when by the wrong key")
    func signatureRules() throws {
        let berg = PrivateSigningKey(), trainee = PrivateSigningKey(), stranger = PrivateSigningKey()
        let book = KeyBook(keys: [registered(berg, "dr.berg", id: 3, until: "2026-12-31"), registered(trainee, "dr.ung", id: 4)])
        let event = approval(id: 5)
        #expect(book.signatureProblem(event, signature: try berg.sign(event.canonicalBytes)) == nil)
        #expect(book.signatureProblem(event, signature: nil)?.description.contains("is unsigned, but dr.berg had key") == true)
        #expect(book.signatureProblem(event, signature: try trainee.sign(event.canonicalBytes), trainee: "dr.ung")?
            .description.contains("trainee dr.ung's own key") == true)
        #expect(book.signatureProblem(event, signature: try stranger.sign(event.canonicalBytes))?.description.contains("does not match") == true)
        #expect(book.signatureProblem(event, signature: try berg.sign([0]))?.description.contains("does not match") == true)
        #expect(book.signatureProblem(event, signature: "abc")?.description.contains("not base64 of 64 bytes") == true)
        let late = approval(id: 6, on: "2027-02-01")
        #expect(book.signatureProblem(late, signature: nil) == nil)
        #expect(book.signatureProblem(late, signature: try berg.sign(late.canonicalBytes))?.description.contains("not valid for it on 2027-02-01") == true)
        let keyless = approval(id: 7, by: "dr.dkv")
        #expect(book.signatureProblem(keyless, signature: nil) == nil)
        #expect(book.signatureProblem(keyless, signature: try stranger.sign(keyless.canonicalBytes))?.description.contains("not registered for dr.dkv") == true)
    }

    @Test("the key chain: registrations, revocations and the bootstrap")
    func keyChain() throws {
        let sek = PrivateSigningKey(), lead = PrivateSigningKey()
        func registration(_ id: Int64, _ actor: String, _ key: PrivateSigningKey, holder: String) -> EventContent {
            EventContent(id: id, kind: .keyRegistration, positionID: nil, effectiveOn: date("2026-01-01"), recordedAt: "t",
                         actor: actor, actorRole: "secretariat", actorDepartment: nil,
                         payload: KeyRegistrationPayload(holder: holder, key: key.publicKey, validFrom: date("2026-01-01"), validUntil: nil).text,
                         previousHash: "")
        }
        let first = registration(1, "sek.a", sek, holder: "sek.a")
        let second = registration(2, "sek.a", lead, holder: "dr.lead")
        let again = registration(3, "sek.a", lead, holder: "dr.lead")
        let selfMade = registration(4, "dr.lead", PrivateSigningKey(), holder: "dr.lead")
        let (book, problems) = KeyBook.read(chain: [first, second, again, selfMade])
        #expect(book.keys.count == 3)
        #expect(problems.map(\.eventID) == [3])
        #expect(book.signatureProblem(first, signature: try sek.sign(first.canonicalBytes)) == nil)
        #expect(book.signatureProblem(first, signature: nil)?.description.contains("not signed by that key") == true)
        #expect(book.signatureProblem(first, signature: try sek.sign(first.canonicalBytes), bootstrapAllowed: { _ in false })?
            .description.contains("not a trusted key") == true)
        #expect(book.signatureProblem(second, signature: try sek.sign(second.canonicalBytes)) == nil)
        #expect(book.signatureProblem(selfMade, signature: nil)?.description.contains("only the first key of a log may be self-registered") == true)
    }
}

@Suite("Who may register a signing key")
struct KeyAccessTests {
    static let kard = AccessDepartment(id: 1, code: "KARD", kind: .hospital, region: "Syddanmark")

    private static func person(_ id: Int64, _ handle: String, _ grants: [(GrantRole, GrantScope)]) -> Actor {
        Actor(id: id, handle: handle, grants: grants.map { Grant(personID: id, role: $0.0, scope: $0.1, validFrom: date("2026-01-01")) })
    }

    static let secretariat = person(1, "sek.a", [(.secretariat, .region("Syddanmark"))])
    static let otherSecretariat = person(2, "sek.b", [(.secretariat, .region("Midtjylland"))])
    static let uao = person(3, "dr.lead", [(.uao, .department(1))])
    static let supervisor = person(4, "dr.berg", [(.supervisor, .department(1))])
    static let trainee = person(5, "dr.ung", [])
    static let both = person(6, "dr.both", [(.supervisor, .department(1)), (.secretariat, .region("Syddanmark"))])

    @Test("by whoever may grant every role the holder holds; a trainee's by their department's lead or secretariat", arguments: [
        ("the secretariat registers a UAO's key", uao, secretariat, true),
        ("another region's secretariat may not", uao, otherSecretariat, false),
        ("a UAO may not register a UAO's key", uao, uao, false),
        ("the UAO registers a hovedvejleder's key", supervisor, uao, true),
        ("the secretariat may not register a hovedvejleder's key", supervisor, secretariat, false),
        ("the UAO registers the trainee's key", trainee, uao, true),
        ("the secretariat registers the trainee's key", trainee, secretariat, true),
        ("a hovedvejleder may not register the trainee's key", trainee, supervisor, false),
        ("someone with two roles needs a registrar for both: the UAO is not enough", both, uao, false),
        ("a secretariat's key by another secretariat of the region", secretariat, both, true),
    ] as [(String, Actor, Actor, Bool)])
    func mayRegister(_ name: String, holder: Actor, registrar: Actor, allowed: Bool) {
        let decision = Access.mayRegisterKey(for: holder, departments: [Self.kard], traineeIn: holder.grants.isEmpty ? [Self.kard] : [],
                                             by: registrar, on: date("2026-06-15"))
        #expect((decision.permit != nil) == allowed, "\(name): \(decision)")
    }

    @Test("nobody registers their own key; nobody registers a key for someone without a role or position")
    func refusals() {
        let own = Access.mayRegisterKey(for: Self.uao, departments: [Self.kard], traineeIn: [], by: Self.uao, on: date("2026-06-15"))
        #expect(own.refusal?.description == "dr.lead cannot register or revoke their own key; ask someone who may grant their role")
        let nobody = Access.mayRegisterKey(for: Self.trainee, departments: [], traineeIn: [], by: Self.uao, on: date("2026-06-15"))
        #expect(nobody.permit == nil)
    }
}

@Suite("Who may invite a person to log in")
struct InviteAccessTests {
    typealias People = KeyAccessTests

    @Test("a newcomer (no grant, no position ever) by whoever may register people; anyone else as their key", arguments: [
        ("the secretariat invites a newcomer", People.secretariat, true, true),
        ("the UAO invites a newcomer", People.uao, true, true),
        ("a hovedvejleder may not invite a newcomer", People.supervisor, true, false),
        ("someone whose grants ended is no newcomer: refused as for their key", People.secretariat, false, false),
        ("nor is a former trainee", People.uao, false, false),
    ] as [(String, Actor, Bool, Bool)])
    func mayInvite(_ name: String, inviter: Actor, newcomer: Bool, allowed: Bool) {
        let day = date("2026-06-15")
        let key = Access.mayRegisterKey(for: People.trainee, departments: [], traineeIn: [], by: inviter, on: day)
        #expect(key.permit == nil, "no one registers a key for someone without a role or position")
        let decision = Access.mayInvite(keyDecision: key, newcomer: newcomer, by: inviter, on: day)
        #expect((decision.permit != nil) == allowed, "\(name): \(decision)")
    }

    @Test("a newcomer's invitation never overrides another refusal: nobody invites themselves")
    func ownRefusalStands() {
        let day = date("2026-06-15")
        let own = Access.mayRegisterKey(for: People.trainee, departments: [], traineeIn: [], by: People.trainee, on: day)
        #expect(Access.mayInvite(keyDecision: own, newcomer: true, by: People.trainee, on: day).permit == nil)
        // The key rule's permit passes through unchanged.
        let granted = Access.mayRegisterKey(for: People.supervisor, departments: [People.kard], traineeIn: [], by: People.uao, on: day)
        #expect(Access.mayInvite(keyDecision: granted, newcomer: false, by: People.uao, on: day).permit != nil)
    }
}
