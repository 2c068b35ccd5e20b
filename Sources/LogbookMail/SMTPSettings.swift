#if canImport(FoundationEssentials)
import FoundationEssentials  // Data, Date, URL, ProcessInfo: without full Foundation's ICU
#else
import Foundation
#endif
import Platform

/// Where and how to send mail: the relay, the connection's security, the envelope sender, optional login.
///
/// Load it with ``load(environment:)`` from `LOGBOOK_SMTP_*` variables and/or the `key = value` file named by
/// `LOGBOOK_SMTP_CONFIG` (see docs/mail.md). The password is only ever read from a file (`password_file`), never
/// from the command line or the environment, and ``description`` never shows it.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain text (port 25): only for a relay on the same host or network; no login is allowed.
        case none
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587); refused if not offered.
        case starttls
        /// TLS from the first byte ("implicit TLS", port 465).
        case tls

        /// 25, 587 or 465.
        public var defaultPort: Int {
            switch self {
            case .none: 25
            case .starttls: 587
            case .tls: 465
            }
        }
    }

    /// A login for SMTP AUTH (PLAIN or LOGIN, whichever the relay offers, PLAIN first). Shown redacted.
    public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        public let user: String
        public let password: String
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
        public var description: String { "\(user) (password redacted)" }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["user": user, "password": "<redacted>"]) }
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// The envelope sender (`MAIL FROM`) and the usual `From:` of the messages.
    public var sender: MailAddress
    public var credentials: Credentials?
    /// A PEM file of the certificates to trust instead of the system's (a private relay's CA).
    public var caFile: String?
    /// How long to wait for the connection and for every reply.
    public var timeout: Duration
    /// The name this client gives in EHLO.
    public var heloName: String

    /// Settings as given; ``SMTPClient`` refuses to log in over a plain connection whatever is set here.
    public init(host: String, port: Int? = nil, security: Security = .starttls, sender: MailAddress, credentials: Credentials? = nil,
                caFile: String? = nil, timeout: Duration = .seconds(30), heloName: String? = nil) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.sender = sender
        self.credentials = credentials
        self.caFile = caFile
        self.timeout = timeout
        self.heloName = heloName ?? Self.defaultHeloName()
    }

    static func defaultHeloName() -> String {
        let name = ProcessInfo.processInfo.hostName
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-".unicodeScalars)
        return !name.isEmpty && name.unicodeScalars.allSatisfy { allowed.contains($0) } ? name : "localhost"
    }

    public var description: String {
        var parts = ["host=\(host)", "port=\(port)", "security=\(security.rawValue)", "from=\(sender)"]
        if let credentials { parts.append("user=\(credentials.user)"); parts.append("password=<redacted>") }
        if let caFile { parts.append("ca_file=\(caFile)") }
        parts.append("timeout=\(timeout)")
        parts.append("helo=\(heloName)")
        return "SMTPSettings(" + parts.joined(separator: ", ") + ")"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "security": security, "sender": sender,
                                "credentials": credentials as Any, "caFile": caFile as Any, "timeout": timeout, "heloName": heloName])
    }
}

/// Where a setting came from, for error messages.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    case environment(variable: String)
    case file(path: String, line: Int)

    public var description: String {
        switch self {
        case .environment(let variable): "environment variable \(variable)"
        case .file(let path, let line): "\(path), line \(line)"
        }
    }
}

/// What is wrong with a value.
public enum SettingProblem: Sendable, Hashable, CustomStringConvertible {
    case empty
    case notAPort
    case unknownSecurity
    case invalidAddress(MailAddressError)
    case notASeconds
    case invalidHostName

    public var description: String {
        switch self {
        case .empty: "it is empty"
        case .notAPort: "it is not a port number (1 to 65535)"
        case .unknownSecurity: "it is not one of none, starttls, tls"
        case .invalidAddress(let why): "it is not a usable mail address: \(why)"
        case .notASeconds: "it is not a number of seconds (1 to 3600)"
        case .invalidHostName: "it is not a host name (letters, digits, dots, hyphens; or an IP address)"
        }
    }
}

/// Why the mail settings could not be loaded; every case says which key, and where, and what is wrong.
public enum SMTPSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `LOGBOOK_SMTP_CONFIG` names a file that cannot be read.
    case configFileUnreadable(path: String, reason: String)
    /// A line that is neither blank, a `#` comment, nor `key = value`. Its text is not repeated (it may be a secret).
    case malformedLine(path: String, line: Int)
    case unknownKey(key: String, path: String, line: Int)
    case duplicateKey(key: String, path: String, line: Int, firstLine: Int)
    /// A `LOGBOOK_SMTP_...` variable this program does not know (a typo would otherwise be silently ignored).
    case unknownVariable(String)
    /// A password given directly (`password` key or `LOGBOOK_SMTP_PASSWORD`): only `password_file` is accepted.
    case passwordNotAllowed(SettingSource)
    /// A required key (`host`, `from`) is in neither the environment nor the file.
    case missing(key: String, variable: String)
    case invalidValue(key: String, source: SettingSource, problem: SettingProblem)
    /// `user` without `password_file`, or the other way round.
    case incompleteLogin(missing: String, source: SettingSource)
    /// A login with `security = none`: the password would cross the network in clear.
    case loginWithoutTLS(source: SettingSource)
    /// `ca_file` with `security = none`: there is no certificate to check.
    case caFileWithoutTLS(source: SettingSource)
    case passwordFileUnreadable(path: String, source: SettingSource, reason: String)
    case passwordFileEmpty(path: String, source: SettingSource)
    case caFileUnreadable(path: String, source: SettingSource, reason: String)

    public var description: String {
        switch self {
        case .configFileUnreadable(let path, let reason):
            "cannot read the mail settings file \(path) (LOGBOOK_SMTP_CONFIG): \(reason)"
        case .malformedLine(let path, let line):
            "\(path), line \(line): expected `key = value`, a `# comment` or a blank line"
        case .unknownKey(let key, let path, let line):
            "\(path), line \(line): unknown key \(key) (known: \(SMTPSettings.fileKeys.joined(separator: ", ")))"
        case .duplicateKey(let key, let path, let line, let firstLine):
            "\(path), line \(line): \(key) is already set on line \(firstLine)"
        case .unknownVariable(let name):
            "unknown environment variable \(name) (known: \(SMTPSettings.environmentVariables.joined(separator: ", ")))"
        case .passwordNotAllowed(let source):
            "\(source): a password is never read from the environment or the settings file; put it alone in a file "
                + "readable only by this user and name that file with password_file (LOGBOOK_SMTP_PASSWORD_FILE)"
        case .missing(let key, let variable):
            "the mail setting \(key) is missing (set \(variable), or \(key) in the file named by LOGBOOK_SMTP_CONFIG)"
        case .invalidValue(let key, let source, let problem):
            "\(source): the value of \(key) is not valid: \(problem)"
        case .incompleteLogin(let missing, let source):
            "\(source): a login needs both user and password_file; \(missing) is missing"
        case .loginWithoutTLS(let source):
            "\(source): a login is refused with security = none, as the password would cross the network unencrypted; "
                + "use starttls or tls"
        case .caFileWithoutTLS(let source):
            "\(source): ca_file has no use with security = none"
        case .passwordFileUnreadable(let path, let source, let reason):
            "\(source): cannot read the password file \(path): \(reason)"
        case .passwordFileEmpty(let path, let source):
            "\(source): the password file \(path) is empty"
        case .caFileUnreadable(let path, let source, let reason):
            "\(source): cannot read the CA file \(path): \(reason)"
        }
    }
}

extension SMTPSettings {
    /// The keys of the settings file, in the order of the variables in ``environmentVariables``.
    public static let fileKeys = ["host", "port", "security", "from", "user", "password_file", "ca_file", "timeout", "helo"]
    /// `LOGBOOK_SMTP_` + the upper-cased key, and `LOGBOOK_SMTP_CONFIG` (the file).
    public static let environmentVariables = fileKeys.map(variable(for:)) + ["LOGBOOK_SMTP_CONFIG"]

    static func variable(for key: String) -> String { "LOGBOOK_SMTP_" + key.uppercased() }

    /// Whether any mail setting is present at all (so a caller can say "mail is not configured" rather than "host missing").
    public static func isConfigured(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment.keys.contains { $0.hasPrefix("LOGBOOK_SMTP_") }
    }

    /// Reads the settings: the file named by `LOGBOOK_SMTP_CONFIG` (if set), then the `LOGBOOK_SMTP_*` variables, which
    /// override the file key by key. Reads the password file and checks that the CA file is readable.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SMTPSettingsError) -> SMTPSettings {
        var values: [String: (value: String, source: SettingSource)] = [:]
        if let path = environment["LOGBOOK_SMTP_CONFIG"], !path.isEmpty {
            for (key, entry) in try readFile(path) { values[key] = entry }
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("LOGBOOK_SMTP_") {
            if name == "LOGBOOK_SMTP_CONFIG" { continue }
            if name == "LOGBOOK_SMTP_PASSWORD" { throw .passwordNotAllowed(.environment(variable: name)) }
            guard let key = fileKeys.first(where: { variable(for: $0) == name }) else { throw .unknownVariable(name) }
            values[key] = (value.trimmingWhitespace(), .environment(variable: name))
        }

        func required(_ key: String) throws(SMTPSettingsError) -> (value: String, source: SettingSource) {
            guard let entry = values[key] else { throw .missing(key: key, variable: variable(for: key)) }
            guard !entry.value.isEmpty else { throw .invalidValue(key: key, source: entry.source, problem: .empty) }
            return entry
        }
        func optional(_ key: String) throws(SMTPSettingsError) -> (value: String, source: SettingSource)? {
            guard let entry = values[key] else { return nil }
            guard !entry.value.isEmpty else { throw .invalidValue(key: key, source: entry.source, problem: .empty) }
            return entry
        }

        let host = try required("host")
        guard isHostName(host.value) else { throw .invalidValue(key: "host", source: host.source, problem: .invalidHostName) }

        var security = Security.starttls
        if let entry = try optional("security") {
            guard let parsed = Security(rawValue: entry.value.lowercased()) else {
                throw .invalidValue(key: "security", source: entry.source, problem: .unknownSecurity)
            }
            security = parsed
        }

        var port = security.defaultPort
        if let entry = try optional("port") {
            guard entry.value.allSatisfy(\.isASCII), let parsed = Int(entry.value), (1...65535).contains(parsed) else {
                throw .invalidValue(key: "port", source: entry.source, problem: .notAPort)
            }
            port = parsed
        }

        let from = try required("from")
        let sender: MailAddress
        do { sender = try MailAddress(parsing: from.value) } catch {
            throw .invalidValue(key: "from", source: from.source, problem: .invalidAddress(error))
        }

        var timeout = Duration.seconds(30)
        if let entry = try optional("timeout") {
            guard let seconds = Int(entry.value), (1...3600).contains(seconds) else {
                throw .invalidValue(key: "timeout", source: entry.source, problem: .notASeconds)
            }
            timeout = .seconds(seconds)
        }

        var helo: String?
        if let entry = try optional("helo") {
            guard isHostName(entry.value) else { throw .invalidValue(key: "helo", source: entry.source, problem: .invalidHostName) }
            helo = entry.value
        }

        var credentials: Credentials?
        let user = try optional("user"), passwordFile = try optional("password_file")
        switch (user, passwordFile) {
        case (nil, nil):
            break
        case (let user?, nil):
            throw .incompleteLogin(missing: "password_file", source: user.source)
        case (nil, let file?):
            throw .incompleteLogin(missing: "user", source: file.source)
        case (let user?, let file?):
            if security == .none { throw .loginWithoutTLS(source: user.source) }
            credentials = Credentials(user: user.value, password: try readPassword(file.value, source: file.source))
        }

        var caFile: String?
        if let entry = try optional("ca_file") {
            if security == .none { throw .caFileWithoutTLS(source: entry.source) }
            if case .failure(let failure) = FileSystem.readFile(entry.value) {
                throw .caFileUnreadable(path: entry.value, source: entry.source, reason: failure.reason)
            }
            caFile = entry.value
        }

        return SMTPSettings(host: host.value, port: port, security: security, sender: sender, credentials: credentials,
                            caFile: caFile, timeout: timeout, heloName: helo)
    }

    static func readFile(_ path: String) throws(SMTPSettingsError) -> [String: (value: String, source: SettingSource)] {
        let data: [UInt8]
        switch FileSystem.readFile(path) {
        case .success(let bytes): data = bytes
        case .failure(let failure): throw .configFileUnreadable(path: path, reason: failure.reason)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .configFileUnreadable(path: path, reason: "it is not UTF-8 text")
        }
        var values: [String: (value: String, source: SettingSource)] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else { throw .malformedLine(path: path, line: number) }
            let key = String(line[..<equals]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            guard !key.isEmpty else { throw .malformedLine(path: path, line: number) }
            if key == "password" { throw .passwordNotAllowed(.file(path: path, line: number)) }
            guard fileKeys.contains(key) else { throw .unknownKey(key: key, path: path, line: number) }
            if case .file(_, let first)? = values[key]?.source { throw .duplicateKey(key: key, path: path, line: number, firstLine: first) }
            values[key] = (value, .file(path: path, line: number))
        }
        return values
    }

    static func readPassword(_ path: String, source: SettingSource) throws(SMTPSettingsError) -> String {
        let data: [UInt8]
        switch FileSystem.readFile(path) {
        case .success(let bytes): data = bytes
        case .failure(let failure): throw .passwordFileUnreadable(path: path, source: source, reason: failure.reason)
        }
        guard var password = String(validating: data, as: UTF8.self) else {
            throw .passwordFileUnreadable(path: path, source: source, reason: "it is not UTF-8 text")
        }
        // One trailing line break (as an editor or `echo` leaves it) is not part of the password.
        if password.hasSuffix("\n") { password.removeLast() }
        if password.hasSuffix("\r") { password.removeLast() }
        guard !password.isEmpty else { throw .passwordFileEmpty(path: path, source: source) }
        return password
    }

    static func isHostName(_ text: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:".unicodeScalars)
        return !text.isEmpty && text.utf8.count <= 253 && text.unicodeScalars.allSatisfy { allowed.contains($0) }
    }
}
