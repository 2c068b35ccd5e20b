import LogbookDomain
import SQLite

/// People and their grants (roller og rettigheder).
public struct PersonRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    // MARK: People

    private static let personColumns = "SELECT id, handle, name, authorisation_id, email FROM person"

    /// A person row (id, handle, name, authorisation_id) read by name.
    static func person(_ row: RowDecoder) throws -> PersonRecord {
        PersonRecord(id: try row.int("id"), handle: try row.string("handle"), name: try row.string("name"),
                     authorisationID: try row.optionalString("authorisation_id"), email: try row.optionalString("email"))
    }

    /// The person with this exact handle.
    public func find(handle: String) throws -> PersonRecord? {
        try connection.queryFirst(Self.personColumns + " WHERE handle = ?", handle, table: "person", decode: Self.person)
    }

    /// The person whose handle equals `handle` ignoring (ASCII) case, to refuse look-alike handles.
    public func find(handleIgnoringCase handle: String) throws -> PersonRecord? {
        guard let id = try connection.queryFirst(
            "SELECT id FROM person WHERE handle = ? COLLATE NOCASE LIMIT 1", handle, table: "person", decode: { try $0.int("id") })
        else {
            return nil
        }
        return try find(id: id)
    }

    /// The person with this id.
    public func find(id: Int64) throws -> PersonRecord? {
        try connection.queryFirst(Self.personColumns + " WHERE id = ?", id, table: "person", decode: Self.person)
    }

    /// The person with this autorisations-ID.
    public func find(authorisationID: String) throws -> PersonRecord? {
        try connection.queryFirst(Self.personColumns + " WHERE authorisation_id = ?", authorisationID, table: "person", decode: Self.person)
    }

    /// Every person, by handle.
    public func all() throws -> [PersonRecord] {
        try connection.query(Self.personColumns + " ORDER BY handle", table: "person", decode: Self.person)
    }

    /// Every handle (for suggestions).
    public func handles() throws -> [String] {
        try connection.query("SELECT handle FROM person ORDER BY handle", table: "person") { try $0.string("handle") }
    }

    /// Stores a new person and returns the id.
    public func insert(handle: String, name: String, authorisationID: String?, createdAt: String, createdBy: Int64?,
                       email: String? = nil) throws -> Int64 {
        try connection.run(
            "INSERT INTO person (handle, name, authorisation_id, created_at, created_by, email) VALUES (?, ?, ?, ?, ?, ?)",
            handle, name, authorisationID, createdAt, createdBy, email)
        return connection.lastInsertRowID
    }

    /// Corrects one field of a person (name, authorisation_id or email) and keeps the old value in person_change.
    public func correct(personID: Int64, field: PersonField, from old: String?, to new: String?, reason: String, changedBy: Int64,
                        changedAt: String) throws {
        switch field {
        case .name: try connection.run("UPDATE person SET name = ? WHERE id = ?", new, personID)
        case .authorisationID: try connection.run("UPDATE person SET authorisation_id = ? WHERE id = ?", new, personID)
        case .email: try connection.run("UPDATE person SET email = ? WHERE id = ?", new, personID)
        }
        try connection.run(
            "INSERT INTO person_change (person_id, field, old_value, new_value, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            personID, field.rawValue, old, new, reason, changedBy, changedAt)
    }

    /// Every correction of a person, oldest first (through person_change_person_idx).
    public func changes(personID: Int64) throws -> [PersonChange] {
        try connection.query("""
            SELECT c.field, c.old_value, c.new_value, c.reason, c.changed_at, p.handle
            FROM person_change c JOIN person p ON p.id = c.changed_by WHERE c.person_id = ? ORDER BY c.id
            """, personID, table: "person_change") { row in
            PersonChange(field: try row.parsed("field", as: "a person field", PersonField.init(rawValue:)),
                         old: try row.optionalString("old_value"), new: try row.optionalString("new_value"),
                         reason: try row.string("reason"), changedAt: try row.string("changed_at"), changedBy: try row.string("handle"))
        }
    }

    /// Everyone with an e-mail address, by handle (for `logbook remind`).
    public func withEmail() throws -> [PersonRecord] {
        try connection.query(Self.personColumns + " WHERE email IS NOT NULL ORDER BY handle", table: "person", decode: Self.person)
    }

    // MARK: Grants

    private static let grantColumns = """
        SELECT g.id, g.person_id, g.role, g.department_id, g.region, g.may_approve, g.valid_from, g.valid_until,
               e.ends_on, p.handle, d.code AS department_code, b.handle AS granted_by
        FROM role_grant g
        JOIN person p ON p.id = g.person_id
        LEFT JOIN role_grant_end e ON e.grant_id = g.id
        LEFT JOIN department d ON d.id = g.department_id
        LEFT JOIN person b ON b.id = g.granted_by
        """

    /// A grant row of `grantColumns` read by name.
    static func grant(_ row: RowDecoder) throws -> GrantRecord {
        let until = try row.optionalDate("valid_until")
        let ended = try RowDecoder(row.row, table: "role_grant_end").optionalDate("ends_on")
        let effective: CalendarDate? = switch (until, ended) {
        case (nil, nil): nil
        case (let a?, nil): a
        case (nil, let b?): b
        case (let a?, let b?): min(a, b)
        }
        // A secretariat grant has a region and no department; every other grant has a department.
        let scope: GrantScope
        if let departmentID = try row.optionalInt("department_id") {
            scope = .department(departmentID)
        } else {
            scope = .region(try row.string("region"))
        }
        let value = Grant(
            id: try row.int("id"), personID: try row.int("person_id"),
            role: try row.parsed("role", as: "a role", GrantRole.init(rawValue:)),
            scope: scope, mayApprove: try row.bool("may_approve"), validFrom: try row.date("valid_from"), validUntil: effective)
        return GrantRecord(grant: value, handle: try row.string("handle"), departmentCode: try row.optionalString("department_code"),
                           grantedUntil: until, endedOn: ended, grantedBy: try row.optionalString("granted_by"))
    }

    /// Whether the database holds no grant at all (the bootstrap state).
    public func hasNoGrants() throws -> Bool {
        try connection.single("SELECT NOT EXISTS (SELECT 1 FROM role_grant) AS empty", table: "role_grant") { try $0.bool("empty") }
    }

    /// Every grant of one person, oldest first.
    public func grants(personID: Int64) throws -> [GrantRecord] {
        try connection.query(Self.grantColumns + " WHERE g.person_id = ? ORDER BY g.id", personID, table: "role_grant", decode: Self.grant)
    }

    /// Every grant in one department, oldest first.
    public func grants(departmentID: Int64) throws -> [GrantRecord] {
        try connection.query(Self.grantColumns + " WHERE g.department_id = ? ORDER BY g.id", departmentID, table: "role_grant", decode: Self.grant)
    }

    /// Every grant, oldest first.
    public func allGrants() throws -> [GrantRecord] {
        try connection.query(Self.grantColumns + " ORDER BY g.id", table: "role_grant", decode: Self.grant)
    }

    /// One grant by id.
    public func grant(id: Int64) throws -> GrantRecord? {
        try connection.queryFirst(Self.grantColumns + " WHERE g.id = ?", id, table: "role_grant", decode: Self.grant)
    }

    /// The home region: the region of the database's first grant (the bootstrap secretariat of `logbook init`), whose
    /// secretariat also onboards other regions (Access.mayGrant). Nil before the first grant.
    public func homeRegion() throws -> String? {
        try connection.queryFirst("SELECT region FROM role_grant ORDER BY id LIMIT 1", table: "role_grant") { try $0.optionalString("region") } ?? nil
    }

    /// The acting person with all their grants, for the access rules.
    public func actor(_ person: PersonRecord) throws -> Actor {
        Actor(id: person.id, handle: person.handle, grants: try grants(personID: person.id).map(\.grant))
    }

    /// Stores a new grant and returns its id.
    public func insert(_ grant: Grant, grantedBy: Int64?, recordedAt: String) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO role_grant (person_id, role, department_id, region, may_approve, valid_from, valid_until, granted_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            grant.personID, grant.role.rawValue, grant.departmentID, grant.region, grant.mayApprove, grant.validFrom.iso,
            grant.validUntil?.iso, grantedBy, recordedAt)
        return connection.lastInsertRowID
    }

    /// Ends a grant: `endsOn` is the last day it counts. Appends to `role_grant_end`; the grant row stays.
    @discardableResult
    public func end(grantID: Int64, endsOn: CalendarDate, endedBy: Int64, recordedAt: String) throws -> Int64 {
        try connection.run(
            "INSERT INTO role_grant_end (grant_id, ends_on, ended_by, recorded_at) VALUES (?, ?, ?, ?)",
            grantID, endsOn.iso, endedBy, recordedAt)
        return connection.lastInsertRowID
    }
}
