import LogbookDomain
import LogbookStore

/// Changing one's password while logged in (issue 15): the current password is checked as at log-in — throttled, and
/// a wrong one counts as a failed log-in — then the new one replaces it and every other session of the person ends
/// (a thief holding another session loses it), while the session that changed it stays.
///
/// Like log-in, the slow parts (bcrypt) run outside any transaction: `begin` (read), `check` (no database), `finish`
/// (write), each on its own connection.
public enum PasswordChange {
    /// Step 1 (read): refuses while the person or the address is throttled, else looks up the stored hash.
    public static func begin(_ session: Session, _ authenticated: Accounts.Authenticated, address: String) throws -> Accounts.LogInCheck {
        try Accounts.beginLogIn(session, handle: authenticated.handle, address: address)
    }

    /// What `check` found, for `finish`.
    public struct Checked: Sendable {
        let verdict: Accounts.LogInVerdict
        /// The new password's hash; nil when the current password was wrong.
        let newHash: Accounts.PasswordHash?
    }

    /// Step 2 (no database, slow): checks `current` with bcrypt; when it is right, checks the rules for `new` (12 to 72
    /// bytes, not the same as the current one) and hashes it.
    public static func check(_ check: Accounts.LogInCheck, current: String, new: String, policy: Accounts.Policy,
                             _ t: Texts = .untranslated) throws -> Checked {
        let verdict = Accounts.verify(check, password: current)
        guard verdict.ok else { return Checked(verdict: verdict, newHash: nil) }
        if new == current { throw LogbookError.refused(t("account.password.same")) }
        return Checked(verdict: verdict, newHash: try Accounts.hashPassword(new, policy: policy))
    }

    /// Step 3 (write): a wrong current password is recorded as a failed log-in and refused (HTTP 422), changing nothing
    /// else; a right one sets the new hash and ends every other session of the person. Returns how many ended.
    public static func finish(_ session: Session, _ authenticated: Accounts.Authenticated, _ checked: Checked) throws -> Int {
        let check = checked.verdict.check
        let outcome: Result<Int, LogbookError> = try session.store.write {
            let accounts = AccountRepository(session.store)
            let now = session.seconds()
            guard let personID = check.personID, let hash = checked.newHash, checked.verdict.ok else {
                try accounts.insertAttempt(LoginAttemptRecord(handle: check.handle, personID: check.personID, at: now,
                                                              address: check.address, ok: false))
                return .failure(LogbookError.refused(session.texts("account.password.wrong")))
            }
            try accounts.setPassword(personID: personID, hash: hash.hash, at: now)
            return .success(try accounts.endOtherSessions(personID: personID, keeping: authenticated.idHash, at: now))
        }
        return try outcome.get()
    }
}
