import LogbookDomain
import SQLite

/// Målbeskrivelser, their competencies, roles, methods and courses; specialties and their groups.
public struct CurriculumRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    // MARK: Specialties

    /// The specialty's id, found case-insensitively (æ, ø and å included).
    public func specialtyID(named name: String) throws -> Int64? {
        try connection.queryFirst("SELECT id FROM specialty WHERE key = ?", name.normalizedName)?.int(0)
    }

    /// The specialty's id, creating the specialty (without a group) when it is new.
    public func ensureSpecialty(named name: String) throws -> Int64 {
        if let id = try specialtyID(named: name) { return id }
        try connection.run("INSERT INTO specialty (name, key) VALUES (?, ?)", name.trimmed, name.normalizedName)
        return connection.lastInsertRowID
    }

    /// Every specialty name, in alphabetical order (for suggestions).
    public func specialtyNames() throws -> [String] {
        try connection.query("SELECT name FROM specialty ORDER BY key").compactMap { $0.string(0) }
    }

    /// The specialty's name by id.
    public func specialtyName(id: Int64) throws -> String? {
        try connection.queryFirst("SELECT name FROM specialty WHERE id = ?", id)?.string(0)
    }

    /// The names of the specialties an intro in `specialtyID` qualifies for: itself and its group (DOMAIN.md, Curricula).
    public func qualifyingSpecialtyNames(for specialtyID: Int64) throws -> [String] {
        try connection.query(
            """
            SELECT s.name FROM specialty s
            WHERE s.id = ?1 OR s.group_id = (SELECT group_id FROM specialty WHERE id = ?1)
            ORDER BY s.id
            """, specialtyID
        ).compactMap { $0.string(0) }
    }

    // MARK: Curricula

    private static let curriculumColumns = """
        SELECT c.id, c.specialty_id, s.name, c.level, c.version, c.valid_from, c.title, c.content_hash
        FROM curriculum c JOIN specialty s ON s.id = c.specialty_id
        """

    private func curriculum(from row: Row) -> CurriculumRecord {
        CurriculumRecord(
            id: row.int(0) ?? 0, specialtyID: row.int(1) ?? 0, specialty: row.string(2) ?? "",
            level: CurriculumLevel(rawValue: row.string(3) ?? "") ?? .intro, version: row.string(4) ?? "",
            validFrom: CalendarDate(iso: row.string(5) ?? "") ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            title: row.string(6) ?? "", contentHash: row.string(7) ?? "")
    }

    /// Every målbeskrivelse, by specialty and then newest version first.
    public func all() throws -> [CurriculumRecord] {
        try connection.query(Self.curriculumColumns + " ORDER BY s.key, c.level, c.valid_from DESC, c.version DESC")
            .map(curriculum(from:))
    }

    /// The målbeskrivelse with this id.
    public func curriculum(id: Int64) throws -> CurriculumRecord? {
        try connection.queryFirst(Self.curriculumColumns + " WHERE c.id = ?", id).map(curriculum(from:))
    }

    /// The versions of one specialty at one level, newest (latest valid-from) first.
    public func versions(specialtyID: Int64, level: CurriculumLevel = .intro) throws -> [CurriculumRecord] {
        try connection.query(
            Self.curriculumColumns + " WHERE c.specialty_id = ? AND c.level = ? ORDER BY c.valid_from DESC, c.version DESC",
            specialtyID, level.rawValue
        ).map(curriculum(from:))
    }

    /// One version of a specialty's målbeskrivelse; the newest when `version` is nil.
    public func find(specialtyID: Int64, version: String?, level: CurriculumLevel = .intro) throws -> CurriculumRecord? {
        if let version {
            return try connection.queryFirst(
                Self.curriculumColumns + " WHERE c.specialty_id = ? AND c.level = ? AND c.version = ?",
                specialtyID, level.rawValue, version
            ).map(curriculum(from:))
        }
        return try versions(specialtyID: specialtyID, level: level).first
    }

    /// The version in force on `date`: the one with the latest valid-from on or before it.
    public func versionInForce(specialtyID: Int64, on date: CalendarDate, level: CurriculumLevel = .intro) throws -> CurriculumRecord? {
        try connection.queryFirst(
            Self.curriculumColumns
                + " WHERE c.specialty_id = ? AND c.level = ? AND c.valid_from <= ? ORDER BY c.valid_from DESC, c.version DESC LIMIT 1",
            specialtyID, level.rawValue, date.iso
        ).map(curriculum(from:))
    }

    /// Stores a new målbeskrivelse with its competencies, roles, methods and courses. Returns its id.
    ///
    /// Call inside a write transaction; the UNIQUE constraints refuse a second copy of the same version.
    public func insert(_ curriculum: Curriculum, contentHash: String, importedAt: String, importedBy: Int64?) throws -> Int64 {
        let specialtyID = try ensureSpecialty(named: curriculum.specialty)
        try connection.run(
            """
            INSERT INTO curriculum (specialty_id, level, version, valid_from, title, content_hash, imported_at, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            specialtyID, curriculum.level.rawValue, curriculum.version, curriculum.validFrom.iso, curriculum.title,
            contentHash, importedAt, importedBy)
        let curriculumID = connection.lastInsertRowID
        for competency in curriculum.competencies {
            try connection.run(
                """
                INSERT INTO competency (curriculum_id, code, sort_order, title, concretisation, learning_strategies)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                curriculumID, competency.code, competency.sortOrder, competency.title, competency.concretisation,
                competency.learningStrategies)
            let competencyID = connection.lastInsertRowID
            for role in Set(competency.roles) {
                try connection.run("INSERT INTO competency_role (competency_id, role_id) VALUES (?, ?)", competencyID, role.rawValue)
            }
            for method in Set(competency.methods) {
                try connection.run(
                    "INSERT INTO competency_method (competency_id, method_id) VALUES (?, ?)", competencyID, method.rawValue)
            }
        }
        for (index, course) in curriculum.courses.enumerated() {
            try connection.run(
                "INSERT INTO curriculum_course (curriculum_id, name, sort_order) VALUES (?, ?, ?)", curriculumID, course, index + 1)
        }
        return curriculumID
    }

    // MARK: Competencies and courses

    private static let competencyColumns = """
        SELECT c.id, c.code, c.sort_order, c.title, c.concretisation, c.learning_strategies,
               (SELECT group_concat(role_id) FROM (SELECT role_id FROM competency_role WHERE competency_id = c.id ORDER BY role_id)),
               (SELECT group_concat(method_id) FROM (SELECT method_id FROM competency_method WHERE competency_id = c.id ORDER BY method_id))
        FROM competency c
        """

    private func competency(from row: Row) -> CompetencyRecord {
        func ids(_ text: String?) -> [Int] { (text ?? "").split(separator: ",").compactMap { Int($0) } }
        return CompetencyRecord(
            id: row.int(0) ?? 0,
            competency: Competency(
                code: row.string(1) ?? "", sortOrder: Int(row.int(2) ?? 0), title: row.string(3) ?? "",
                concretisation: row.string(4) ?? "", learningStrategies: row.string(5) ?? "",
                roles: ids(row.string(6)).compactMap(MedicalRole.init(rawValue:)),
                methods: ids(row.string(7)).compactMap(AssessmentMethod.init(rawValue:))))
    }

    /// The competencies of a målbeskrivelse in sort order.
    public func competencies(curriculumID: Int64) throws -> [CompetencyRecord] {
        try connection.query(Self.competencyColumns + " WHERE c.curriculum_id = ? ORDER BY c.sort_order", curriculumID)
            .map(competency(from:))
    }

    /// One competency by its exact code.
    public func competency(curriculumID: Int64, code: String) throws -> CompetencyRecord? {
        try connection.queryFirst(Self.competencyColumns + " WHERE c.curriculum_id = ? AND c.code = ?", curriculumID, code)
            .map(competency(from:))
    }

    /// One competency by id.
    public func competency(id: Int64) throws -> CompetencyRecord? {
        try connection.queryFirst(Self.competencyColumns + " WHERE c.id = ?", id).map(competency(from:))
    }

    /// The mandatory courses of a målbeskrivelse in order.
    public func courses(curriculumID: Int64) throws -> [CourseRecord] {
        try connection.query(
            "SELECT id, name FROM curriculum_course WHERE curriculum_id = ? ORDER BY sort_order", curriculumID
        ).map { CourseRecord(id: $0.int(0) ?? 0, name: $0.string(1) ?? "") }
    }

    /// The whole målbeskrivelse as a domain value (to compare a re-import with what is stored).
    public func load(_ stored: CurriculumRecord) throws -> Curriculum {
        Curriculum(
            specialty: stored.specialty, level: stored.level, version: stored.version, validFrom: stored.validFrom,
            title: stored.title, competencies: try competencies(curriculumID: stored.id).map(\.competency),
            courses: try courses(curriculumID: stored.id).map(\.name))
    }
}
