/// A part-time fraction (deltid), kept as an exact reduced rational `numerator/denominator` with
/// 1/2 ≤ f ≤ 1 (DOMAIN.md "Time rules", Part time), e.g. 30/37 hours a week.
public struct PartTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The reduced numerator (≥ 1).
    public let numerator: Int
    /// The reduced denominator (≥ numerator).
    public let denominator: Int

    /// Full time (fuld tid), 1/1.
    public static let full = PartTime(reduced: 1, 1)

    /// Creates a fraction when `denominator > 0` and 0.5 ≤ numerator/denominator ≤ 1; stored reduced.
    public init?(numerator: Int, denominator: Int) {
        guard numerator > 0, denominator > 0,
              numerator <= denominator,
              numerator <= Int.max / 2, 2 * numerator >= denominator else { return nil }
        let divisor = gcd(numerator, denominator)
        self.init(reduced: numerator / divisor, denominator / divisor)
    }

    /// The fraction as a floating-point number, for display only (rules use the exact rational).
    public var fraction: Double { Double(numerator) / Double(denominator) }

    /// Human form: "100 %" for full time, otherwise the fraction and the whole percent rounded half up with
    /// the Danish space before "%", e.g. "3/4 (75 %)", "30/37 (81 %)".
    public var description: String {
        if numerator == denominator { return "100 %" }
        return "\(numerator)/\(denominator) (\(percentRounded) %)"
    }

    /// The percentage rounded half up to a whole number (30/37 → 81).
    public var percentRounded: Int { (200 * numerator + denominator) / (2 * denominator) }

    /// Stable text for storage: "numerator/denominator", e.g. "3/4"; full time is "1/1".
    public var storageText: String { "\(numerator)/\(denominator)" }

    /// Reads the storage form "n/d" (plain ASCII integers); nil when malformed or out of range.
    public init?(storageText: String) {
        let parts = storageText.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let n = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(numerator: n, denominator: d)
    }

    /// Parses a fraction typed by a user: `0.8`, `0,8` (Danish comma), `80%`, `80 %`, `30/37`, `1`.
    /// Decimals are converted exactly (0.75 → 3/4); the result must be between 0.5 and 1.0.
    public static func parse(_ text: String) throws(PartTimeError) -> PartTime {
        let input = text.trimmed
        let value: (Int, Int)?
        if input.hasSuffix("%") {
            value = decimal(input.dropLast().trimmed).map { ($0.0, $0.1 * 100) }
        } else if input.contains("/") {
            let parts = input.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, let top = decimal(parts[0].trimmed),
               let bottom = decimal(parts[1].trimmed), bottom.0 > 0 {
                // (a/b) / (c/d) = a·d / (b·c); each part is below 10^9, so this cannot overflow.
                value = (top.0 * bottom.1, top.1 * bottom.0)
            } else {
                value = nil
            }
        } else {
            value = decimal(input)
        }
        guard let (n, d) = value else { throw .notAFraction(input: input) }
        guard let result = PartTime(numerator: n, denominator: d) else { throw .outOfRange(input: input) }
        return result
    }

    /// Orders fractions by size.
    public static func < (lhs: PartTime, rhs: PartTime) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// Decodes from the storage text, e.g. "3/4".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = PartTime(storageText: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a part-time fraction")
        }
        self = value
    }

    /// Encodes as the storage text, e.g. "3/4".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(storageText)
    }

    /// Wraps an already reduced, in-range fraction.
    private init(reduced numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Reads ASCII decimal text with `.` or `,` as the separator ("0,75") into an exact (numerator, 10^k)
    /// pair; at most 9 digits in all so later products stay far from overflow.
    private static func decimal(_ text: String) -> (Int, Int)? {
        var numerator = 0
        var denominator = 1
        var digits = 0
        var seenSeparator = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                digits += 1
                guard digits <= 9 else { return nil }
                numerator = numerator * 10 + Int(byte - 0x30)
                if seenSeparator { denominator *= 10 }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard !seenSeparator else { return nil }
                seenSeparator = true
            default:
                return nil
            }
        }
        return digits > 0 ? (numerator, denominator) : nil
    }
}

/// Why a typed part-time fraction was rejected (`PartTime.parse`); the description is a user message.
public enum PartTimeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not a number, percentage or fraction.
    case notAFraction(input: String)
    /// The value is outside 0.5...1 (DOMAIN.md "Time rules", Part time).
    case outOfRange(input: String)

    /// A one-line message naming the input and the accepted forms.
    public var description: String {
        switch self {
        case .notAFraction(let input): return "\"\(input)\" is not a fraction; use 0.8, 80% or 30/37"
        case .outOfRange(let input): return "must be between 0.5 and 1.0 (got \(input))"
        }
    }
}

/// Greatest common divisor of two positive integers.
private func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
}
