import LogbookDomain
import LogbookFormats
import LogbookStore

/// The secretariat's desk ("Regionen", the web page of issue 16): who may open it, the region's departments with the
/// counts of their reports, and a målbeskrivelse uploaded from a browser. Everything else on that page is the
/// administration's own use cases (`Departments`, `People`, `Accounts.invite`, `CurriculumImport`, `ProgramImport`,
/// `LogIns`), with their own rules.
public enum RegionDesk {
    /// A department of the region with the counts of its report (`Overviews.report`, ongoing positions).
    public struct DepartmentLine: Sendable {
        public let department: DepartmentRecord
        /// Ongoing positions.
        public let ongoing: Int
        /// Ongoing positions with at least one overdue deadline.
        public let overdue: Int
    }

    /// The regions whose secretariat (videreuddannelsessekretariat) the actor is today. Anyone else is refused (403),
    /// the rule of the record of log-ins (`Access.mayListLogIns`), which the desk shows.
    public static func regions(_ session: Session) throws -> [String] {
        try session.store.read {
            let (_, actor) = try session.actor()
            guard Access.mayListLogIns(by: actor, on: session.today) else {
                throw LogbookError.forbidden(session.texts("region.forbidden", ["handle": actor.handle]))
            }
            let regions = actor.grants.filter { $0.role == .secretariat && $0.isValid(on: session.today) }.compactMap(\.region)
            return Array(Set(regions)).sorted()
        }
    }

    /// The departments the actor may see, each with the counts of its ongoing positions (a secretariat only).
    public static func departments(_ session: Session) throws -> [DepartmentLine] {
        _ = try regions(session)
        return try Departments.list(session).map { department in
            let report = try Overviews.report(session, department: department.code, on: nil, selection: .ongoing)
            return DepartmentLine(department: department, ongoing: report.rows.count, overdue: report.withOverdue)
        }
    }

    /// Imports a målbeskrivelse uploaded as `file` (its name as the browser sent it): JSON or CSV by the name's
    /// extension, else by its first character, as `curriculum import` decides for a path. The same reader, rules and
    /// messages as the command and `POST /curricula`.
    public static func importCurriculum(_ session: Session, file: String, bytes: [UInt8], flags: CurriculumImportFlags) throws
        -> CurriculumImport.Outcome {
        try CurriculumImport.importing(session, file: file, bytes: bytes, format: ImportFormat.detect(path: file, bytes: bytes), flags: flags)
    }
}
