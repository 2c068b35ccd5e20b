import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// How long a connection may take and how many there may be (issue 30: 19,900 idle connections were once held open).
///
/// - `headerSeconds` (`LOGBOOK_HEADER_TIMEOUT`, default 10): a connection's first request head (request line and
///   headers) must have arrived whole within this many seconds of the connection opening; a kept-alive connection's next
///   head within the idle time plus this after the previous response ended. Otherwise the connection is closed
///   (`RequestHeadDeadline`). A client that trickles its headers a byte at a time ("slowloris") cannot hold a
///   connection longer than that.
/// - `idleSeconds` (`LOGBOOK_IDLE_TIMEOUT`, default 60): a connection on which nothing has been read for this long is
///   closed — between requests (keep-alive) or while a body is being sent (Hummingbird's `idleTimeout`, NIO's
///   `IdleStateHandler`). A response being written is not cut.
/// - `maxConnections` (`LOGBOOK_MAX_CONNECTIONS`, default 1000): at most this many open connections; further ones
///   wait in the listen backlog (Hummingbird's `MaximumAvailableConnections`) until one closes.
public struct ConnectionLimits: Sendable, Equatable {
    public var headerSeconds: Int
    public var idleSeconds: Int
    public var maxConnections: Int

    public init(headerSeconds: Int = 10, idleSeconds: Int = 60, maxConnections: Int = 1000) {
        self.headerSeconds = headerSeconds
        self.idleSeconds = idleSeconds
        self.maxConnections = maxConnections
    }

    /// The HTTP/1.1 server with the head deadline and the idle timeout.
    var server: HTTPServerBuilder {
        let first = TimeAmount.seconds(Int64(headerSeconds)), next = TimeAmount.seconds(Int64(idleSeconds + headerSeconds))
        return .http1(configuration: .init(additionalChannelHandlers: [RequestHeadDeadline(first: first, next: next)],
                                           idleTimeout: .seconds(Int64(idleSeconds))))
    }
}

/// Closes a connection whose request head has not arrived whole in time: `first` from the connection's start, `next`
/// from the end of each response when no other request is under way (keep-alive: a client may keep an idle connection
/// for the idle time, then send its next head). NIO's HTTP decoder hands on the head only once it is complete, so the
/// deadline holds however slowly the bytes come.
final class RequestHeadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let first: TimeAmount
    let next: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Requests whose head has arrived and whose response has not ended.
    private var underWay = 0

    init(first: TimeAmount, next: TimeAmount) {
        self.first = first
        self.next = next
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, first) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, first)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            underWay += 1
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            underWay = max(0, underWay - 1)
            if underWay == 0 { arm(context, next) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: TimeAmount) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
