#if canImport(FoundationEssentials)
import FoundationEssentials  // Data, Date, URL, ProcessInfo: without full Foundation's ICU
#else
import Foundation
#endif
import NIOCore
import NIOPosix
import NIOSSL

/// Sends a batch of ``MailMessage``s to the relay of its ``SMTPSettings`` over one connection.
///
/// The conversation: greeting, EHLO; with `starttls` STARTTLS and EHLO again (refused if not offered); AUTH PLAIN or
/// LOGIN when a login is set, and only over TLS; then per message MAIL FROM, RCPT TO, DATA (dot-stuffed), with RSET
/// after a refusal so the next message starts clean; QUIT. Certificates are verified against the system's roots, or
/// only against ``SMTPSettings/caFile`` when one is set; TLS 1.2 at least. Every read waits at most
/// ``SMTPSettings/timeout``.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = eventLoopGroup
    }

    /// Sends every message, in order, and says for each whether it was delivered.
    ///
    /// A message the relay refuses (e.g. 550 to RCPT TO) does not stop the others. Throws a ``MailError`` when no
    /// message could be tried at all (cannot connect, TLS fails, the greeting, EHLO, STARTTLS or AUTH is refused, a
    /// timeout); when the connection fails later, the messages not yet sent are reported as
    /// ``DeliveryResult/Outcome/failed(_:)`` and the ones before keep their outcome.
    public func send(_ messages: [MailMessage]) async throws -> [DeliveryResult] {
        if messages.isEmpty { return [] }
        if settings.credentials != nil && settings.security == .none { throw MailError.loginWithoutTLS }
        let tlsContext = try settings.security == .none ? nil : makeTLSContext()
        let connection = try await SMTPConnection.open(settings: settings, tlsContext: tlsContext, group: group)
        var results: [DeliveryResult] = []
        do {
            try await handshake(connection, tlsContext: tlsContext)
            for (index, message) in messages.enumerated() {
                do {
                    results.append(try await deliver(message, over: connection))
                } catch let error as MailError {
                    for rest in messages[index...] {
                        results.append(DeliveryResult(messageID: rest.messageID, recipient: rest.to, outcome: .failed(error)))
                    }
                    connection.close()
                    return results
                }
            }
            _ = try? await connection.command("QUIT", stage: .quit)
            connection.close()
            return results
        } catch {
            connection.close()
            throw error
        }
    }

    func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = settings.caFile {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw MailError.caFileUnusable(path: caFile, reason: "it holds no PEM certificate") }
                configuration.trustRoots = .certificates(certificates)
            } catch let error as MailError {
                throw error
            } catch {
                throw MailError.caFileUnusable(path: caFile, reason: String(describing: error))
            }
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw MailError.tlsFailed(.connect, reason: String(describing: error))
        }
    }

    /// Greeting, EHLO, STARTTLS and EHLO again, AUTH: everything before the first message.
    func handshake(_ connection: SMTPConnection, tlsContext: NIOSSLContext?) async throws {
        let greeting = try await connection.reply(stage: .greeting)
        guard greeting.code == 220 else { throw MailError.unexpectedReply(.greeting, greeting) }
        var extensions = try await ehlo(connection)
        if settings.security == .starttls {
            guard extensions.keys.contains("STARTTLS") else { throw MailError.startTLSNotOffered }
            let reply = try await connection.command("STARTTLS", stage: .startTLS)
            guard reply.code == 220 else { throw MailError.unexpectedReply(.startTLS, reply) }
            try await connection.startTLS(context: tlsContext!, host: settings.host)
            extensions = try await ehlo(connection)
        }
        if let credentials = settings.credentials {
            guard settings.security != .none else { throw MailError.loginWithoutTLS }
            try await authenticate(connection, credentials, offered: extensions["AUTH"] ?? [])
        }
    }

    /// EHLO; the extensions the server lists, by keyword (upper case) with their parameters.
    func ehlo(_ connection: SMTPConnection) async throws -> [String: [String]] {
        let reply = try await connection.command("EHLO \(settings.heloName)", stage: .ehlo)
        guard reply.code == 250 else { throw MailError.unexpectedReply(.ehlo, reply) }
        var extensions: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            extensions[keyword, default: []] += words.dropFirst().map { $0.uppercased() }
        }
        return extensions
    }

    func authenticate(_ connection: SMTPConnection, _ credentials: SMTPSettings.Credentials, offered: [String]) async throws {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let reply: SMTPReply
        if offered.contains("PLAIN") {
            reply = try await connection.command("AUTH PLAIN " + base64("\0\(credentials.user)\0\(credentials.password)"), stage: .authentication)
        } else if offered.contains("LOGIN") {
            let first = try await connection.command("AUTH LOGIN", stage: .authentication)
            guard first.code == 334 else { throw MailError.authenticationFailed(first) }
            let second = try await connection.command(base64(credentials.user), stage: .authentication)
            guard second.code == 334 else { throw MailError.authenticationFailed(second) }
            reply = try await connection.command(base64(credentials.password), stage: .authentication)
        } else {
            throw MailError.noSupportedAuthMechanism(offered: offered)
        }
        guard reply.code == 235 else { throw MailError.authenticationFailed(reply) }
    }

    /// One message. A refusal is an outcome; a broken connection (or a refused RSET) is thrown.
    func deliver(_ message: MailMessage, over connection: SMTPConnection) async throws -> DeliveryResult {
        func result(_ outcome: DeliveryResult.Outcome) -> DeliveryResult {
            DeliveryResult(messageID: message.messageID, recipient: message.to, outcome: outcome)
        }
        func refused(_ stage: SMTPStage, _ reply: SMTPReply) async throws -> DeliveryResult {
            // 421: the server is closing the connection; nothing more will go through it.
            if reply.code == 421 { throw MailError.unexpectedReply(stage, reply) }
            let reset = try await connection.command("RSET", stage: .reset)
            guard reset.code == 250 else { throw MailError.unexpectedReply(.reset, reset) }
            return result(.refused(stage, reply))
        }
        let mail = try await connection.command("MAIL FROM:<\(settings.sender.address)>", stage: .mailFrom)
        guard mail.code == 250 else { return try await refused(.mailFrom, mail) }
        let recipient = try await connection.command("RCPT TO:<\(message.to.address)>", stage: .recipient)
        guard recipient.code == 250 || recipient.code == 251 else { return try await refused(.recipient, recipient) }
        let data = try await connection.command("DATA", stage: .data)
        guard data.code == 354 else { return try await refused(.data, data) }
        try await connection.write(Self.dotStuffed(message.rendered()) + Array(".\r\n".utf8), stage: .message)
        let accepted = try await connection.reply(stage: .message)
        guard accepted.code == 250 else {
            if accepted.code == 421 { throw MailError.unexpectedReply(.message, accepted) }
            return result(.refused(.message, accepted))
        }
        return result(.delivered(accepted))
    }

    /// The message as DATA carries it: a `.` doubled at the start of every line (RFC 5321 section 4.5.2), ending in CRLF.
    static func dotStuffed(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var atLineStart = true
        for b in bytes {
            if atLineStart && b == UInt8(ascii: ".") { out.append(b) }
            out.append(b)
            atLineStart = b == 10
        }
        if !(out.count >= 2 && out[out.count - 2] == 13 && out[out.count - 1] == 10) { out += [13, 10] }
        return out
    }
}

/// One connection: a channel whose pipeline ends in an ``SMTPReplyReader`` (after a TLS handler, once there is TLS).
struct SMTPConnection: Sendable {
    let channel: any Channel
    let reader: NIOLoopBound<SMTPReplyReader>
    let timeout: TimeAmount

    static func open(settings: SMTPSettings, tlsContext: NIOSSLContext?, group: any EventLoopGroup) async throws -> SMTPConnection {
        let (seconds, attoseconds) = settings.timeout.components
        let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let implicitTLS = settings.security == .tls ? tlsContext : nil
        let host = settings.host
        // The reader is made before the connection and kept by us, not looked up in the pipeline afterwards: with
        // implicit TLS a failed handshake can close the channel (and empty its pipeline) before `connect` returns,
        // and the reader is what remembers why.
        let loop = group.next()
        let reader = try await loop.submit { NIOLoopBound(SMTPReplyReader(), eventLoop: loop) }.get()
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        let handler = try NIOSSLClientHandler(context: implicitTLS, serverHostname: SMTPConnection.sniName(host))
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(reader.value)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw MailError.cannotConnect(host: settings.host, port: settings.port, reason: String(describing: error))
        }
        return SMTPConnection(channel: channel, reader: reader, timeout: timeout)
    }

    /// The name to send in SNI and check the certificate against; nil for an IP address (then NIOSSL checks the
    /// certificate against the address connected to).
    static func sniName(_ host: String) -> String? {
        var ipv4 = in_addr(), ipv6 = in6_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1 { return nil }
        return host
    }

    func reply(stage: SMTPStage) async throws -> SMTPReply {
        let reader = self.reader, timeout = self.timeout, loop = channel.eventLoop
        return try await loop.flatSubmit {
            reader.value.nextReply(stage: stage, timeout: timeout, on: loop)
        }.get()
    }

    func write(_ bytes: [UInt8], stage: SMTPStage) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        } catch {
            // The reader knows why (a TLS failure, a timeout, the server's close): its next read fails with that.
            _ = try await reply(stage: stage)
            throw MailError.connectionClosed(stage)
        }
    }

    func command(_ line: String, stage: SMTPStage) async throws -> SMTPReply {
        try await write(Array((line + "\r\n").utf8), stage: stage)
        return try await reply(stage: stage)
    }

    /// Puts TLS in front of the reader, after the server's 220 to STARTTLS; refuses if the server already sent more.
    func startTLS(context: NIOSSLContext, host: String) async throws {
        let reader = self.reader, channel = self.channel
        let injected: Bool
        do {
            injected = try await channel.eventLoop.submit { () throws -> Bool in
                if reader.value.hasUnreadInput { return true }
                let handler = try NIOSSLClientHandler(context: context, serverHostname: SMTPConnection.sniName(host))
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
                return false
            }.get()
        } catch {
            close()
            throw MailError.tlsFailed(.startTLS, reason: String(describing: error))
        }
        if injected {
            close()
            throw MailError.dataBeforeTLSHandshake
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}
