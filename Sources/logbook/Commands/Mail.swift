import ArgumentParser
import Dispatch
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookMail
import LogbookServer

/// `logbook mail`: the server's e-mail (issue 27): the delivery log and a person's mail settings.
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mail", abstract: Help.abstract("help.mail"),
                                                    subcommands: [Log.self, Settings.self])

    /// `logbook mail log [--person HANDLE]`: every mail, to whom, when, and what became of it.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", abstract: Help.abstract("help.mail.log"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.mail.log.person", valueName: "handle")) var person: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            var listing = Listing(columns: [
                .init("Mail", key: "id", alignRight: true), .init("Created", key: "created_at"), .init("Kind", key: "kind"),
                .init("To", key: "handle"), .init("Address", key: "address"), .init("State", key: "state"),
                .init("Attempts", key: "attempts", alignRight: true), .init("Finished", key: "finished_at"),
                .init("Last result", key: "last_result", flexible: true),
            ])
            // JSON keeps the machine words (request, delivered); tables and CSV the reader's.
            let words = output.isTable || (try? output.chosen) == .csv
            for mail in try Mail.log(session, handle: person) {
                listing.rows.append([
                    .int(mail.id), .string(String(mail.createdAt.prefix(19))),
                    .string(words ? t("mail.kind.\(mail.kind.rawValue)") : mail.kind.rawValue), .string(mail.handle),
                    .string(mail.address), .string(words ? t("mail.state.\(mail.state.rawValue)") : mail.state.rawValue), .int(Int64(mail.attempts)),
                    mail.finishedAt.map { JSONValue.string(String($0.prefix(19))) } ?? JSONValue.null, mail.lastError.map(JSONValue.string) ?? .null,
                ])
            }
            try output.emit(listing, t)
        }
    }

    /// `logbook mail settings [HANDLE] [--language da|en] [--requests now|digest|never] [--answers …] [--digest daily|never]`.
    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settings", abstract: Help.abstract("help.mail.settings"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.mail.settings.handle")) var handle: String?
        @Option(name: .customLong("language"), help: Help.option("help.mail.settings.language", valueName: "da|en")) var mailLanguage: String?
        @Option(help: Help.option("help.mail.settings.requests", valueName: "now|digest|never")) var requests: String?
        @Option(help: Help.option("help.mail.settings.answers", valueName: "now|digest|never")) var answers: String?
        @Option(help: Help.option("help.mail.settings.digest", valueName: "daily|never")) var digest: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let changing = mailLanguage != nil || requests != nil || answers != nil || digest != nil
            let (person, preferences) = changing
                ? try Mail.setPreferences(session, handle: handle, language: mailLanguage, requests: requests, answers: answers, digest: digest)
                : try Mail.preferences(session, handle: handle)
            print(t("mail.settings.shown", [
                "handle": person.handle, "address": person.email ?? t("mail.settings.noAddress"), "language": preferences.language,
                "requests": t("mail.choice.\(preferences.requests.rawValue)"), "answers": t("mail.choice.\(preferences.answers.rawValue)"),
                "digest": t("mail.digestChoice.\(preferences.digest.rawValue)"),
            ]))
        }
    }

    /// The relay's settings (`LOGBOOK_SMTP_*`), or a usage error.
    static func settings(_ t: Texts) throws -> SMTPSettings {
        do {
            return try SMTPSettings.load(environment: ProcessEnvironment.variables)
        } catch {
            throw LogbookError.usage(t("remind.settings", ["problem": error.description]))
        }
    }

    /// Delivers one outbox mail now and records the outcome; a failure leaves it for the server's sender to retry.
    static func deliver(_ session: Session, id: Int64, settings: SMTPSettings) {
        let t = session.texts
        guard let mail = try? Mail.claim(session, id: id) else { return }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await OutboxMessages.send([mail], settings: settings) { _, delivered, text, permanent in
                    outcome.result = (delivered, text, permanent)
                }
            } catch {
                outcome.result = (false, String(describing: error), false)
            }
            done.signal()
        }
        done.wait()
        guard let result = outcome.result else { return }
        let (delivered, text, permanent) = result
        if delivered {
            try? Mail.recordDelivered(session, id: id, reply: text)
            Terminal.note(t("mail.invited.delivered", ["address": mail.address]))
        } else {
            _ = try? Mail.recordFailure(session, id: id, problem: text, permanent: permanent)
            Terminal.writeError(t("mail.invited.pending", ["problem": text]) + "\n")
        }
    }

    /// The send task's result, handed back to the main thread.
    final class Outcome: @unchecked Sendable {
        var result: (Bool, String, Bool)?
    }
}
