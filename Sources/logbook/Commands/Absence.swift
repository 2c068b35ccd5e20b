import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook absence`: record and list absence (fravær).
struct AbsenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absence",
        abstract: "Record and list absence and see how it moves the position's end.",
        subcommands: [Add.self, List.self, Revoke.self])

    /// `logbook absence add --position ID --from DATE --to DATE --kind KIND [--note TEXT]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record one absence period (by the trainee, hovedvejleder or UAO/tutor).",
            discussion: """
                Kinds: sickness (sygdom), child-sick (barns-sygedag), care-day (omsorgsdag), optional-course
                (ikke-obligatorisk-kursus) count against the allowance of 3 days per month; parental-leave (barsel,
                forældreorlov) extends the position by its length; holiday (ferie) and mandatory-course
                (obligatorisk-kursus) do neither. Both days are included, weekends too.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: "The first day of absence.") var from: String
        @Option(help: "The last day of absence (both included).") var to: String
        @Option(help: "The kind of absence (English or Danish).") var kind: String
        @Option(help: "A note.") var note: String?

        func run() throws {
            let added = try Absences.add(try global.session(), positionID: target.position, from: from, to: to, kind: kind, note: note)
            let period = added.period
            let counted = period.kind.countsAgainstAllowance ? "\(period.days) counted" : "not counted against the allowance"
            print("absence \(added.id): \(period.kind.rawValue) (\(period.kind.danishName)) \(period.from) to \(period.to), "
                + "\(period.days) day\(period.days == 1 ? "" : "s"), \(counted)")
            let after = added.after
            print("counted absence: \(after.countedAbsenceDays) of \(after.allowanceDays) allowed days, \(after.allowanceLeft) left")
            if after.end != added.before.end {
                print("end moved from \(added.before.end) to \(after.end)")
            } else {
                print("end: \(after.end) (unchanged)")
            }
            print(Texts.untranslated.explanation(after))
        }
    }

    /// `logbook absence revoke ID --reason TEXT`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Withdraw an absence period entered by mistake; it stays in the database with the reason.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The absence period's id (see `logbook absence list`).") var absence: Int64
        @Option(help: "Why it is withdrawn (required).") var reason: String

        func run() throws {
            let (position, before, after) = try Absences.revoke(try global.session(), absenceID: absence, reason: reason)
            print("absence \(absence) withdrawn from position \(position)")
            if before.end != after.end { print("end moved from \(before.end) to \(after.end)") }
            print(Texts.untranslated.explanation(after))
        }
    }

    /// `logbook absence list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List a position's absence with counted days, allowance and end.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption

        func run() throws {
            let facts = try Absences.list(try global.session(), positionID: target.position)
            var listing = Listing(columns: [
                .init("ID", alignRight: true), .init("Kind"), .init("From"), .init("To"), .init("Days", alignRight: true),
                .init("Counts"), .init("Note", flexible: true),
            ])
            for absence in facts.absences {
                let period = absence.period
                listing.rows.append([
                    .int(absence.id), .string(period.kind.rawValue), .string(period.from.iso), .string(period.to.iso),
                    .int(Int64(period.days)), .bool(period.kind.countsAgainstAllowance), .string(absence.note),
                ])
            }
            try output.emit(listing, try global.texts())
            if output.isTable {
                let schedule = facts.schedule
                print("counted days: \(schedule.countedAbsenceDays)")
                print("allowance: \(schedule.allowanceDays)")
                print("allowance left: \(schedule.allowanceLeft)")
                print("end: \(schedule.end)")
                print(Texts.untranslated.explanation(schedule))
            }
        }
    }
}
