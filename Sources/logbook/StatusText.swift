import LogbookApp
import LogbookDomain
import LogbookFormats

/// Renders `logbook status` as text (colour and bars only for a terminal) and as JSON with the same content.
enum StatusRendering {
    /// ANSI styling, or none.
    struct Style {
        let colour: Bool
        func green(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
        func red(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
        func yellow(_ text: String) -> String { colour ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
        func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    }

    /// The status as text lines fitting 80 columns. `terminal` turns on colour and the progress bar.
    public static func text(_ header: StatusHeader, _ status: PositionStatus, terminal: Bool, colour: Bool) -> String {
        let style = Style(colour: terminal && colour)
        let schedule = status.schedule
        var lines: [String] = []
        lines.append(style.bold("\(header.traineeName) (\(header.trainee)) — position \(header.positionID)"))
        lines.append("\(header.departmentName) (\(header.department))")
        lines.append("\(header.specialty), målbeskrivelse \(header.curriculumVersion)")
        lines.append("start \(schedule.terms.start) · end \(schedule.end) · \(schedule.terms.partTime == .full ? "full time" : "part time \(schedule.terms.partTime.description)")"
            + (header.hovedvejleder.map { " · hovedvejleder \($0)" } ?? ""))
        lines.append(contentsOf: schedule.explanation.wrapped(width: 80, indent: "  "))
        let absence = "absence \(schedule.countedAbsenceDays)/\(schedule.allowanceDays) days counted/allowed"
            + (schedule.parentalLeaveDays > 0 ? ", \(schedule.parentalLeaveDays) days parental leave" : "")
        lines.append(schedule.countedAbsenceDays > schedule.allowanceDays ? style.red(absence) : absence)
        lines.append("")

        lines.append(style.bold("Competencies"))
        for line in status.competencies {
            let code = line.competency.code
            let roles = line.competency.roles.map(\.shortName).joined(separator: ", ")
            var state: String
            switch line.state {
            case .approved(let act): state = style.green("approved \(act.on) by \(act.actor)\(act.signed == false ? " (unsigned)" : "")")
            case .revoked(let revoked): state = style.yellow("revoked \(revoked.revokedOn) by \(revoked.revokedBy)")
            case .inProgress: state = "in progress"
            case .notStarted: state = style.dim("not started")
            }
            if let deadline = line.deadline {
                let due = deadline.month == 0 ? "due first 14 days" : "due month \(deadline.month)"
                state += line.isOverdue ? style.red(" · \(due), overdue since \(deadline.overdueSince)") : " · \(due) (\(deadline.date))"
            }
            let assessed = line.assessments.count == 0
                ? "no assessments"
                : "\(line.assessments.count) assessment\(line.assessments.count == 1 ? "" : "s"), last \(line.assessments.lastOn?.iso ?? "?")"
                    + " (\(line.assessments.methods.joined(separator: ", ")))"
            lines.append("  \(code.padded(to: 6)) \(line.competency.title.singleLine().truncated(to: 71))")
            lines.append("         \(state)")
            lines.append("         " + style.dim(roles.singleLine().truncated(to: 70)))
            lines.append("         " + style.dim(assessed.singleLine().truncated(to: 70)))
        }
        lines.append("")
        lines.append(style.bold("Courses"))
        for course in status.courses {
            var text = "  \(course.name): "
            if let act = course.approval {
                text += style.green("approved \(act.on) by \(act.actor)")
            } else if let deadline = course.deadline {
                text += course.isOverdue ? style.red("not approved, overdue since \(deadline.overdueSince)") : "not approved, due by \(deadline.date)"
            } else {
                text += "not approved"
            }
            lines.append(text)
        }
        lines.append("")
        lines.append(style.bold("Meetings (vejledersamtaler)"))
        for meeting in status.meetings {
            var text = "  \(meeting.kind.danishName): "
            if let held = meeting.heldOn {
                text += style.green("held \(held)")
            } else if let deadline = meeting.deadline {
                text += meeting.isOverdue ? style.red("not held, overdue since \(deadline.overdueSince)") : "due by \(deadline.date)"
            }
            lines.append(text)
        }
        lines.append("")
        lines.append(style.bold("Attestations"))
        if let time = status.timeAttestation {
            lines.append("  time: " + style.green("attested \(time.on) by \(time.actor)"))
        } else {
            lines.append("  time: not attested (possible from \(schedule.timeAttestableFrom))")
        }
        if let element = status.elementAttestation {
            lines.append("  element: " + style.green("attested \(element.on) by \(element.actor) — godkendt introduktionsstilling"))
        } else {
            lines.append("  element: not attested")
        }
        if let statement = status.statement {
            lines.append("  forhåndsudtalelse: " + style.green("given \(statement.on) by \(statement.actor)"))
        }
        lines.append("")
        let total = status.competencies.count
        var progress = "\(status.approvedCount)/\(total) competencies approved"
        if terminal {
            let width = 20
            let filled = total == 0 ? 0 : status.approvedCount * width / total
            progress += " " + style.green(String(repeating: "█", count: filled)) + style.dim(String(repeating: "░", count: width - filled))
        }
        progress += " \(status.percent) %"
        lines.append(progress)
        lines.append("")
        lines.append(style.bold("Next steps"))
        for step in status.nextSteps { lines.append(contentsOf: "  - \(step)".wrapped(width: 80, indent: "    ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same content as data (shared with the server: `StatusJSON`).
    static func json(_ header: StatusHeader, _ status: PositionStatus) -> JSONValue { StatusJSON.json(header, status) }
}

extension String {
    /// Broken at spaces into lines of at most `width` characters; lines after the first start with `indent`.
    func wrapped(width: Int, indent: String) -> [String] {
        let lead = String(prefix { $0 == " " })
        var lines: [String] = []
        var current = lead
        for word in dropFirst(lead.count).split(separator: " ") {
            let candidate = current.count == lead.count && lines.isEmpty || current == indent ? current + word : current + " " + word
            if candidate.count > width, current.count > indent.count {
                lines.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }

    /// Padded with spaces to at least `width` characters.
    func padded(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    /// Line breaks and tabs become spaces, so a table row or status line stays one line.
    public func singleLine() -> String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// At most `width` characters, ending in "…" when cut.
    public func truncated(to width: Int) -> String {
        if count <= width { return self }
        if width <= 1 { return String(prefix(width)) }
        return String(prefix(width - 1)) + "…"
    }
}
