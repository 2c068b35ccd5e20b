import LogbookDomain
import LogbookStore

extension Verification {
    /// Whether the event log still reaches the head its last writer recorded outside the database (`HeadWitness`):
    /// a rolled-back or truncated history is a problem of `logbook verify`.
    public static func headProblem(_ session: Session) throws -> HeadWitness.Problem? {
        try session.store.headWitnessProblem()
    }
}
