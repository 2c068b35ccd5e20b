import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Målbeskrivelser and uddannelsesprogrammer over HTTP: listing them, and importing one whose file is the request
/// body (`curriculum import`, `program import`: the same reader, rules and messages; a problem in the file is 422
/// naming its line).
struct ImportsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("curricula", use: curricula)
        group.post("curricula", use: importCurriculum)
        group.get("programs", use: programs)
        group.post("programs", use: importProgram)
    }

    /// The body as a file: its bytes, and whether it is CSV (`text/csv`) rather than JSON (`application/json`).
    static func upload(_ request: Request, csvAllowed: Bool) async throws -> (bytes: [UInt8], csv: Bool) {
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map { String($0).trimmed.lowercased() } ?? ""
        let csv: Bool
        switch type {
        case "application/json": csv = false
        case "text/csv" where csvAllowed: csv = true
        default:
            throw LogbookError.usage(APIInput.texts(csvAllowed ? "api.import.contentType" : "api.import.contentType.json", ["type": type]))
        }
        var request = request
        let buffer = try await request.collectBody(upTo: InputFile.maximumSize)
        return (Array(buffer.readableBytesView), csv)
    }

    /// The name the request body goes by in an importer's messages ("request body:14: ...").
    static var file: String { APIInput.texts("api.import.file") }

    /// GET /curricula: every stored målbeskrivelse (national documents: everyone logged in may read them).
    @Sendable func curricula(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let summaries = try await database.run(as: handle, writing: false) { try CurriculumCatalog.list($0) }
        return JSONBody.response(.array(summaries.map(JSONViews.curriculum)))
    }

    /// POST /curricula (?specialty, ?version, ?valid_from, ?level, ?title, ?course... for CSV): 201 with the summary when
    /// stored, 200 when an identical copy was already there.
    @Sendable func importCurriculum(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let (bytes, csv) = try await Self.upload(request, csvAllowed: true)
        let query = request.uri.queryParameters
        let flags = CurriculumImportFlags(specialty: query.get("specialty"), version: query.get("version"), validFrom: query.get("valid_from"),
                                          level: query.get("level"), title: query.get("title"), courses: query.getAll("course"))
        let file = Self.file
        let outcome = try await database.run(as: handle, writing: true) {
            try CurriculumImport.upload($0, file: file, bytes: bytes, csv: csv, flags: flags)
        }
        return JSONBody.response(.object([
            ("summary", .string(outcome.summary)), ("stored", .bool(outcome.stored)), ("notes", .array(outcome.notes.map(JSONValue.string))),
        ]), status: outcome.stored ? .created : .ok)
    }

    /// GET /programs: the programmes of the departments one may see, and of one's own positions.
    @Sendable func programs(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let programs = try await database.run(as: handle, writing: false) { try ProgramCatalog.list($0) }
        return JSONBody.response(.array(programs.map(JSONViews.program)))
    }

    /// POST /programs (a JSON programme file): 201 with the summary when stored, 200 when an identical one was there.
    @Sendable func importProgram(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let (bytes, _) = try await Self.upload(request, csvAllowed: false)
        let file = Self.file
        let (summary, stored) = try await database.run(as: handle, writing: true) { try ProgramImport.upload($0, file: file, bytes: bytes) }
        return JSONBody.response(.object([("summary", .string(summary)), ("stored", .bool(stored))]), status: stored ? .created : .ok)
    }
}
