import Foundation
import Testing
@testable import LogbookMail

@Suite("SMTPSettings: environment and settings file")
struct SMTPSettingsTests {
    /// A temporary folder for settings, password and CA files.
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-mail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let path = url.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test("environment only: host, from, security, port by default")
    func environmentOnly() throws {
        let settings = try SMTPSettings.load(environment: [
            "LOGBOOK_SMTP_HOST": "smtp.regionsyddanmark.dk", "LOGBOOK_SMTP_FROM": "Logbog OUH <logbog@ouh.dk>", "PATH": "/bin",
        ])
        #expect(settings.host == "smtp.regionsyddanmark.dk")
        #expect(settings.security == .starttls && settings.port == 587)
        #expect(settings.sender == (try MailAddress("logbog@ouh.dk", displayName: "Logbog OUH")))
        #expect(settings.credentials == nil && settings.caFile == nil && settings.timeout == .seconds(30))
        for (security, port) in [("none", 25), ("tls", 465), ("STARTTLS", 587)] {
            let loaded = try SMTPSettings.load(environment: ["LOGBOOK_SMTP_HOST": "h", "LOGBOOK_SMTP_FROM": "a@b.dk", "LOGBOOK_SMTP_SECURITY": security])
            #expect(loaded.port == port)
        }
    }

    @Test("the file with comments and blank lines; the environment overrides it key by key")
    func fileAndEnvironmentPrecedence() throws {
        let folder = try Folder()
        let password = try folder.write("password", "hemmeligt kodeord\n")
        let ca = try folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let config = try folder.write("mail.conf", """
            # Logbook mail relay
            host = relay.ouh.local
            port = 2525
              security = starttls   
            from = Logbog <logbog@ouh.dk>

            user = logbog
            password_file = \(password)
            ca_file = \(ca)
            timeout = 5
            helo = logbook.ouh.dk
            """)
        let fromFile = try SMTPSettings.load(environment: ["LOGBOOK_SMTP_CONFIG": config])
        #expect(fromFile.host == "relay.ouh.local" && fromFile.port == 2525 && fromFile.security == .starttls)
        #expect(fromFile.credentials == SMTPSettings.Credentials(user: "logbog", password: "hemmeligt kodeord"))
        #expect(fromFile.caFile == ca && fromFile.timeout == .seconds(5) && fromFile.heloName == "logbook.ouh.dk")
        let overridden = try SMTPSettings.load(environment: [
            "LOGBOOK_SMTP_CONFIG": config, "LOGBOOK_SMTP_HOST": "other.example", "LOGBOOK_SMTP_PORT": "465", "LOGBOOK_SMTP_SECURITY": "tls",
        ])
        #expect(overridden.host == "other.example" && overridden.port == 465 && overridden.security == .tls)
        #expect(overridden.sender.address == "logbog@ouh.dk" && overridden.credentials?.user == "logbog")
    }

    @Test("the password never shows: description, debugDescription, dump, interpolation")
    func passwordRedacted() throws {
        let folder = try Folder()
        let password = try folder.write("pw", "S3cret-kodeord")
        let settings = try SMTPSettings.load(environment: [
            "LOGBOOK_SMTP_HOST": "h.dk", "LOGBOOK_SMTP_FROM": "a@b.dk", "LOGBOOK_SMTP_USER": "u", "LOGBOOK_SMTP_PASSWORD_FILE": password,
        ])
        #expect(settings.credentials?.password == "S3cret-kodeord")
        var dumped = ""
        dump(settings, to: &dumped)
        var dumpedCredentials = ""
        dump(settings.credentials!, to: &dumpedCredentials)
        for shown in [settings.description, settings.debugDescription, "\(settings)", String(reflecting: settings), dumped,
                      "\(settings.credentials!)", String(reflecting: settings.credentials!), dumpedCredentials] {
            #expect(!shown.contains("S3cret"), "\(shown)")
        }
        #expect(settings.description.contains("password=<redacted>"))
    }

    @Test("errors name the key, the file and line or the variable, and what is wrong")
    func structuredErrors() throws {
        let folder = try Folder()
        func load(_ config: String? = nil, _ environment: [String: String] = [:]) throws(SMTPSettingsError) -> SMTPSettings {
            var env = environment
            if let config { env["LOGBOOK_SMTP_CONFIG"] = try! folder.write("mail.conf", config) }
            return try SMTPSettings.load(environment: env)
        }
        let path = folder.url.appendingPathComponent("mail.conf").path
        let base = "host = h.dk\nfrom = a@b.dk\n"

        #expect(throws: SMTPSettingsError.missing(key: "host", variable: "LOGBOOK_SMTP_HOST")) { try load(nil, ["LOGBOOK_SMTP_FROM": "a@b.dk"]) }
        #expect(throws: SMTPSettingsError.missing(key: "from", variable: "LOGBOOK_SMTP_FROM")) { try load("host = h.dk\n") }
        #expect(throws: SMTPSettingsError.invalidValue(key: "port", source: .file(path: path, line: 3), problem: .notAPort)) {
            try load(base + "port = 99999\n")
        }
        #expect(throws: SMTPSettingsError.invalidValue(key: "port", source: .environment(variable: "LOGBOOK_SMTP_PORT"), problem: .notAPort)) {
            try load(base, ["LOGBOOK_SMTP_PORT": "smtp"])
        }
        #expect(throws: SMTPSettingsError.invalidValue(key: "security", source: .file(path: path, line: 4), problem: .unknownSecurity)) {
            try load(base + "# comment\nsecurity = ssl\n")
        }
        #expect(throws: SMTPSettingsError.unknownKey(key: "hots", path: path, line: 1)) { try load("hots = h.dk\n" + base) }
        #expect(throws: SMTPSettingsError.malformedLine(path: path, line: 3)) { try load(base + "just words\n") }
        #expect(throws: SMTPSettingsError.duplicateKey(key: "host", path: path, line: 3, firstLine: 1)) { try load(base + "host = x.dk\n") }
        #expect(throws: SMTPSettingsError.unknownVariable("LOGBOOK_SMTP_PROT")) { try load(base, ["LOGBOOK_SMTP_PROT": "25"]) }
        #expect(throws: SMTPSettingsError.passwordNotAllowed(.file(path: path, line: 3))) { try load(base + "password = x\n") }
        #expect(throws: SMTPSettingsError.passwordNotAllowed(.environment(variable: "LOGBOOK_SMTP_PASSWORD"))) {
            try load(base, ["LOGBOOK_SMTP_PASSWORD": "x"])
        }
        #expect(throws: SMTPSettingsError.invalidValue(key: "from", source: .file(path: path, line: 2), problem: .invalidAddress(.notExactlyOneAt))) {
            try load("host = h.dk\nfrom = logbog\n")
        }
        #expect(throws: SMTPSettingsError.invalidValue(key: "host", source: .environment(variable: "LOGBOOK_SMTP_HOST"), problem: .empty)) {
            try load(base, ["LOGBOOK_SMTP_HOST": ""])
        }
        #expect(throws: SMTPSettingsError.configFileUnreadable(path: "/nonexistent/mail.conf", reason: "no such file")) {
            try SMTPSettings.load(environment: ["LOGBOOK_SMTP_CONFIG": "/nonexistent/mail.conf"])
        }
        // Logins: both halves, only over TLS, a readable non-empty password file.
        #expect(throws: SMTPSettingsError.incompleteLogin(missing: "password_file", source: .file(path: path, line: 3))) { try load(base + "user = u\n") }
        let password = try folder.write("pw", "x")
        #expect(throws: SMTPSettingsError.loginWithoutTLS(source: .file(path: path, line: 4))) {
            try load(base + "security = none\nuser = u\npassword_file = \(password)\n")
        }
        #expect(throws: SMTPSettingsError.passwordFileUnreadable(path: "/nonexistent/pw", source: .file(path: path, line: 4), reason: "no such file")) {
            try load(base + "user = u\npassword_file = /nonexistent/pw\n")
        }
        let empty = try folder.write("empty", "\n")
        #expect(throws: SMTPSettingsError.passwordFileEmpty(path: empty, source: .environment(variable: "LOGBOOK_SMTP_PASSWORD_FILE"))) {
            try load(base + "user = u\n", ["LOGBOOK_SMTP_PASSWORD_FILE": empty])
        }
        #expect(throws: SMTPSettingsError.caFileUnreadable(path: "/nonexistent/ca.pem", source: .file(path: path, line: 3), reason: "no such file")) {
            try load(base + "ca_file = /nonexistent/ca.pem\n")
        }
        #expect(throws: SMTPSettingsError.caFileWithoutTLS(source: .file(path: path, line: 4))) {
            try load(base + "security = none\nca_file = \(password)\n")
        }
        // A folder is no password file.
        let folderError = #expect(throws: SMTPSettingsError.self) { try load(base + "user = u\npassword_file = \(folder.url.path)\n") }
        if case .passwordFileUnreadable(let shown, .file(_, 4), _)? = folderError { #expect(shown == folder.url.path) } else {
            Issue.record("\(String(describing: folderError))")
        }
        // A password file this process may not read (root reads everything, so only checked for other users).
        if getuid() != 0 {
            let locked = try folder.write("locked", "x")
            chmod(locked, 0)
            #expect(throws: SMTPSettingsError.passwordFileUnreadable(path: locked, source: .file(path: path, line: 4), reason: "permission denied")) {
                try load(base + "user = u\npassword_file = \(locked)\n")
            }
        }
        // The English text says where and what.
        let error = SMTPSettingsError.invalidValue(key: "port", source: .file(path: "/etc/logbook/mail.conf", line: 3), problem: .notAPort)
        #expect(error.description == "/etc/logbook/mail.conf, line 3: the value of port is not valid: it is not a port number (1 to 65535)")
    }
}
