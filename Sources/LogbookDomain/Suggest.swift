/// "Did you mean" suggestions (forslag) for mistyped names, by edit distance on Unicode characters.
public enum Suggest {
    /// The candidate closest to `input` by case-insensitive Damerau–Levenshtein distance (optimal string
    /// alignment: insert, delete, substitute, swap two neighbours; counted in Characters so æ, ø, å are one
    /// each). Accepted when distance ≤ `maxDistance`, by default ≤ max(2, input.count / 3), and always below the
    /// longer length (so "ab" never suggests "cd"). Ties go to the earlier candidate; nil when none is close.
    public static func nearest(to input: String, in candidates: [String], maxDistance: Int? = nil) -> String? {
        let needle = Array(input.trimmed.lowercased())
        guard !needle.isEmpty else { return nil }
        let limit = maxDistance ?? max(2, needle.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            // The distance is at least the difference in length: skip hopeless candidates without the O(n·m) table.
            guard abs(needle.count - other.count) <= limit else { continue }
            let distance = editDistance(needle, other)
            guard distance <= limit, distance < max(needle.count, other.count) else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The candidate closest to `input`, or nil when nothing is close or the closest is exactly the input: the
    /// did-you-mean of a message that its front end words.
    public static func near(_ input: String, in candidates: [String]) -> String? {
        guard let match = nearest(to: input, in: candidates), match != input else { return nil }
        return match
    }

    /// Text to append to an error message: ` — did you mean "X"?`, or "" when nothing is close or the only
    /// close candidate is exactly the input.
    public static func didYouMean(_ input: String, in candidates: [String]) -> String {
        guard let match = nearest(to: input, in: candidates), match != input else { return "" }
        return " — did you mean \"\(match)\"?"
    }

    /// Optimal-string-alignment distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
