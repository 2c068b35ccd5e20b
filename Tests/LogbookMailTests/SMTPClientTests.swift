import Foundation
import NIOCore
import NIOEmbedded
import SMTPSinkSupport
import Testing
@testable import LogbookMail

/// Delivery to a real SMTP server (aiosmtpd, Tests/Support/smtp_sink.py) on loopback, and the reply reader alone.
@Suite("SMTPClient against a real SMTP server on loopback", .timeLimit(.minutes(1)))
struct SMTPClientTests {
    static let sender = try! MailAddress("logbog@ouh.dk", displayName: "Logbog OUH")

    static func message(to address: String, name: String? = nil, subject: String = "Påmindelse: vejledersamtale",
                        body: String = "Hej\n\nDu mangler I2.\n") throws -> MailMessage {
        try MailMessage(from: sender, to: MailAddress(address, displayName: name), subject: subject, body: body)
    }

    static func settings(_ port: Int, _ security: SMTPSettings.Security = .none, host: String = "127.0.0.1", caFile: String? = nil,
                         login: SMTPSettings.Credentials? = nil, timeout: Duration = .seconds(10)) -> SMTPSettings {
        SMTPSettings(host: host, port: port, security: security, sender: sender, credentials: login, caFile: caFile, timeout: timeout,
                     heloName: "logbook.test")
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Header value (unfolded, encoded-words decoded) and QP-decoded body of a received message.
    static func decode(_ received: SMTPSink.Received) -> (headers: [String: String], body: String) {
        let text = received.text
        let end = text.range(of: "\r\n\r\n")!
        var headers: [String: String] = [:]
        for line in text[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
            let colon = line.firstIndex(of: ":")!
            headers[String(line[..<colon])] = MIMEEncoding.decodeHeaderValue(String(line[line.index(after: colon)...].dropFirst()))
        }
        let body = String(decoding: MIMEEncoding.decodeQP(Array(text[end.upperBound...].utf8)), as: UTF8.self)
        return (headers, body)
    }

    @Test("plain: two messages over one connection arrive byte for byte; Danish subject, names and body decode intact")
    func plainDelivery() async throws {
        guard SMTPSink.ready() else { return }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let body = "Kære Søren\n\nFølgende kompetencer mangler: I2 (Ærø), I5.\n.\n..en linje med punktum\nFrom here\n"
            + String(repeating: "Lang linje med æøå ", count: 10) + "\nVenlig hilsen\nLogbog"
        let first = try Self.message(to: "soren@ouh.dk", name: "Søren Ærø Østergård", subject: "Påmindelse: 3 kompetencer forfalder – æøå ÆØÅ", body: body)
        let second = try Self.message(to: "lone@ouh.dk", subject: "Plain subject", body: "Hej Lone")
        let results = try await SMTPClient(settings: Self.settings(sink.port)).send([first, second])
        #expect(results.map(\.isDelivered) == [true, true])
        #expect(results.map(\.messageID) == [first.messageID, second.messageID])

        let received = try sink.received()
        try #require(received.count == 2)
        #expect(received[0].mail_from == "logbog@ouh.dk" && received[0].rcpt_tos == ["soren@ouh.dk"])
        #expect(received[1].rcpt_tos == ["lone@ouh.dk"])
        #expect(!received[0].tls && received[0].auth_user == nil)
        // Exactly the rendered bytes: dot-stuffing undone by the server, nothing lost or added.
        #expect(received[0].data == first.rendered())
        #expect(received[1].data == second.rendered())
        let decoded = Self.decode(received[0])
        #expect(decoded.headers["Subject"] == "Påmindelse: 3 kompetencer forfalder – æøå ÆØÅ")
        #expect(decoded.headers["To"] == "Søren Ærø Østergård <soren@ouh.dk>")
        #expect(decoded.headers["From"] == "Logbog OUH <logbog@ouh.dk>")
        #expect(decoded.body == body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }

    @Test("a recipient the server refuses (550) does not stop the others")
    func rejectedRecipient() async throws {
        guard SMTPSink.ready() else { return }
        let sink = try SMTPSink(["--reject", "gone@ouh.dk"])
        defer { sink.stop() }
        let messages = try ["a@ouh.dk", "gone@ouh.dk", "b@ouh.dk"].map { try Self.message(to: $0) }
        let results = try await SMTPClient(settings: Self.settings(sink.port)).send(messages)
        #expect(results[0].isDelivered && results[2].isDelivered)
        guard case .refused(.recipient, let reply) = results[1].outcome else {
            Issue.record("expected a refusal at RCPT TO: \(results[1].outcome)")
            return
        }
        #expect(reply.code == 550 && reply.text.contains("no such user"))
        #expect(results[1].recipient.address == "gone@ouh.dk")
        #expect(try sink.received().map(\.rcpt_tos) == [["a@ouh.dk"], ["b@ouh.dk"]])
    }

    @Test("the relay gives up mid-batch (421, then closes): the messages before keep their outcome, the rest are failed")
    func connectionLostMidBatch() async throws {
        guard SMTPSink.ready() else { return }
        let sink = try SMTPSink(["--close-after", "1"])
        defer { sink.stop() }
        let messages = try ["a@ouh.dk", "b@ouh.dk", "c@ouh.dk"].map { try Self.message(to: $0) }
        let results = try await SMTPClient(settings: Self.settings(sink.port)).send(messages)
        try #require(results.count == 3)
        #expect(results[0].isDelivered)
        let closing = MailError.unexpectedReply(.message, SMTPReply(code: 421, lines: ["4.3.2 closing the connection"]))
        #expect(results[1].outcome == .failed(closing) && results[2].outcome == .failed(closing))
        #expect(results.map(\.recipient.address) == ["a@ouh.dk", "b@ouh.dk", "c@ouh.dk"])
        #expect(try sink.received().map(\.rcpt_tos) == [["a@ouh.dk"]])
    }

    @Test("STARTTLS with a private CA from the CA file, and AUTH over it")
    func startTLSWithCAFileAndLogin() async throws {
        guard SMTPSink.ready() else { return }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certs = try SMTPSink.makeCertificates(in: folder)
        let sink = try SMTPSink(["--starttls", certs.cert, certs.key, "--auth", "logbog", "kodeord æøå"])
        defer { sink.stop() }
        let settings = Self.settings(sink.port, .starttls, host: "localhost", caFile: certs.ca,
                                     login: .init(user: "logbog", password: "kodeord æøå"))
        let message = try Self.message(to: "lone@ouh.dk")
        let results = try await SMTPClient(settings: settings).send([message])
        #expect(results.map(\.isDelivered) == [true])
        let received = try sink.received()
        #expect(received.count == 1 && received.first?.tls == true && received.first?.auth_user == "logbog")
        #expect(received.first?.data == message.rendered())

        // A wrong password: the login is refused with the server's code, nothing is sent.
        let wrong = Self.settings(sink.port, .starttls, host: "localhost", caFile: certs.ca, login: .init(user: "logbog", password: "forkert"))
        await #expect(throws: MailError.authenticationFailed(SMTPReply(code: 535, lines: ["5.7.8 Authentication credentials invalid"]))) {
            try await SMTPClient(settings: wrong).send([message])
        }
        #expect(try sink.received().count == 1)
    }

    @Test("implicit TLS (port 465 style) to an IP address: the certificate is checked against the address")
    func implicitTLS() async throws {
        guard SMTPSink.ready() else { return }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certs = try SMTPSink.makeCertificates(in: folder)
        let sink = try SMTPSink(["--tls", certs.cert, certs.key])
        defer { sink.stop() }
        let results = try await SMTPClient(settings: Self.settings(sink.port, .tls, host: "127.0.0.1", caFile: certs.ca))
            .send([try Self.message(to: "lone@ouh.dk")])
        #expect(results.map(\.isDelivered) == [true])
        #expect(try sink.received().first?.tls == true)
    }

    @Test("without the CA file the self-signed relay is not trusted: a TLS error, nothing sent, no login")
    func untrustedCertificate() async throws {
        guard SMTPSink.ready() else { return }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certs = try SMTPSink.makeCertificates(in: folder)
        for (arguments, security) in [(["--starttls", certs.cert, certs.key], SMTPSettings.Security.starttls), (["--tls", certs.cert, certs.key], .tls)] {
            let sink = try SMTPSink(arguments + ["--auth", "logbog", "kodeord"])
            defer { sink.stop() }
            let settings = Self.settings(sink.port, security, host: "localhost", login: .init(user: "logbog", password: "kodeord"))
            let error = await #expect(throws: MailError.self) { try await SMTPClient(settings: settings).send([try Self.message(to: "lone@ouh.dk")]) }
            guard case .tlsFailed(_, let reason)? = error else {
                Issue.record("expected a TLS failure, got \(String(describing: error))")
                continue
            }
            #expect(reason.contains("CERTIFICATE_VERIFY_FAILED"), "\(reason)")
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("security = starttls against a server that does not offer it: refused before anything is sent")
    func startTLSNotOffered() async throws {
        guard SMTPSink.ready() else { return }
        let sink = try SMTPSink()
        defer { sink.stop() }
        await #expect(throws: MailError.startTLSNotOffered) {
            try await SMTPClient(settings: Self.settings(sink.port, .starttls)).send([try Self.message(to: "lone@ouh.dk")])
        }
        #expect(try sink.received().isEmpty)
    }

    @Test("no login over a plain connection, whatever the settings say")
    func noLoginWithoutTLS() async throws {
        let settings = Self.settings(1, .none, login: .init(user: "u", password: "p"))
        await #expect(throws: MailError.loginWithoutTLS) { try await SMTPClient(settings: settings).send([try Self.message(to: "a@b.dk")]) }
    }

    @Test("nothing listening: cannot connect; a server that never greets: a timeout")
    func connectionFailures() async throws {
        // A socket that listens but never accepts: the connection succeeds (backlog) and no greeting ever comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(listener, raw, length) == 0, listen(listener, 8) == 0, getsockname(listener, raw, &length) == 0 else {
                    throw SMTPSink.SinkError.failed("cannot listen")
                }
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        await #expect(throws: MailError.timedOut(.greeting)) {
            try await SMTPClient(settings: Self.settings(port, timeout: .seconds(1))).send([try Self.message(to: "a@b.dk")])
        }
        // No bound on the time taken: on a machine busy with the rest of the suite even a 1-second timer fired after
        // 25 s. The greeting never comes, so the timed-out error is the proof that the configured timeout ended the wait.

        // A port that was just free (the listener's, closed).
        let closedPort = try {
            let sink = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(sink) }
            var probe = sockaddr_in()
            probe.sin_family = sa_family_t(AF_INET)
            probe.sin_addr.s_addr = inet_addr("127.0.0.1")
            var size = socklen_t(MemoryLayout<sockaddr_in>.size)
            try withUnsafeMutablePointer(to: &probe) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    guard bind(sink, raw, size) == 0, getsockname(sink, raw, &size) == 0 else { throw SMTPSink.SinkError.failed("bind") }
                }
            }
            return Int(UInt16(bigEndian: probe.sin_port))
        }()
        let error = await #expect(throws: MailError.self) {
            try await SMTPClient(settings: Self.settings(closedPort)).send([try Self.message(to: "a@b.dk")])
        }
        guard case .cannotConnect("127.0.0.1", closedPort, _)? = error else {
            Issue.record("expected cannotConnect, got \(String(describing: error))")
            return
        }
    }

    @Test("dot-stuffing: every line starting with a dot gets a second one; the data ends in CRLF")
    func dotStuffing() {
        func stuff(_ text: String) -> String { String(decoding: SMTPClient.dotStuffed(Array(text.utf8)), as: UTF8.self) }
        #expect(stuff(".\r\n") == "..\r\n")
        #expect(stuff("a\r\n.\r\nb\r\n") == "a\r\n..\r\nb\r\n")
        #expect(stuff(".hidden\r\n..two\r\nnot.this\r\n") == "..hidden\r\n...two\r\nnot.this\r\n")
        #expect(stuff("no final line break") == "no final line break\r\n")
        // The QP body does not encode a leading dot, so a body line "." reaches dot-stuffing and the wire as "..".
        let body = MIMEEncoding.quotedPrintable("før\n.\nefter")
        #expect(stuff(String(decoding: body, as: UTF8.self)) == "f=C3=B8r\r\n..\r\nefter\r\n")
    }

    // MARK: The reply reader alone

    /// A result slot for an embedded event loop's callbacks (which run on the test's own thread).
    final class Box<Value>: @unchecked Sendable { var value: Value? }

    /// Feeds `chunks` to a reader on an embedded channel and returns its replies (or the error that ended them).
    static func replies(_ chunks: [String], count: Int) throws -> [Result<SMTPReply, MailError>] {
        let channel = EmbeddedChannel()
        let reader = SMTPReplyReader()
        try channel.pipeline.syncOperations.addHandler(reader)
        for chunk in chunks { try channel.writeInbound(channel.allocator.buffer(string: chunk)) }
        var results: [Result<SMTPReply, MailError>] = []
        for _ in 0..<count {
            let future = reader.nextReply(stage: .ehlo, timeout: .seconds(1), on: channel.eventLoop)
            channel.embeddedEventLoop.run()
            let outcome = Box<Result<SMTPReply, MailError>>()
            future.whenComplete { result in outcome.value = result.mapError { $0 as! MailError } }
            channel.embeddedEventLoop.advanceTime(by: .seconds(2))
            results.append(outcome.value!)
        }
        _ = try? channel.finish()
        return results
    }

    @Test("multi-line replies in pieces, bare LF tolerated, a code alone on a line")
    func multiLineReplies() throws {
        let results = try Self.replies(["250-sink.test Hello\r\n250-SIZE 33554432\r", "\n250-8BITMIME\n250-STARTTLS\r\n250 HE", "LP\r\n220\r\n"], count: 2)
        #expect(try results[0].get() == SMTPReply(code: 250, lines: ["sink.test Hello", "SIZE 33554432", "8BITMIME", "STARTTLS", "HELP"]))
        #expect(try results[1].get() == SMTPReply(code: 220, lines: [""]))
    }

    @Test("not SMTP: different codes in one reply, no code, an endless line; silence times out")
    func malformedReplies() throws {
        #expect(throws: MailError.malformedReply(.ehlo, "the lines of one reply have different codes (250, 251)")) {
            try Self.replies(["250-a\r\n251 b\r\n"], count: 1)[0].get()
        }
        #expect(throws: MailError.self) { try Self.replies(["HTTP/1.1 400 Bad Request\r\n"], count: 1)[0].get() }
        #expect(throws: MailError.self) { try Self.replies([String(repeating: "2", count: 5000)], count: 1)[0].get() }
        #expect(throws: MailError.timedOut(.ehlo)) { try Self.replies(["250-only the first line\r\n"], count: 1)[0].get() }
    }

    @Test("STARTTLS injection: bytes after the 220 are noticed before TLS would start")
    func unreadInputAfterStartTLS() throws {
        let channel = EmbeddedChannel()
        let reader = SMTPReplyReader()
        try channel.pipeline.syncOperations.addHandler(reader)
        try channel.writeInbound(channel.allocator.buffer(string: "220 Go ahead\r\n250 injected\r\n"))
        let future = reader.nextReply(stage: .startTLS, timeout: .seconds(1), on: channel.eventLoop)
        let reply = Box<SMTPReply>()
        future.whenSuccess { reply.value = $0 }
        channel.embeddedEventLoop.run()
        #expect(reply.value?.code == 220)
        #expect(reader.hasUnreadInput)
        _ = try? channel.finish()
    }
}

extension SMTPSink {
    /// `ready(record:)` recording an issue at the calling test.
    static func ready(_ what: String = "the SMTP tests", sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        ready(what) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
    }
}
