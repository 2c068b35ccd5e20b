/// Who may look at the accounts of `logbook serve` (issue 15).
extension Access {
    /// Whether `actor` may list the record of log-ins and failed log-ins (who, when, from where) on `day`: anyone
    /// holding a secretariat grant standing that day, of any region.
    ///
    /// The record belongs to the database, not to a department or region: one `logbook serve` serves one database,
    /// run by a department or a region, and its secretariat is who looks after its accounts. Attempts are recorded by
    /// the handle typed, which may name no one, so they cannot be scoped by region; a UAO, tutor, supervisor or
    /// trainee never sees them (not even their own: the record shows other people's addresses).
    public static func mayListLogIns(by actor: Actor, on day: CalendarDate) -> Bool {
        actor.grants.contains { $0.role == .secretariat && $0.isValid(on: day) }
    }

    /// Who may have the whole log verified over the server (`GET /verification`): a secretariat holding a grant on the
    /// day (the log spans every region, as the record of log-ins does).
    public static func mayVerifyLog(by actor: Actor, on day: CalendarDate) -> Bool {
        mayListLogIns(by: actor, on: day)
    }
}
