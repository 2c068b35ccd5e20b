import LogbookDomain
import LogbookStore

/// Registering and looking up departments (afdelinger og praksisser).
public enum Departments {
    /// Reads `--kind`: hospital/sygehus or general-practice/almen-praksis (exit 64 otherwise).
    public static func kind(_ text: String, _ t: Texts = .untranslated) throws -> WorkplaceKind {
        let key = text.normalizedName.split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: "-")
        switch key {
        case "hospital", "sygehus", "sygehusafdeling", "afdeling": return .hospital
        case "general-practice", "almen-praksis", "praksis", "gp": return .generalPractice
        default:
            let names = ["hospital", "general-practice", "sygehus", "almen-praksis"]
            if let match = Suggest.nearest(to: text, in: names), match != text {
                throw LogbookError.usage(t("department.badKind.suggest", ["value": text, "match": match]))
            }
            throw LogbookError.usage(t("department.badKind", ["value": text]))
        }
    }

    /// Adds a department; only the secretariat of its region may. One transaction.
    public static func add(_ session: Session, code: String, name: String, kind: WorkplaceKind, region: String) throws -> DepartmentRecord {
        let t = session.texts
        let code = try Input.code(code, "the department CODE", texts: session.texts), name = try Input.line(name, "'--name'", texts: session.texts)
        let region = try Input.line(region, "'--region'", texts: session.texts)
        guard !code.isEmpty else { throw LogbookError.usage(t("department.codeEmpty")) }
        guard !name.isEmpty else { throw LogbookError.usage(t("department.nameEmpty")) }
        guard !region.isEmpty else { throw LogbookError.usage(t("department.regionEmpty")) }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let permit = try Access.mayAddDepartment(inRegion: region, by: actor, on: session.today).require(session.texts)
            let departments = DepartmentRepository(session.store)
            if let existing = try departments.find(code: code) {
                throw LogbookError.conflict(t("department.exists", ["code": code, "name": existing.name, "region": existing.region]))
            }
            let id = try departments.insert(code: code, name: name, kind: kind, region: region, createdAt: session.now(),
                                            createdBy: person.id)
            guard let stored = try departments.find(id: id) else {
                throw LogbookError(.internalError, t("department.vanished", ["id": String(id)]))
            }
            // The name the log vouches for (issue 29): what pages, prints and bundles show beside the acts made there.
            try session.appendDepartmentName(DepartmentFacts(code: stored.code, kind: stored.kind, region: stored.region), name: stored.name,
                                             by: person, acting: permit.grant)
            return stored
        }
    }

    /// Every department; in a session scoped to its actor (the server), those whose positions the actor may read.
    public static func list(_ session: Session) throws -> [DepartmentRecord] {
        try session.store.read {
            let all = try DepartmentRepository(session.store).all()
            guard session.readScope == .actor else { return all }
            let viewer = try AdminScope.viewer(session)
            return all.filter { AdminScope.sees($0, viewer) }
        }
    }

    /// One department with the grants standing in it today; out of the actor's sight it is answered like a missing one.
    public static func show(_ session: Session, code: String) throws -> (department: DepartmentRecord, grants: [GrantRecord]) {
        try session.store.read {
            let department = try session.visibleDepartment(code)
            let grants = try PersonRepository(session.store).grants(departmentID: department.id)
                .filter { $0.grant.isValid(on: session.today) }
            return (department, grants)
        }
    }
}
