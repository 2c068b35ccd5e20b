import Foundation

/// Tests/Support/smtp_sink.py as a subprocess: a real aiosmtpd server on 127.0.0.1 that saves each message it takes as
/// a JSON file in its own temporary folder. Start one per test; `stop()` it in a `defer`.
public final class SMTPSink {
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/smtp_sink.py").path

    /// One message as the server received it.
    public struct Received: Decodable, Sendable {
        public let mail_from: String
        public let rcpt_tos: [String]
        public let data_base64: String
        public let tls: Bool
        public let auth_user: String?
        public var data: [UInt8] { Array(Data(base64Encoded: data_base64)!) }
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Whether python3 can import aiosmtpd, by the suite's rule for missing dependencies (`Dependency.ready`): under CI
    /// `record` is called with why the test must run (the caller records an issue); elsewhere a note is printed. The
    /// caller returns early on false.
    public static func ready(_ what: String = "the SMTP tests", record: (String) -> Void) -> Bool {
        Dependency.aiosmtpd.ready(what, record: record)
    }

    public static var available: Bool { Dependency.aiosmtpd.isPresent }

    /// A throwaway CA and a certificate for localhost and 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem).
    public static func makeCertificates(in folder: URL) throws -> (ca: String, cert: String, key: String) {
        let result = try run(["python3", script, "--make-certs", folder.path])
        guard result.status == 0 else { throw SinkError.failed("--make-certs: \(result.stderr)") }
        return (folder.appendingPathComponent("ca.pem").path, folder.appendingPathComponent("cert.pem").path,
                folder.appendingPathComponent("key.pem").path)
    }

    public enum SinkError: Error { case failed(String) }

    let process = Process()
    public let directory: URL
    public let port: Int
    private let input = Pipe(), output = Pipe(), errors = Pipe()

    /// Starts the sink with `arguments` (e.g. `["--starttls", cert, key]`) and waits for the port it prints.
    public init(_ arguments: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, directory.appendingPathComponent("messages").path] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first line is the port, printed once the server listens; EOF first means the script failed.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            Self.halt(process, input)
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw SinkError.failed("smtp_sink.py did not print its port: \(String(decoding: line, as: UTF8.self)) \(stderr)")
        }
        self.port = port
    }

    /// Closes its stdin (it stops on that) and sends SIGTERM; SIGKILL if it is still there after 5 seconds.
    public func stop() {
        Self.halt(process, input)
        try? FileManager.default.removeItem(at: directory)
    }

    static func halt(_ process: Process, _ input: Pipe) {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The messages received so far, in order of arrival.
    public func received() throws -> [Received] {
        let folder = directory.appendingPathComponent("messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}
