#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookApp

/// An address or a network (`10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`) that `--trust-proxy` names.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The address's bytes: 4 for IPv4, 16 for IPv6.
    let bytes: [UInt8]
    /// How many leading bits must match.
    let prefix: Int
    public let description: String

    /// Parses `ADDRESS` or `ADDRESS/BITS`; nil when it is neither an IPv4 nor an IPv6 address.
    public init?(_ text: String) {
        var address = Substring(text), bits: Int?
        if let slash = text.firstIndex(of: "/") {
            address = text[..<slash]
            guard let number = Int(text[text.index(after: slash)...]) else { return nil }
            bits = number
        }
        guard let bytes = Self.bytes(String(address)) else { return nil }
        let width = bytes.count * 8
        let prefix = bits ?? width
        guard (0...width).contains(prefix) else { return nil }
        self.bytes = bytes
        self.prefix = prefix
        self.description = text
    }

    /// The bytes of an IPv4 or IPv6 address in text; an IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) as IPv4.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            if all[0..<10].allSatisfy({ $0 == 0 }) && all[10] == 0xff && all[11] == 0xff { return Array(all[12...]) }
            return all
        }
        return nil
    }

    /// Whether `address` (text, as a socket or `X-Forwarded-For` gives it) lies in this range.
    public func contains(_ address: String) -> Bool {
        guard let other = Self.bytes(address), other.count == bytes.count else { return false }
        var left = prefix
        for index in bytes.indices where left > 0 {
            let take = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - take))
            if bytes[index] & mask != other[index] & mask { return false }
            left -= take
        }
        return true
    }

    /// Parses a comma-separated list (flags may repeat, each may list several); a usage error names the bad entry.
    public static func list(_ texts: [String], source: String) throws -> [AddressRange] {
        var ranges: [AddressRange] = []
        for text in texts {
            for part in text.split(separator: ",") {
                let entry = part.trimmingSpaces
                if entry.isEmpty { continue }
                guard let range = AddressRange(entry) else {
                    throw LogbookError.usage("\(source): \"\(entry)\" is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, ::1)")
                }
                ranges.append(range)
            }
        }
        return ranges
    }
}

/// The proxies whose word the server takes: who the client is (`X-Forwarded-For`) and, with a user header, who is
/// logged in (single sign-on).
public struct ProxyTrust: Sendable {
    /// The addresses of the reverse proxies (`--trust-proxy`, `LOGBOOK_TRUST_PROXY`); empty: trust no header.
    public var proxies: [AddressRange]
    /// The header naming the person the proxy has authenticated (`--user-header`, `LOGBOOK_USER_HEADER`), if any.
    public var userHeader: String?

    public init(proxies: [AddressRange] = [], userHeader: String? = nil) {
        self.proxies = proxies
        self.userHeader = userHeader
    }

    /// Whether a connection from `peer` comes from a trusted proxy.
    public func trusts(_ peer: String?) -> Bool {
        guard let peer else { return false }
        return proxies.contains { $0.contains(peer) }
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the right-most address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it saw, so the entries to the
    /// left of the first untrusted one could be anything the client wrote).
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",").map { $0.trimmingSpaces } }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusts(hop) {
            return AddressRange.bytes(hop) == nil ? peer : hop
        }
        return hops.first.flatMap { AddressRange.bytes($0) == nil ? nil : $0 } ?? peer
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
