import CQRencode

/// A QR code as libqrencode encodes it (the system's libqrencode through the `CQRencode` system-library target), and
/// its drawing as an SVG path. The encoder is libqrencode's; only the drawing of the dark squares is ours.
///
/// Used for the TOTP enrolment on "Min konto": the `otpauth://` URI an authenticator app scans. Byte mode with error
/// correction level M (15 %), the smallest version that holds the text, as `qrencode -l M -8` does.
struct QRCode: Sendable, Equatable {
    /// The symbol's version (1 to 40): its size is 17 + 4 × version modules a side.
    let version: Int
    /// Modules per side, without the quiet zone.
    let size: Int
    /// Row by row, `true` for a dark module.
    let modules: [Bool]

    /// The light margin every reader needs around the symbol, in modules (ISO/IEC 18004: 4).
    static let quietZone = 4

    /// `text` encoded, or nil when libqrencode cannot (too long for version 40, or out of memory).
    init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { return nil }
        // Each byte describes one module; its lowest bit is 1 for dark (qrencode.h).
        let modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
        self.init(version: Int(code.pointee.version), size: width, modules: modules)
    }

    init(version: Int, size: Int, modules: [Bool]) {
        self.version = version
        self.size = size
        self.modules = modules
    }

    /// Whether the module in column `x`, row `y` is dark.
    func isDark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }

    /// The side of the drawing in modules, quiet zone included.
    var side: Int { size + 2 * Self.quietZone }

    /// The dark modules as one SVG path in module units, offset by the quiet zone: each horizontal run of dark modules
    /// in a row is one rectangle (`M x y h n v 1 h -n z`). Only digits, spaces, `M`, `h`, `v`, `z` and `-`: text that
    /// HTML escaping leaves as it is.
    var svgPath: String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x, y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x, y) { x += 1 }
                let run = x - start
                if !path.isEmpty { path += " " }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
            }
        }
        return path
    }
}
