/// What stands between an intro position and its element attestation (DOMAIN.md, Approvals and attestations).
public struct ElementCompletion: Sendable, Hashable {
    /// Competency codes of the pinned målbeskrivelse without a standing approval, in sort order.
    public let missingCompetencies: [String]
    /// Mandatory courses without a standing approval.
    public let missingCourses: [String]
    /// Whether a standing time attestation exists.
    public let timeAttested: Bool

    /// Works out what is missing from the målbeskrivelse's competencies and courses and what is approved.
    public init(competencies: [String], approvedCompetencies: Set<String>, courses: [String], approvedCourses: Set<String>,
                timeAttested: Bool) {
        self.missingCompetencies = competencies.filter { !approvedCompetencies.contains($0) }
        self.missingCourses = courses.filter { !approvedCourses.contains($0) }
        self.timeAttested = timeAttested
    }

    /// The element may be attested: every competency and course approved and time attested.
    public var isComplete: Bool { missingCompetencies.isEmpty && missingCourses.isEmpty && timeAttested }

    /// One line per missing item, for a refusal or `status`.
    public var missingLines: [String] {
        var lines: [String] = []
        if !missingCompetencies.isEmpty {
            lines.append("competencies not approved: \(missingCompetencies.joined(separator: ", "))")
        }
        for course in missingCourses { lines.append("course not approved: \(course)") }
        if !timeAttested { lines.append("time not attested") }
        return lines
    }
}

/// One intro position as eligibility sees it.
public struct IntroRecord: Sendable, Hashable {
    public let positionID: Int64
    /// The specialty of the position's målbeskrivelse.
    public let specialty: String
    /// The specialties this intro qualifies for: its own and the rest of its group.
    public let qualifiesFor: Set<String>
    /// The standing element attestation: event id and date.
    public let elementAttestation: (id: Int64, on: CalendarDate)?
    /// The standing forhåndsudtalelse: event id and date.
    public let statement: (id: Int64, on: CalendarDate)?
    /// Whether the position is ongoing on the day asked about.
    public let isOngoing: Bool

    public init(positionID: Int64, specialty: String, qualifiesFor: Set<String>, elementAttestation: (id: Int64, on: CalendarDate)?,
                statement: (id: Int64, on: CalendarDate)?, isOngoing: Bool) {
        self.positionID = positionID
        self.specialty = specialty
        self.qualifiesFor = qualifiesFor
        self.elementAttestation = elementAttestation
        self.statement = statement
        self.isOngoing = isOngoing
    }

    public static func == (lhs: IntroRecord, rhs: IntroRecord) -> Bool {
        lhs.positionID == rhs.positionID && lhs.specialty == rhs.specialty && lhs.qualifiesFor == rhs.qualifiesFor
            && lhs.elementAttestation?.id == rhs.elementAttestation?.id && lhs.statement?.id == rhs.statement?.id
            && lhs.isOngoing == rhs.isOngoing
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(positionID) }
}

/// The answer to "may I apply for / start a hoveduddannelse in S?" (DOMAIN.md, Applying for and starting).
public struct Eligibility: Sendable, Hashable {
    /// May apply: a godkendt introduktionsstilling in S or its group, or a standing forhåndsudtalelse on an
    /// ongoing intro in S or its group.
    public let mayApply: Bool
    /// May start: only with a godkendt introduktionsstilling in S or its group.
    public let mayStart: Bool
    /// Why, as a value the front end words in the reader's language.
    public let why: EligibilityReason
    /// The events the answer rests on.
    public let restsOn: [Int64]

    /// The answer for a specialty no målbeskrivelse names: may not apply, nor start (`suggestion`: the nearest
    /// known specialty, for a typo).
    public init(unknownSpecialty name: String, suggestion: String?) {
        mayApply = false
        mayStart = false
        why = .unknownSpecialty(name: name, suggestion: suggestion)
        restsOn = []
    }

    /// Why the trainee may or may not *start*: the approved intro, or — when a forhåndsudtalelse lets them apply —
    /// that starting needs the element attestation; else the same reason as for applying.
    public var startReason: EligibilityReason {
        if case .statement(let specialty, let position, _, _, _) = why { return .needsElementAttestation(specialty: specialty, positionID: position) }
        return why
    }

    /// Decides for `specialty` (case-insensitive name) from the trainee's intro records.
    public init(specialty: String, records: [IntroRecord]) {
        let wanted = specialty.normalizedName
        let relevant = records.filter { record in record.qualifiesFor.contains { $0.normalizedName == wanted } }
        if let approved = relevant.first(where: { $0.elementAttestation != nil }), let attestation = approved.elementAttestation {
            mayApply = true
            mayStart = true
            why = .approvedIntro(specialty: approved.specialty, positionID: approved.positionID, on: attestation.on,
                                 eventID: attestation.id, viaGroup: approved.specialty.normalizedName != wanted)
            restsOn = [attestation.id]
            return
        }
        if let stated = relevant.first(where: { $0.statement != nil && $0.isOngoing }), let statement = stated.statement {
            mayApply = true
            mayStart = false
            why = .statement(specialty: stated.specialty, positionID: stated.positionID, on: statement.on, eventID: statement.id,
                             viaGroup: stated.specialty.normalizedName != wanted)
            restsOn = [statement.id]
            return
        }
        mayApply = false
        mayStart = false
        restsOn = []
        if relevant.isEmpty {
            why = .noIntro(specialty: specialty)
        } else if relevant.contains(where: { $0.statement != nil }) {
            why = .statementNoLongerOngoing(specialty: specialty)
        } else {
            why = .neither(positions: relevant.map { IntroPosition(id: $0.positionID, specialty: $0.specialty) }, specialty: specialty)
        }
    }
}

/// Why a trainee may or may not apply for a hoveduddannelse.
public enum EligibilityReason: Sendable, Hashable {
    /// A godkendt introduktionsstilling (element attested), in the specialty or (`viaGroup`) its group.
    case approvedIntro(specialty: String, positionID: Int64, on: CalendarDate, eventID: Int64, viaGroup: Bool)
    /// A standing forhåndsudtalelse on an ongoing intro; starting needs the element attestation.
    case statement(specialty: String, positionID: Int64, on: CalendarDate, eventID: Int64, viaGroup: Bool)
    /// No intro in the specialty or its group.
    case noIntro(specialty: String)
    /// A forhåndsudtalelse stands on an intro that has ended, and none is approved.
    case statementNoLongerOngoing(specialty: String)
    /// Intros in the specialty or group without an element attestation or a forhåndsudtalelse, each with its own
    /// specialty (issue 28: a nefrologi intro asked about for kardiologi is named as nefrologi).
    case neither(positions: [IntroPosition], specialty: String)
    /// No målbeskrivelse names the specialty (not imported, or a typo: `suggestion` is the nearest known one).
    case unknownSpecialty(name: String, suggestion: String?)
    /// (Starting only) a forhåndsudtalelse lets the trainee apply; starting needs the intro's element attestation.
    case needsElementAttestation(specialty: String, positionID: Int64)

    /// The reason as a stable machine code for JSON: `approved_intro`, `statement`, `no_intro`, `statement_ended`,
    /// `neither`, `unknown_specialty`, `needs_element_attestation`.
    public var code: String {
        switch self {
        case .approvedIntro: return "approved_intro"
        case .statement: return "statement"
        case .noIntro: return "no_intro"
        case .statementNoLongerOngoing: return "statement_ended"
        case .neither: return "neither"
        case .unknownSpecialty: return "unknown_specialty"
        case .needsElementAttestation: return "needs_element_attestation"
        }
    }
}

/// An intro position named in a reason: its id and its own specialty.
public struct IntroPosition: Sendable, Hashable {
    public let id: Int64
    public let specialty: String
    public init(id: Int64, specialty: String) {
        self.id = id
        self.specialty = specialty
    }
}
