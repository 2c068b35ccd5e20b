import LogbookDomain
import LogbookStore

/// Recording kompetencevurderinger toward the competencies of the position's pinned målbeskrivelse.
public enum Assessments {
    /// What `record` is given.
    public struct Request: Sendable {
        public var positionID: Int64
        public var code: String
        public var method: String
        public var date: String
        public var assessor: String?
        public var note: String?
        public var otherMethod: Bool
        public var corrects: Int64?

        /// Creates a request.
        public init(positionID: Int64, code: String, method: String, date: String, assessor: String? = nil, note: String? = nil,
                    otherMethod: Bool = false, corrects: Int64? = nil) {
            self.positionID = positionID
            self.code = code
            self.method = method
            self.date = date
            self.assessor = assessor
            self.note = note
            self.otherMethod = otherMethod
            self.corrects = corrects
        }
    }

    /// Records one assessment (or a correction of an earlier one); entries are never edited. One transaction.
    public static func record(_ session: Session, _ request: Request) throws -> AssessmentRecord {
        let date = try session.date(request.date, flag: "--date")
        let methodText = try Input.line(request.method, "'--method'")
        let note = try Input.text(request.note, "'--note'")
        _ = try Input.competencyCode(request.code, "competency code")
        let known = AssessmentMethod(name: methodText)
        if known == nil && !request.otherMethod {
            throw LogbookError.usage(
                "'--method': unknown method \"\(methodText)\"\(Suggest.didYouMean(methodText, in: AssessmentMethod.allCases.map(\.danishName) + AssessmentMethod.allNames)); "
                    + "give --other-method to record a method the program does not know")
        }
        guard !methodText.isEmpty else { throw LogbookError.usage("'--method' must not be empty") }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(request.positionID)
            _ = try Access.mayRecord(for: facts.access, by: actor, on: session.today).require(session.texts)
            try session.refuseFuture(date, flag: "--date", what: "an assessment")
            try facts.requireWithin(date, flag: "--date")
            let competency = try self.competency(session, facts, code: request.code)
            let method: RecordedMethod
            if let known {
                if !competency.competency.methods.contains(known) && !request.otherMethod {
                    let named = competency.competency.methods.map(\.danishName).joined(separator: ", ")
                    throw LogbookError.refused(
                        "\(facts.curriculum.label) does not name \(known.danishName) for competency \(competency.code) "
                            + "(it names: \(named.isEmpty ? "none" : named)); give --other-method to record it anyway")
                }
                method = .known(known)
            } else {
                method = .other(methodText)
            }
            var assessorID: Int64?
            if let handle = request.assessor { assessorID = try session.person(handle, what: "--assessor").id }
            let positions = PositionRepository(session.store)
            if let corrects = request.corrects {
                guard let info = try positions.assessmentInfo(id: corrects) else {
                    throw LogbookError.refused("'--corrects': no entry \(corrects); see `logbook record list --position \(facts.id)`")
                }
                guard info.positionID == facts.id else {
                    throw LogbookError.refused("'--corrects': entry \(corrects) belongs to position \(info.positionID), not \(facts.id)")
                }
                if let later = info.correctedBy {
                    throw LogbookError.refused("'--corrects': entry \(corrects) is already corrected by entry \(later); correct \(later) instead")
                }
            }
            let id = try positions.insertAssessment(
                positionID: facts.id, competencyID: competency.id, method: method, assessedOn: date, assessorID: assessorID,
                note: note ?? "", correctsID: request.corrects, recordedBy: person.id, recordedAt: session.now())
            guard let stored = try positions.assessments(positionID: facts.id).first(where: { $0.id == id }) else {
                throw LogbookError(.internalError, "entry \(id) vanished")
            }
            return stored
        }
    }

    /// The position's assessments in entry order.
    public static func list(_ session: Session, positionID: Int64) throws -> (facts: PositionFacts, entries: [AssessmentRecord]) {
        try session.store.read {
            let facts = try session.position(positionID)
            return (facts, try PositionRepository(session.store).assessments(positionID: positionID))
        }
    }

    /// The competency with this code in the pinned målbeskrivelse; otherwise a refusal naming the version
    /// that has it, or the nearest code.
    static func competency(_ session: Session, _ facts: PositionFacts, code: String) throws -> CompetencyRecord {
        let curricula = CurriculumRepository(session.store)
        let code = code.trimmed
        if let found = try curricula.competency(curriculumID: facts.curriculum.id, code: code) { return found }
        for other in try curricula.versions(specialtyID: facts.curriculum.specialtyID) where other.id != facts.curriculum.id {
            if try curricula.competency(curriculumID: other.id, code: code) != nil {
                throw LogbookError.refused(
                    "competency \"\(code)\" is in \(other.label), but position \(facts.id) is pinned to \(facts.curriculum.label)")
            }
        }
        let codes = try curricula.competencies(curriculumID: facts.curriculum.id).map(\.code)
        throw LogbookError.refused(
            "no competency \"\(code)\" in \(facts.curriculum.label)\(Suggest.didYouMean(code, in: codes)); "
                + "see `logbook curriculum show`")
    }
}
