import NIOCore
import NIOSSL

/// The inbound end of the pipeline: splits bytes into lines, lines into replies, and hands each reply to the one
/// waiting read, failing it after the timeout. Lives on the channel's event loop only.
final class SMTPReplyReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Longer lines are not SMTP (RFC 5321 allows 512 octets per reply line; servers are lenient, so are we).
    static let maxLineLength = 4096
    static let maxLines = 200

    private enum Failure {
        case closed
        case timedOut(SMTPStage)
        case tls(String)
        case malformed(String)
        case other(String)
    }

    private var buffer = ByteBuffer()
    private var pendingLines: [String] = []
    private var pendingCode: Int?
    private var ready: [Result<SMTPReply, MailError>] = []
    private var failure: Failure?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, stage: SMTPStage, timeout: Scheduled<Void>)?
    private var context: ChannelHandlerContext?

    /// Whether any byte has arrived that no read has taken yet.
    var hasUnreadInput: Bool { buffer.readableBytes > 0 || !ready.isEmpty || !pendingLines.isEmpty }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The next reply, or a ``MailError`` when the connection fails or nothing complete arrives within `timeout`.
    func nextReply(stage: SMTPStage, timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        precondition(waiter == nil, "one read at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        if !ready.isEmpty {
            promise.completeWith(ready.removeFirst().mapError { $0 as any Error })
            return promise.futureResult
        }
        if let failure {
            promise.fail(error(failure, stage))
            return promise.futureResult
        }
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        let scheduled = eventLoop.scheduleTask(in: timeout) {
            loopBound.value.fail(.timedOut(stage))
        }
        waiter = (promise, stage, scheduled)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer.writeBuffer(&bytes)
        parse()
        deliver()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if failure == nil { failure = .closed }
        deliver()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failure == nil {
            if let tls = error as? NIOSSLError {
                failure = .tls(Self.describe(tls))
            } else if let extra = error as? NIOSSLExtraError {
                failure = .tls(String(describing: extra))
            } else {
                failure = .other(String(describing: error))
            }
        }
        deliver()
        context.close(promise: nil)
    }

    static func describe(_ error: NIOSSLError) -> String {
        switch error {
        case .handshakeFailed(let inner): "handshake failed: \(inner)"
        default: String(describing: error)
        }
    }

    private func fail(_ reason: Failure) {
        if failure == nil { failure = reason }
        deliver()
        context?.close(promise: nil)
    }

    private func error(_ failure: Failure, _ stage: SMTPStage) -> MailError {
        switch failure {
        case .closed: .connectionClosed(stage)
        case .timedOut(let at): .timedOut(at)
        case .tls(let reason): .tlsFailed(stage, reason: reason)
        case .malformed(let what): .malformedReply(stage, what)
        case .other(let what): .other(stage, what)
        }
    }

    private func deliver() {
        guard let waiter else { return }
        if !ready.isEmpty {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.completeWith(ready.removeFirst().mapError { $0 as any Error })
        } else if let failure {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.fail(error(failure, waiter.stage))
        }
    }

    private func parse() {
        while failure == nil {
            let view = buffer.readableBytesView
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > Self.maxLineLength { fail(.malformed("a line longer than \(Self.maxLineLength) bytes")) }
                return
            }
            let length = newline - view.startIndex
            var line = buffer.readBytes(length: length + 1)!
            line.removeLast()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.count > Self.maxLineLength { fail(.malformed("a line longer than \(Self.maxLineLength) bytes")); return }
            take(line)
        }
    }

    private func take(_ line: [UInt8]) {
        func digit(_ b: UInt8) -> Int? { (48...57).contains(b) ? Int(b - 48) : nil }
        guard line.count >= 3, let a = digit(line[0]), let b = digit(line[1]), let c = digit(line[2]), (2...5).contains(a),
              line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-")
        else {
            fail(.malformed("a line without a reply code: \(String(decoding: line.prefix(80), as: UTF8.self))"))
            return
        }
        let code = a * 100 + b * 10 + c
        if let pendingCode, pendingCode != code {
            fail(.malformed("the lines of one reply have different codes (\(pendingCode), \(code))"))
            return
        }
        pendingCode = code
        pendingLines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        if pendingLines.count > Self.maxLines { fail(.malformed("a reply of more than \(Self.maxLines) lines")); return }
        let continues = line.count > 3 && line[3] == UInt8(ascii: "-")
        if !continues {
            ready.append(.success(SMTPReply(code: code, lines: pendingLines)))
            pendingLines = []
            pendingCode = nil
        }
    }
}
