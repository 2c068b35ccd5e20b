import LogbookDomain
import LogbookStore

extension Session {
    /// Appends the fact event of a projection row just written (a grant, its end, a position's binding, a hovedvejleder
    /// assignment, absence or its withdrawal), dated today, made by `person` acting on `grant` (nil: as the trainee),
    /// signed when they have a registered key; and links it to the row. Call inside the use case's write transaction.
    @discardableResult
    func appendFact(_ kind: EventKind, positionID: Int64?, by person: PersonRecord, acting grant: Grant?, payload: String,
                    text: String = "", table: String, row: Int64) throws -> EventRecord {
        let (role, department) = try Keys.actorRole(self, grant)
        let event = try append(
            NewEvent(kind: kind, positionID: positionID, effectiveOn: today, actor: (person.id, person.handle), actorRole: role,
                     actorDepartment: department, text: text, payload: payload),
            signer: ActSigner(self, handle: person.handle))
        try FactRepository(store).link(table, row: row, event: event.id)
        return event
    }

    /// Appends a person's name to the log (`person-name`, authority chain; rule R-NAME): when they are added, and with the
    /// reason when it is corrected. Made by `maker` acting on `grant` (their secretariat, UAO or tutor grant), signed
    /// when they have a registered key. Not linked to a row: the name is checked against `person.name` by `verify`.
    /// Appends a department's name to the log (`department-name`, authority chain; rule R-NAME), made by the secretariat
    /// that adds it (acting on `grant`).
    @discardableResult
    func appendDepartmentName(_ department: DepartmentFacts, name: String, by maker: PersonRecord, acting grant: Grant?) throws -> EventRecord {
        let (role, actorDepartment) = try Keys.actorRole(self, grant)
        return try append(
            NewEvent(kind: .departmentName, positionID: nil, effectiveOn: today, actor: (maker.id, maker.handle), actorRole: role,
                     actorDepartment: actorDepartment, payload: DepartmentNamePayload(department: department, name: name).text),
            signer: ActSigner(self, handle: maker.handle))
    }

    @discardableResult
    func appendName(handle: String, name: String, by maker: PersonRecord, acting grant: Grant?, reason: String = "") throws -> EventRecord {
        let (role, department) = try Keys.actorRole(self, grant)
        return try append(
            NewEvent(kind: .personName, positionID: nil, effectiveOn: today, actor: (maker.id, maker.handle), actorRole: role,
                     actorDepartment: department, text: reason, payload: PersonNamePayload(handle: handle, name: name).text),
            signer: ActSigner(self, handle: maker.handle))
    }
}
