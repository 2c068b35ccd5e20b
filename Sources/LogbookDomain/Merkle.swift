import Crypto

/// The Merkle tree over the whole event log (RFC 9162, section 2.1): one leaf per event, in log order (event id
/// order), the leaf's entry being the event's canonical bytes (docs/EVENT-FORMAT.md) — the bytes that are hashed and
/// signed. Leaf hash `SHA-256(0x00 ‖ entry)`, interior node `SHA-256(0x01 ‖ left ‖ right)`, the tree of n leaves split
/// at the largest power of two below n.
public enum Merkle {
    /// A 32-byte SHA-256 value.
    public typealias Hash = [UInt8]

    /// The hash of an empty tree: SHA-256 of nothing.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

    /// `SHA-256(0x00 ‖ entry)`.
    public static func leafHash(_ entry: [UInt8]) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return Array(hasher.finalize())
    }

    /// The leaf hash of an event: its entry is its canonical bytes.
    public static func leafHash(of event: EventContent) -> Hash { leafHash(event.canonicalBytes) }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of the tree over `leaves` (leaf hashes), computed directly (for tests and small trees).
    public static func root(of leaves: [Hash]) -> Hash {
        var frontier = Frontier()
        for leaf in leaves { frontier.append(leaf) }
        return frontier.root
    }

    // MARK: The frontier (compact range)

    /// The compact range `[0, size)` of the tree: the roots of its perfect subtrees, largest (leftmost) first — one per
    /// set bit of `size`. Appending a leaf and computing the root take O(log size) hashes; it is what is stored with
    /// each checkpoint so the next one is computed from it and the new events only, never from scratch.
    public struct Frontier: Sendable, Equatable {
        public private(set) var size: Int = 0
        /// (height, hash) of each perfect subtree, left to right; heights strictly decreasing.
        public private(set) var nodes: [(height: Int, hash: Hash)] = []

        public init() {}

        public static func == (lhs: Frontier, rhs: Frontier) -> Bool {
            lhs.size == rhs.size && lhs.nodes.map(\.hash) == rhs.nodes.map(\.hash)
        }

        /// Adds the leaf with this leaf hash at index `size`.
        public mutating func append(_ leaf: Hash) {
            var node = (height: 0, hash: leaf)
            while let last = nodes.last, last.height == node.height {
                nodes.removeLast()
                node = (node.height + 1, Merkle.nodeHash(last.hash, node.hash))
            }
            nodes.append(node)
            size += 1
        }

        /// The root hash of the tree of `size` leaves.
        public var root: Hash {
            guard var root = nodes.last?.hash else { return Merkle.emptyRoot }
            for node in nodes.dropLast().reversed() { root = Merkle.nodeHash(node.hash, root) }
            return root
        }

        /// The stored form: the hashes as lower-case hex, separated by single spaces (empty for an empty tree).
        public var text: String { nodes.map { Hex.lowercase($0.hash) }.joined(separator: " ") }

        /// Reads the stored form for a tree of `size` leaves; nil when it does not have one hash per set bit of `size`.
        public init?(size: Int, text: String) {
            guard size >= 0 else { return nil }
            let parts = text.isEmpty ? [] : text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            var heights: [Int] = []
            for bit in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << bit) != 0 { heights.append(bit) }
            guard parts.count == heights.count else { return nil }
            var nodes: [(height: Int, hash: Hash)] = []
            for (height, part) in zip(heights, parts) {
                guard let hash = Hex.bytes(part), hash.count == 32 else { return nil }
                nodes.append((height, hash))
            }
            self.size = size
            self.nodes = nodes
        }
    }

    // MARK: Proofs

    /// Every perfect subtree of a tree, by height: `levels[h][i]` is the hash over leaves `[i·2^h, (i+1)·2^h)`. Built in
    /// one pass over the leaves (≤ 2n hashes); then any subtree hash of any tree size up to `count` takes O(log n), so
    /// an inclusion or consistency proof takes O(log² n) hashes.
    public struct Tree: Sendable {
        public private(set) var levels: [[Hash]] = [[]]

        public init() {}

        public init(leaves: [Hash]) {
            for leaf in leaves { append(leaf) }
        }

        /// The number of leaves.
        public var count: Int { levels[0].count }

        /// Adds a leaf (its leaf hash).
        public mutating func append(_ leaf: Hash) {
            levels[0].append(leaf)
            var height = 0
            while levels[height].count % 2 == 0 {
                let row = levels[height]
                let node = Merkle.nodeHash(row[row.count - 2], row[row.count - 1])
                if levels.count == height + 1 { levels.append([]) }
                levels[height + 1].append(node)
                height += 1
            }
        }

        /// MTH(D[low:high]) for a range of the RFC 9162 decomposition (low a multiple of the largest power of two below
        /// high − low, or the range perfect and aligned).
        public func hash(_ low: Int, _ high: Int) -> Hash {
            let width = high - low
            if width == 0 { return Merkle.emptyRoot }
            if width & (width - 1) == 0, low % width == 0 {
                let height = width.trailingZeroBitCount
                return levels[height][low >> height]
            }
            let k = Merkle.split(width)
            return Merkle.nodeHash(hash(low, low + k), hash(low + k, high))
        }

        /// The root of the tree of the first `size` leaves.
        public func root(size: Int) -> Hash { hash(0, size) }

        /// The inclusion proof (audit path, RFC 9162 2.1.3.1) of leaf `index` in the tree of the first `size` leaves.
        public func inclusionProof(index: Int, size: Int) -> [Hash] {
            precondition(index >= 0 && index < size && size <= count)
            func path(_ m: Int, _ low: Int, _ high: Int) -> [Hash] {
                let n = high - low
                if n <= 1 { return [] }
                let k = Merkle.split(n)
                return m < k ? path(m, low, low + k) + [hash(low + k, high)] : path(m - k, low + k, high) + [hash(low, low + k)]
            }
            return path(index, 0, size)
        }

        /// The consistency proof (RFC 9162 2.1.4.1) between the trees of the first `old` and the first `new` leaves.
        public func consistencyProof(old: Int, new: Int) -> [Hash] {
            precondition(old >= 0 && old <= new && new <= count)
            if old == 0 || old == new { return [] }
            func subproof(_ m: Int, _ low: Int, _ high: Int, _ whole: Bool) -> [Hash] {
                let n = high - low
                if m == n { return whole ? [] : [hash(low, high)] }
                let k = Merkle.split(n)
                if m <= k { return subproof(m, low, low + k, whole) + [hash(low + k, high)] }
                return subproof(m - k, low + k, high, false) + [hash(low, low + k)]
            }
            return subproof(old, 0, new, true)
        }
    }

    /// Whether `proof` shows the leaf with hash `leaf` at `index` in the tree of `size` leaves with root `root`
    /// (RFC 9162 2.1.3.2).
    public static func verifyInclusion(leaf: Hash, index: Int, size: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leaf
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows the tree of `old` leaves with root `oldRoot` is a prefix of the tree of `new` leaves with
    /// root `newRoot` (RFC 9162 2.1.4.2). Equal sizes need an empty proof and equal roots; an empty old tree is a prefix
    /// of everything.
    public static func verifyConsistency(old: Int, new: Int, oldRoot: Hash, newRoot: Hash, proof: [Hash]) -> Bool {
        guard old >= 0, old <= new else { return false }
        if old == 0 { return proof.isEmpty }
        if old == new { return proof.isEmpty && oldRoot == newRoot }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = old - 1, sn = new - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = first, sr = first
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

extension Hex {
    /// The bytes of lower- or upper-case hex text; nil when it is not hex of whole bytes.
    public static func bytes(_ text: String) -> [UInt8]? {
        let scalars = Array(text.utf8)
        guard scalars.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count / 2)
        var index = 0
        while index < scalars.count {
            guard let high = value(scalars[index]), let low = value(scalars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
