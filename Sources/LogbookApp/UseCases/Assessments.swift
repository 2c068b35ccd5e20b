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
        let t = session.texts
        let date = try session.date(request.date, flag: "--date")
        let methodText = try Input.line(request.method, "'--method'", texts: session.texts)
        let note = try Input.text(request.note, "'--note'", texts: session.texts)
        _ = try Input.competencyCode(request.code, "competency code")
        guard let named = AssessmentMethod(name: methodText) else { throw LogbookError.usage(t("record.emptyMethod")).concerning("--method") }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(request.positionID)
            _ = try Access.mayRecord(for: facts.access, by: actor, on: session.today).require(session.texts)
            try session.refuseFuture(date, flag: "--date", what: .assessment)
            try facts.requireWithin(date, flag: "--date", texts: t)
            let competency = try self.competency(session, facts, code: request.code)
            let method = try recordedMethod(session, named, text: methodText, of: competency, curriculum: facts.curriculum.label,
                                            other: request.otherMethod)
            var assessorID: Int64?
            if let handle = request.assessor {
                let assessor = try session.person(handle, what: "--assessor")
                if let refusal = Access.ownRecordRefusal((assessor.id, assessor.handle), in: facts.access, as: .assess) {
                    throw LogbookError.forbidden(t.refusal(refusal))
                }
                assessorID = assessor.id
            }
            let positions = PositionRepository(session.store)
            if let corrects = request.corrects {
                guard let info = try positions.assessmentInfo(id: corrects) else {
                    throw LogbookError.refused(t("record.corrects.none", ["entry": String(corrects), "position": String(facts.id)]))
                }
                guard info.positionID == facts.id else {
                    throw LogbookError.refused(t("record.corrects.otherPosition", [
                        "entry": String(corrects), "other": String(info.positionID), "position": String(facts.id)]))
                }
                if let later = info.correctedBy {
                    throw LogbookError.refused(t("record.corrects.already", ["entry": String(corrects), "later": String(later)]))
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

    /// How `--method` is stored. The målbeskrivelse defines the methods: a method it names for the competency (seeded or
    /// its own, in any case or spacing, a seeded one also by its English or short names) is that method. Any other is
    /// refused unless `--other-method` says it is meant: then a seeded or stored method is stored as that method and
    /// an unknown name as free text. Refusals: a seeded or stored method the competency does not name is exit 1
    /// naming the competency's methods; an unknown name is a usage error (exit 64) with a did-you-mean.
    static func recordedMethod(_ session: Session, _ named: AssessmentMethod, text: String, of competency: CompetencyRecord,
                               curriculum: String, other: Bool) throws -> RecordedMethod {
        let t = session.texts
        if let own = competency.competency.methods.first(where: { $0 == named }) { return .known(own) }
        let stored = try CurriculumRepository(session.store).storedMethod(named)
        if other { return stored.map(RecordedMethod.known) ?? .other(text) }
        if let stored {
            let names = competency.competency.methods.map(\.name).joined(separator: ", ")
            throw LogbookError.refused(t("record.methodNotNamed", [
                "curriculum": curriculum, "method": stored.name, "code": competency.code,
                "named": names.isEmpty ? t("record.methods.none") : names])).concerning("--method")
        }
        let candidates = competency.competency.methods.map(\.name) + SeededMethod.danishNames + SeededMethod.allNames
        if let near = Suggest.nearest(to: text, in: candidates), near != text {
            throw LogbookError.usage(t("record.unknownMethod.near", ["method": text, "near": near])).concerning("--method")
        }
        throw LogbookError.usage(t("record.unknownMethod", ["method": text])).concerning("--method")
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
        let t = session.texts
        for other in try curricula.versions(specialtyID: facts.curriculum.specialtyID) where other.id != facts.curriculum.id {
            if try curricula.competency(curriculumID: other.id, code: code) != nil {
                throw LogbookError.refused(t("competency.otherVersion", [
                    "code": code, "other": other.label, "position": String(facts.id), "curriculum": facts.curriculum.label]))
            }
        }
        let codes = try curricula.competencies(curriculumID: facts.curriculum.id).map(\.code)
        if let near = Suggest.nearest(to: code, in: codes), near != code {
            throw LogbookError.refused(t("competency.unknown.near", ["code": code, "curriculum": facts.curriculum.label, "near": near]))
        }
        throw LogbookError.refused(t("competency.unknown", ["code": code, "curriculum": facts.curriculum.label]))
    }
}
