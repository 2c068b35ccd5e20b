/// One mailbox: an address and, optionally, the name shown beside it (`Lone Kjær <lone@ouh.dk>`).
///
/// The address is checked minimally but strictly enough that it can never break out of a header or an SMTP
/// command: exactly one `@`, a non-empty local part and domain, ASCII only (SMTPUTF8 is not supported), and no
/// whitespace, control characters, `<`, `>`, `,`, `;`, `"`, `(`, `)`, `[`, `]` or `\`. The display name may hold any
/// text but line breaks and other control characters (it is written as RFC 2047 encoded-words when needed).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`, as given.
    public let address: String
    /// The name shown beside the address, if any (never empty).
    public let displayName: String?

    /// Checks `address` and `displayName`; throws ``MailAddressError`` when either could not be sent safely.
    public init(_ address: String, displayName: String? = nil) throws(MailAddressError) {
        try Self.validate(address: address)
        if let displayName {
            if let bad = displayName.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
                throw bad == "\r" || bad == "\n" ? .lineBreakInDisplayName : .controlCharacterInDisplayName
            }
        }
        self.address = address
        let trimmed = displayName?.trimmingWhitespace()
        self.displayName = trimmed?.isEmpty == false ? trimmed : nil
    }

    /// Reads `address` or `Display Name <address>` (the form of the `from` setting).
    public init(parsing text: String) throws(MailAddressError) {
        let text = text.trimmingWhitespace()
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let name = String(text[..<open]).trimmingWhitespace()
            let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            var unquoted = name
            if unquoted.count >= 2, unquoted.hasPrefix("\""), unquoted.hasSuffix("\"") {
                unquoted = String(unquoted.dropFirst().dropLast())
            }
            try self.init(inner, displayName: unquoted.isEmpty ? nil : unquoted)
        } else {
            try self.init(text)
        }
    }

    /// The domain part (after the `@`).
    public var domain: Substring { address[address.index(after: address.firstIndex(of: "@")!)...] }

    public var description: String {
        guard let displayName else { return address }
        return "\(displayName) <\(address)>"
    }

    static func validate(address: String) throws(MailAddressError) {
        if address.isEmpty { throw .empty }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", ",", ";", "\"", "(", ")", "[", "]", "\\"]
        for scalar in address.unicodeScalars {
            if scalar == "\r" || scalar == "\n" { throw .lineBreak }
            if scalar == " " || scalar == "\t" || scalar.properties.isWhitespace { throw .whitespace }
            if scalar.value < 0x20 || scalar.value == 0x7F { throw .controlCharacter }
            if !scalar.isASCII { throw .nonASCII }
            if forbidden.contains(scalar) { throw .forbiddenCharacter(Character(scalar)) }
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .notExactlyOneAt }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, !domain.isEmpty else { throw .emptyPart }
        guard local.utf8.count <= 64, address.utf8.count <= 254 else { throw .tooLong }
        guard !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { throw .malformedDomain }
    }
}

/// Why an address or display name was refused.
public enum MailAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notExactlyOneAt
    case emptyPart
    case lineBreak
    case whitespace
    case controlCharacter
    case nonASCII
    case forbiddenCharacter(Character)
    case tooLong
    case malformedDomain
    case lineBreakInDisplayName
    case controlCharacterInDisplayName

    public var description: String {
        switch self {
        case .empty: "the address is empty"
        case .notExactlyOneAt: "an address needs exactly one @"
        case .emptyPart: "an address needs text on both sides of the @"
        case .lineBreak: "the address contains a line break"
        case .whitespace: "the address contains whitespace"
        case .controlCharacter: "the address contains a control character"
        case .nonASCII: "the address contains a non-ASCII character (internationalised addresses are not supported)"
        case .forbiddenCharacter(let c): "the address contains the character \(c)"
        case .tooLong: "the address is too long (at most 64 characters before the @ and 254 in all)"
        case .malformedDomain: "the domain of the address is malformed"
        case .lineBreakInDisplayName: "the display name contains a line break"
        case .controlCharacterInDisplayName: "the display name contains a control character"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
