import LogbookDomain
import SQLite

/// Målbeskrivelser, their competencies, roles, methods and courses; specialties and their groups.
public struct CurriculumRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    init(connection: Connection) { self.connection = connection }

    // MARK: Specialties

    /// The specialty's id, found case-insensitively (æ, ø and å included). The official name of a specialty in a group,
    /// "Intern medicin: nefrologi" (the group, a colon, the specialty), names the same specialty (issue 28).
    public func specialtyID(named name: String) throws -> Int64? {
        if let id = try connection.queryFirst("SELECT id FROM specialty WHERE key = ?", name.normalizedName, table: "specialty",
                                              decode: { try $0.int("id") }) {
            return id
        }
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let group = String(name[..<colon]), member = String(name[name.index(after: colon)...])
        return try connection.queryFirst(
            """
            SELECT s.id FROM specialty s JOIN specialty_group g ON g.id = s.group_id
            WHERE s.key = ?1 AND lower(g.name) = lower(?2)
            """, member.normalizedName, group.trimmed, table: "specialty") { try $0.int("id") }
    }

    /// A specialty group by name ("Intern medicin", case-insensitive): its name as stored and its specialties' ids.
    public func group(named name: String) throws -> (name: String, members: [Int64])? {
        guard let found = try connection.queryFirst("SELECT id, name FROM specialty_group WHERE lower(name) = lower(?)", name.trimmed,
                                                    table: "specialty_group", decode: { (id: try $0.int("id"), name: try $0.string("name")) })
        else { return nil }
        let (id, stored) = found
        let members = try connection.query("SELECT id FROM specialty WHERE group_id = ? ORDER BY id", id, table: "specialty") { try $0.int("id") }
        return (stored, members)
    }

    /// The specialty's id, creating the specialty (without a group) when it is new.
    public func ensureSpecialty(named name: String) throws -> Int64 {
        if let id = try specialtyID(named: name) { return id }
        try connection.run("INSERT INTO specialty (name, key) VALUES (?, ?)", name.trimmed, name.normalizedName)
        return connection.lastInsertRowID
    }

    /// Every specialty name, in alphabetical order (for suggestions).
    public func specialtyNames() throws -> [String] {
        try connection.query("SELECT name FROM specialty ORDER BY key", table: "specialty") { try $0.string("name") }
    }

    /// The specialty's name by id.
    public func specialtyName(id: Int64) throws -> String? {
        try connection.queryFirst("SELECT name FROM specialty WHERE id = ?", id, table: "specialty") { try $0.string("name") }
    }

    /// The names of the specialties an intro in `specialtyID` qualifies for: itself and its group (DOMAIN.md, Curricula).
    public func qualifyingSpecialtyNames(for specialtyID: Int64) throws -> [String] {
        try connection.query(
            """
            SELECT s.name FROM specialty s
            WHERE s.id = ?1 OR s.group_id = (SELECT group_id FROM specialty WHERE id = ?1)
            ORDER BY s.id
            """, specialtyID, table: "specialty"
        ) { try $0.string("name") }
    }

    // MARK: Curricula

    private static let curriculumColumns = """
        SELECT c.id, c.specialty_id, s.name AS specialty, c.level, c.version, c.valid_from, c.title, c.content_hash
        FROM curriculum c JOIN specialty s ON s.id = c.specialty_id
        """

    /// A curriculum row of `curriculumColumns` read by name.
    static func curriculum(_ row: RowDecoder) throws -> CurriculumRecord {
        CurriculumRecord(
            id: try row.int("id"), specialtyID: try row.int("specialty_id"), specialty: try row.string("specialty"),
            level: try row.parsed("level", as: "a curriculum level", CurriculumLevel.init(rawValue:)), version: try row.string("version"),
            validFrom: try row.date("valid_from"), title: try row.string("title"), contentHash: try row.string("content_hash"))
    }

    /// Every målbeskrivelse, by specialty and then newest version first.
    public func all() throws -> [CurriculumRecord] {
        try connection.query(Self.curriculumColumns + " ORDER BY s.key, c.level, c.valid_from DESC, c.version DESC",
                             table: "curriculum", decode: Self.curriculum)
    }

    /// The målbeskrivelse with this id.
    public func curriculum(id: Int64) throws -> CurriculumRecord? {
        try connection.queryFirst(Self.curriculumColumns + " WHERE c.id = ?", id, table: "curriculum", decode: Self.curriculum)
    }

    /// The versions of one specialty at one level, newest (latest valid-from) first.
    public func versions(specialtyID: Int64, level: CurriculumLevel = .intro) throws -> [CurriculumRecord] {
        try connection.query(
            Self.curriculumColumns + " WHERE c.specialty_id = ? AND c.level = ? ORDER BY c.valid_from DESC, c.version DESC",
            specialtyID, level.rawValue, table: "curriculum", decode: Self.curriculum)
    }

    /// One version of a specialty's målbeskrivelse; the newest when `version` is nil.
    public func find(specialtyID: Int64, version: String?, level: CurriculumLevel = .intro) throws -> CurriculumRecord? {
        if let version {
            return try connection.queryFirst(
                Self.curriculumColumns + " WHERE c.specialty_id = ? AND c.level = ? AND c.version = ?",
                specialtyID, level.rawValue, version, table: "curriculum", decode: Self.curriculum)
        }
        return try versions(specialtyID: specialtyID, level: level).first
    }

    /// The version in force on `date`: the one with the latest valid-from on or before it.
    public func versionInForce(specialtyID: Int64, on date: CalendarDate, level: CurriculumLevel = .intro) throws -> CurriculumRecord? {
        try connection.queryFirst(
            Self.curriculumColumns
                + " WHERE c.specialty_id = ? AND c.level = ? AND c.valid_from <= ? ORDER BY c.valid_from DESC, c.version DESC LIMIT 1",
            specialtyID, level.rawValue, date.iso, table: "curriculum", decode: Self.curriculum)
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
                    "INSERT INTO competency_method (competency_id, method_id) VALUES (?, ?)", competencyID, try ensureMethod(method))
            }
        }
        for (index, course) in curriculum.courses.enumerated() {
            try connection.run(
                "INSERT INTO curriculum_course (curriculum_id, name, sort_order) VALUES (?, ?, ?)", curriculumID, course, index + 1)
        }
        return curriculumID
    }

    // MARK: Assessment methods

    /// The `assessment_method` id of a method, found by its key (a seeded key, or a målbeskrivelse's own name
    /// lower-cased); nil when no målbeskrivelse has named it yet.
    public func methodID(_ method: AssessmentMethod) throws -> Int64? {
        try connection.queryFirst("SELECT id FROM assessment_method WHERE key = ?", method.key, table: "assessment_method") { try $0.int("id") }
    }

    /// The method as stored: its stored spelling (the first one imported), or nil when it is not stored yet.
    public func storedMethod(_ method: AssessmentMethod) throws -> AssessmentMethod? {
        if method.seeded != nil { return method }
        let found: AssessmentMethod?? = try connection.queryFirst(
            "SELECT name AS method FROM assessment_method WHERE key = ?", method.key, table: "assessment_method"
        ) { try $0.optionalAssessmentMethod("method") }
        return found ?? nil
    }

    /// The method's id, storing a målbeskrivelse's own method as a new `assessment_method` row when it is new
    /// (inside the caller's transaction: a refused import leaves no row behind).
    public func ensureMethod(_ method: AssessmentMethod) throws -> Int64 {
        if let id = try methodID(method) { return id }
        try connection.run("INSERT INTO assessment_method (key, name) VALUES (?, ?)", method.key, method.name)
        return connection.lastInsertRowID
    }

    // MARK: Competencies and courses

    private static let competencyColumns = """
        SELECT c.id, c.code, c.sort_order, c.title, c.concretisation, c.learning_strategies,
               (SELECT group_concat(role_id) FROM (SELECT role_id FROM competency_role WHERE competency_id = c.id ORDER BY role_id))
                   AS roles,
               (SELECT group_concat(name, char(31)) FROM (SELECT coalesce(m.name, '') AS name FROM competency_method x
                                                          LEFT JOIN assessment_method m ON m.id = x.method_id
                                                          WHERE x.competency_id = c.id ORDER BY x.method_id))
                   AS methods
        FROM competency c
        """

    /// A competency row of `competencyColumns` read by name.
    static func competency(_ row: RowDecoder) throws -> CompetencyRecord {
        CompetencyRecord(
            id: try row.int("id"),
            competency: Competency(
                code: try row.string("code"), sortOrder: Int(try row.int("sort_order")), title: try row.string("title"),
                concretisation: try row.string("concretisation"), learningStrategies: try row.string("learning_strategies"),
                roles: try row.idList("roles", as: "a list of medical roles", MedicalRole.init(rawValue:)),
                methods: try row.methodList("methods")))
    }

    /// The competencies of a målbeskrivelse in sort order.
    public func competencies(curriculumID: Int64) throws -> [CompetencyRecord] {
        try connection.query(Self.competencyColumns + " WHERE c.curriculum_id = ? ORDER BY c.sort_order", curriculumID,
                             table: "competency", decode: Self.competency)
    }

    /// One competency by its exact code.
    public func competency(curriculumID: Int64, code: String) throws -> CompetencyRecord? {
        try connection.queryFirst(Self.competencyColumns + " WHERE c.curriculum_id = ? AND c.code = ?", curriculumID, code,
                                  table: "competency", decode: Self.competency)
    }

    /// One competency by id.
    public func competency(id: Int64) throws -> CompetencyRecord? {
        try connection.queryFirst(Self.competencyColumns + " WHERE c.id = ?", id, table: "competency", decode: Self.competency)
    }

    /// The mandatory courses of a målbeskrivelse in order.
    public func courses(curriculumID: Int64) throws -> [CourseRecord] {
        try connection.query(
            "SELECT id, name FROM curriculum_course WHERE curriculum_id = ? ORDER BY sort_order", curriculumID, table: "curriculum_course"
        ) { CourseRecord(id: try $0.int("id"), name: try $0.string("name")) }
    }

    /// The whole målbeskrivelse as a domain value (to compare a re-import with what is stored).
    public func load(_ stored: CurriculumRecord) throws -> Curriculum {
        Curriculum(
            specialty: stored.specialty, level: stored.level, version: stored.version, validFrom: stored.validFrom,
            title: stored.title, competencies: try competencies(curriculumID: stored.id).map(\.competency),
            courses: try courses(curriculumID: stored.id).map(\.name))
    }
}
