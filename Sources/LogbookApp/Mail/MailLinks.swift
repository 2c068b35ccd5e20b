import LogbookDomain

/// Where the links in mail point: the server's address as people reach it (`LOGBOOK_BASE_URL`, e.g.
/// `https://logbog.ouh.dk`), without a trailing slash. A session with it writes mail to the outbox with its acts.
public struct MailLinks: Sendable, Hashable {
    public let baseURL: String

    /// Checks the address: `http://` or `https://`, a host, no spaces, quotes or angle brackets (it goes into HTML and
    /// headers); a trailing slash is dropped.
    public init(baseURL text: String) throws {
        var url = text.trimmed
        while url.hasSuffix("/") { url.removeLast() }
        let rest = url.hasPrefix("https://") ? url.dropFirst(8) : url.hasPrefix("http://") ? url.dropFirst(7) : nil
        guard let rest, !rest.isEmpty, !rest.hasPrefix("/"),
              url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\"'<>\\`{}|^ ".unicodeScalars.contains($0) }),
              !url.contains("?"), !url.contains("#")
        else {
            throw LogbookError.usage("LOGBOOK_BASE_URL must be the server's address as people reach it, e.g. https://logbog.ouh.dk (got \"\(text)\")")
        }
        self.baseURL = url
    }

    /// `LOGBOOK_BASE_URL` from the environment, when set.
    public static func from(environment: [String: String]) throws -> MailLinks? {
        guard let text = environment["LOGBOOK_BASE_URL"], !text.isEmpty else { return nil }
        return try MailLinks(baseURL: text)
    }

    /// The page where a request is answered (the position, the request chosen).
    func request(positionID: Int64, requestID: Int64) -> String { "\(baseURL)/positions/\(positionID)?request=\(requestID)" }
    /// The trainee's position page.
    func position(_ id: Int64) -> String { "\(baseURL)/positions/\(id)" }
    /// The page that opens an account.
    func invitation(token: String) -> String { "\(baseURL)/invitation/\(token)" }
    /// The front page (the inbox).
    var home: String { "\(baseURL)/" }
    /// The person's mail settings (List-Unsubscribe points here).
    var preferences: String { "\(baseURL)/account/mail" }
}
