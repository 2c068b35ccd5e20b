import LogbookApp
import LogbookDomain
import LogbookMail

/// The settings of `logbook serve`: flags for where, the environment for everything else (secrets never on the
/// command line).
public struct ServerConfiguration: Sendable {
    /// The database file (`--db`, else `LOGBOOK_DB`).
    public var databasePath: String
    /// The address to listen on (`--listen HOST:PORT`; port 0 picks a free one).
    public var host: String
    public var port: Int
    /// Whether the session cookie carries `Secure`. Only `LOGBOOK_INSECURE_COOKIES=1` drops it, for plain-http
    /// testing on loopback; behind the documented nginx it is always on.
    public var secureCookies: Bool
    /// Passwords and sessions (`LOGBOOK_SESSION_IDLE_MINUTES`, `LOGBOOK_SESSION_MAX_HOURS`, `LOGBOOK_BCRYPT_COST`).
    public var policy: Accounts.Policy
    /// WAL reader connections (`LOGBOOK_DB_READERS`, default 3); there is always one writer.
    public var readers: Int
    /// The day the rules use: `LOGBOOK_TODAY` (tests and demos), else the real date each request.
    public var today: @Sendable () -> CalendarDate
    /// The clock for sessions and log-in throttling, in Unix seconds (injected by tests).
    public var seconds: @Sendable () -> Int64
    /// The reverse proxies trusted for `X-Forwarded-For` and, with a user header, for single sign-on.
    public var proxy: ProxyTrust
    /// The server's signing key (`LOGBOOK_SERVER_KEY_FILE`): it signs every act made through the server, naming how the
    /// person authenticated. It must be registered as a server key (`logbook key register server:NAME`) before the server
    /// starts. Without it acts are recorded unsigned, and a person with a registered key of their own cannot act here.
    public var serverKey: PrivateSigningKey?
    /// Mail (issue 27): set when a relay is configured (`LOGBOOK_SMTP_*`); then acts write mail to the outbox and a
    /// sender delivers it. Links point to `LOGBOOK_BASE_URL` (default `http://HOST:PORT` of `--listen`).
    public var mail: ServerMail?
    /// Header-read and idle timeouts, the cap on open connections (issue 30): `LOGBOOK_HEADER_TIMEOUT`,
    /// `LOGBOOK_IDLE_TIMEOUT` (seconds), `LOGBOOK_MAX_CONNECTIONS`.
    public var limits = ConnectionLimits()
    /// `/metrics` for the operator (issue 30), on a listener of its own; nil (the default): none.
    public var metrics: MetricsSettings?

    /// Creates a configuration; tests build one directly.
    public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = true,
                policy: Accounts.Policy = Accounts.Policy(), readers: Int = 3,
                today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() },
                seconds: @escaping @Sendable () -> Int64 = Session.unixSeconds, proxy: ProxyTrust = ProxyTrust(),
                serverKey: PrivateSigningKey? = nil) {
        self.serverKey = serverKey
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.policy = policy
        self.readers = readers
        self.today = today
        self.seconds = seconds
        self.proxy = proxy
    }

    /// `HOST:PORT` (`127.0.0.1:8080`, `[::1]:8080`); a usage error quoting `--listen` otherwise.
    public static func listen(_ text: String, option: String = "--listen") throws -> (host: String, port: Int) {
        var host = text, portText = ""
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw LogbookError.usage("'\(option)' must be HOST:PORT, e.g. 127.0.0.1:8080 (got \"\(text)\")")
        }
        return (host, port)
    }

    /// The metrics listener of `--metrics HOST:PORT` (or `LOGBOOK_METRICS`): never the `--listen` address; an address
    /// that is not loopback needs a token from `LOGBOOK_METRICS_TOKEN_FILE` (at least 16 characters, its first line).
    static func metrics(_ text: String, tokenFile: String?, listen: (host: String, port: Int)) throws -> MetricsSettings {
        let (host, port) = try self.listen(text, option: "--metrics")
        if host == listen.host && port == listen.port && port != 0 {
            throw LogbookError.usage("'--metrics' must be an address of its own, not the --listen address \(text): nginx forwards that one to everybody")
        }
        var token: String?
        if let tokenFile, !tokenFile.isEmpty {
            let line = String(decoding: try InputFile.read(tokenFile, maximum: 4096), as: UTF8.self)
                .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map { String($0).trimmed } ?? ""
            guard line.count >= 16 else {
                throw LogbookError.usage("LOGBOOK_METRICS_TOKEN_FILE: the token in \(tokenFile) must be at least 16 characters (e.g. `openssl rand -hex 32 > FILE`)")
            }
            token = line
        }
        let settings = MetricsSettings(host: host, port: port, token: token)
        if !settings.isLoopback && token == nil {
            throw LogbookError.usage("'--metrics \(text)' is not a loopback address, so it needs a token: put one in a file of mode 0600 "
                + "and set LOGBOOK_METRICS_TOKEN_FILE to it (never on the command line), or listen on 127.0.0.1")
        }
        return settings
    }

    /// Two-factor log-in: `LOGBOOK_TOTP_KEY_FILE` names the file with the key TOTP secrets are sealed with (the
    /// base64 of 32 random bytes, kept apart from the database and its backups); `LOGBOOK_REQUIRE_TOTP` lists the roles
    /// (`uao,tutor,secretariat`) whose holders must log in with a code. A required role without a key is a usage error.
    static func readTwoFactor(_ environment: [String: String], into policy: inout Accounts.Policy) throws {
        let t = Texts.untranslated
        if let path = environment["LOGBOOK_TOTP_KEY_FILE"], !path.isEmpty {
            policy.totpKey = try TOTPKey.load(path: path)
        }
        guard let list = environment["LOGBOOK_REQUIRE_TOTP"], !list.trimmed.isEmpty else { return }
        var roles: Set<GrantRole> = []
        for item in list.split(separator: ",") {
            let name = String(item).trimmed
            guard let role = GrantRole(rawValue: name) else { throw LogbookError.usage(t("totp.require.unknownRole", ["role": name])) }
            roles.insert(role)
        }
        guard policy.totpKey != nil else { throw LogbookError.usage(t("totp.require.noKey")) }
        policy.requireTOTP = roles
    }

    /// Every setting a config file may hold: the environment variables of the same names.
    public static let settingNames: Set<String> = Set([
        "LOGBOOK_DB", "LOGBOOK_LISTEN", "LOGBOOK_TRUST_PROXY", "LOGBOOK_USER_HEADER", "LOGBOOK_SESSION_IDLE_MINUTES",
        "LOGBOOK_SESSION_MAX_HOURS", "LOGBOOK_BCRYPT_COST", "LOGBOOK_DB_READERS", "LOGBOOK_INSECURE_COOKIES", "LOGBOOK_TODAY", "LOG_LEVEL",
        "LOGBOOK_TOTP_KEY_FILE", "LOGBOOK_REQUIRE_TOTP", "LOGBOOK_SERVER_KEY_FILE", "LOGBOOK_BASE_URL", "LOGBOOK_DIGEST_HOUR",
        "LOGBOOK_HEADER_TIMEOUT", "LOGBOOK_IDLE_TIMEOUT", "LOGBOOK_MAX_CONNECTIONS", "LOGBOOK_METRICS", "LOGBOOK_METRICS_TOKEN_FILE",
    ]).union(SMTPSettings.environmentVariables)

    /// Reads a config file: `NAME=value` lines with the names of the environment variables (`settingNames`), `#`
    /// comments and blank lines; a value may be wrapped in double quotes. A usage error names the file and line.
    public static func settingsFile(_ text: String, path: String) throws -> [String: String] {
        var settings: [String: String] = [:]
        // "\r\n" is one Character in Swift: split on it too, so a file saved on Windows reads the same.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(path), line \(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw LogbookError.usage("\(at): expected NAME=value, e.g. LOGBOOK_LISTEN=127.0.0.1:8080 (got \"\(line)\")")
            }
            let name = line[..<equals].trimmingSpaces
            var value = line[line.index(after: equals)...].trimmingSpaces
            guard settingNames.contains(name) else {
                throw LogbookError.usage("\(at): unknown setting \"\(name)\"; known: \(settingNames.sorted().joined(separator: ", "))")
            }
            guard settings[name] == nil else { throw LogbookError.usage("\(at): \(name) is set twice") }
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            settings[name] = value
        }
        return settings
    }

    /// Reads the settings: flags first, then the environment, then the config file (`--config`, else
    /// `LOGBOOK_CONFIG`), whose names are the environment variables'. A bad value is a usage error naming the variable.
    public static func from(databaseFlag: String?, listen listenFlag: String?, environment processEnvironment: [String: String],
                            trustProxy: [String] = [], userHeader userHeaderFlag: String? = nil, metrics metricsFlag: String? = nil,
                            configFile: (path: String, text: String)? = nil) throws -> ServerConfiguration {
        var environment = try configFile.map { try settingsFile($0.text, path: $0.path) } ?? [:]
        environment.merge(processEnvironment) { _, process in process }
        let (host, port) = try self.listen(listenFlag ?? environment["LOGBOOK_LISTEN"] ?? "127.0.0.1:8080")
        guard let path = databaseFlag ?? environment["LOGBOOK_DB"], !path.isEmpty else {
            throw LogbookError.usage("which database? give --db PATH or set LOGBOOK_DB (make one with `logbook init` or `logbook demo`)")
        }
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw LogbookError.usage("\(name)=\(text) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        var policy = Accounts.Policy()
        policy.bcryptCost = UInt8(try number("LOGBOOK_BCRYPT_COST", default: 12, in: 12...16))
        policy.idleSeconds = Int64(try number("LOGBOOK_SESSION_IDLE_MINUTES", default: 30, in: 1...1440)) * 60
        policy.absoluteSeconds = Int64(try number("LOGBOOK_SESSION_MAX_HOURS", default: 12, in: 1...168)) * 3600
        try readTwoFactor(environment, into: &policy)
        var proxy = ProxyTrust()
        if trustProxy.isEmpty {
            proxy.proxies = try AddressRange.list([environment["LOGBOOK_TRUST_PROXY"] ?? ""], source: "LOGBOOK_TRUST_PROXY")
        } else {
            proxy.proxies = try AddressRange.list(trustProxy, source: "--trust-proxy")
        }
        if let header = userHeaderFlag ?? environment["LOGBOOK_USER_HEADER"], !header.isEmpty {
            guard !proxy.proxies.isEmpty else {
                throw LogbookError.usage("a user header (--user-header, LOGBOOK_USER_HEADER) needs the proxy that sets it: "
                    + "give --trust-proxy ADDRESS (or LOGBOOK_TRUST_PROXY); a header from anywhere else is never believed")
            }
            guard header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
                  !["cookie", "authorization", "host", "x-csrf-token"].contains(header.lowercased())
            else { throw LogbookError.usage("\"\(header)\" cannot be the user header; use e.g. X-Remote-User") }
            proxy.userHeader = header
        }
        var configuration = ServerConfiguration(
            databasePath: path, host: host, port: port, secureCookies: environment["LOGBOOK_INSECURE_COOKIES"] != "1", policy: policy,
            readers: try number("LOGBOOK_DB_READERS", default: 3, in: 1...32), proxy: proxy)
        configuration.limits = ConnectionLimits(
            headerSeconds: try number("LOGBOOK_HEADER_TIMEOUT", default: 10, in: 1...300),
            idleSeconds: try number("LOGBOOK_IDLE_TIMEOUT", default: 60, in: 1...3600),
            maxConnections: try number("LOGBOOK_MAX_CONNECTIONS", default: 1000, in: 1...100_000))
        if let text = metricsFlag ?? environment["LOGBOOK_METRICS"], !text.isEmpty {
            configuration.metrics = try metrics(text, tokenFile: environment["LOGBOOK_METRICS_TOKEN_FILE"], listen: (host, port))
        }
        if let keyPath = environment["LOGBOOK_SERVER_KEY_FILE"], !keyPath.isEmpty {
            configuration.serverKey = try ServerKeys.load(path: keyPath)
        }
        if SMTPSettings.isConfigured(environment: environment) {
            let settings: SMTPSettings
            do { settings = try SMTPSettings.load(environment: environment) } catch {
                throw LogbookError.usage("the mail settings cannot be used: \(error.description) (docs/mail.md)")
            }
            let shown = host.contains(":") ? "[\(host)]" : host
            let links = try MailLinks.from(environment: environment) ?? MailLinks(baseURL: "http://\(shown):\(port)")
            // `none`: no digest from the server (e.g. `logbook remind` runs from cron instead).
            let hour = environment["LOGBOOK_DIGEST_HOUR"].map { $0.trimmed.lowercased() } == "none"
                ? nil : try number("LOGBOOK_DIGEST_HOUR", default: 6, in: 0...23)
            configuration.mail = ServerMail(settings: settings, links: links, digestHour: hour)
        } else if let text = environment["LOGBOOK_BASE_URL"], !text.isEmpty {
            _ = try MailLinks(baseURL: text)
        }
        if let text = environment["LOGBOOK_TODAY"], !text.isEmpty {
            let day: CalendarDate
            do { day = try CalendarDate.parse(text, today: CalendarDate.today()) } catch {
                throw LogbookError.usage("LOGBOOK_TODAY: \(error)")
            }
            configuration.today = { day }
        }
        return configuration
    }
}
