import Foundation

/// What a test needs from outside Swift (a Python package, a tmpfs mount), and the suite's one rule when it is missing:
/// under CI (`CI` set, as .ci/run sets it) the test fails, saying what must be there; elsewhere it prints why it is
/// skipped. No test passes for having tested nothing. The test modules call it through a one-line bridge that records
/// the failure as a Swift Testing issue at the calling test (this target does not import Testing).
public struct Dependency: Sendable {
    /// What is needed, as a sentence's subject: "python3 with `cryptography`".
    public let name: String
    /// How to get it.
    public let install: String
    /// Whether this machine has it.
    public let isPresent: Bool

    public init(name: String, install: String, isPresent: Bool) {
        self.name = name
        self.install = install
        self.isPresent = isPresent
    }

    /// Whether `CI` is set: a missing dependency fails instead of skipping.
    public static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// python3 with `module` importable.
    public static func python(_ module: String, install: String) -> Dependency {
        Dependency(name: "python3 with `\(module)`", install: install, isPresent: pythonImports(module))
    }

    /// tools/verify_bundle.py, tools/forge.py and tools/differential.py need it.
    public static let cryptography = python("cryptography", install: "python3 -m pip install cryptography; .ci/run installs it")
    /// Tests/Support/smtp_sink.py needs it.
    public static let aiosmtpd = python("aiosmtpd", install: "python3 -m pip install aiosmtpd; .ci/run installs it")

    /// A command on the PATH, from the Debian package `package`.
    public static func command(_ name: String, package: String) -> Dependency {
        Dependency(name: "`\(name)` (Debian: \(package))", install: "apt-get install \(package); .ci/run installs it", isPresent: onPath(name))
    }

    /// The QR code test decodes the account page's SVG: rsvg-convert draws it as a PNG, zbarimg reads that.
    public static let zbarimg = command("zbarimg", package: "zbar-tools")
    public static let rsvgConvert = command("rsvg-convert", package: "librsvg2-bin")

    /// True when present. When missing: under CI `record` is called with why `what` must run (the caller records an
    /// issue, and the test fails); elsewhere a note says what is skipped and why. The caller returns early on false.
    public func ready(_ what: String, record: (String) -> Void) -> Bool {
        if isPresent { return true }
        Dependency.missing("\(name) is missing", what, install: install, record: record)
        return false
    }

    /// A dependency found missing while the test runs (a mount that failed): fails under CI through `record`,
    /// otherwise prints why `what` is skipped.
    public static func missing(_ why: String, _ what: String, install: String, record: (String) -> Void) {
        if underCI {
            record("\(why), and CI is set: \(what) must run; \(install)")
        } else {
            print("note: \(why); \(what) skipped: \(install)")
        }
    }

    static func onPath(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    static func pythonImports(_ module: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
