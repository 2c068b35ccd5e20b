import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookFormats
import LogbookServer
import Logging
import Testing

/// Every line the server logs, captured (for the test that secrets never reach the log).
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger writing here, at `info` and above, with its metadata.
    func logger() -> Logger {
        var logger = Logger(label: "logbook.test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            sink.append("\(level) \(message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
        }
    }
}

@Suite("logbook serve: secrets kept out of the log")
struct LogRedactionTests {
    @Test("an invitation's token never reaches the request log, used or not, whatever the answer")
    func tokenNotLogged() async throws {
        let fixture = try ServerFixture()
        let token = try fixture.invite("dr.hoved", by: "dr.uao")
        let log = CapturedLog()
        let app = buildApplication(configuration: fixture.configuration, database: fixture.database, logger: log.logger())
        try await app.test(.router) { client in
            for (uri, method) in [("/api/v1/invitations/\(token)", HTTPRequest.Method.post), ("/api/v1/invitations/\(token)", .post),
                                  ("/api/v1/invitations/\(token)", .get), ("/api/v1/invitations/\(token)/extra", .post)] {
                try await client.execute(uri: uri, method: method, body: body(.object([("password", .string(ServerFixture.password))]))) { _ in }
            }
        }
        let text = log.text
        #expect(text.contains("POST /api/v1/invitations/… 200") && text.contains("POST /api/v1/invitations/… 404"), "\(text)")
        #expect(!text.contains(token) && !text.contains(String(token.prefix(12))), "\(text)")
    }
}
