import Foundation
import LogbookDomain
import LogbookFormats
import Testing

/// The server's own key (issue 15): a secretariat registers it as `server:NAME`; every act made through `logbook serve`
/// names how its maker authenticated and is signed with it; `verify`, `verify --bundle` and tools/verify_bundle.py
/// accept it under the secretariat's trust and reject what an attacker with the file and a key of their own makes.
@Suite("The server's key: acts through logbook serve are signed by it, and both verifiers check them")
struct ServerSigningTests {
    /// The public key `key generate --server-file` printed.
    static func publicKey(_ result: RunResult) -> String {
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("public key:") } ?? ""
        return line.dropFirst("public key:".count).trimmingCharacters(in: .whitespaces)
    }

    @Test("register the server's key, approve through the server: signed by the server naming the password log-in; forgeries rejected",
          .timeLimit(.minutes(3)))
    func signedThroughTheServer() async throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpKeys()
        let keyPath = box.folder.appendingPathComponent("server.key").path
        let generated = try box.must(["key", "generate", "--server-file", keyPath])
        let publicKey = Self.publicKey(generated)
        #expect(PublicSigningKey(base64: publicKey) != nil, "\(generated.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try box.run(["key", "generate", "--server-file", keyPath]).status != 0, "an existing key file is kept")

        // Only a secretariat registers a server's key; a server whose key is not registered does not start.
        let byUAO = try box.run(["key", "register", "server:afd", publicKey, "--from", "2026-01-01"], as: "dr.lead")
        #expect(byUAO.status != 0 && byUAO.stderr.contains("only a secretariat"), "\(byUAO.stderr)")
        let early = try ServerProcess(box, environment: ["LOGBOOK_SERVER_KEY_FILE": keyPath])
        #expect(early.stop() != 0)
        #expect(early.errorText.contains("is not registered"))

        try box.must(["key", "register", "server:afd", publicKey, "--from", "2026-01-01"], as: "sek.a")
        let listed = try box.must(["key", "list"])
        #expect(listed.stdout.contains("server:afd"))
        let token = try box.must(["account", "invite", "dr.berg"], as: "dr.lead").stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let server = try ServerProcess(box, environment: ["LOGBOOK_SERVER_KEY_FILE": keyPath])
        #expect(server.firstLine.hasPrefix("listening on "), "\(server.firstLine)")
        let headers = try await server.logIn("dr.berg", invitation: token)
        let approved = try await ServeTests.request("POST", server.base + "/api/v1/positions/1/approvals",
                                                    json: ["codes": ["I1"], "comment": "via the server"], headers: headers)
        #expect(approved.status == 201, "\(String(decoding: approved.body, as: UTF8.self))")
        #expect(server.stop() == 0)

        // Stored with how dr.berg authenticated, signed by the server's key (dr.berg's own key stays on his computer).
        let stored = try box.sql("SELECT authentication, signature FROM event WHERE kind = 'competency-approval' AND text = 'via the server'")
        let parts = stored.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        #expect(parts.first == "password")
        #expect(try box.run(["verify"]).status == 0)

        try box.must(["export", "--position", "1", "-o", "bundle.json"])
        let path = box.folder.appendingPathComponent("bundle.json").path
        let signing = SigningTests()
        let (own, python) = try signing.verifyBoth(box, path)
        #expect(own.status == 0, "\(own.stdout)\(own.stderr)")
        if let python { #expect(python.status == 0, "\(python.stdout)\(python.stderr)") }

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let original = try BundleDocument(text)
        let index = try #require(original.events.lastIndex { $0["authentication"] != nil })
        guard case .string(let idText)? = original.events[index]["id"] else { throw CancellationError() }

        // How dr.berg authenticated is signed and hashed: changing it breaks the event.
        var changed = original
        var event = changed.events
        if case .object(var members) = event[index] {
            members = members.map { $0.0 == "authentication" ? ($0.0, .string("proxy")) : $0 }
            event[index] = .object(members)
        }
        changed.events = event
        try signing.expectRejected(box, changed.text, naming: "event \(idText)")

        // The trainee, holding the file and her own registered key, forges an approval "through the server".
        var forged = original
        let ung = try box.privateKey("dr.ung")
        let byTrainee = try forged.appendForged(competency: "I2", actor: "dr.berg", on: "2026-06-15", signedWith: ung,
                                                authentication: "password")
        try signing.expectRejected(box, forged.text, naming: "event \(byTrainee)")

        // dr.berg's own key cannot vouch for what claims to be the server's.
        var ownKey = original
        let byBerg = try ownKey.appendForged(competency: "I2", actor: "dr.berg", on: "2026-06-15", signedWith: try box.privateKey("dr.berg"),
                                             authentication: "password+totp")
        try signing.expectRejected(box, ownKey.text, naming: "event \(byBerg)")

        // A key of the attacker's own, and a method no server records.
        var stranger = original
        let byStranger = try stranger.appendForged(competency: "I2", actor: "dr.berg", on: "2026-06-15", signedWith: PrivateSigningKey(),
                                                   authentication: "password")
        try signing.expectRejected(box, stranger.text, naming: "event \(byStranger)")
        var method = original
        let serverKey = try #require(PrivateSigningKey(fileText: try String(contentsOfFile: keyPath, encoding: .utf8)))
        let unknown = try method.appendForged(competency: "I2", actor: "dr.berg", on: "2026-06-15", signedWith: serverKey,
                                              authentication: "smartcard")
        try signing.expectRejected(box, method.text, naming: "event \(unknown)")
        // The server's key on an event that does not say it was made through a server.
        var unmarked = original
        let plain = try unmarked.appendForged(competency: "I2", actor: "dr.berg", on: "2026-06-15", signedWith: serverKey)
        try signing.expectRejected(box, unmarked.text, naming: "event \(plain)")

        // Mutations of the bundle with the server's act: both verifiers give the same verdict on each (issue 11's harness).
        if SigningTests.python("the differential run on the server's act (tools/differential.py)") {
            let seed = String(Int(Date().timeIntervalSince1970))
            let result = try Binary.runTool("/usr/bin/env", [
                "python3", AttackTests.root.appendingPathComponent("tools/differential.py").path, Binary.path, path,
                box.keyDirectory + "/sek.a.pub", box.keyDirectory, "60", seed,
            ])
            #expect(result.status == 0 && result.stdout.contains("0 failures"), "seed \(seed):\n\(result.stdout)\(result.stderr)")
        }
    }
}
