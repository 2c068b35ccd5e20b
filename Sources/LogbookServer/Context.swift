import Hummingbird
import LogbookApp
import NIOCore

/// What a request carries through the middleware to its handler: the logged-in person, when there is one.
public struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The person the session cookie belongs to (set by `AuthenticationMiddleware`).
    public var identity: Accounts.Authenticated?
    /// The client's address, for log-in throttling and the record of attempts.
    public let remoteAddress: SocketAddress?

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

    /// The address as text ("unknown" in in-process tests).
    var address: String { remoteAddress?.ipAddress ?? "unknown" }
}
