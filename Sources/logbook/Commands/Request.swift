import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook request`: anmodning om godkendelse — a trainee asks an approver; the approver approves or declines.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: Help.abstract("help.request"),
        discussion: Help.text("help.request.discussion"),
        subcommands: [Add.self, List.self, Approve.self, Decline.self, Withdraw.self])

    /// `logbook request add --to WHO CODE... [--course NAME]... [--assessment ID]... [--message TEXT]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: Help.abstract("help.request.add"))

        @OptionGroup var global: GlobalOptions
        @Option(help: Help.option("help.request.position", valueName: "id")) var position: Int64?
        @Option(help: Help.option("help.request.to", valueName: "who")) var to: String
        @Argument(help: Help.option("help.request.codes")) var codes: [String] = []
        @Option(help: Help.option("help.request.course", valueName: "name")) var course: [String] = []
        @Option(help: Help.option("help.request.assessment", valueName: "id")) var assessment: [Int64] = []
        @Option(help: Help.option("help.request.message", valueName: "text")) var message: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let request = try Requests.make(session, position: position, to: to, competencies: codes, courses: course,
                                            assessments: assessment, message: message)
            let name = try session.names([request.addressee.handle])[request.addressee.handle] ?? request.addressee.handle
            print(t("request.made", ["id": String(request.id), "to": name, "items": request.items.joined(separator: ", ")]))
        }
    }

    /// `logbook request list [--position ID | --trainee HANDLE] [--all]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.request.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.request.position", valueName: "id")) var position: Int64?
        @Option(help: Help.option("help.request.trainee", valueName: "handle")) var trainee: String?
        @Flag(help: Help.option("help.request.all")) var all = false

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let table = output.isTable, json = (try? output.chosen) == .json
            let requests = try Requests.list(session, position: position, trainee: trainee, all: all)
            let names = try session.names(requests.map(\.addressee.handle))
            // JSON is the encoding the server's GET /api/v1/requests gives too.
            if json { return try output.emit(JSONViews.requests(requests, names: names).serialized(pretty: true) + "\n", t) }
            var listing = Listing(columns: [
                .init("ID", alignRight: true), .init("Date"), .init("To", flexible: true), .init("Handle", key: "handle", inTable: false),
                .init("Items", flexible: true), .init("Assessments", key: "assessments", inTable: false), .init("Status", flexible: true),
                .init("Message", key: "message", inTable: false),
            ])
            for request in requests {
                let state = json ? JSONValue.string(request.outcome?.rawValue ?? "open") : .string(Self.state(request, t))
                listing.rows.append([
                    .int(request.id), .string(table ? t.date(request.requestedOn) : request.requestedOn.iso),
                    .string(names[request.addressee.handle] ?? request.addressee.handle), .string(request.addressee.handle),
                    json ? .array(request.items.map { .string($0) }) : .string(request.items.joined(separator: ", ")),
                    json ? .array(request.assessments.map { .int($0) }) : .string(request.assessments.map(String.init).joined(separator: ", ")),
                    state, .string(request.message),
                ])
            }
            if requests.isEmpty, table {
                print(t(all ? "request.list.noneAll" : "request.list.none", ["position": position.map(String.init) ?? "-"]))
                return
            }
            try output.emit(listing, t)
        }

        static func state(_ request: ApprovalRequest, _ t: Texts) -> String {
            guard let outcome = request.outcome else { return t("request.state.open") }
            let date = request.closing.map { t.date($0.content.effectiveOn) } ?? ""
            switch outcome {
            case .approved: return t("request.state.approved", ["date": date])
            case .declined: return t("request.state.declined", ["date": date, "reason": request.closing?.content.text ?? ""])
            case .withdrawn: return t("request.state.withdrawn", ["date": date])
            case .cancelled: return t("request.state.cancelled")
            }
        }
    }

    /// `logbook request approve ID [--date DATE] [--comment TEXT]`: approves all the request asks for.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: Help.abstract("help.request.approve"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.request.id")) var id: Int64
        @Option(help: Help.option("help.approve.date", valueName: "date")) var date: String?
        @Option(help: Help.option("help.approve.comment", valueName: "text")) var comment: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let events = try Requests.approve(session, request: id, date: date, comment: comment)
            guard !events.isEmpty else {
                print(t("request.approved.none", ["id": String(id)]))
                return
            }
            let items = events.map { $0.content.competencyCode ?? $0.content.course ?? "?" }
            print(t("request.approved", ["id": String(id), "items": items.joined(separator: ", "),
                                         "events": events.map { String($0.id) }.joined(separator: ", ")]))
        }
    }

    /// `logbook request decline ID --reason TEXT`.
    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decline", abstract: Help.abstract("help.request.decline"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.request.id")) var id: Int64
        @Option(help: Help.option("help.request.reason", valueName: "text")) var reason: String

        func run() throws {
            let session = try global.session()
            let request = try Requests.decline(session, request: id, reason: reason)
            print(session.texts("request.declined", ["id": String(request.id), "reason": request.closing?.content.text ?? reason]))
        }
    }

    /// `logbook request withdraw ID [--reason TEXT]`.
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: Help.abstract("help.request.withdraw"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.request.id")) var id: Int64
        @Option(help: Help.option("help.request.withdrawReason", valueName: "text")) var reason: String?

        func run() throws {
            let session = try global.session()
            let request = try Requests.withdraw(session, request: id, reason: reason)
            print(session.texts("request.withdrawn", ["id": String(request.id)]))
        }
    }
}
