import Testing
@testable import LogbookDomain

@Suite("Event canonical encoding and hash chain")
struct EventChainTests {
    func content(_ id: Int64, previous: String, text: String = "") -> EventContent {
        EventContent(
            id: id, kind: .competencyApproval, positionID: 7, competencyCode: "I3", effectiveOn: CalendarDate(iso: "2027-03-04")!,
            recordedAt: "2027-03-04T10:00:00.000Z", actor: "dr.berg", actorRole: "supervisor", actorDepartment: "OUH-KAR",
            text: text, previousHash: previous)
    }

    func chain(_ count: Int) -> [EventChain.Link] {
        var links: [EventChain.Link] = []
        var previous = EventContent.genesisHash
        for id in 1...Int64(count) {
            let event = content(id, previous: previous, text: "comment \(id)")
            links.append(EventChain.Link(content: event, storedHash: event.hash))
            previous = event.hash
        }
        return links
    }

    @Test("the canonical bytes are length-prefixed fields in a fixed order")
    func canonicalBytes() {
        let event = content(1, previous: EventContent.genesisHash, text: "æ:\nø")
        let text = String(decoding: event.canonicalBytes, as: UTF8.self)
        #expect(text.hasPrefix("logbook-event-v1\nid:1:1\nkind:19:competency-approval\nposition:1:7\ncompetency:2:I3\ncourse:0:\n"))
        #expect(text.contains("\ntext:6:æ:\nø\n"), "æ and ø are two bytes each, so the length is 6")
        #expect(text.hasSuffix("prev_hash:64:\(EventContent.genesisHash)\n"))
    }

    @Test("the hash is SHA-256 of the canonical bytes, as hex")
    func knownHash() {
        let event = content(1, previous: EventContent.genesisHash)
        // Computed independently (Python hashlib over the documented canonical bytes): the hash never changes.
        #expect(event.hash == "c323a061b21950b2caf40e78d3c15f42193737625e3a11718f46ff176193a711")
        #expect(event.hash.count == 64)
        #expect(event.hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        var changed = event
        changed.text = "x"
        #expect(changed.hash != event.hash)
    }

    @Test("an intact chain has no problem")
    func intact() { #expect(EventChain.firstProblem(in: chain(5)) == nil) }

    @Test("a changed event is named")
    func changed() {
        var links = chain(5)
        var tampered = links[2].content
        tampered.text = "edited"
        links[2] = EventChain.Link(content: tampered, storedHash: links[2].storedHash)
        #expect(EventChain.firstProblem(in: links)?.eventID == 3)
        #expect(EventChain.firstProblem(in: links)?.message.contains("changed") == true)
    }

    @Test("a removed event breaks the link of the one after it")
    func removed() {
        var links = chain(5)
        links.remove(at: 2)
        let problem = EventChain.firstProblem(in: links)
        #expect(problem?.eventID == 4)
        #expect(problem?.message.contains("removed") == true)
    }

    @Test("a removed first event is found")
    func removedFirst() {
        var links = chain(3)
        links.removeFirst()
        #expect(EventChain.firstProblem(in: links)?.eventID == 2)
    }

    @Test("reordered events are found")
    func reordered() {
        var links = chain(5)
        links.swapAt(1, 3)
        let problem = EventChain.firstProblem(in: links)
        #expect(problem?.eventID == 4)
        #expect(problem?.message.contains("out of order") == true)
    }

    @Test("an inserted event that claims to start the chain is found")
    func inserted() {
        var links = chain(3)
        let fake = content(9, previous: EventContent.genesisHash, text: "forged")
        links.insert(EventChain.Link(content: fake, storedHash: fake.hash), at: 2)
        #expect(EventChain.firstProblem(in: links)?.eventID == 9)
    }
}
