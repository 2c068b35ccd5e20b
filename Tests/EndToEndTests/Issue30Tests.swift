#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Issue 30's faults through the binary: `verify` runs SQLite's integrity check, `backup` keeps the copy that failed its
/// check, a request body shorter than its Content-Length is a 400.
@Suite("issue 30: integrity check, the failed backup kept, short bodies")
struct Issue30Tests {
    /// A demo database with random bytes written over the first page of the index `event_actor_idx`, which neither the
    /// replay nor `status` reads: only SQLite's integrity check sees the damage. Returns the sandbox.
    static func damagedIndex() throws -> Sandbox {
        let box = try Sandbox()
        box.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try box.run(["demo"]).status == 0)
        let lines = try Binary.runTool("/usr/bin/sqlite3", [box.database,
            "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA page_size; SELECT rootpage FROM sqlite_master WHERE name = 'event_actor_idx'"])
            .stdout.split(separator: "\n").map(String.init)
        let pageSize = try #require(Int(lines[lines.count - 2])), root = try #require(Int(lines[lines.count - 1]))
        let handle = try #require(FileHandle(forUpdatingAtPath: box.database))
        var generator = SystemRandomNumberGenerator()
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        try handle.close()
        return box
    }

    @Test("verify runs PRAGMA integrity_check and says so; a damaged index page fails it (exit 1) in full and with --quick")
    func verifyChecksIntegrity() throws {
        let healthy = try Sandbox()
        defer { healthy.cleanup() }
        healthy.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try healthy.run(["demo"]).status == 0)
        let fine = try healthy.run(["verify"])
        #expect(fine.status == 0 && fine.stdout.isEmpty, "\(fine.stdout)\(fine.stderr)")
        #expect(fine.stderr.contains("SQLite's integrity_check: ok"), "\(fine.stderr)")
        let quick = try healthy.run(["verify", "--quick"])
        #expect(quick.status == 0 && quick.stderr.contains("SQLite's quick_check: ok"), "\(quick.stderr)")
        let danish = try healthy.run(["verify", "--lang", "da"])
        #expect(danish.status == 0 && danish.stderr.contains("SQLites integritetskontrol (integrity_check): ok"), "\(danish.stderr)")

        let box = try Self.damagedIndex()
        defer { box.cleanup() }
        let before = try box.databaseSnapshot()
        let full = try box.run(["verify"])
        #expect(full.status == 1, "\(full.stdout)\(full.stderr)")
        #expect(full.stdout.hasPrefix("SQLite's integrity_check failed: "), "\(full.stdout)")
        let quickDamaged = try box.run(["verify", "--quick"])
        #expect(quickDamaged.status == 1, "\(quickDamaged.stdout)\(quickDamaged.stderr)")
        #expect(quickDamaged.stdout.hasPrefix("SQLite's quick_check failed: "), "\(quickDamaged.stdout)")
        #expect(try box.databaseSnapshot() == before)
    }

    @Test("backup of a database that fails the check: exit 65, nothing at FILE, the copy kept at FILE.partial as docs/backup.md says")
    func failedBackupKeepsPartial() throws {
        let box = try Self.damagedIndex()
        defer { box.cleanup() }
        let target = box.folder.appendingPathComponent("nightly.sqlite").path
        let result = try box.run(["backup", "--to", target])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("\(target).partial"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(FileManager.default.fileExists(atPath: target + ".partial"))
        // A second run starts afresh (the old partial goes) and fails the same way.
        let again = try box.run(["backup", "--to", target])
        #expect(again.status == 65 && FileManager.default.fileExists(atPath: target + ".partial"), "\(again.stderr)")
    }

    /// Sends `bytes` to 127.0.0.1:`port`, closes the sending side (a client that half-closes) and returns what the server
    /// answered until it closed, or until 10 s passed.
    static func halfClosedExchange(port: UInt16, _ bytes: [UInt8]) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    @Test("a request body shorter than its Content-Length (the client half-closes) is answered 400, with no internal error in the log",
          .timeLimit(.minutes(2)))
    func shortBody() async throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try box.run(["demo"]).status == 0)
        let server = try ServerProcess(box)
        #expect(!server.base.isEmpty, "\(server.firstLine)")
        let port = try #require(UInt16(server.base.split(separator: ":").last.map(String.init) ?? ""))
        for path in ["/api/v1/session", "/login"] {
            let type = path == "/login" ? "application/x-www-form-urlencoded" : "application/json"
            let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(type)\r\nContent-Length: 1000\r\n\r\n{\"handle\": \"dr"
            let answer = try Self.halfClosedExchange(port: port, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer.prefix(400))")
        }
        // The server still answers others.
        let health = try await ServeTests.request("GET", server.base + "/healthz")
        #expect(health.status == 200)
        #expect(server.stop() == 0)
        let log = server.errorText
        #expect(!log.contains("internal error"), "\(log)")
        #expect(log.contains("POST /api/v1/session 400"), "\(log)")
    }

    /// A TCP connection to 127.0.0.1:`port`.
    static func connectLoopback(_ port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    static func transmit(_ fd: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives on `fd` within `seconds` (until the server closes it, or the time is up), and whether it closed.
    static func read(_ fd: Int32, seconds: Double) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: answer, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: answer, as: UTF8.self), errno == ECONNRESET) }
            answer += buffer[0..<count]
        }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Test("a request head trickled a line at a time is cut at LOGBOOK_HEADER_TIMEOUT; a stalled body at LOGBOOK_IDLE_TIMEOUT; beyond LOGBOOK_MAX_CONNECTIONS a client waits until one closes",
          .timeLimit(.minutes(2)))
    func slowHeadersAndIdleConnections() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try box.run(["demo"]).status == 0)
        let server = try ServerProcess(box, environment: ["LOGBOOK_HEADER_TIMEOUT": "1", "LOGBOOK_IDLE_TIMEOUT": "2"])
        let port = try #require(UInt16(server.base.split(separator: ":").last.map(String.init) ?? ""))

        // Slowloris: a header line every 0.3 s, never the blank line. Closed within the second (plus scheduling).
        let slow = try Self.connectLoopback(port)
        defer { close(slow) }
        let start = Self.now()
        Self.transmit(slow, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        var closedAfter: Double?
        for index in 0..<20 {
            Self.transmit(slow, "X-Slow-\(index): a\r\n")
            if Self.read(slow, seconds: 0.3).closed { closedAfter = Self.now() - start; break }
        }
        #expect(closedAfter != nil && closedAfter! < 3, "the slow head was not cut: \(String(describing: closedAfter))")

        // A body that stops half-way: the head came in time, then nothing is read for the idle time.
        let stalled = try Self.connectLoopback(port)
        defer { close(stalled) }
        let stalledStart = Self.now()
        Self.transmit(stalled, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        let stalledRead = Self.read(stalled, seconds: 6)
        let stalledSeconds = Self.now() - stalledStart
        #expect(stalledRead.closed && stalledSeconds >= 1.5 && stalledSeconds < 5, "\(stalledSeconds) s: \(stalledRead.text)")

        // A kept-alive connection is cut after its response, once the next head does not come.
        let kept = try Self.connectLoopback(port)
        defer { close(kept) }
        Self.transmit(kept, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let keptRead = Self.read(kept, seconds: 5)
        #expect(keptRead.text.hasPrefix("HTTP/1.1 200") && keptRead.closed, "\(keptRead.text)")
        #expect(server.stop() == 0)
        #expect(!server.errorText.contains("internal error"), "\(server.errorText)")

        // The cap: two connections open, a third client is not answered until one of them closes.
        let capped = try ServerProcess(box, environment: ["LOGBOOK_MAX_CONNECTIONS": "2", "LOGBOOK_HEADER_TIMEOUT": "30"])
        let cappedPort = try #require(UInt16(capped.base.split(separator: ":").last.map(String.init) ?? ""))
        let first = try Self.connectLoopback(cappedPort), second = try Self.connectLoopback(cappedPort)
        defer { close(second) }
        Thread.sleep(forTimeInterval: 0.3)
        let third = try Self.connectLoopback(cappedPort)
        defer { close(third) }
        Self.transmit(third, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let waiting = Self.read(third, seconds: 1.5)
        #expect(waiting.text.isEmpty && !waiting.closed, "answered beyond the cap: \(waiting.text)")
        close(first)
        let answered = Self.read(third, seconds: 5)
        #expect(answered.text.hasPrefix("HTTP/1.1 200"), "\(answered.text)")
        #expect(capped.stop() == 0)
    }
}
