import Foundation
import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

/// Issue 27: mail is written to the outbox in the act's own transaction, in the recipient's language and as they
/// chose; the sender's bookkeeping (claim, retry, give up) and the delivery log.
@Suite("Mail: the outbox and its use cases")
struct MailUseCaseTests {
    static func mailing() throws -> (TestDatabase, Int64) {
        let (db, position) = try TestDatabase.started()
        db.mail = try MailLinks(baseURL: "https://logbog.example/")
        _ = try People.correct(db.as("sek.a"), handle: "dr.berg", corrections: [.email("bo@example.dk")], reason: nil)
        _ = try People.correct(db.as("sek.a"), handle: "dr.ung", corrections: [.email("ulla@example.dk")], reason: nil)
        return (db, position)
    }

    func outbox(_ db: TestDatabase) throws -> [OutboxRecord] {
        try Mail.log(db.as(nil)).reversed()
    }

    @Test("a request writes its addressee's mail in its transaction: Danish subject saying what waits, one link, escaped HTML")
    func requestMail() throws {
        let (db, position) = try Self.mailing()
        let request = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [],
                                        assessments: [], message: "Se <script>alert(1)</script> & svar")
        let mails = try outbox(db)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.kind == .request && mail.handle == "dr.berg" && mail.address == "bo@example.dk" && mail.state == .pending)
        #expect(mail.subject == "Ulla Ung beder dig godkende I1")
        #expect(mail.textBody.contains("https://logbog.example/positions/\(position)?request=\(request.id)"))
        #expect(mail.textBody.contains("Se <script>alert(1)</script> & svar"))
        #expect(mail.htmlBody.contains("Se &lt;script&gt;alert(1)&lt;/script&gt; &amp; svar") && !mail.htmlBody.contains("<script>"))
        #expect(mail.unsubscribeURL == "https://logbog.example/account/mail")
    }

    @Test("a refused act writes no mail; a session without mail links writes none; 'never' and 'digest' hold it back")
    func noMail() throws {
        let (db, position) = try Self.mailing()
        try db.refused(["I99"]) {  // the refusal leaves the outbox as it was
            try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1", "I99"], courses: [], assessments: [],
                              message: nil)
        }
        _ = try Mail.setPreferences(db.as("dr.berg"), requests: "digest")
        _ = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [], assessments: [],
                              message: nil)
        #expect(try db.count("mail_outbox") == 0)
        db.mail = nil
        _ = try Mail.setPreferences(db.as("dr.berg"), requests: "now")
        _ = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I2"], courses: [], assessments: [],
                              message: nil)
        #expect(try db.count("mail_outbox") == 0)
    }

    @Test("decline and approval mail the trainee, in her language; the reason is quoted")
    func answers() throws {
        let (db, position) = try Self.mailing()
        _ = try Mail.setPreferences(db.as("dr.ung"), language: "en")
        let first = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [], assessments: [],
                                      message: nil)
        _ = try Requests.decline(db.as("dr.berg"), request: first.id, reason: "Mangler vurdering")
        let second = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [], assessments: [],
                                       message: nil)
        _ = try Requests.approve(db.as("dr.berg"), request: second.id, date: nil, comment: nil)
        let toTrainee = try outbox(db).filter { $0.handle == "dr.ung" }
        #expect(toTrainee.map(\.kind) == [.decline, .approval])
        #expect(toTrainee.first?.subject == "Bo Berg declined your request for I1")
        #expect(toTrainee.first?.textBody.contains("> Mangler vurdering") == true)
        #expect(toTrainee.last?.subject == "Bo Berg approved I1")
    }

    @Test("an invitation sent by mail holds its link until delivered; refused without an address or without mail")
    func invitation() throws {
        let (db, _) = try Self.mailing()
        try db.refused(["dr.dkv", "no e-mail address"]) { try Accounts.invite(db.as("dr.lead"), handle: "dr.dkv", send: true) }
        _ = try People.correct(db.as("sek.a"), handle: "dr.dkv", corrections: [.email("dorte@example.dk")], reason: nil)
        let invitation = try Accounts.invite(db.as("dr.lead"), handle: "dr.dkv", send: true)
        let mail = try #require(try outbox(db).last)
        #expect(mail.id == invitation.mailID && mail.kind == .invitation && mail.unsubscribeURL == nil)
        #expect(mail.textBody.contains("https://logbog.example/invitation/\(invitation.token)"))
        let claimed = try #require(try Mail.claim(db.as(nil), id: mail.id))
        #expect(claimed.attempts == 1)
        try Mail.recordDelivered(db.as(nil), id: mail.id, reply: "250 OK")
        let delivered = try #require(try outbox(db).last)
        #expect(delivered.state == .delivered && delivered.textBody.isEmpty && delivered.htmlBody.isEmpty)
        db.mail = nil
        try db.refused(.usage, ["LOGBOOK_SMTP_HOST"]) { try Accounts.invite(db.as("dr.lead"), handle: "dr.dkv", send: true) }
    }

    @Test("the sender's bookkeeping: a claimed mail is not claimed twice; a failure retries with back-off; a 5xx gives up")
    func bookkeeping() throws {
        let (db, position) = try Self.mailing()
        _ = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [], assessments: [],
                              message: nil)
        let first = try Mail.claimDue(db.as(nil))
        #expect(first.count == 1)
        #expect(try Mail.claimDue(db.as(nil)).isEmpty, "claimed: another sender does not take it")
        #expect(try Mail.recordFailure(db.as(nil), id: first[0].id, problem: "cannot connect", permanent: false))
        let waiting = try #require(try outbox(db).first)
        #expect(waiting.state == .pending && waiting.lastError == "cannot connect")
        #expect(waiting.nextAttemptAt > Session.unixSeconds() && waiting.nextAttemptAt <= Session.unixSeconds() + 5)
        try Mail.releaseLeases(db.as(nil))  // a restart: due at once
        let again = try Mail.claimDue(db.as(nil))
        #expect(again.map(\.id) == [first[0].id] && again[0].attempts == 2)
        #expect(try !Mail.recordFailure(db.as(nil), id: first[0].id, problem: "550 no such user", permanent: true))
        #expect(try outbox(db).first?.state == .failed)
        #expect(try Mail.claimDue(db.as(nil)).isEmpty)
    }

    @Test("the delivery log: the secretariat sees all, others only their own")
    func log() throws {
        let (db, position) = try Self.mailing()
        let request = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [],
                                        assessments: [], message: nil)
        _ = try Requests.decline(db.as("dr.berg"), request: request.id, reason: "Nej")
        #expect(try Mail.log(db.as("sek.a")).count == 2)
        #expect(try Mail.log(db.as("dr.ung")).map(\.kind) == [.decline])
        try db.refused(["only see their own"]) { try Mail.log(db.as("dr.ung"), handle: "dr.berg") }
    }

    @Test("daily digests go to the outbox once a day, in each person's language, as they chose")
    func digests() throws {
        let (db, position) = try Self.mailing()
        _ = try Mail.setPreferences(db.as("dr.berg"), language: "en", requests: "digest")
        _ = try Requests.make(db.as("dr.ung"), position: position, to: "hovedvejleder", competencies: ["I1"], courses: [], assessments: [],
                              message: nil)
        let written = try Mail.queueDigests(db.as(nil))
        #expect(written >= 1)
        let digest = try #require(try outbox(db).first { $0.kind == .digest && $0.handle == "dr.berg" })
        #expect(digest.subject.hasPrefix("logbook:") && digest.textBody.contains("Dear Bo Berg"))
        #expect(try Mail.queueDigests(db.as(nil)) == 0, "once a day")
    }
}
