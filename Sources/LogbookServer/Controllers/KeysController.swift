import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The key chain and the log's verification over HTTP. Registering and revoking keys stays in the CLI: a key pair is
/// made on its holder's own computer (`logbook key generate`), and the registrar signs with their own key there.
struct KeysController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("keys", use: list)
        group.get("verification", use: verify)
    }

    /// GET /keys (?person=HANDLE): the registered keys one may see (`key list`): one's own, those of people in sight,
    /// and every server key; a person out of sight answers like nobody.
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), person = request.uri.queryParameters.get("person")
        let keys = try await database.run(as: handle, writing: false) { try Keys.list($0, person: person) }
        return JSONBody.response(.array(keys.map(Self.json)))
    }

    /// One registered key: fingerprint, holder (a handle or `server:NAME`), validity, registration and revocation.
    static func json(_ key: RegisteredKey) -> JSONValue {
        .object([
            ("fingerprint", .string(key.key.fingerprint)), ("holder", .string(key.holder)), ("server", .bool(key.isServer)),
            ("public_key", .string(key.key.base64)), ("valid_from", .string(key.payload.validFrom.iso)),
            ("valid_until", key.payload.validUntil.map { .string($0.iso) } ?? .null), ("event", .int(key.eventID)),
            ("registered_by", .string(key.registrar)), ("registered_on", .string(key.registeredOn.iso)),
            ("revocation", key.revocation.map { revocation in
                .object([("event", .int(revocation.eventID)), ("by", .string(revocation.actor)), ("on", .string(revocation.on.iso)),
                         ("reason", .string(revocation.reason))])
            } ?? .null),
        ])
    }

    /// GET /verification: `logbook verify` over the whole log (the same `Verification.report`), for a secretariat (403
    /// for anyone else). 200 whether or not it holds ("holds" says); each problem with its event and the message `verify`
    /// prints; the checkpoints' problems (and how many were checked, the newest's size and time) and the målbeskrivelser
    /// changed after their import, and the names shown that are not the log's (`shown`), as `verify` prints them.
    @Sendable func verify(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let json = try await database.run(as: handle, writing: false) { session -> JSONValue in
            let t = session.texts
            let report = try Verification.bySecretariat(session)
            let outcome = report.outcome
            return .object([
                ("holds", .bool(report.holds)), ("events", .int(Int64(outcome.events))),
                ("unsigned", .int(Int64(outcome.unsigned))), ("migrated", .int(Int64(outcome.migrated))),
                ("head", report.head.map { .string(t.headProblem($0)) } ?? .null),
                ("problems", .array(outcome.problems.map { problem in
                    .object([("event", .int(problem.eventID)), ("message", .string(t.chainProblem(problem)))])
                })),
                ("checkpoints", .object([
                    ("checked", .int(Int64(report.checkedCheckpoints))),
                    ("newest", report.newestCheckpoint.map { .object([("size", .int(Int64($0.size))), ("time", .string($0.time))]) } ?? .null),
                    ("problems", .array(report.checkpoints.map { .string(t.checkpointProblem($0)) })),
                ])),
                ("changed_curricula", .array(report.changedCurricula.map {
                    .string(t("verify.curriculumChanged", ["specialty": $0.specialty, "version": $0.version]))
                })),
                // Names and målbeskrivelser shown beside signed acts that the log does not vouch for (rule R-SHOWN).
                ("shown", .array(outcome.shown.map { .string(t.shownProblem($0)) })),
            ])
        }
        return JSONBody.response(json)
    }
}
