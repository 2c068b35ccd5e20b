#if canImport(FoundationEssentials)
import FoundationEssentials  // Data, Date, URL, ProcessInfo: without full Foundation's ICU
#else
import Foundation
#endif

/// One plain-text mail to one recipient, rendered as RFC 5322 bytes.
///
/// ``rendered()`` gives CRLF line endings, `MIME-Version: 1.0`, a UTF-8 `text/plain` body in quoted-printable (so the
/// bytes on the wire are 7-bit, every line at most 76 characters), and RFC 2047 encoded-words for a subject or display
/// name that is not plain ASCII. Nothing a caller passes can add a header: line breaks and other control characters in
/// the subject, names and addresses are refused when the message is made (``MailMessageError``).
public struct MailMessage: Sendable, Hashable {
    /// The author (`From:`). The SMTP envelope sender is ``SMTPSettings/sender``, which is usually the same.
    public let from: MailAddress
    /// The one recipient (`To:` and `RCPT TO`).
    public let to: MailAddress
    public let subject: String
    /// The text, with any line endings (`\n`, `\r\n`); sent as UTF-8 quoted-printable.
    public let body: String
    public let date: Date
    /// Without angle brackets: `left@right`.
    public let messageID: String
    /// An HTML alternative to ``body`` (the same text; the caller escapes what it puts in): the message is then
    /// `multipart/alternative`, plain text first.
    public let htmlBody: String?
    /// The page where the recipient changes which mail they get (`List-Unsubscribe: <URL>`, RFC 2369).
    public let listUnsubscribe: String?

    /// Checks every header value; `messageID` defaults to a random UUID at the sender's domain. `listUnsubscribe` must
    /// be an `http(s)://` URL of printable ASCII without spaces or angle brackets.
    public init(from: MailAddress, to: MailAddress, subject: String, body: String, date: Date = Date(), messageID: String? = nil,
                htmlBody: String? = nil, listUnsubscribe: String? = nil) throws(MailMessageError) {
        if let bad = subject.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw bad == "\r" || bad == "\n" ? .lineBreakInSubject : .controlCharacterInSubject
        }
        if let url = listUnsubscribe {
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.utf8.count <= 900,
                  url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" })
            else { throw .invalidUnsubscribeURL }
        }
        self.htmlBody = htmlBody
        self.listUnsubscribe = listUnsubscribe
        let id = messageID ?? "\(UUID().uuidString.lowercased())@\(from.domain)"
        do { try MailAddress.validate(address: id) } catch { throw .invalidMessageID(error) }
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = id
    }

    /// The whole message: headers, a blank line, the encoded body; every line ends in CRLF.
    public func rendered() -> [UInt8] {
        var out: [UInt8] = []
        func header(_ line: String) { out += Array(line.utf8); out += [13, 10] }
        header("Date: " + MIMEEncoding.rfc5322Date(date))
        header(MIMEEncoding.addressHeader("From", from))
        header(MIMEEncoding.addressHeader("To", to))
        header(MIMEEncoding.unstructuredHeader("Subject", subject))
        header("Message-ID: <\(messageID)>")
        if let listUnsubscribe {
            header("List-Unsubscribe: <\(listUnsubscribe)>")
            header("Auto-Submitted: auto-generated")
        }
        header("MIME-Version: 1.0")
        guard let htmlBody else {
            header("Content-Type: text/plain; charset=utf-8")
            header("Content-Transfer-Encoding: quoted-printable")
            out += [13, 10]
            out += MIMEEncoding.quotedPrintable(body)
            return out
        }
        // "=_" never occurs in quoted-printable text (every "=" there is "=3D" or a soft break at a line's end), so the
        // boundary cannot appear in either part.
        let boundary = "=_logbook_alternative"
        header("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        out += [13, 10]
        for (type, text) in [("text/plain", body), ("text/html", htmlBody)] {
            header("--" + boundary)
            header("Content-Type: \(type); charset=utf-8")
            header("Content-Transfer-Encoding: quoted-printable")
            out += [13, 10]
            out += MIMEEncoding.quotedPrintable(text)
        }
        header("--" + boundary + "--")
        return out
    }

    /// ``rendered()`` as text (it is 7-bit ASCII), e.g. for `--dry-run`.
    public func renderedText() -> String { String(decoding: rendered(), as: UTF8.self) }
}

/// Why a message was refused before anything was sent.
public enum MailMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    case lineBreakInSubject
    case controlCharacterInSubject
    case invalidMessageID(MailAddressError)
    case invalidUnsubscribeURL

    public var description: String {
        switch self {
        case .lineBreakInSubject: "the subject contains a line break"
        case .controlCharacterInSubject: "the subject contains a control character"
        case .invalidMessageID(let why): "the message id is not of the form left@right (\(why))"
        case .invalidUnsubscribeURL: "the List-Unsubscribe address is not an http(s) URL of printable ASCII"
        }
    }
}

/// RFC 2045/2047/5322 encoders (and, for the tests, decoders).
enum MIMEEncoding {
    static let maxLine = 78

    // MARK: Headers

    /// `Name: value` folded at spaces so lines stay within 78 characters where the words allow (998 at worst: an
    /// address is at most 254).
    static func fold(_ name: String, _ words: [String]) -> String {
        var result = name + ":"
        var lineLength = result.utf8.count
        for word in words {
            if lineLength + 1 + word.utf8.count > maxLine && lineLength > name.utf8.count + 1 {
                result += "\r\n " + word
                lineLength = 1 + word.utf8.count
            } else {
                result += " " + word
                lineLength += 1 + word.utf8.count
            }
        }
        return result
    }

    static func isPlainHeaderText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !text.contains("=?")
    }

    /// `Subject: ...`: plain ASCII as words, otherwise UTF-8 base64 encoded-words.
    static func unstructuredHeader(_ name: String, _ value: String) -> String {
        if value.isEmpty { return name + ":" }
        if isPlainHeaderText(value) {
            let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            // Runs of spaces or a leading/trailing space would be lost by folding; encode such a value instead.
            if !words.contains(where: \.isEmpty) && words.allSatisfy({ $0.utf8.count <= maxLine - name.utf8.count - 2 }) {
                return fold(name, words)
            }
        }
        return fold(name, encodedWords(value))
    }

    /// `From: Name <address>`: the name as atoms, a quoted string, or encoded-words.
    static func addressHeader(_ name: String, _ mailbox: MailAddress) -> String {
        guard let display = mailbox.displayName else { return name + ": " + mailbox.address }
        var words: [String]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        if isPlainHeaderText(display) && display.unicodeScalars.allSatisfy({ atext.contains($0) }) {
            words = display.split(separator: " ").map(String.init)
        } else if isPlainHeaderText(display) && display.utf8.count <= 60 {
            words = ["\"" + display.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""]
        } else {
            words = encodedWords(display)
        }
        words.append("<" + mailbox.address + ">")
        return fold(name, words)
    }

    /// `=?UTF-8?B?...?=` words, each holding whole characters (RFC 2047 section 5) of at most 39 bytes: 64 characters,
    /// so that `Subject: ` and one word fit in 78.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// Decodes a header value's encoded-words (B or Q) back to text; whitespace between adjacent words is dropped.
    static func decodeHeaderValue(_ value: String) -> String {
        let unfolded = value.replacing("\r\n", with: "")
        var result = ""
        var previousWasEncoded = false
        var pendingSpace = ""
        for token in unfolded.split(separator: " ", omittingEmptySubsequences: false) {
            if let decoded = decodeEncodedWord(String(token)) {
                if !previousWasEncoded { result += pendingSpace }
                result += decoded
                previousWasEncoded = true
            } else {
                result += (result.isEmpty && pendingSpace.isEmpty ? "" : pendingSpace) + token
                previousWasEncoded = false
            }
            pendingSpace = " "
        }
        return result
    }

    static func decodeEncodedWord(_ word: String) -> String? {
        guard word.hasPrefix("=?"), word.hasSuffix("?="), word.count > 4 else { return nil }
        let parts = word.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[2])) else { return nil }
            return String(data: data, encoding: .utf8)
        case "Q":
            return String(decoding: decodeQP(Array(parts[2].replacing("_", with: " ").utf8)), as: UTF8.self)
        default:
            return nil
        }
    }

    // MARK: Date

    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[c.weekday! - 1]), \(two(c.day)) \(months[c.month! - 1]) \(c.year!) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }

    // MARK: Quoted-printable body

    /// The text's UTF-8 in quoted-printable (RFC 2045 section 6.7): CRLF line breaks, lines of at most 76 characters
    /// with soft breaks, trailing whitespace and `=` encoded, and a line starting with `From ` encoded so no mbox
    /// mangles it. Always ends with CRLF.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var lines: [[UInt8]] = [[]]
        var bytes = Array(text.utf8)
        if bytes.last == 10 { bytes.removeLast(); if bytes.last == 13 { bytes.removeLast() } }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { lines.append([]); i += 2; continue }
            if b == 10 || b == 13 { lines.append([]); i += 1; continue }
            lines[lines.count - 1].append(b)
            i += 1
        }
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for line in lines {
            var tokens: [[UInt8]] = []
            for (index, b) in line.enumerated() {
                let last = index == line.count - 1
                let literal = (b >= 33 && b <= 126 && b != 61) || ((b == 32 || b == 9) && !last)
                if literal { tokens.append([b]) } else { tokens.append([61, hex[Int(b >> 4)], hex[Int(b & 15)]]) }
            }
            if line.starts(with: Array("From ".utf8)) { tokens[0] = Array("=46".utf8) }
            // Soft breaks: an encoded line holds at most 75 characters plus the "=".
            var current = 0
            for (index, token) in tokens.enumerated() {
                let isLast = index == tokens.count - 1
                let limit = isLast ? 76 : 75
                if current + token.count > limit {
                    out += [61, 13, 10]
                    current = 0
                }
                out += token
                current += token.count
            }
            out += [13, 10]
        }
        return out
    }

    /// Decodes quoted-printable bytes (soft breaks removed, `=XX` resolved); CRLF stays CRLF.
    static func decodeQP(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 61 {
                if i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 { i += 3; continue }
                if i + 1 < bytes.count, bytes[i + 1] == 10 { i += 2; continue }
                if i + 2 < bytes.count, let high = value(bytes[i + 1]), let low = value(bytes[i + 2]) {
                    out.append(high << 4 | low); i += 3; continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
