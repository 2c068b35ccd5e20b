import LogbookDomain

// The department report as JSON (docs/schemas/report.schema.json): an output format, so it lives beside the readers.

extension ReportRow {
    /// The row as JSON, following docs/schemas/report.schema.json.
    public var json: JSONValue {
        .object([
            ("position", .int(positionID)),
            ("trainee", .string(trainee)),
            ("name", .string(traineeName)),
            ("specialty", .string(specialty)),
            ("curriculum_version", .string(curriculumVersion)),
            ("start", .string(start.iso)),
            ("end", .string(end.iso)),
            ("part_time", .string(partTime.storageText)),
            ("competencies_approved", .int(Int64(approved))),
            ("competencies_total", .int(Int64(total))),
            ("overdue", .int(Int64(overdue))),
            ("absence_used", .int(Int64(absenceUsed))),
            ("absence_allowed", .int(Int64(absenceAllowed))),
            ("time_attested", .string(timeAttested?.iso)),
            ("element_attested", .string(elementAttested?.iso)),
            ("forhandsudtalelse", .string(statement?.iso)),
            ("program", .string(program)),
        ])
    }
}

extension DepartmentReport {
    /// The report as JSON, following docs/schemas/report.schema.json.
    public var json: JSONValue {
        .object([
            ("schema", .string("logbook-report-v1")),
            ("department", .object([("code", .string(departmentCode)), ("name", .string(departmentName)), ("region", .string(region))])),
            ("on", .string(on.iso)),
            ("scope", .string(scope)),
            ("summary", .object([
                ("positions", .int(Int64(rows.count))),
                ("with_overdue", .int(Int64(withOverdue))),
                ("element_attested", .int(Int64(attested))),
                ("absence_over_allowance", .int(Int64(overAllowance))),
            ])),
            ("positions", .array(rows.map(\.json))),
        ])
    }
}
