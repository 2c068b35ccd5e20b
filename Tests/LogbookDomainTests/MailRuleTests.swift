import LogbookDomain
import Testing

/// Issue 27: when mail is tried again, and who gets which mail at once.
@Suite("Mail rules")
struct MailRuleTests {
    @Test("retries come at least every minute during the first hour, then less often; given up after three days")
    func backOff() {
        #expect(MailRetry.delay(afterAttempt: 1, age: 0) == 5)
        #expect(MailRetry.delay(afterAttempt: 4, age: 80) == 40)
        #expect((1...60).allSatisfy { MailRetry.delay(afterAttempt: $0, age: Int64($0) * 60 - 1)! <= 60 })
        #expect(MailRetry.delay(afterAttempt: 80, age: 2 * 3600) == 300)
        #expect(MailRetry.delay(afterAttempt: 400, age: 2 * 24 * 3600) == 1800)
        #expect(MailRetry.delay(afterAttempt: 500, age: 3 * 24 * 3600) == nil)
    }

    @Test("invitations always go at once; the rest as the person chose", arguments: MailChoice.allCases)
    func choices(_ choice: MailChoice) {
        let preferences = MailPreferences(language: "da", requests: choice, answers: choice, digest: .never)
        #expect(preferences.sendsAtOnce(.invitation))
        #expect(preferences.sendsAtOnce(.request) == (choice == .now))
        #expect(preferences.sendsAtOnce(.decline) == (choice == .now) && preferences.sendsAtOnce(.approval) == (choice == .now))
        #expect(!preferences.sendsAtOnce(.digest))
        #expect(MailPreferences.defaults.sendsAtOnce(.request) && MailPreferences.defaults.language == "da")
    }
}
