/// Absence kinds are health data (issue 15, "Who may see what"): sickness, a child's sick day, parental leave say
/// something about a person's health and family. Everyone who may read a position sees its absence periods with their
/// counted days (they move the end); only these see the kind and the note.
extension Access {
    /// Whether `actor` may see the kinds (and notes) of `position`'s absence periods on `day`: the trainee, their
    /// hovedvejleder on the day, the department's UAO/tutor and the region's secretariat. A daglig klinisk vejleder,
    /// or a supervisor of the department who is not this trainee's hovedvejleder, sees counted days only.
    /// A cancelled position is still read, so this does not refuse because of it.
    public static func maySeeAbsenceKinds(of position: AccessPosition, by actor: Actor, on day: CalendarDate) -> Bool {
        if position.traineeID == actor.id { return true }
        var readable = position
        readable.cancelled = false
        if case .allowed = decide(actor, anyOf: [.hovedvejleder, .departmentLead, .secretariat], for: .position(readable), on: day) {
            return true
        }
        return false
    }
}
