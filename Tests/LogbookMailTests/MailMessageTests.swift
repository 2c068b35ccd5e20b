import Foundation
import Testing
@testable import LogbookMail

@Suite("MailMessage: RFC 5322 rendering")
struct MailMessageTests {
    static let sender = try! MailAddress("logbog@ouh.dk", displayName: "Logbog OUH")
    static let lone = try! MailAddress("lone@ouh.dk", displayName: "Lone Kjær")
    static let day = Date(timeIntervalSince1970: 1_788_000_000)   // 2026-08-29 10:40:00 UTC

    static func message(subject: String = "Påmindelse", body: String = "Hej", to: MailAddress = lone) throws -> MailMessage {
        try MailMessage(from: sender, to: to, subject: subject, body: body, date: day, messageID: "test-1@ouh.dk")
    }

    /// The header lines (unfolded) and the body of a rendered message.
    static func split(_ bytes: [UInt8]) -> (headers: [String: String], body: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let end = text.range(of: "\r\n\r\n")!
        let unfolded = text[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in unfolded.components(separatedBy: "\r\n") {
            let colon = line.firstIndex(of: ":")!
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...].dropFirst())
        }
        return (headers, Array(text[end.upperBound...].utf8))
    }

    // The attack first: a line break in any header value would let a caller add headers (Bcc:) or end the headers.
    @Test("header injection: CR or LF in the subject, a display name or an address is refused")
    func headerInjectionRefused() throws {
        for attack in ["Hej\r\nBcc: evil@example.com", "Hej\nBcc: evil@example.com", "Hej\rBcc: x@y.z", "Hej\r\n\r\nbody", "a\u{85}b"] {
            #expect(throws: MailMessageError.self) { try Self.message(subject: attack) }
            #expect(throws: MailAddressError.self) { try MailAddress("lone@ouh.dk", displayName: attack) }
        }
        #expect(throws: MailMessageError.lineBreakInSubject) { try Self.message(subject: "x\r\nBcc: evil@example.com") }
        #expect(throws: MailAddressError.lineBreakInDisplayName) { try MailAddress("a@b.dk", displayName: "x\nBcc: e@f.g") }
        for attack in ["lone@ouh.dk\r\nBcc: evil@example.com", "lone@ouh.dk\nRCPT TO:<evil@example.com>", "lone@ouh.dk\r"] {
            #expect(throws: MailAddressError.lineBreak) { try MailAddress(attack) }
        }
        // A second recipient smuggled into To: or an SMTP parameter after the address.
        #expect(throws: MailAddressError.forbiddenCharacter(",")) { try MailAddress("lone@ouh.dk,evil@example.com") }
        #expect(throws: MailAddressError.forbiddenCharacter(">")) { try MailAddress("lone@ouh.dk>") }
        #expect(throws: MailAddressError.whitespace) { try MailAddress("lone@ouh.dk NOTIFY=NEVER") }
        #expect(throws: MailMessageError.self) {
            try MailMessage(from: Self.sender, to: Self.lone, subject: "x", body: "", messageID: "a@b>\r\nBcc: e@f.g")
        }
        // The body can hold anything: it is encoded, so a line break there never starts a header.
        let message = try Self.message(body: "Hej\r\n\r\nBcc: evil@example.com\r\n")
        let parts = Self.split(message.rendered())
        #expect(parts.headers["Bcc"] == nil)
        #expect(parts.headers.count == 8)
    }

    @Test("addresses: one @, no spaces, no angle brackets, ASCII")
    func addressValidation() throws {
        #expect(throws: MailAddressError.notExactlyOneAt) { try MailAddress("lone.ouh.dk") }
        #expect(throws: MailAddressError.notExactlyOneAt) { try MailAddress("a@b@c.dk") }
        #expect(throws: MailAddressError.emptyPart) { try MailAddress("@ouh.dk") }
        #expect(throws: MailAddressError.emptyPart) { try MailAddress("lone@") }
        #expect(throws: MailAddressError.whitespace) { try MailAddress("lone kjær@ouh.dk") }
        #expect(throws: MailAddressError.forbiddenCharacter("<")) { try MailAddress("<lone@ouh.dk") }
        #expect(throws: MailAddressError.nonASCII) { try MailAddress("søren@ouh.dk") }
        #expect(throws: MailAddressError.empty) { try MailAddress("") }
        #expect(throws: MailAddressError.malformedDomain) { try MailAddress("a@ouh..dk") }
        #expect(throws: MailAddressError.tooLong) { try MailAddress(String(repeating: "a", count: 65) + "@ouh.dk") }
        #expect(try MailAddress("dr.hoved+logbog@region-syd.dk").address == "dr.hoved+logbog@region-syd.dk")
        let parsed = try MailAddress(parsing: " Logbog OUH <logbog@ouh.dk> ")
        #expect(parsed.address == "logbog@ouh.dk" && parsed.displayName == "Logbog OUH")
        #expect(try MailAddress(parsing: "\"Kjær, Lone\" <lone@ouh.dk>").displayName == "Kjær, Lone")
        #expect(try MailAddress(parsing: "lone@ouh.dk").displayName == nil)
    }

    @Test("the headers: CRLF, MIME 1.0, text/plain UTF-8 quoted-printable, an RFC 5322 date")
    func headers() throws {
        let bytes = try Self.message().rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        // Every line ends in CRLF; no lone CR or LF.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(text.hasSuffix("\r\n"))
        let parts = Self.split(bytes)
        #expect(parts.headers["Date"] == "Sat, 29 Aug 2026 10:40:00 +0000")
        #expect(parts.headers["Message-ID"] == "<test-1@ouh.dk>")
        #expect(parts.headers["MIME-Version"] == "1.0")
        #expect(parts.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(parts.headers["Content-Transfer-Encoding"] == "quoted-printable")
        #expect(parts.headers["From"] == "Logbog OUH <logbog@ouh.dk>")
        #expect(MIMEEncoding.decodeHeaderValue(parts.headers["To"]!) == "Lone Kjær <lone@ouh.dk>")
        #expect(parts.headers["To"]!.hasPrefix("=?UTF-8?B?"))
        #expect(MIMEEncoding.decodeHeaderValue(parts.headers["Subject"]!) == "Påmindelse")
        // A default message id is unique and at the sender's domain.
        let a = try MailMessage(from: Self.sender, to: Self.lone, subject: "x", body: "")
        let b = try MailMessage(from: Self.sender, to: Self.lone, subject: "x", body: "")
        #expect(a.messageID != b.messageID && a.messageID.hasSuffix("@ouh.dk"))
    }

    @Test("encoded-words decode back; long subjects fold into lines of at most 78", arguments: [
        "Påmindelse: 3 kompetencer forfalder i næste måned",
        "Ændringer i din uddannelsesplan – se de nye datoer for æøå ÆØÅ og vejledersamtaler før 1. oktober 2026 på OUH",
        "Plain ASCII subject that is long enough that it has to be folded somewhere before column seventy-eight, surely",
        "Looks like =?UTF-8?B?aGk=?= an encoded word",
        "two  spaces and a trailing one ",
        "Emoji 🩺 and æ",
        "",
    ])
    func encodedWordsRoundTrip(subject: String) throws {
        let bytes = try Self.message(subject: subject, to: MailAddress("a@b.dk", displayName: "Søren Ærø Østergård-Åkjær, overlæge og uddannelsesansvarlig")).rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        let head = text[..<text.range(of: "\r\n\r\n")!.lowerBound]
        for line in head.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        let parts = Self.split(bytes)
        #expect(MIMEEncoding.decodeHeaderValue(parts.headers["Subject"]!) == subject)
        #expect(MIMEEncoding.decodeHeaderValue(parts.headers["To"]!) == "Søren Ærø Østergård-Åkjær, overlæge og uddannelsesansvarlig <a@b.dk>")
        for word in parts.headers["Subject"]!.split(separator: " ") where word.hasPrefix("=?") { #expect(word.count <= 75) }
    }

    @Test("quoted-printable: round trip, lines of at most 76, trailing space and = encoded, CRLF endings", arguments: [
        "Hej Lone\n\nDu mangler: I2, I5.\nVenlig hilsen\nLogbog",
        "Linje med mellemrum til sidst   \nog tab\t\nog = lighedstegn",
        String(repeating: "æøå ÆØÅ ", count: 40),
        String(repeating: "x", count: 200) + "=\n" + String(repeating: "=", count: 100),
        "From the start of a line\n.\n..leading dots\n",
        "windows\r\nline\r\nendings\r\n",
        "",
    ])
    func quotedPrintableRoundTrip(body: String) throws {
        let encoded = MIMEEncoding.quotedPrintable(body)
        #expect(encoded.allSatisfy { $0 < 0x80 })
        let text = String(decoding: encoded, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").dropLast()
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
            #expect(!line.hasPrefix("From "))
        }
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let decoded = String(decoding: MIMEEncoding.decodeQP(encoded), as: UTF8.self)
        var expected = body.replacingOccurrences(of: "\r\n", with: "\n")
        if expected.hasSuffix("\n") { expected.removeLast() }
        #expect(decoded == expected.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
    }
}
