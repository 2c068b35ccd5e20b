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
        let file = InputFile.displayName(path)
        let bytes = try given ?? InputFile.read(path)
        let parsed = try CurriculumImport.parse(file) { try ProgramReader.readJSON(bytes) }
        return try session.store.write {
            let (departmentID, importer) = try department(for: parsed, file: file, session: session)
            let curricula = CurriculumRepository(session.store)
            let stored = try curriculum(for: parsed, file: file, repository: curricula)
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
                        let hint = Suggest.didYouMean(code, in: competencies.map(\.code))
                        throw LogbookError.badData(parsed.error(item: index, key: "competency",
                            "no competency \"\(code)\" in \(stored.label)\(hint) (codes: \(competencies.map(\.code).joined(separator: ", ")))")
                            .describe(file: file))
                    }
                    resolved.subject = .competency(code: match.code)
                    newItems.append(NewProgramItem(item: resolved, competencyID: match.id))
                case .course(let name):
                    guard let match = courses.first(where: { $0.name.normalizedName == name.normalizedName }) else {
                        let hint = Suggest.didYouMean(name, in: courses.map(\.name))
                        throw LogbookError.badData(parsed.error(item: index, key: "course",
                            "no course \"\(name)\" in \(stored.label)\(hint) (courses: \(courses.map(\.name).joined(separator: ", ")))")
                            .describe(file: file))
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
            let label = "programme \(program.department) \(program.version) for \(stored.label)"
            let t = session.texts
            let values = ["department": program.department, "version": program.version, "curriculum": stored.label]
            if let existing = try programs.find(departmentID: departmentID, curriculumID: stored.id, version: program.version) {
                if existing.contentHash == hash { return t("import.program.same", values) }
                let difference = try programs.load(existing).firstDifference(from: program) ?? "the content differs"
                throw LogbookError.refused("\(file): \(label) is already imported with different content: \(difference); "
                    + "a changed programme needs a new \"version\"")
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
            return t("import.program.done", done)
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
                var differences: [String] = []
                if existing.name != described.name { differences.append("name \"\(existing.name)\" (file \"\(described.name)\")") }
                if existing.kind != described.kind { differences.append("kind \(existing.kind.rawValue) (file \(described.kind.rawValue))") }
                if existing.region != described.region { differences.append("region \(existing.region) (file \(described.region))") }
                if !differences.isEmpty {
                    throw LogbookError.refused(parsed.error(key: "department",
                        "department \(code) exists with \(differences.joined(separator: ", ")); correct the file, or give just the code \"\(code)\"")
                        .describe(file: file))
                }
            }
            return (existing.id, importer)
        }
        guard let described = parsed.department else {
            let codes = try departments.all().map(\.code)
            throw LogbookError.refused(parsed.error(key: "department",
                "no department \"\(code)\"\(Suggest.didYouMean(code, in: codes)); to create it, give the department as an object "
                    + "{\"code\", \"name\", \"kind\", \"region\"}").describe(file: file))
        }
        let importer = try session.importer { Access.mayAddDepartment(inRegion: described.region, by: $0, on: session.today) }
        let id = try departments.insert(code: described.code, name: described.name, kind: described.kind, region: described.region,
                                        createdAt: session.now(), createdBy: importer)
        return (id, importer)
    }

    /// The målbeskrivelse the programme follows, which must already be imported.
    static func curriculum(for parsed: ProgramFile, file: String, repository: CurriculumRepository) throws -> CurriculumRecord {
        let program = parsed.program
        guard let specialtyID = try repository.specialtyID(named: program.specialty),
              !(try repository.versions(specialtyID: specialtyID)).isEmpty else {
            let known = try repository.specialtyNamesWithCurricula()
            throw LogbookError.refused(parsed.error(key: "specialty",
                "no målbeskrivelse for \"\(program.specialty)\" is imported\(Suggest.didYouMean(program.specialty, in: known)); "
                    + "import it first with `logbook curriculum import`").describe(file: file))
        }
        guard let stored = try repository.find(specialtyID: specialtyID, version: program.curriculumVersion) else {
            let versions = try repository.versions(specialtyID: specialtyID).map(\.version)
            throw LogbookError.refused(parsed.error(key: "curriculumVersion",
                "\(program.specialty) has no imported version \"\(program.curriculumVersion)\"\(Suggest.didYouMean(program.curriculumVersion, in: versions)) "
                    + "(versions: \(versions.joined(separator: ", "))); import that version first").describe(file: file))
        }
        return stored
    }
}

/// Finding stored uddannelsesprogrammer by department.
public enum ProgramCatalog {
    /// Every stored programme.
    public static func list(_ session: Session) throws -> [ProgramRecord] {
        try session.store.read { try ProgramRepository(session.store).all() }
    }

    /// The programme of `DEPARTMENT[@VERSION]`: its newest one, or the one with that version label; exit 1 with a did-you-mean.
    public static func find(_ session: Session, reference: String) throws -> (ProgramRecord, DepartmentRecord, [ProgramItemRecord]) {
        let (code, version) = CurriculumCatalog.split(reference)
        return try session.store.read {
            let departments = DepartmentRepository(session.store)
            let programs = ProgramRepository(session.store)
            let all = try departments.all()
            guard let department = try departments.find(code: code)
                    ?? all.first(where: { $0.code.normalizedName == code.normalizedName }) else {
                let hint = Suggest.didYouMean(code, in: all.map(\.code))
                throw LogbookError.refused("no department \"\(code)\"\(hint)"
                    + (all.isEmpty ? "; import a programme first with `logbook program import FILE`" : " (departments: \(all.map(\.code).joined(separator: ", ")))"))
            }
            let list = try programs.programs(departmentID: department.id)
            guard let newest = list.first else {
                throw LogbookError.refused("department \(department.code) has no uddannelsesprogram; import one with `logbook program import FILE`")
            }
            var chosen = newest
            if let version {
                guard let match = list.first(where: { $0.version == version }) else {
                    let versions = list.map(\.version)
                    throw LogbookError.refused("department \(department.code) has no programme version \"\(version)\"\(Suggest.didYouMean(version, in: versions)) "
                        + "(versions: \(versions.joined(separator: ", ")))")
                }
                chosen = match
            }
            return (chosen, department, try programs.items(programID: chosen.id))
        }
    }
}
