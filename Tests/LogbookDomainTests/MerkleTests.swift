import LogbookDomain
import Testing

/// The log's Merkle tree (RFC 9162), its frontier, proofs, and C2SP signed notes and checkpoints (issue 29).
@Suite("Merkle tree, proofs, checkpoints and signed notes")
struct MerkleTests {
    /// The leaves of the RFC 6962/9162 test vectors and the roots of their first 1…8.
    static let vectorLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
    static let vectorRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    static func leaves(_ count: Int) -> [Merkle.Hash] { (0..<count).map { Merkle.leafHash(Array("event \($0)".utf8)) } }

    @Test("the RFC test vectors: frontier and tree give the same roots; the empty tree is SHA-256 of nothing")
    func vectors() {
        let leaves = Self.vectorLeaves.map { Merkle.leafHash(Hex.bytes($0)!) }
        var frontier = Merkle.Frontier()
        let tree = Merkle.Tree(leaves: leaves)
        for (n, expected) in Self.vectorRoots.enumerated() {
            frontier.append(leaves[n])
            #expect(Hex.lowercase(frontier.root) == expected, "size \(n + 1)")
            #expect(Hex.lowercase(tree.root(size: n + 1)) == expected, "size \(n + 1)")
        }
        #expect(Hex.lowercase(Merkle.Frontier().root) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("every inclusion proof of trees up to 40 leaves verifies, and fails at another index, size or leaf")
    func inclusion() {
        let all = Self.leaves(40)
        let tree = Merkle.Tree(leaves: all)
        for size in 1...40 {
            let root = tree.root(size: size)
            for index in 0..<size {
                let proof = tree.inclusionProof(index: index, size: size)
                #expect(Merkle.verifyInclusion(leaf: all[index], index: index, size: size, proof: proof, root: root))
                if size > 1 {
                    #expect(!Merkle.verifyInclusion(leaf: all[index], index: (index + 1) % size, size: size, proof: proof, root: root))
                    #expect(!Merkle.verifyInclusion(leaf: all[(index + 1) % size], index: index, size: size, proof: proof, root: root))
                }
                if size < 40 {   // a proof in the tree of `size` leaves does not show the leaf in the next tree
                    #expect(!Merkle.verifyInclusion(leaf: all[index], index: index, size: size + 1, proof: proof, root: tree.root(size: size + 1)))
                }
            }
        }
    }

    @Test("every consistency proof between trees up to 40 leaves verifies, and fails against a rewritten tree")
    func consistency() {
        let all = Self.leaves(40)
        let tree = Merkle.Tree(leaves: all)
        var rewritten = all
        rewritten[3] = Merkle.leafHash(Array("forged".utf8))
        let other = Merkle.Tree(leaves: rewritten)
        for new in 1...40 {
            for old in 0...new {
                let proof = tree.consistencyProof(old: old, new: new)
                #expect(Merkle.verifyConsistency(old: old, new: new, oldRoot: tree.root(size: old), newRoot: tree.root(size: new), proof: proof),
                        "\(old) → \(new)")
                if old > 3, old < new {
                    #expect(!Merkle.verifyConsistency(old: old, new: new, oldRoot: tree.root(size: old), newRoot: other.root(size: new),
                                                      proof: other.consistencyProof(old: old, new: new)), "\(old) → \(new)")
                }
            }
        }
    }

    @Test("the frontier is stored as text and read back; a wrong number of hashes for the size is refused")
    func frontierText() {
        var frontier = Merkle.Frontier()
        for leaf in Self.leaves(13) { frontier.append(leaf) }   // 13 = 8 + 4 + 1: three subtrees
        #expect(frontier.text.split(separator: " ").count == 3)
        let read = Merkle.Frontier(size: 13, text: frontier.text)
        #expect(read == frontier && read?.root == frontier.root)
        #expect(Merkle.Frontier(size: 12, text: frontier.text) == nil)
        #expect(Merkle.Frontier(size: 0, text: "")?.root == Merkle.emptyRoot)
        var extended = read!
        extended.append(Self.leaves(14)[13])
        #expect(extended.root == Merkle.Tree(leaves: Self.leaves(14)).root(size: 14))
    }

    @Test("a checkpoint as a signed note: key ID from the spec, verified by its key only, any changed byte refused")
    func signedCheckpoint() throws {
        let key = PrivateSigningKey()
        let checkpoint = Checkpoint(origin: "logbook/syddanmark", size: 3, root: Merkle.Tree(leaves: Self.leaves(3)).root(size: 3),
                                    time: "2026-06-15T10:00:00.000Z")
        let note = try SignedNote.sign(text: checkpoint.text, name: checkpoint.origin, key: key)
        #expect(note.hasPrefix("logbook/syddanmark\n3\n") && note.contains("\ntime 2026-06-15T10:00:00.000Z\n\n\u{2014} logbook/syddanmark "))
        let signed = try #require(SignedCheckpoint(noteText: note))
        #expect(signed.checkpoint == checkpoint)
        #expect(signed.note.signer(name: checkpoint.origin, among: [PrivateSigningKey().publicKey, key.publicKey]) == key.publicKey)
        #expect(signed.note.signer(name: checkpoint.origin, among: [PrivateSigningKey().publicKey]) == nil)
        #expect(signed.note.signer(name: "another/name", among: [key.publicKey]) == nil)
        let changed = note.replacingOccurrences(of: "\n3\n", with: "\n4\n")
        #expect(SignedNote(changed)?.signer(name: checkpoint.origin, among: [key.publicKey]) == nil)
        #expect(SignedNote("no signature\n") == nil && SignedNote("text\n\nnot a line\n") == nil)
        #expect(SignedNote.keyID(name: "a", key: key.publicKey).count == 4)
    }

    @Test("a checkpoint's time in Unix seconds (for the age gauge): the epoch, a day in 2026, a leap day; not a timestamp: nil")
    func checkpointSeconds() {
        #expect(Checkpoint.unixSeconds("1970-01-01T00:00:00.000Z") == 0)
        #expect(Checkpoint.unixSeconds("2026-06-15T10:00:00.000Z") == 1_781_517_600)
        #expect(Checkpoint.unixSeconds("2028-02-29T23:59:59Z") == 1_835_481_599)
        for bad in ["2026-06-15", "2026-06-15T10:00:00.000", "2026-02-30T10:00:00Z", "2026-06-15T24:00:00Z", "2026-06-15T1a:00:00Z"] {
            #expect(Checkpoint.unixSeconds(bad) == nil, "\(bad)")
        }
    }
}
