import ArgumentParser
import Dispatch
import LogbookApp
import LogbookDomain
import LogbookMail

/// `logbook remind [--dry-run] [--person HANDLE] [--on DATE]`: each person's digest by e-mail, at most once a day.
///
/// The relay is configured by `LOGBOOK_SMTP_*` or the file `LOGBOOK_SMTP_CONFIG` names (docs/mail.md), never by
/// flags: the password is read from a file only. Exit 0 when every digest was delivered (or none was due), 75 when
/// the relay could not be reached or refused some (they are sent on the next run), 64 for bad mail settings.
struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remind", abstract: Help.abstract("help.remind"),
                                                    discussion: Help.text("help.remind.discussion"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: Help.option("help.remind.dryRun")) var dryRun = false
    @Option(help: Help.option("help.remind.person", valueName: "handle")) var person: String?
    @Option(help: Help.option("help.remind.on", valueName: "date")) var on: String?

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let digests = try Reminders.digests(session, on: on, handle: person)
        if dryRun {
            for digest in digests {
                print(t("remind.dry.header", ["name": digest.person.name, "address": digest.address, "subject": digest.subject]))
                print(digest.body)
                print("")
            }
            print(t.plural("remind.dry.summary", count: digests.count))
            return
        }
        guard !digests.isEmpty else {
            print(t("remind.none"))
            return
        }
        let settings: SMTPSettings
        do {
            settings = try SMTPSettings.load(environment: ProcessEnvironment.variables)
        } catch {
            throw LogbookError.usage(t("remind.settings", ["problem": error.description]))
        }
        // Messages first: an address the relay cannot take (non-ASCII) is reported and left for a correction.
        var messages: [(Digest, MailMessage)] = []
        for digest in digests {
            do {
                let to = try MailAddress(digest.address, displayName: digest.person.name)
                messages.append((digest, try MailMessage(from: settings.sender, to: to, subject: digest.subject, body: digest.body)))
            } catch {
                Terminal.writeError(t("remind.badAddress", ["handle": digest.person.handle, "address": digest.address,
                                                            "problem": String(describing: error)]) + "\n")
            }
        }
        let claimed = try Reminders.claim(session, messages.map(\.0))
        let claimedIDs = Set(claimed.map(\.person.id))
        let batch = messages.filter { claimedIDs.contains($0.0.person.id) }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let client = SMTPClient(settings: settings)
        let toSend = batch.map(\.1)
        Task.detached {
            do { outcome.results = try await client.send(toSend) } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            try Reminders.release(session, batch.map(\.0))
            throw LogbookError(.tryAgain, t("remind.relayFailed", ["host": settings.host, "problem": String(describing: error)]))
        }
        var failed: [Digest] = []
        for ((digest, _), result) in zip(batch, outcome.results) where !result.isDelivered {
            failed.append(digest)
            Terminal.writeError(t("remind.notDelivered", ["handle": digest.person.handle, "address": digest.address,
                                                          "problem": String(describing: result.outcome)]) + "\n")
        }
        try Reminders.release(session, failed)
        print(t.plural("remind.sent", count: batch.count - failed.count, ["host": settings.host]))
        if !failed.isEmpty { throw LogbookError(.tryAgain, t.plural("remind.failed", count: failed.count)) }
    }

    /// The send task's result, handed back to the main thread.
    final class Outcome: @unchecked Sendable {
        var results: [DeliveryResult] = []
        var error: Error?
    }
}
