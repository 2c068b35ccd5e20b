/// One of the seven lægeroller (medical roles), in their official order.
public enum MedicalRole: Int, CaseIterable, Sendable, Hashable, Comparable {
    case medicalExpert = 1, communicator, collaborator, leader, healthAdvocate, scholar, professional

    public static func < (lhs: MedicalRole, rhs: MedicalRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The stable English key used in files and JSON output.
    public var key: String {
        switch self {
        case .medicalExpert: return "medical-expert"
        case .communicator: return "communicator"
        case .collaborator: return "collaborator"
        case .leader: return "leader"
        case .healthAdvocate: return "health-advocate"
        case .scholar: return "scholar"
        case .professional: return "professional"
        }
    }

    /// The Danish name as the målbeskrivelser write it.
    public var danishName: String {
        switch self {
        case .medicalExpert: return "Medicinsk ekspert/lægefaglig"
        case .communicator: return "Kommunikator"
        case .collaborator: return "Samarbejder"
        case .leader: return "Leder/administrator/organisator"
        case .healthAdvocate: return "Sundhedsfremmer"
        case .scholar: return "Akademiker/forsker og underviser"
        case .professional: return "Professionel"
        }
    }

    /// Names a user may type for the role: the key, the Danish name, its parts, and the English name.
    public var acceptedNames: [String] {
        switch self {
        case .medicalExpert: return [key, danishName, "Medicinsk ekspert", "Lægefaglig", "Medical expert"]
        case .communicator: return [key, danishName, "Communicator"]
        case .collaborator: return [key, danishName, "Samarbejdspartner", "Collaborator"]
        case .leader: return [key, danishName, "Leder", "Administrator", "Organisator", "Leader", "Manager"]
        case .healthAdvocate: return [key, danishName, "Health advocate"]
        case .scholar: return [key, danishName, "Akademiker", "Forsker og underviser", "Akademiker/forsker", "Scholar"]
        case .professional: return [key, danishName, "Professional"]
        }
    }

    /// Finds a role by any accepted name, ignoring case and surrounding space.
    public init?(name: String) {
        let wanted = name.normalizedName
        guard let role = MedicalRole.allCases.first(where: { $0.acceptedNames.contains { $0.normalizedName == wanted } }) else {
            return nil
        }
        self = role
    }

    /// Every accepted name, for "did you mean" suggestions.
    public static var allNames: [String] { allCases.flatMap(\.acceptedNames) }
}

/// One of the ten kompetencevurderingsmetoder seeded in the `assessment_method` table (ids 1–10). They are suggestions
/// (help, did-you-mean hints, the English wording), not a closed list: a målbeskrivelse may name its own methods
/// (`AssessmentMethod`).
public enum SeededMethod: Int, CaseIterable, Sendable, Hashable {
    case directObservation = 1, miniCEX, competencyCard, structuredInterview, caseBasedDiscussion
    case evaluation360, audit, osats, assessmentForm, courseApproval

    /// The stable English key.
    public var key: String {
        switch self {
        case .directObservation: return "direct-observation"
        case .miniCEX: return "mini-cex"
        case .competencyCard: return "competency-card"
        case .structuredInterview: return "structured-interview"
        case .caseBasedDiscussion: return "case-based-discussion"
        case .evaluation360: return "360-evaluation"
        case .audit: return "audit"
        case .osats: return "osats"
        case .assessmentForm: return "assessment-form"
        case .courseApproval: return "course-approval"
        }
    }

    /// The Danish name.
    public var danishName: String {
        switch self {
        case .directObservation: return "Direkte observation"
        case .miniCEX: return "Mini-CEX"
        case .competencyCard: return "Kompetencekort"
        case .structuredInterview: return "Struktureret vejledersamtale"
        case .caseBasedDiscussion: return "Casebaseret diskussion"
        case .evaluation360: return "360-graders evaluering"
        case .audit: return "Audit"
        case .osats: return "OSATS"
        case .assessmentForm: return "Vurderingsskema"
        case .courseApproval: return "Godkendelse af kursus"
        }
    }

    /// Names a user may type: key, Danish name and common variants.
    public var acceptedNames: [String] {
        switch self {
        case .directObservation: return [key, danishName, "Direct observation", "Observation"]
        case .miniCEX: return [key, danishName, "MiniCEX", "Mini CEX"]
        case .competencyCard: return [key, danishName, "Competency card"]
        case .structuredInterview: return [key, danishName, "Struktureret samtale", "Structured interview"]
        case .caseBasedDiscussion: return [key, danishName, "CbD", "Case-baseret diskussion", "Case based discussion"]
        case .evaluation360: return [key, danishName, "360 graders evaluering", "360-graders-evaluering", "360", "360 evaluation"]
        case .audit: return [key, danishName]
        case .osats: return [key, danishName]
        case .assessmentForm: return [key, danishName, "Assessment form"]
        case .courseApproval: return [key, danishName, "Kursusgodkendelse", "Course approval"]
        }
    }

    /// Finds a method by any accepted name, ignoring case and surrounding space.
    public init?(name: String) {
        guard let method = SeededMethod.byNormalizedName[name.normalizedName] else { return nil }
        self = method
    }

    /// Every accepted name, normalized, to its method (the first method in `allCases` order that accepts it): built
    /// once, so reading an assessment's method is one lookup, not thirty normalizations.
    private static let byNormalizedName: [String: SeededMethod] = {
        var methods: [String: SeededMethod] = [:]
        for method in allCases {
            for name in method.acceptedNames where methods[name.normalizedName] == nil { methods[name.normalizedName] = method }
        }
        return methods
    }()

    /// Every accepted name exactly as written (the names stored in the database are these) to the method the
    /// normalized lookup gives it: reading a stored method is one dictionary lookup without any normalizing.
    static let byExactName: [String: SeededMethod] = {
        var methods: [String: SeededMethod] = [:]
        for method in allCases {
            for name in method.acceptedNames where AssessmentMethod.collapse(name) == name {
                methods[name] = byNormalizedName[name.normalizedName]
            }
        }
        return methods
    }()

    /// Every accepted name, for "did you mean" suggestions.
    public static var allNames: [String] { allCases.flatMap(\.acceptedNames) }

    /// The Danish names, for "the usual methods are ..." hints.
    public static var danishNames: [String] { allCases.map(\.danishName) }
}

/// A kompetencevurderingsmetode as a målbeskrivelse names it: one of the ten seeded ones, or the målbeskrivelse's own
/// ("Struktureret klinisk observation", "Logbog over operationer").
///
/// A name that is an accepted name of a seeded method, ignoring case and runs of whitespace, *is* that seeded method
/// (stored and shown under its seeded name, worded in English output). Any other name is the målbeskrivelse's own: kept
/// as written (NFC, whitespace runs collapsed) and identified by its `key`, the name lower-cased, so two spellings that
/// differ only in case or spacing are one method (the first spelling stored is kept).
public struct AssessmentMethod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as stored and shown: the seeded Danish name, or the målbeskrivelse's own spelling.
    public let name: String
    /// The seeded method it is, if it is one.
    public let seeded: SeededMethod?

    /// A seeded method.
    public init(seeded: SeededMethod) {
        self.name = seeded.danishName
        self.seeded = seeded
    }

    /// The method a file or a person names: seeded when the name is one of a seeded method's accepted names, otherwise
    /// the målbeskrivelse's own. Nil for an empty name. Checking the text (length, control characters) is the caller's.
    public init?(name: String) {
        if let seeded = SeededMethod.byExactName[name] {
            self.init(seeded: seeded)
            return
        }
        let collapsed = AssessmentMethod.collapse(name)
        if collapsed.isEmpty { return nil }
        if let seeded = SeededMethod(name: collapsed) {
            self.init(seeded: seeded)
        } else {
            self.init(own: collapsed)
        }
    }

    private init(own name: String) {
        self.name = name
        self.seeded = nil
    }

    /// The stable key: the seeded key ("mini-cex"), else the name lower-cased with whitespace collapsed
    /// (`assessment_method.key`; equality and hashing go by it).
    public var key: String { seeded?.key ?? name.normalizedName }

    /// The name as the målbeskrivelse writes it (the seeded Danish name for a seeded method).
    public var danishName: String { name }

    public var description: String { name }

    /// Whitespace runs as one space, ends trimmed; case kept.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    public static func == (lhs: AssessmentMethod, rhs: AssessmentMethod) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// The seeded methods first in their seeded order, then the målbeskrivelse's own by key: the order methods are
    /// stored, shown and hashed in, so it never depends on when a method was first stored.
    public static func < (lhs: AssessmentMethod, rhs: AssessmentMethod) -> Bool {
        switch (lhs.seeded, rhs.seeded) {
        case let (left?, right?): return left.rawValue < right.rawValue
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.key < rhs.key
        }
    }

    public static let directObservation = AssessmentMethod(seeded: .directObservation)
    public static let miniCEX = AssessmentMethod(seeded: .miniCEX)
    public static let competencyCard = AssessmentMethod(seeded: .competencyCard)
    public static let structuredInterview = AssessmentMethod(seeded: .structuredInterview)
    public static let caseBasedDiscussion = AssessmentMethod(seeded: .caseBasedDiscussion)
    public static let evaluation360 = AssessmentMethod(seeded: .evaluation360)
    public static let audit = AssessmentMethod(seeded: .audit)
    public static let osats = AssessmentMethod(seeded: .osats)
    public static let assessmentForm = AssessmentMethod(seeded: .assessmentForm)
    public static let courseApproval = AssessmentMethod(seeded: .courseApproval)

    /// The ten seeded methods, in order (suggestions).
    public static var seededCases: [AssessmentMethod] { SeededMethod.allCases.map(AssessmentMethod.init(seeded:)) }
}

/// Whether a målbeskrivelse describes the intro or the main specialist training.
public enum CurriculumLevel: String, Sendable, CaseIterable {
    case intro, main
}

/// The course every intro requires (DOMAIN.md, Curricula).
public let clinicalSupervisionCourse = "Kursus i klinisk vejledning"

/// One competency of a målbeskrivelse.
public struct Competency: Sendable, Hashable {
    /// Free-text code ("1", "I3", "K-12", "IA-1"); never assumed to be a number.
    public var code: String
    /// Position in the målbeskrivelse's order.
    public var sortOrder: Int
    public var title: String
    /// Konkretisering: what the competency means in practice.
    public var concretisation: String
    /// Læringsstrategier: recommended ways to learn it.
    public var learningStrategies: String
    /// The lægeroller it is tagged with, in official order.
    public var roles: [MedicalRole]
    /// The mandatory kompetencevurderingsmetoder.
    public var methods: [AssessmentMethod]

    public init(code: String, sortOrder: Int, title: String, concretisation: String = "", learningStrategies: String = "",
                roles: [MedicalRole], methods: [AssessmentMethod]) {
        self.code = code
        self.sortOrder = sortOrder
        self.title = title
        self.concretisation = concretisation
        self.learningStrategies = learningStrategies
        self.roles = roles
        self.methods = methods
    }
}

/// A målbeskrivelse: one version of a specialty's national curriculum.
public struct Curriculum: Sendable, Hashable {
    public var specialty: String
    public var level: CurriculumLevel
    /// The version label, e.g. "2022".
    public var version: String
    /// The first day positions may be pinned to this version.
    public var validFrom: CalendarDate
    public var title: String
    /// The competencies in sort order.
    public var competencies: [Competency]
    /// The mandatory courses, always including "Kursus i klinisk vejledning" for an intro.
    public var courses: [String]

    public init(specialty: String, level: CurriculumLevel, version: String, validFrom: CalendarDate, title: String = "",
                competencies: [Competency], courses: [String]) {
        self.specialty = specialty
        self.level = level
        self.version = version
        self.validFrom = validFrom
        self.title = title
        self.competencies = competencies
        self.courses = courses
    }

    /// "Kardiologi 2022": how messages name a målbeskrivelse.
    public var label: String { "\(specialty) \(version)" }
}

/// A kind of vejledersamtale (DOMAIN.md, Meetings).
public enum MeetingKind: String, Sendable, CaseIterable, Hashable {
    /// Introduktionssamtale, within the first 14 days.
    case introduction
    /// Justeringssamtale.
    case adjustment
    /// Slutsamtale.
    case final

    /// The Danish name.
    public var danishName: String {
        switch self {
        case .introduction: return "introduktionssamtale"
        case .adjustment: return "justeringssamtale"
        case .final: return "slutsamtale"
        }
    }

    /// Accepts the English key or the Danish name.
    public init?(name: String) {
        let wanted = name.normalizedName
        guard let kind = MeetingKind.allCases.first(where: { $0.rawValue == wanted || $0.danishName == wanted }) else {
            return nil
        }
        self = kind
    }
}

/// One deadline of an uddannelsesprogram: what is due by which month of the position.
public struct ProgramItem: Sendable, Hashable {
    /// What is due.
    public enum Subject: Sendable, Hashable {
        case competency(code: String)
        case course(name: String)
        case meeting(MeetingKind)
    }
    public var subject: Subject
    /// Due by the end of this month of the position (0 = at the start).
    public var dueMonth: Int
    /// The assessment method the programme names, if any.
    public var method: AssessmentMethod?
    public var note: String

    public init(subject: Subject, dueMonth: Int, method: AssessmentMethod? = nil, note: String = "") {
        self.subject = subject
        self.dueMonth = dueMonth
        self.method = method
        self.note = note
    }
}

/// An uddannelsesprogram: a department's concrete plan for one målbeskrivelse version.
public struct Program: Sendable, Hashable {
    /// The department's code.
    public var department: String
    public var specialty: String
    /// The målbeskrivelse version the programme follows.
    public var curriculumVersion: String
    public var title: String
    /// The programme's own version label.
    public var version: String
    public var approvedOn: CalendarDate?
    public var items: [ProgramItem]

    public init(department: String, specialty: String, curriculumVersion: String, title: String, version: String,
                approvedOn: CalendarDate? = nil, items: [ProgramItem]) {
        self.department = department
        self.specialty = specialty
        self.curriculumVersion = curriculumVersion
        self.title = title
        self.version = version
        self.approvedOn = approvedOn
        self.items = items
    }
}

extension String {
    /// Lower-cased with surrounding whitespace removed and inner runs of space collapsed: for name lookups.
    public var normalizedName: String {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ").lowercased()
    }
}

/// The first way a målbeskrivelse file differs from the stored copy of the same version, as a value: front ends word it
/// in the reader's language (LogbookApp's `Texts.curriculumDifference`); `description` is the English phrase.
public enum CurriculumDifference: Hashable, Sendable, CustomStringConvertible {
    case title(stored: String, file: String)
    case validFrom(stored: CalendarDate, file: CalendarDate)
    case addsCourse(String)
    case lacksCourse(String)
    case courseOrder
    case addsCompetency(String)
    case lacksCompetency(String)
    case competencyTitle(code: String, stored: String, file: String)
    case competencySortOrder(code: String, stored: Int, file: Int)
    case competencyRoles(code: String, stored: [MedicalRole], file: [MedicalRole])
    case competencyMethods(code: String, stored: [AssessmentMethod], file: [AssessmentMethod])
    case competencyConcretisation(code: String, stored: String, file: String)
    case competencyLearningStrategies(code: String, stored: String, file: String)

    /// A text in quotes, cut at 40 characters.
    public static func quoted(_ text: String) -> String { "\"\(text.count > 40 ? String(text.prefix(39)) + "…" : text)\"" }

    /// Where two texts first differ, as the English phrase ("at character 41: stored "…", file "…"").
    static func at(_ stored: String, _ file: String) -> String { TextDifference.first(stored: stored, file: file)?.description ?? "" }

    public var description: String {
        let q = CurriculumDifference.quoted
        switch self {
        case .title(let stored, let file): return "the title differs \(CurriculumDifference.at(stored, file))"
        case .validFrom(let stored, let file): return "validFrom differs (stored \(stored.iso), file \(file.iso))"
        case .addsCourse(let name): return "the file adds the course \(q(name))"
        case .lacksCourse(let name): return "the file lacks the course \(q(name))"
        case .courseOrder: return "the courses are in another order"
        case .addsCompetency(let code): return "the file adds competency \(q(code))"
        case .lacksCompetency(let code): return "the file lacks competency \(q(code))"
        case .competencyTitle(let code, let stored, let file):
            return "competency \(q(code)): the title differs \(CurriculumDifference.at(stored, file))"
        case .competencySortOrder(let code, let stored, let file):
            return "competency \(q(code)): the sort order differs (stored \(stored), file \(file))"
        case .competencyRoles(let code, let stored, let file):
            return "competency \(q(code)): the roles differ (stored \(stored.map(\.danishName).joined(separator: ", ")); "
                + "file \(file.map(\.danishName).joined(separator: ", ")))"
        case .competencyMethods(let code, let stored, let file):
            return "competency \(q(code)): the methods differ (stored \(stored.map(\.danishName).joined(separator: ", ")); "
                + "file \(file.map(\.danishName).joined(separator: ", ")))"
        case .competencyConcretisation(let code, let stored, let file):
            return "competency \(q(code)): the konkretisering differs \(CurriculumDifference.at(stored, file))"
        case .competencyLearningStrategies(let code, let stored, let file):
            return "competency \(q(code)): the læringsstrategier differ \(CurriculumDifference.at(stored, file))"
        }
    }
}

extension Curriculum {
    /// The first way `other` (a file) differs from `self` (what is stored); nil when equal.
    public func firstDifference(from other: Curriculum) -> CurriculumDifference? {
        if title != other.title { return .title(stored: title, file: other.title) }
        if validFrom != other.validFrom { return .validFrom(stored: validFrom, file: other.validFrom) }
        if courses != other.courses {
            if let added = other.courses.first(where: { !courses.contains($0) }) { return .addsCourse(added) }
            if let removed = courses.first(where: { !other.courses.contains($0) }) { return .lacksCourse(removed) }
            return .courseOrder
        }
        let stored = Dictionary(competencies.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for competency in other.competencies {
            let code = competency.code
            guard let old = stored[code] else { return .addsCompetency(code) }
            if old.title != competency.title { return .competencyTitle(code: code, stored: old.title, file: competency.title) }
            if old.sortOrder != competency.sortOrder { return .competencySortOrder(code: code, stored: old.sortOrder, file: competency.sortOrder) }
            if old.roles != competency.roles { return .competencyRoles(code: code, stored: old.roles, file: competency.roles) }
            if old.methods != competency.methods { return .competencyMethods(code: code, stored: old.methods, file: competency.methods) }
            if old.concretisation != competency.concretisation {
                return .competencyConcretisation(code: code, stored: old.concretisation, file: competency.concretisation)
            }
            if old.learningStrategies != competency.learningStrategies {
                return .competencyLearningStrategies(code: code, stored: old.learningStrategies, file: competency.learningStrategies)
            }
        }
        let codes = Set(other.competencies.map(\.code))
        if let missing = competencies.first(where: { !codes.contains($0.code) }) { return .lacksCompetency(missing.code) }
        return nil
    }
}

extension ProgramItem {
    /// "competency I3", "course Kursus i klinisk vejledning", "introduction meeting": how messages name it.
    public var label: String {
        switch subject {
        case .competency(let code): return "competency \"\(code)\""
        case .course(let name): return "course \"\(name)\""
        case .meeting(let kind): return "\(kind.rawValue) meeting (\(kind.danishName))"
        }
    }
}

/// The first way an uddannelsesprogram file differs from the stored copy of the same version, as a value (worded by
/// LogbookApp's `Texts.programDifference`); `description` is the English phrase. Items are counted from 1.
public enum ProgramDifference: Hashable, Sendable, CustomStringConvertible {
    case title(stored: String, file: String)
    case approvedOn(stored: CalendarDate?, file: CalendarDate?)
    case item(Int, stored: ProgramItem.Subject, file: ProgramItem.Subject)
    case dueMonth(Int, ProgramItem.Subject, stored: Int, file: Int)
    case method(Int, ProgramItem.Subject, stored: AssessmentMethod?, file: AssessmentMethod?)
    case note(Int, ProgramItem.Subject, stored: String, file: String)
    case itemCount(stored: Int, file: Int)

    public var description: String {
        func label(_ subject: ProgramItem.Subject) -> String { ProgramItem(subject: subject, dueMonth: 0).label }
        switch self {
        case .title(let stored, let file): return "the title differs \(CurriculumDifference.at(stored, file))"
        case .approvedOn(let stored, let file): return "approvedOn differs (stored \(stored?.iso ?? "none"), file \(file?.iso ?? "none"))"
        case .item(let number, let stored, let file): return "item \(number) differs (stored \(label(stored)), file \(label(file)))"
        case .dueMonth(let number, let subject, let stored, let file):
            return "item \(number) (\(label(subject))): due month stored \(stored), file \(file)"
        case .method(let number, let subject, let stored, let file):
            return "item \(number) (\(label(subject))): method stored \(stored?.danishName ?? "none"), file \(file?.danishName ?? "none")"
        case .note(let number, let subject, let stored, let file):
            return "item \(number) (\(label(subject))): the note differs \(CurriculumDifference.at(stored, file))"
        case .itemCount(let stored, let file): return "the file has \(file) items, the stored programme \(stored)"
        }
    }
}

extension Program {
    /// The first way `other` (a file) differs from `self` (what is stored); nil when equal.
    public func firstDifference(from other: Program) -> ProgramDifference? {
        if title != other.title { return .title(stored: title, file: other.title) }
        if approvedOn != other.approvedOn { return .approvedOn(stored: approvedOn, file: other.approvedOn) }
        for (index, (old, new)) in zip(items, other.items).enumerated() where old != new {
            if old.subject != new.subject { return .item(index + 1, stored: old.subject, file: new.subject) }
            if old.dueMonth != new.dueMonth { return .dueMonth(index + 1, new.subject, stored: old.dueMonth, file: new.dueMonth) }
            if old.method != new.method { return .method(index + 1, new.subject, stored: old.method, file: new.method) }
            return .note(index + 1, new.subject, stored: old.note, file: new.note)
        }
        if items.count != other.items.count { return .itemCount(stored: items.count, file: other.items.count) }
        return nil
    }
}

extension MedicalRole {
    /// A short name for narrow tables ("Medicinsk ekspert", "Leder", "Akademiker"); an accepted name too.
    public var shortName: String {
        switch self {
        case .medicalExpert: return "Medicinsk ekspert"
        case .leader: return "Leder"
        case .scholar: return "Akademiker"
        default: return danishName
        }
    }
}
