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

    /// The status as text lines fitting 80 columns, in `t`'s language. `terminal` turns on colour and the progress bar.
    static func text(_ header: StatusHeader, _ status: PositionStatus, texts t: Texts, terminal: Bool, colour: Bool) -> String {
        let style = Style(colour: terminal && colour)
        let schedule = status.schedule
        var lines: [String] = []
        lines.append(style.bold(t("status.title", ["name": header.traineeName, "handle": header.trainee, "id": String(header.positionID)])))
        if header.cancelled { lines.append(style.bold(t("status.cancelled", ["id": String(header.positionID)]))) }
        lines.append(t("status.department", ["name": header.departmentName, "code": header.department]))
        lines.append(t("status.curriculum", ["specialty": header.specialty, "version": header.curriculumVersion]))
        let time = t.partTime(schedule.terms.partTime)
        var terms = ["start": t.date(schedule.terms.start), "end": t.date(schedule.end), "time": time]
        if let supervisor = header.hovedvejlederName { terms["supervisor"] = supervisor }
        lines.append(t(header.hovedvejleder == nil ? "status.terms" : "status.terms.supervisor", terms))
        lines.append(contentsOf: t.explanation(schedule).wrapped(width: 80, indent: "  "))
        let absence = t(schedule.parentalLeaveDays > 0 ? "status.absence.parental" : "status.absence", [
            "counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays),
            "parental": String(schedule.parentalLeaveDays),
        ])
        lines.append(schedule.countedAbsenceDays > schedule.allowanceDays ? style.red(absence) : absence)
        lines.append("")

        lines.append(style.bold(t("status.competencies")))
        for line in status.competencies {
            let code = line.competency.code
            let roles = line.competency.roles.map(t.medicalRole).joined(separator: ", ")
            var state: String
            switch line.state {
            case .approved(let act):
                state = style.green(t("status.approved", ["date": t.date(act.on), "actor": t.by(act)]))
            case .revoked(let revoked):
                state = style.yellow(t("status.revoked", ["date": t.date(revoked.revokedOn), "actor": revoked.revokedByName]))
            case .inProgress: state = t("status.inProgress")
            case .notStarted: state = style.dim(t("status.notStarted"))
            }
            if let deadline = line.deadline {
                let due = deadline.month == 0 ? t("status.due.first14") : t("status.due.month", ["month": String(deadline.month)])
                state += line.isOverdue
                    ? style.red(t("status.due.overdue", ["due": due, "since": t.date(deadline.overdueSince)]))
                    : t("status.due.onTime", ["due": due, "date": t.date(deadline.date)])
            }
            let assessed = line.assessments.count == 0
                ? t("status.assessments.none")
                : t.plural("status.assessments", count: line.assessments.count, [
                    "date": line.assessments.lastOn.map(t.date) ?? "?", "methods": line.assessments.methods.map { t.method($0) }.joined(separator: ", "),
                ])
            lines.append("  \(code.padded(to: 6)) \(line.competency.title.singleLine().truncated(to: 71))")
            lines.append(contentsOf: "         \(state)".wrapped(width: 80, indent: "         "))
            lines.append("         " + style.dim(roles.singleLine().truncated(to: 70)))
            lines.append("         " + style.dim(assessed.singleLine().truncated(to: 70)))
        }
        lines.append("")
        lines.append(style.bold(t("status.courses")))
        for course in status.courses {
            let name = ["course": course.name]
            if let act = course.approval {
                lines.append("  " + style.green(t("status.course.approved", name.merging(["date": t.date(act.on), "actor": t.by(act)]) { $1 })))
            } else if let deadline = course.deadline {
                lines.append("  " + (course.isOverdue
                    ? style.red(t("status.course.overdue", name.merging(["since": t.date(deadline.overdueSince)]) { $1 }))
                    : t("status.course.due", name.merging(["date": t.date(deadline.date)]) { $1 })))
            } else {
                lines.append("  " + t("status.course.open", name))
            }
        }
        lines.append("")
        lines.append(style.bold(t("status.meetings")))
        for meeting in status.meetings {
            let name = ["meeting": t.meeting(meeting.kind)]
            if let held = meeting.heldOn {
                lines.append("  " + style.green(t("status.meeting.held", name.merging(["date": t.date(held)]) { $1 })))
            } else if let deadline = meeting.deadline {
                lines.append("  " + (meeting.isOverdue
                    ? style.red(t("status.meeting.overdue", name.merging(["since": t.date(deadline.overdueSince)]) { $1 }))
                    : t("status.meeting.due", name.merging(["date": t.date(deadline.date)]) { $1 })))
            } else {
                lines.append("  " + t("status.meeting.open", name))
            }
        }
        lines.append("")
        lines.append(style.bold(t("status.attestations")))
        if let time = status.timeAttestation {
            lines.append("  " + style.green(t("status.time.attested", ["date": t.date(time.on), "actor": t.by(time)])))
        } else {
            lines.append("  " + t("status.time.open", ["date": t.date(schedule.timeAttestableFrom)]))
        }
        if let element = status.elementAttestation {
            lines.append("  " + style.green(t("status.element.attested", ["date": t.date(element.on), "actor": t.by(element)])))
        } else {
            lines.append("  " + t("status.element.open"))
        }
        if let statement = status.statement {
            lines.append("  " + style.green(t("status.statement", ["date": t.date(statement.on), "actor": t.by(statement)])))
        }
        lines.append("")
        let total = status.competencies.count
        var progress = t("status.progress", ["approved": String(status.approvedCount), "total": String(total)])
        if terminal {
            let width = 20
            let filled = total == 0 ? 0 : status.approvedCount * width / total
            progress += " " + style.green(String(repeating: "█", count: filled)) + style.dim(String(repeating: "░", count: width - filled))
        }
        progress += " " + t.percent(status.percent)
        lines.append(progress)
        lines.append("")
        let unsigned = status.competencies.filter { if case .approved(let act) = $0.state { act.signed == false } else { false } }.count
        if unsigned > 0 {
            lines.append(contentsOf: t.plural("status.unsignedNote", count: unsigned).wrapped(width: 80, indent: ""))
            lines.append("")
        }
        lines.append(style.bold(t("status.nextSteps")))
        for step in status.nextSteps { lines.append(contentsOf: "  - \(t.nextStep(step))".wrapped(width: 80, indent: "    ")) }
        // Whatever a long name or title made longer than 80 columns wraps, indented under its own line.
        let fitted = lines.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let text = String(line)
            guard text.visibleCount > 80 else { return [text] }
            return text.wrapped(width: 80, indent: String(text.prefix { $0 == " " }) + "  ")
        }
        return fitted.joined(separator: "\n") + "\n"
    }

    /// The same content as data (shared with the server: `StatusJSON`).
    static func json(_ header: StatusHeader, _ status: PositionStatus) -> JSONValue { StatusJSON.json(header, status) }
}

extension String {
    /// Broken at spaces into lines of at most `width` characters; lines after the first start with `indent`.
    func wrapped(width: Int, indent: String) -> [String] {
        // A text with line breaks of its own (a legend in two lines) is wrapped line by line.
        if utf8.contains(UInt8(ascii: "\n")) {  // bytes: no Foundation range(of:) per line
            return split(separator: "\n", omittingEmptySubsequences: false).flatMap { String($0).wrapped(width: width, indent: indent) }
        }
        let lead = String(prefix { $0 == " " })
        var lines: [String] = []
        var current = lead
        for word in dropFirst(lead.count).split(separator: " ") {
            let candidate = current.count == lead.count && lines.isEmpty || current == indent ? current + word : current + " " + word
            if candidate.visibleCount > width, current.count > indent.count {
                lines.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }

    /// The characters a terminal shows: ANSI colour codes (`ESC [ … m`) do not count.
    var visibleCount: Int {
        guard utf8.contains(0x1B) else { return count }
        var visible = 0
        var inEscape = false
        for character in self {
            if inEscape { if character == "m" { inEscape = false } } else if character == "\u{1B}" { inEscape = true } else { visible += 1 }
        }
        return visible
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
