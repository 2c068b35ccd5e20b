import Foundation
import LogbookApp
import LogbookDomain
import LogbookStore
import SQLite
import Testing

/// `logbook backup`'s use case: an online copy, verified, while another connection writes.
@Suite("Backup: an online, verified copy")
struct BackupUseCaseTests {
    /// What the writer thread did, shared with the test.
    final class Writer: @unchecked Sendable {
        private let lock = NSLock()
        private var _writes = 0, _stop = false, _failure: String?
        var writes: Int { lock.withLock { _writes } }
        var stop: Bool {
            get { lock.withLock { _stop } }
            set { lock.withLock { _stop = newValue } }
        }
        var failure: String? { lock.withLock { _failure } }
        func wrote() { lock.withLock { _writes += 1 } }
        func failed(_ text: String) { lock.withLock { _failure = text } }
    }

    @Test("while another connection records assessments, the backup goes on, the writer is not held up, and the copy is one snapshot that verifies")
    func whileWriting() throws {
        let database = try TestDatabase(today: "2027-03-04")
        let built = try Demo.run(database.as(nil))
        let position = try #require(built.positions.first { $0.trainee == "dr.ahmed" }?.id)
        let path = database.store.path, today = database.today
        let target = database.folder.appendingPathComponent("copy.sqlite").path

        let writer = Writer()
        let started = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let store = try Store(path: path)
                let session = Session(store: store, today: today, actorHandle: "dr.ahmed")
                started.signal()
                while !writer.stop {
                    _ = try Assessments.record(session, Assessments.Request(
                        positionID: position, code: "I2", method: "Kompetencekort", date: today.iso, note: "while backing up"))
                    writer.wrote()
                }
            } catch {
                writer.failed("\(error)")
                started.signal()
            }
        }
        thread.start()
        started.wait()
        while writer.writes < 3 && writer.failure == nil { usleep(1000) }
        let before = writer.writes
        var steps = 0
        // One page per step with a pause: the copy takes long enough for the writer to commit many times meanwhile.
        let outcome = try Backup.run(database.as(nil), to: target, force: false, pagesPerStep: 1) { _ in
            steps += 1
            usleep(2000)
        }
        let during = writer.writes - before
        #expect(!FileManager.default.fileExists(atPath: target + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
        writer.stop = true
        while !thread.isFinished { usleep(1000) }
        #expect(writer.failure == nil, "\(writer.failure ?? "")")
        #expect(steps > 20)
        #expect(during > 5, "the writer committed \(during) times during the backup")

        // The copy is a snapshot: it holds some of the writer's assessments, not all, and its log replays (Backup.run
        // verified it; check again from outside).
        let copy = try Store(path: target, access: .read, busy: Connection.BusyPolicy(timeout: 10))
        let copied = Int(try #require(try copy.connection.queryFirst(
            "SELECT count(*) FROM assessment WHERE note = 'while backing up'")?.int(0)))
        let live = Int(try #require(try database.store.connection.queryFirst(
            "SELECT count(*) FROM assessment WHERE note = 'while backing up'")?.int(0)))
        #expect(copied >= before && copied < live, "copied \(copied), before \(before), live \(live)")
        #expect(try Verification.run(Session(store: copy, today: today, actorHandle: nil)).isEmpty)
        #expect(outcome.events > 0 && outcome.schemaVersion == database.store.schemaVersion)
    }
}
