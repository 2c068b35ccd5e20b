import ArgumentParser
import LogbookApp

/// `logbook approve`: approve competencies (all or none) or a mandatory course.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve single competencies (godkendelse) or a mandatory course.",
        discussion: """
            By the position's hovedvejleder, a daglig klinisk vejleder with delegation, or the UAO/tutor; never the
            trainee. Several codes are approved together: all of them or none.
              logbook approve --position 12 I3 I4 --date 2027-03-04 --comment "Mini-CEX ok"
              logbook approve --position 12 --course "Kursus i klinisk vejledning" --date 2027-02-10
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Argument(help: "Competency codes of the position's målbeskrivelse.") var codes: [String] = []
    @Option(help: "A mandatory course to approve instead of competencies.") var course: String?
    @Option(help: "When it was reached (default today; not in the future, not before the start).") var date: String?
    @Option(help: "A comment stored with the approval.") var comment: String?

    func validate() throws {
        if course != nil && !codes.isEmpty { throw ValidationError("give competency codes or '--course', not both") }
        if course == nil && codes.isEmpty { throw ValidationError("give at least one competency code, or '--course NAME'") }
    }

    func run() throws {
        let session = try global.session()
        if let course {
            let event = try Approvals.approveCourse(session, positionID: target.position, course: course, date: date, comment: comment)
            print("approved course \(event.content.course ?? course) for position \(target.position) on \(event.content.effectiveOn) (event \(event.id))")
        } else {
            for event in try Approvals.approveCompetencies(session, positionID: target.position, codes: codes, date: date, comment: comment) {
                print("approved \(event.content.competencyCode ?? "?") for position \(target.position) on \(event.content.effectiveOn) as \(event.content.actorRole) (event \(event.id))")
            }
        }
    }
}
