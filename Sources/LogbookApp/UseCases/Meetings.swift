import LogbookDomain
import LogbookStore

/// Recording vejledersamtaler with the revised individuelle uddannelsesplan.
public enum Meetings {
    /// Reads `--kind`: introduction, adjustment, final or the Danish names (exit 64 otherwise).
    public static func kind(_ text: String, texts: Texts = .untranslated) throws -> MeetingKind {
        let key = text.normalizedName.split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: "-")
        if let kind = MeetingKind(name: key) { return kind }
        switch key {
        case "introduktion", "intro": return .introduction
        case "justering", "justerings": return .adjustment
        case "slut", "final-meeting": return .final
        default: break
        }
        let names = MeetingKind.allCases.map(\.rawValue) + MeetingKind.allCases.map(\.danishName)
        if let near = Suggest.nearest(to: text, in: names), near != text {
            throw LogbookError.usage(texts("meeting.badKind.near", ["value": text, "near": near]))
        }
        throw LogbookError.usage(texts("meeting.badKind", ["value": text]))
    }

    /// Records one meeting; `plan` is a file path or "-" for standard input. One transaction.
    /// `plan` is a file (or `-` for standard input) holding the plan; `planText` the plan itself (the demo, the server).
    public static func add(_ session: Session, positionID: Int64, kind: String, date: String, plan: String?,
                           planText given: String? = nil) throws -> MeetingRecord {
        let t = session.texts
        let kind = try self.kind(kind, texts: t)
        let heldOn = try session.date(date, flag: "--date")
        var planText = try Input.text(given, "plan", texts: session.texts) ?? ""
        if let plan {
            let bytes = try InputFile.read(plan, maximum: InputLimits.textFileBytes, texts: t)
            planText = try Input.fileText(bytes, name: InputFile.displayName(plan), what: "plan")
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            _ = try Access.mayRecordMeeting(for: facts.access, by: actor, on: session.today).require(session.texts)
            try session.refuseFuture(heldOn, flag: "--date", what: .meeting)
            try facts.requireWithin(heldOn, flag: "--date", texts: t)
            let positions = PositionRepository(session.store)
            if let twin = try positions.meetings(positionID: positionID).first(where: { $0.kind == kind && $0.heldOn == heldOn }) {
                throw LogbookError.refused(t("meeting.twice", [
                    "kind": t.meetingKind(kind), "date": t.date(heldOn), "position": String(positionID), "meeting": String(twin.id)]))
            }
            let id = try positions.insertMeeting(positionID: positionID, kind: kind, heldOn: heldOn, plan: planText,
                                                 recordedBy: person.id, recordedAt: session.now())
            guard let stored = try positions.meetings(positionID: positionID).first(where: { $0.id == id }) else {
                throw LogbookError(.internalError, "meeting \(id) vanished")
            }
            return stored
        }
    }

    /// The position's meetings by date.
    public static func list(_ session: Session, positionID: Int64) throws -> [MeetingRecord] {
        try session.store.read {
            _ = try session.position(positionID)
            return try PositionRepository(session.store).meetings(positionID: positionID)
        }
    }
}
