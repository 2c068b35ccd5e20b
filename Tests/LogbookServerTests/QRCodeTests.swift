import Foundation
@testable import LogbookApp
import LogbookDomain
@testable import LogbookServer
import SMTPSinkSupport
import Testing

extension Dependency {
    /// `ready(_:record:)` recording the failure under CI as an issue at the calling test.
    func ready(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        ready(what) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
    }
}

/// The TOTP enrolment's QR code: encoded by libqrencode (`CQRencode`), drawn by `QRCode.svgPath`, shown on "Min konto".
@Suite("QR code")
struct QRCodeTests {
    /// An enrolment's URI as `TwoFactor.enrol` makes it (82 bytes).
    static let uri = "otpauth://totp/Logbog:dr.uao?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Logbog"

    /// The account page of someone who has just asked to enrol, rendered as the server renders it.
    static func enrolmentPage(_ language: Language = .da) -> (page: AccountPage, html: String) {
        let t = Texts(language)
        let page = AccountPage.make(name: "Hanne Mortensen", handle: "dr.uao", requiredRoles: nil, totpOn: nil, totpAvailable: true,
                                    notice: AccountNotice(enrolment: TwoFactor.Enrolment(secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", uri: uri)),
                                    t: t)
        let chrome = Chrome(lang: language.rawValue, title: page.title, switchLanguage: "/", otherLang: "en", user: nil, regionMenu: false,
                            csrf: String(repeating: "a", count: 64), flash: nil, pageError: nil)
        return (page, WebTemplates.render(page, chrome: chrome, language: language))
    }

    @Test("libqrencode encodes the enrolment URI: its version's size, the three finder patterns, the timing patterns")
    func structure() throws {
        let code = try #require(QRCode(Self.uri))
        // 82 bytes in byte mode at level M: version 5 holds up to 84, version 4 only 62.
        #expect(code.version == 5)
        #expect(code.size == 17 + 4 * code.version && code.modules.count == code.size * code.size)
        for (left, top) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for y in 0..<7 {
                for x in 0..<7 {
                    // The outer ring (3) dark, the ring inside it (2) light, the 3×3 centre dark.
                    let ring = max(abs(x - 3), abs(y - 3))
                    #expect(code.isDark(left + x, top + y) == (ring != 2), "finder pattern at \(left),\(top): module \(x),\(y)")
                }
            }
        }
        for i in 8..<(code.size - 8) {
            #expect(code.isDark(i, 6) == (i % 2 == 0) && code.isDark(6, i) == (i % 2 == 0), "timing pattern at \(i)")
        }
        // More than version 40 holds at level M (2,331 bytes): no code.
        #expect(QRCode(String(repeating: "x", count: 3000)) == nil)
    }

    @Test("the SVG path draws exactly the dark modules, each once, inside the quiet zone, in characters HTML leaves as they are")
    func path() throws {
        let code = try #require(QRCode(Self.uri))
        var drawn = Array(repeating: false, count: code.size * code.size)
        for match in code.svgPath.matches(of: /M(\d+) (\d+)h(\d+)v1h-(\d+)z/) {
            let x = Int(match.1)! - QRCode.quietZone, y = Int(match.2)! - QRCode.quietZone, run = Int(match.3)!
            #expect(Int(match.4)! == run && x >= 0 && y >= 0 && x + run <= code.size && y < code.size)
            for column in x..<min(x + run, code.size) where y >= 0 && y < code.size && column >= 0 {
                #expect(!drawn[y * code.size + column], "module \(column),\(y) drawn twice")
                drawn[y * code.size + column] = true
            }
        }
        #expect(drawn == code.modules)
        #expect(code.svgPath.allSatisfy { "0123456789 Mhvz-".contains($0) })
        #expect(code.side == code.size + 8)
    }

    @Test("the enrolment's account page has the QR code as inline SVG beside the secret as text; nothing unescaped")
    func onThePage() throws {
        let (page, html) = Self.enrolmentPage()
        let image = try #require(page.qr)
        #expect(image.viewBox == "0 0 45 45" && image.path == QRCode(Self.uri)?.svgPath)
        #expect(html.contains("<svg id=\"totp-qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 45 45\""))
        #expect(html.contains("<path d=\"\(image.path)\""))
        #expect(html.contains("<title id=\"totp-qr-title\">QR-kode til godkendelsesappen"))
        #expect(html.contains("<code>GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ</code>"), "the secret for typing in")
        #expect(html.contains("indtast nøgle manuelt"))
        // The otpauth URI is shown as text too, escaped (its & as &amp;).
        #expect(html.contains("Logbog:dr.uao?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&amp;issuer=Logbog"))
        // Once confirmed: no QR code, no secret, and the form to turn it off.
        let on = AccountPage.make(name: "Hanne Mortensen", handle: "dr.uao", requiredRoles: nil, totpOn: true, totpAvailable: true,
                                  notice: AccountNotice(), t: Texts(.da))
        #expect(on.qr == nil && on.secret == nil && on.disable)
        let english = Self.enrolmentPage(.en).html
        #expect(english.contains("QR code for the authenticator app") && english.contains("enter a setup key"))
    }

    @Test("the account page's SVG, drawn as a PNG by rsvg-convert, is read back by zbarimg as the otpauth URI")
    func decodes() throws {
        guard Dependency.rsvgConvert.ready("decoding the account page's QR code"),
              Dependency.zbarimg.ready("decoding the account page's QR code") else { return }
        let html = Self.enrolmentPage().html
        let start = try #require(html.range(of: "<svg id=\"totp-qr\"")), end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        // The page's markup as it is: a standalone SVG file without any change.
        let svg = String(html[start.lowerBound..<end.upperBound])
        #expect(!svg.contains("&"), "the SVG needs no entity: \(svg.prefix(300))")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svgFile = folder.appendingPathComponent("qr.svg"), pngFile = folder.appendingPathComponent("qr.png")
        try Data(svg.utf8).write(to: svgFile)
        let drawn = try Self.run("rsvg-convert", ["--width", "360", "--height", "360", "--output", pngFile.path, svgFile.path])
        #expect(drawn.status == 0, "rsvg-convert: \(drawn.errors)")
        let read = try Self.run("zbarimg", ["--quiet", "--raw", pngFile.path])
        #expect(read.status == 0, "zbarimg found no code: \(read.errors)")
        #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == Self.uri)
    }

    /// Runs `command` from the PATH; its exit status, its standard output, and its standard error (zbarimg says there
    /// that it finds no D-Bus, which does not matter here).
    static func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
