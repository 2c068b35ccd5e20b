import Hummingbird
import LogbookApp
import NIOCore

/// What a request carries through the middleware to its handler: the logged-in person, when there is one.
public struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The person the session cookie belongs to (set by `AuthenticationMiddleware`).
    public var identity: Accounts.Authenticated?
    /// The peer's address (the reverse proxy's, behind one).
    public let remoteAddress: SocketAddress?
    /// The client's address as `ClientAddressMiddleware` found it: the peer's, or from `X-Forwarded-For` when the peer
    /// is a trusted proxy. Used for log-in throttling and the record of attempts.
    public var clientAddress: String?
    /// Whether the peer is one of the trusted proxies (`--trust-proxy`).
    public var viaTrustedProxy = false
    /// A session the proxy's single sign-on opened on this request: its cookie and CSRF token go out with the response.
    public var openedSession: Accounts.LoggedIn?
    /// A web page's submitted form, read by `WebSessionMiddleware` to check its token before the handler runs.
    var webForm: WebForm?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The logged-in person's handle; 401 when nobody is (routes behind `AuthenticationMiddleware` always have one).
    func handle() throws -> String {
        guard let identity else { throw Accounts.noSession }
        return identity.handle
    }

    /// The logged-in session's identity; 401 when nobody is.
    func session() throws -> Accounts.Authenticated {
        guard let identity else { throw Accounts.noSession }
        return identity
    }

    /// The client's address as text ("unknown" in in-process tests).
    var address: String { clientAddress ?? remoteAddress?.ipAddress ?? "unknown" }
}
