import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook history --position ID`: every event in order.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every approval, attestation, statement and revocation of a position, in order.",
        discussion: "'date' is the date the event names; 'recorded' is when it was entered (UTC), so back-dating shows.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var target: PositionOption

    func run() throws {
        let (_, events) = try Approvals.history(try global.session(), positionID: target.position)
        let table = output.isTable
        var listing = Listing(columns: [
            .init("Event", alignRight: true), .init("Date"), .init(table ? "Rec." : "Recorded", key: "recorded"),
            .init("What", flexible: true), .init("By", flexible: true), .init("Role"),
            .init("Department", inTable: false), .init("Text", inTable: false), .init("Revoked"), .init("Signed", inTable: false),
        ])
        for event in events {
            let content = event.content
            var what: String
            switch content.kind {
            case .competencyApproval: what = "approved \(content.competencyCode ?? "?")"
            case .courseApproval: what = table ? "course approved" : "course approved: \(content.course ?? "?")"
            case .revocation: what = "revokes event \(content.revokes.map(String.init) ?? "?")"
            default: what = content.kind.label
            }
            let revoked: JSONValue = event.revokedBy.map { revocation in
                .string(table ? "ev \(revocation.eventID)" : "by \(revocation.actor) on \(revocation.on) (event \(revocation.eventID)): \(revocation.reason)")
            } ?? (table ? .string("") : .null)
            let role = table ? Self.shortRole(content.actorRole) : content.actorRole
            listing.rows.append([
                .int(event.id), .string(content.effectiveOn.iso), .string(table ? String(content.recordedAt.prefix(10)) : content.recordedAt),
                .string(what), .string(content.actor), .string(role), .string(content.actorDepartment),
                .string(content.text), revoked, .bool(event.signature != nil),
            ])
        }
        try output.emit(listing, try global.texts())
        if table && !events.isEmpty {
            Terminal.write("\nDate: the date the event names · Rec.: the day it was recorded (UTC)\n"
                + "HV: hovedvejleder · DKV: daglig klinisk vejleder · Revoked: by which event\n"
                + "--format csv or json adds departments, comments, reasons and signatures\n")
        }
    }

    /// Short role names for the 80-column table.
    static func shortRole(_ role: String) -> String {
        switch role {
        case "supervisor": return "HV"
        case "clinical-supervisor": return "DKV"
        case "uao": return "UAO"
        case "secretariat": return "sekr."
        default: return role
        }
    }
}
