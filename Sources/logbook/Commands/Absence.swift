import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook absence`: record and list absence (fravær).
struct AbsenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absence",
        abstract: Help.abstract("help.absence"),
        subcommands: [Add.self, List.self, Revoke.self])

    /// `logbook absence add --position ID --from DATE --to DATE --kind KIND [--note TEXT]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: Help.abstract("help.absence.add"),
            discussion: Help.text("help.absence.add.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: Help.option("help.absence.add.from", valueName: "date")) var from: String
        @Option(help: Help.option("help.absence.add.to", valueName: "date")) var to: String
        @Option(help: Help.option("help.absence.add.kind", valueName: "kind")) var kind: String
        @Option(help: Help.option("help.absence.add.note", valueName: "text")) var note: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let added = try Absences.add(session, positionID: target.position, from: from, to: to, kind: kind, note: note)
            let period = added.period
            let values = ["id": String(added.id), "kind": t.absenceKind(period.kind), "from": t.date(period.from), "to": t.date(period.to),
                          "days": period.kind == .holiday ? t.plural("time.workingDays", count: period.shownDays) : t.plural("time.days", count: period.days),
                          "counted": String(period.days)]
            print(period.kind.countsAgainstAllowance ? t("absence.added.counted", values) : t("absence.added.notCounted", values))
            AbsenceCommand.printSchedule(t, before: added.before, after: added.after, always: true)
        }
    }

    /// The allowance, how the end moved and why it is where it is, after a change.
    static func printSchedule(_ t: Texts, before: PositionSchedule, after: PositionSchedule, always: Bool) {
        if always {
            print(t("absence.allowance", ["counted": String(after.countedAbsenceDays), "allowed": String(after.allowanceDays),
                                          "left": String(after.allowanceLeft)]))
        }
        if after.end != before.end {
            print(t("absence.endMoved", ["before": t.date(before.end), "after": t.date(after.end)]))
        } else if always {
            print(t("absence.endUnchanged", ["end": t.date(after.end)]))
        }
        print(t.explanation(after))
    }

    /// `logbook absence revoke ID --reason TEXT`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: Help.abstract("help.absence.revoke"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.absence.revoke.id", valueName: "id")) var absence: Int64
        @Option(help: Help.option("help.absence.revoke.reason", valueName: "text")) var reason: String

        func run() throws {
            let session = try global.session()
            let (position, before, after) = try Absences.revoke(session, absenceID: absence, reason: reason)
            print(session.texts("absence.withdrawn", ["id": String(absence), "position": String(position)]))
            AbsenceCommand.printSchedule(session.texts, before: before, after: after, always: false)
        }
    }

    /// `logbook absence list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.absence.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption
        @Flag(help: Help.option("help.absence.list.all")) var all = false

        func run() throws {
            let session = try global.session()
            let t = session.texts
            // JSON is the encoding the server's GET /api/v1/positions/{id}/absences gives for its "absences" too.
            if (try? output.chosen) == .json {
                let listing = try Absences.listing(session, positionID: target.position, all: all)
                return try output.emit(JSONViews.absences(listing.lines, withdrawnColumn: all).serialized(pretty: true) + "\n", t)
            }
            let (facts, withdrawn) = all ? try Absences.listAll(session, positionID: target.position)
                : (try Absences.list(session, positionID: target.position), [])
            let table = output.isTable, json = (try? output.chosen) == .json
            // With --all, withdrawn periods are listed too, in date order, marked in a column of their own (in JSON
            // an object with who, when and why; null for a standing period). They count for nothing.
            var listing = Listing(columns: [
                .init("ID", alignRight: true), .init("Kind", flexible: true), .init("From"), .init("To"),
                .init("Days", alignRight: true), .init("Counts"), .init("Note", flexible: true),
            ] + (all ? [.init("Withdrawn", flexible: true)] : []))
            var rows: [(from: CalendarDate, id: Int64, cells: [JSONValue])] = []
            func cells(_ absence: AbsenceRecord, counts: Bool) -> [JSONValue] {
                let period = absence.period
                return [
                    .int(absence.id), .string(json ? period.kind.rawValue : t.absenceKind(period.kind)),
                    .string(table ? t.date(period.from) : period.from.iso), .string(table ? t.date(period.to) : period.to.iso),
                    .int(Int64(period.shownDays)), .bool(counts), .string(absence.note),
                ]
            }
            for absence in facts.absences {
                rows.append((absence.period.from, absence.id,
                             cells(absence, counts: absence.period.kind.countsAgainstAllowance) + (all ? [json ? .null : .string("")] : [])))
            }
            for gone in withdrawn {
                let day = gone.on
                let mark: JSONValue = json
                    ? .object([("on", .string(day.iso)), ("by", .string(gone.by)), ("reason", .string(gone.reason))])
                    : .string(table ? t.date(day)
                        : t("absence.withdrawn.long", ["date": day.iso, "by": gone.byName, "reason": gone.reason]))
                rows.append((gone.absence.period.from, gone.absence.id, cells(gone.absence, counts: false) + [mark]))
            }
            listing.rows = rows.sorted { ($0.from, $0.id) < ($1.from, $1.id) }.map(\.cells)
            var text = output.render(listing, t)
            if table {
                let schedule = facts.schedule
                text += t("absence.summary", ["counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays),
                                              "left": String(schedule.allowanceLeft), "end": t.date(schedule.end)]) + "\n"
                text += HistoryCommand.lines([t.explanation(schedule)])
            }
            try output.emit(text, t)
        }
    }
}
