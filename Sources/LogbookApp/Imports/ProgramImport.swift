import LogbookDomain
import LogbookFormats
import LogbookStore

/// `logbook program import`: reads an uddannelsesprogram, checks it against the stored målbeskrivelse and stores it.
public enum ProgramImport {
    /// Imports the JSON file at `path` in one transaction and returns the summary line for stdout.
    ///
    /// The department is created when the file describes it and it is new; a described department that exists with
    /// other details is refused. The same department, målbeskrivelse and programme version again is a no-op when
    /// identical and refused (exit 1) naming the first difference when not.
    /// `bytes` stands in for the file's content when given (the demo's embedded examples); `path` then only names it.
    public static func run(_ session: Session, path: String, bytes given: [UInt8]? = nil) throws -> String {
        let bytes = try given ?? InputFile.read(path, texts: session.texts)
        return try upload(session, file: InputFile.displayName(path), bytes: bytes).summary
    }

    /// Imports an uploaded programme (the server's `POST /programs`), `file` naming it in messages: the summary line and
    /// whether it stored a new programme (false: an identical one was already there).
    public static func upload(_ session: Session, file: String, bytes: [UInt8]) throws -> (summary: String, stored: Bool) {
        let t = session.texts
        let parsed = try CurriculumImport.parse(file, texts: t) { try ProgramReader.readJSON(bytes) }
        return try session.store.write {
            let (departmentID, importer) = try department(for: parsed, file: file, session: session)
            let curricula = CurriculumRepository(session.store)
            let stored = try curriculum(for: parsed, file: file, repository: curricula, texts: t)
            let competencies = try curricula.competencies(curriculumID: stored.id)
            let courses = try curricula.courses(curriculumID: stored.id)

            var program = parsed.program
            program.specialty = stored.specialty
            var newItems: [NewProgramItem] = []
            for (index, item) in program.items.enumerated() {
                var resolved = item
                switch item.subject {
                case .competency(let code):
                    guard let match = competencies.first(where: { $0.code == code })
                            ?? competencies.first(where: { $0.code.normalizedName == code.normalizedName }) else {
                        let codes = competencies.map(\.code)
                        throw LogbookError.badData(t.importError(parsed.error(item: index, key: "competency",
                            .unknownCompetency(code, curriculum: stored.label, near: Suggest.near(code, in: codes), codes: codes)), file: file))
                    }
                    resolved.subject = .competency(code: match.code)
                    if let method = item.method {
                        // Issue 28: the programme and the målbeskrivelse agree on methods. A programme's method must be one
                        // the målbeskrivelse lists for this competency — a seeded one too (OSATS where it lists Mini-CEX is
                        // refused with its line): status would tell the trainee to use it and `record` would refuse it.
                        guard let named = match.competency.methods.first(where: { $0 == method }) else {
                            let names = match.competency.methods.map(\.name)
                            throw LogbookError.badData(t.importError(parsed.error(item: index, key: "method",
                                .methodNotNamed(method.name, code: match.code, curriculum: stored.label,
                                                near: Suggest.near(method.name, in: names + SeededMethod.danishNames), methods: names)), file: file))
                        }
                        resolved.method = named
                    }
                    newItems.append(NewProgramItem(item: resolved, competencyID: match.id))
                case .course(let name):
                    guard let match = courses.first(where: { $0.name.normalizedName == name.normalizedName }) else {
                        let names = courses.map(\.name)
                        throw LogbookError.badData(t.importError(parsed.error(item: index, key: "course",
                            .unknownCourse(name, curriculum: stored.label, near: Suggest.near(name, in: names), courses: names)), file: file))
                    }
                    resolved.subject = .course(name: match.name)
                    newItems.append(NewProgramItem(item: resolved, courseID: match.id))
                case .meeting:
                    newItems.append(NewProgramItem(item: resolved))
                }
                program.items[index] = resolved
            }

            let programs = ProgramRepository(session.store)
            let hash = program.contentHash
            let values = ["department": program.department, "version": program.version, "curriculum": stored.label]
            if let existing = try programs.find(departmentID: departmentID, curriculumID: stored.id, version: program.version) {
                if existing.contentHash == hash { return (t("import.program.same", values), false) }
                let difference = try programs.load(existing).firstDifference(from: program)
                var different = values
                different["file"] = file
                different["difference"] = difference.map(t.programDifference) ?? t("import.difference.content")
                throw LogbookError.refused(t("import.program.different", different))
            }
            _ = try programs.insert(program, departmentID: departmentID, curriculumID: stored.id, items: newItems, contentHash: hash,
                                    importedAt: session.now(), importedBy: importer)
            let competencyCount = newItems.filter { $0.competencyID != nil }.count
            let courseCount = newItems.filter { $0.courseID != nil }.count
            let meetingCount = newItems.count - competencyCount - courseCount
            var done = values
            done["competencies"] = t.plural("import.competencies", count: competencyCount)
            done["courses"] = t.plural("import.courses", count: courseCount)
            done["meetings"] = t.plural("import.meetings", count: meetingCount)
            return (t("import.program.done", done), true)
        }
    }

    /// The department's id: found by code, or created from the file's description (inside the caller's transaction).
    static func department(for parsed: ProgramFile, file: String, session: Session) throws -> (id: Int64, importer: Int64?) {
        let departments = DepartmentRepository(session.store)
        let code = parsed.program.department
        if let existing = try departments.find(code: code) {
            let access = AccessDepartment(id: existing.id, code: existing.code, kind: existing.kind, region: existing.region)
            let importer = try session.importer { Access.mayImportProgram(for: access, by: $0, on: session.today) }
            if let described = parsed.department {
                var differences: [DepartmentDifference] = []
                if existing.name != described.name { differences.append(.name(stored: existing.name, file: described.name)) }
                if existing.kind != described.kind { differences.append(.kind(stored: existing.kind, file: described.kind)) }
                if existing.region != described.region { differences.append(.region(stored: existing.region, file: described.region)) }
                if !differences.isEmpty {
                    throw LogbookError.refused(session.texts.importError(parsed.error(key: "department", .departmentDiffers(code: code, differences)),
                                                                         file: file))
                }
            }
            return (existing.id, importer)
        }
        guard let described = parsed.department else {
            let codes = try departments.all().map(\.code)
            throw LogbookError.refused(session.texts.importError(parsed.error(key: "department",
                .unknownDepartment(code, near: Suggest.near(code, in: codes))), file: file))
        }
        let importer = try session.importer { Access.mayAddDepartment(inRegion: described.region, by: $0, on: session.today) }
        let id = try departments.insert(code: described.code, name: described.name, kind: described.kind, region: described.region,
                                        createdAt: session.now(), createdBy: importer)
        return (id, importer)
    }

    /// The målbeskrivelse the programme follows, which must already be imported.
    static func curriculum(for parsed: ProgramFile, file: String, repository: CurriculumRepository,
                           texts t: Texts = .untranslated) throws -> CurriculumRecord {
        let program = parsed.program
        guard let specialtyID = try repository.specialtyID(named: program.specialty),
              !(try repository.versions(specialtyID: specialtyID)).isEmpty else {
            let known = try repository.specialtyNamesWithCurricula()
            throw LogbookError.refused(t.importError(parsed.error(key: "specialty",
                .noCurriculum(specialty: program.specialty, near: Suggest.near(program.specialty, in: known))), file: file))
        }
        guard let stored = try repository.find(specialtyID: specialtyID, version: program.curriculumVersion) else {
            let versions = try repository.versions(specialtyID: specialtyID).map(\.version)
            throw LogbookError.refused(t.importError(parsed.error(key: "curriculumVersion",
                .noCurriculumVersion(specialty: program.specialty, version: program.curriculumVersion,
                                     near: Suggest.near(program.curriculumVersion, in: versions), versions: versions)), file: file))
        }
        return stored
    }
}

/// Finding stored uddannelsesprogrammer by department.
public enum ProgramCatalog {
    /// Every stored programme; in a session scoped to its actor (the server), those of the departments the actor may
    /// see (`AdminScope`) and those of the actor's own positions.
    public static func list(_ session: Session) throws -> [ProgramRecord] {
        try session.store.read {
            let all = try ProgramRepository(session.store).all()
            guard session.readScope == .actor else { return all }
            let viewer = try AdminScope.viewer(session)
            let departments = DepartmentRepository(session.store)
            let own = Set(try PositionLoader(session.store).load(.trainee(viewer.person.id)).compactMap(\.facts.position.programID))
            return try all.filter { program in
                if own.contains(program.id) { return true }
                return try departments.find(id: program.departmentID).map { AdminScope.sees($0, viewer) } ?? false
            }
        }
    }

    /// The programme of `DEPARTMENT[@VERSION]`: its newest one, or the one with that version label; exit 1 with a did-you-mean.
    public static func find(_ session: Session, reference: String) throws -> (ProgramRecord, DepartmentRecord, [ProgramItemRecord]) {
        let (code, version) = CurriculumCatalog.split(reference)
        let t = session.texts
        return try session.store.read {
            let departments = DepartmentRepository(session.store)
            let programs = ProgramRepository(session.store)
            let all = try departments.all()
            guard let department = try departments.find(code: code)
                    ?? all.first(where: { $0.code.normalizedName == code.normalizedName }) else {
                var values = ["code": code, "departments": all.map(\.code).joined(separator: ", ")]
                if all.isEmpty { throw LogbookError.refused(t("program.noDepartment.none", values)) }
                if let near = Suggest.near(code, in: all.map(\.code)) {
                    values["near"] = near
                    throw LogbookError.refused(t("program.noDepartment.near", values))
                }
                throw LogbookError.refused(t("program.noDepartment", values))
            }
            let list = try programs.programs(departmentID: department.id)
            guard let newest = list.first else {
                throw LogbookError.refused(t("program.noProgram", ["code": department.code]))
            }
            var chosen = newest
            if let version {
                guard let match = list.first(where: { $0.version == version }) else {
                    let versions = list.map(\.version)
                    var values = ["code": department.code, "version": version, "versions": versions.joined(separator: ", ")]
                    if let near = Suggest.near(version, in: versions) {
                        values["near"] = near
                        throw LogbookError.refused(t("program.noVersion.near", values))
                    }
                    throw LogbookError.refused(t("program.noVersion", values))
                }
                chosen = match
            }
            return (chosen, department, try programs.items(programID: chosen.id))
        }
    }
}
