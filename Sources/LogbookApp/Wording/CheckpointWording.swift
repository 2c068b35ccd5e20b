import LogbookDomain

/// The sentences of checkpoints (issue 29): what `verify` found, what `logbook checkpoint` made.
extension Texts {
    /// "checkpoint 3: …" (the head witness's checkpoint is named as such).
    public func checkpointProblem(_ problem: Checkpoints.Problem) -> String {
        func name(_ id: Int64) -> String { id == 0 ? self("checkpoint.witnessName") : self("checkpoint.name", ["id": String(id)]) }
        switch problem {
        case .unreadable(let id): return self("checkpoint.problem.unreadable", ["checkpoint": name(id)])
        case .rowDisagrees(let id): return self("checkpoint.problem.rowDisagrees", ["checkpoint": name(id)])
        case .unsigned(let id, let time): return self("checkpoint.problem.unsigned", ["checkpoint": name(id), "time": time])
        case .beyondLog(let id, let size, let count, let time):
            return self("checkpoint.problem.beyondLog", ["checkpoint": name(id), "size": String(size), "count": String(count), "time": time])
        case .rootMismatch(let id, let size, let time):
            return self("checkpoint.problem.rootMismatch", ["checkpoint": name(id), "size": String(size), "time": time])
        case .inconsistent(let earlier, let later):
            return self("checkpoint.problem.inconsistent", ["earlier": name(earlier), "later": name(later)])
        case .witnessAhead(let size, let stored):
            return self("checkpoint.problem.witnessAhead", ["size": String(size), "stored": String(stored)])
        }
    }
}
