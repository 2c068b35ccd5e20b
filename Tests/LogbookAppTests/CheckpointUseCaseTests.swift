import Foundation
import LogbookDomain
import LogbookStore
import Testing
@testable import LogbookApp

/// Checkpoints of the log's Merkle tree (issue 29): computed incrementally from the stored frontier, equal to the tree
/// recomputed from all events, and what each costs a write.
@Suite("Checkpoints: incremental, equal to the whole tree, and their cost per write")
struct CheckpointUseCaseTests {
    /// Appends `count` events (key-registration rows with made-up payloads: the tree hashes bytes, not meaning).
    static func fill(_ database: TestDatabase, _ count: Int) throws {
        let store = database.store
        try store.write {
            let people = PersonRepository(store)
            let id = try people.find(handle: "x")?.id
                ?? people.insert(handle: "x", name: "X", authorisationID: nil, createdAt: "2026-01-01T00:00:00.000Z", createdBy: nil)
            let batch = try EventBatchAppender(store)
            for n in 0..<count {
                try batch.append(NewEvent(kind: .keyRegistration, positionID: nil, effectiveOn: CalendarDate(iso: "2026-01-01")!,
                                          actor: (id, "x"), actorRole: "secretariat", actorDepartment: nil, payload: "p\(n)"),
                                 recordedAt: "2026-01-01T08:00:00.000Z")
            }
        }
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Test("each checkpoint extends the previous one's frontier by the new events only, and equals the tree of the whole log")
    func incremental() throws {
        let database = try TestDatabase(today: "2026-06-15")
        let signer = Checkpoints.Signer(key: PrivateSigningKey(), holder: "sek.a")
        let session = database.as(nil)
        #expect(try Checkpoints.make(session, signer: signer) != nil)   // the empty log: size 0
        for batch in [1, 2, 5, 13, 64] {
            try Self.fill(database, batch)
            let made = try #require(try Checkpoints.make(session, signer: signer))
            let whole = try session.store.read { try Checkpoints.logTree(session) }
            #expect(made.treeSize == whole.tree.count)
            #expect(made.rootHash == Base64.encode(whole.tree.root(size: whole.tree.count)))
            #expect(Merkle.Frontier(size: made.treeSize, text: made.frontier)?.root == whole.tree.root(size: whole.tree.count))
            #expect(SignedCheckpoint(noteText: made.note)?.checkpoint.size == made.treeSize)
        }
        // Nothing new: no checkpoint.
        #expect(try Checkpoints.make(session, signer: signer) == nil)
        #expect(try CheckpointRepository(database.store).all().count == 6)
    }

    @Test("the cost of a checkpoint per write does not grow with the log (measured, printed)")
    func cost() throws {
        let signer = Checkpoints.Signer(key: PrivateSigningKey(), holder: "sek.a")
        var perWrite: [Int: (plain: Double, checkpointed: Double, verify: Double)] = [:]
        for size in [1_000, 20_000] {
            let database = try TestDatabase(today: "2026-06-15")
            try Self.fill(database, size)
            let session = database.as(nil)
            _ = try Checkpoints.make(session, signer: signer)
            let rounds = 40
            var start = Self.now()
            for _ in 0..<rounds { try Self.fill(database, 1) }
            let plain = (Self.now() - start) / Double(rounds)
            start = Self.now()
            for _ in 0..<rounds {
                try Self.fill(database, 1)
                _ = try Checkpoints.make(session, signer: signer)
            }
            let checkpointed = (Self.now() - start) / Double(rounds)
            start = Self.now()
            let tree = try session.store.read { try Checkpoints.logTree(session) }
            #expect(tree.tree.count == size + 2 * rounds)
            perWrite[size] = (plain, checkpointed, Self.now() - start)
        }
        for (size, cost) in perWrite.sorted(by: { $0.key < $1.key }) {
            print(String(format: "checkpoint cost at %d events: write %.2f ms, write + checkpoint %.2f ms (+%.2f ms); whole tree %.0f ms",
                         size, cost.plain * 1000, cost.checkpointed * 1000, (cost.checkpointed - cost.plain) * 1000, cost.verify * 1000))
        }
        // Incremental: 20 times the log, far less than 20 times the checkpoint's cost (from scratch it would be ~20×).
        let small = perWrite[1_000]!.checkpointed - perWrite[1_000]!.plain, large = perWrite[20_000]!.checkpointed - perWrite[20_000]!.plain
        #expect(large < max(small, 0.0005) * 8, "checkpoint at 1,000: \(small * 1000) ms, at 20,000: \(large * 1000) ms")
    }
}
