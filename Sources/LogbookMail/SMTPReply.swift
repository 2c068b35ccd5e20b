/// One SMTP reply: a three-digit code and its text lines (a multi-line `250-...` reply has several).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    /// The text after the code on each line, without the separator.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined by a space.
    public var text: String { lines.joined(separator: " ") }
    public var isPositive: Bool { (200..<400).contains(code) }
    public var description: String { "\(code) \(text)" }
}

/// Where in the conversation something happened.
public enum SMTPStage: String, Sendable, Hashable {
    case connect, greeting, ehlo, startTLS, tlsHandshake, authentication, mailFrom, recipient, data, message, reset, quit
}

/// A connection-level failure: ``SMTPClient/send(_:)`` throws it when nothing could be sent, and reports it per
/// message (``DeliveryResult/Outcome/failed(_:)``) for the messages a broken connection left unsent.
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotConnect(host: String, port: Int, reason: String)
    case timedOut(SMTPStage)
    case connectionClosed(SMTPStage)
    /// The TLS handshake failed, e.g. the certificate was not trusted or not for this host.
    case tlsFailed(SMTPStage, reason: String)
    /// A CA file that could not be read as PEM certificates.
    case caFileUnusable(path: String, reason: String)
    /// The server answered something other than expected (e.g. 554 to the greeting, 421 service closing, 5xx to EHLO).
    case unexpectedReply(SMTPStage, SMTPReply)
    /// A reply that is not SMTP (no three-digit code, codes that differ across lines, too long).
    case malformedReply(SMTPStage, String)
    /// `security = starttls` but the server does not offer STARTTLS.
    case startTLSNotOffered
    /// Bytes arrived after the STARTTLS reply and before the handshake (an injection attempt; CVE-2011-0411 style).
    case dataBeforeTLSHandshake
    /// A login was configured but the connection is not encrypted.
    case loginWithoutTLS
    /// A login was configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case noSupportedAuthMechanism(offered: [String])
    case authenticationFailed(SMTPReply)
    case other(SMTPStage, String)

    public var description: String {
        switch self {
        case .cannotConnect(let host, let port, let reason): "cannot connect to the mail relay \(host):\(port): \(reason)"
        case .timedOut(let stage): "the mail relay did not answer in time (\(stage.rawValue))"
        case .connectionClosed(let stage): "the mail relay closed the connection (\(stage.rawValue))"
        case .tlsFailed(let stage, let reason): "TLS with the mail relay failed (\(stage.rawValue)): \(reason)"
        case .caFileUnusable(let path, let reason): "the CA file \(path) cannot be used: \(reason)"
        case .unexpectedReply(let stage, let reply): "the mail relay answered \(reply.code) \(reply.text) (\(stage.rawValue))"
        case .malformedReply(let stage, let what): "the mail relay's reply is not SMTP (\(stage.rawValue)): \(what)"
        case .startTLSNotOffered: "the mail relay does not offer STARTTLS, and security is starttls"
        case .dataBeforeTLSHandshake: "the mail relay sent data before the TLS handshake; the connection was dropped"
        case .loginWithoutTLS: "a login is never sent over an unencrypted connection"
        case .noSupportedAuthMechanism(let offered):
            "the mail relay offers no supported login mechanism (PLAIN, LOGIN); it offers: \(offered.isEmpty ? "none" : offered.joined(separator: " "))"
        case .authenticationFailed(let reply): "the mail relay refused the login: \(reply.code) \(reply.text)"
        case .other(let stage, let what): "mail error (\(stage.rawValue)): \(what)"
        }
    }
}

/// What became of one message of a batch.
public struct DeliveryResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The relay accepted the message (its reply to the end of DATA).
        case delivered(SMTPReply)
        /// The relay refused this message (at MAIL FROM, RCPT TO or DATA); the others were still tried.
        case refused(SMTPStage, SMTPReply)
        /// Not sent because the connection failed. If the failure came at ``SMTPStage/message`` (waiting for the reply
        /// to the end of the data), the relay may nevertheless have taken it.
        case failed(MailError)
    }

    public let messageID: String
    public let recipient: MailAddress
    public let outcome: Outcome

    public init(messageID: String, recipient: MailAddress, outcome: Outcome) {
        self.messageID = messageID
        self.recipient = recipient
        self.outcome = outcome
    }

    public var isDelivered: Bool { if case .delivered = outcome { true } else { false } }
}
