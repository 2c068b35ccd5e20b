import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook key`: Ed25519 signing keys for approvals, attestations, statements and revocations.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: Help.abstract("help.key"),
        discussion: Help.text("help.key.discussion"),
        subcommands: [Generate.self, Register.self, List.self, Revoke.self])

    /// `logbook key generate [--force]`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: Help.abstract("help.key.generate"),
            discussion: Help.text("help.key.generate.discussion"))
        @OptionGroup var global: GlobalOptions
        @Flag(help: Help.option("help.key.generate.force")) var force = false
        @Option(help: Help.option("help.key.generate.serverFile", valueName: "file")) var serverFile: String?

        func run() throws {
            if let serverFile {
                // The server's key: a file for LOGBOOK_SERVER_KEY_FILE, nothing in the database, no person acting.
                let t = Help.texts
                let key = try ServerKeys.generate(path: serverFile, force: force, t)
                print(t("key.generated.public", ["key": key.base64]))
                print(t("key.generated.fingerprint", ["fingerprint": key.fingerprint]))
                print(t("key.generated.private", ["path": serverFile]))
                Terminal.note(t("key.generated.server.register", ["key": key.base64, "path": serverFile]))
                return
            }
            let session = try global.session()
            let t = session.texts
            let made = try Keys.generate(session, force: force)
            print(t("key.generated.public", ["key": made.key.base64]))
            print(t("key.generated.fingerprint", ["fingerprint": made.key.fingerprint]))
            print(t("key.generated.private", ["path": made.privatePath]))
            print(t("key.generated.publicFile", ["path": made.publicPath]))
            Terminal.note(t("key.generated.register", ["handle": session.actorHandle ?? "HANDLE", "key": made.key.base64]))
        }
    }

    /// `logbook key register HANDLE PUBLIC-KEY [--from DATE] [--until DATE]`.
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: Help.abstract("help.key.register"),
            discussion: Help.text("help.key.register.discussion"))
        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.key.register.handle")) var handle: String
        @Argument(help: Help.option("help.key.register.publicKey", valueName: "public-key")) var publicKey: String
        @Option(help: Help.option("help.key.register.from", valueName: "date")) var from: String?
        @Option(help: Help.option("help.key.register.until", valueName: "date")) var until: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let made = try Keys.register(session, holder: handle, publicKey: publicKey, from: from, until: until)
            let names = try People.names(session)
            let payload = made.key.payload
            var arguments = [
                "fingerprint": made.key.key.fingerprint, "name": names[made.key.holder] ?? made.key.holder, "handle": made.key.holder,
                "from": t.date(payload.validFrom), "event": String(made.event.id),
            ]
            if let until = payload.validUntil {
                arguments["until"] = t.date(until)
                print(t("key.registered.until", arguments))
            } else {
                print(t("key.registered", arguments))
            }
            if made.bootstrap { Terminal.note(t("key.registered.bootstrap", ["handle": made.key.holder])) }
        }
    }

    /// `logbook key list [--person HANDLE]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.key.list"))
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.key.list.person", valueName: "handle")) var person: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let keys = try Keys.list(session, person: person)
            let names = try People.names(session)
            let format = (try? output.chosen) ?? .table
            let machine = format == .json, table = format == .table
            var listing = Listing(columns: [
                .init("Key", key: "key"), .init("Person", key: "person", inTable: false), .init("Name", key: "name", flexible: true),
                .init("From", key: "from"), .init("Until", key: "until"), .init("Event", key: "event", alignRight: true, inTable: false),
                .init("By", key: "by", inTable: false), .init("Revoked", key: "revoked"),
                .init("Public key", key: "public_key", inTable: false),
            ])
            func day(_ date: CalendarDate?) -> JSONValue {
                guard let date else { return .null }
                return .string(table ? t.date(date) : date.iso)
            }
            for key in keys {
                let revoked: JSONValue = key.revocation.map { revocation in
                    if table { return .string(t.date(revocation.on)) }
                    if machine {
                        return .string("on \(revocation.on) by \(revocation.actor) (event \(revocation.eventID)): \(revocation.reason)")
                    }
                    return .string(t("key.list.revoked", [
                        "date": revocation.on.iso, "name": names[revocation.actor] ?? revocation.actor,
                        "event": String(revocation.eventID), "reason": revocation.reason,
                    ]))
                } ?? .null
                listing.rows.append([
                    .string(key.key.fingerprint), .string(key.holder), .string(names[key.holder] ?? key.holder), day(key.payload.validFrom),
                    day(key.payload.validUntil), .int(key.eventID), .string(machine ? key.registrar : names[key.registrar] ?? key.registrar),
                    revoked, .string(key.key.base64),
                ])
            }
            try output.emit(listing, t)
        }
    }

    /// `logbook key revoke KEY --reason TEXT`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: Help.abstract("help.key.revoke"),
            discussion: Help.text("help.key.revoke.discussion"))
        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.key.revoke.key", valueName: "key")) var key: String
        @Option(help: Help.option("help.key.revoke.reason", valueName: "text")) var reason: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let made = try Keys.revoke(session, key: key, reason: reason)
            let names = try People.names(session)
            print(t("key.revoked", [
                "fingerprint": made.key.key.fingerprint, "name": names[made.key.holder] ?? made.key.holder, "handle": made.key.holder,
                "event": String(made.event.id),
            ]))
        }
    }
}
