import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook key`: Ed25519 signing keys for approvals, attestations, statements and revocations.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Signing keys: generate a key pair, register a public key, list and revoke keys.",
        discussion: """
            A person with a registered key valid today signs every approval, attestation, statement and revocation
            with the private key in $LOGBOOK_KEY_DIR, else $XDG_CONFIG_HOME/logbook/keys, else ~/.config/logbook/keys
            (HANDLE.key, mode 0600). See docs/signing.md.
            """,
        subcommands: [Generate.self, Register.self, List.self, Revoke.self])

    /// `logbook key generate [--force]`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Create an Ed25519 key pair for the acting person; prints the public key and its fingerprint.",
            discussion: "The private key goes to the key folder (mode 0600), never into the database. Register the printed public key with `logbook key register`.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Replace an existing private key file.") var force = false

        func run() throws {
            let session = try global.session()
            let made = try Keys.generate(session, force: force)
            print("public key:  \(made.key.base64)")
            print("fingerprint: \(made.key.fingerprint)")
            print("private key: \(made.privatePath) (mode 0600; keep it, never share it)")
            print("public key file: \(made.publicPath)")
            Terminal.note("register it: logbook key register \(session.actorHandle ?? "HANDLE") \(made.key.base64)")
        }
    }

    /// `logbook key register HANDLE PUBLIC-KEY [--from DATE] [--until DATE]`.
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register a person's public key (a signed event), by whoever may grant that person's role.",
            discussion: """
                The secretariat registers keys of UAOs, tutors and secretariats; a department's UAO/tutor those of its
                hovedvejledere, daglige kliniske vejledere and trainees. Nobody registers their own key, except the very
                first key of a database, which a secretariat registers for themselves (bootstrap), signed with that key.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Whose key it is.") var handle: String
        @Argument(help: "The public key (base64, as `logbook key generate` prints it).") var publicKey: String
        @Option(help: "First day the key may sign (default today).") var from: String?
        @Option(help: "Last day the key may sign (default: open-ended).") var until: String?

        func run() throws {
            let made = try Keys.register(try global.session(), holder: handle, publicKey: publicKey, from: from, until: until)
            print("registered key \(made.key.key.fingerprint) for \(made.key.holder), \(made.key.validityText) (event \(made.event.id))")
            if made.bootstrap {
                Terminal.note("bootstrap: this is the first key of the database, registered by \(made.key.holder) for themselves and "
                    + "signed with it; give its public key to whoever verifies bundles (`logbook verify --bundle FILE --trust KEYFILE`)")
            }
        }
    }

    /// `logbook key list [--person HANDLE]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",abstract: "Registered keys, with their validity and revocation.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "Only this person's keys.") var person: String?

        func run() throws {
            let keys = try Keys.list(try global.session(), person: person)
            var listing = Listing(columns: [
                .init("Key"), .init("Person"), .init("From"), .init("Until"), .init("Event", alignRight: true), .init("By"),
                .init("Revoked", flexible: true), .init("Public key"),
            ])
            for key in keys {
                let revoked: JSONValue = key.revocation.map { .string("on \($0.on) by \($0.actor) (event \($0.eventID)): \($0.reason)") } ?? .null
                listing.rows.append([
                    .string(key.key.fingerprint), .string(key.holder), .string(key.payload.validFrom.iso), .string(key.payload.validUntil?.iso),
                    .int(key.eventID), .string(key.registrar), revoked, .string(key.key.base64),
                ])
            }
            try output.emit(listing, try global.texts())
        }
    }

    /// `logbook key revoke KEY --reason TEXT`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a registered key (lost, exposed, or its holder left); it signs nothing after this.",
            discussion: "Give the key's fingerprint (from `logbook key list`) or its registration event. Signatures made before the revocation stay valid.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key's fingerprint or registration event id.") var key: String
        @Option(help: "Why the key is revoked.") var reason: String

        func run() throws {
            let made = try Keys.revoke(try global.session(), key: key, reason: reason)
            print("revoked key \(made.key.key.fingerprint) of \(made.key.holder) (event \(made.event.id))")
        }
    }
}
