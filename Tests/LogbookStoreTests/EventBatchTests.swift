import LogbookDomain
import Testing
@testable import LogbookStore

@Suite("EventBatchAppender")
struct EventBatchTests {
    /// A store with two people and their key-registration chain, appended one way or the other.
    func chain(batched: Bool) throws -> [EventRecord] {
        let store = try Store(path: ":memory:")
        try store.write {
            let people = PersonRepository(store)
            let a = try people.insert(handle: "a", name: "A", authorisationID: nil, createdAt: "2026-01-01T00:00:00.000Z", createdBy: nil)
            let b = try people.insert(handle: "b", name: "B", authorisationID: nil, createdAt: "2026-01-01T00:00:00.000Z", createdBy: nil)
            let batch = try EventBatchAppender(store)
            for (index, actor) in [(a, "a"), (b, "b"), (a, "a"), (b, "b")].enumerated() {
                let event = NewEvent(kind: .keyRegistration, positionID: nil, effectiveOn: CalendarDate(iso: "2026-01-0\(index + 1)")!,
                                     actor: actor, actorRole: "uao", actorDepartment: nil, payload: "key-\(index)")
                let recordedAt = "2026-01-0\(index + 1)T08:00:00.000Z"
                if batched { try batch.append(event, recordedAt: recordedAt) } else {
                    let events = EventRepository(store)
                    try events.insert(event.content(at: try events.nextLink(positionID: nil), recordedAt: recordedAt), of: event, signature: nil)
                }
            }
        }
        return try EventRepository(store).chain(positionID: nil)
    }

    @Test("a batch writes exactly the events and hashes that one append at a time writes, as a valid chain")
    func sameAsAppend() throws {
        let single = try chain(batched: false), batched = try chain(batched: true)
        #expect(batched.count == 4)
        #expect(batched.map(\.hash) == single.map(\.hash))
        #expect(batched.map(\.id) == [1, 2, 3, 4])
        #expect(EventChain.firstProblem(in: batched.map { EventChain.Link(content: $0.content, storedHash: $0.hash) }) == nil)
    }
}
