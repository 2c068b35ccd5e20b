import LogbookDomain

// The department report as JSON (docs/report.schema.json): an output format, so it lives beside the readers.

extension ReportRow {
    /// The row as JSON, following docs/report.schema.json.
    public var json: JSONValue {
        .object([
            ("position", .int(positionID)),
            ("trainee", .string(trainee)),
            ("name", .string(traineeName)),
            ("specialty", .string(specialty)),
            ("curriculumVersion", .string(curriculumVersion)),
            ("start", .string(start.iso)),
            ("end", .string(end.iso)),
            ("partTime", .string(partTime.storageText)),
            ("competenciesApproved", .int(Int64(approved))),
            ("competenciesTotal", .int(Int64(total))),
            ("overdue", .int(Int64(overdue))),
            ("absenceUsed", .int(Int64(absenceUsed))),
            ("absenceAllowed", .int(Int64(absenceAllowed))),
            ("timeAttested", .string(timeAttested?.iso)),
            ("elementAttested", .string(elementAttested?.iso)),
            ("forhandsudtalelse", .string(statement?.iso)),
        ])
    }
}

extension DepartmentReport {
    /// The report as JSON, following docs/report.schema.json.
    public var json: JSONValue {
        .object([
            ("schema", .string("logbook-report-v1")),
            ("department", .object([("code", .string(departmentCode)), ("name", .string(departmentName)), ("region", .string(region))])),
            ("on", .string(on.iso)),
            ("scope", .string(scope)),
            ("summary", .object([
                ("positions", .int(Int64(rows.count))),
                ("withOverdue", .int(Int64(withOverdue))),
                ("elementAttested", .int(Int64(attested))),
                ("absenceOverAllowance", .int(Int64(overAllowance))),
            ])),
            ("positions", .array(rows.map(\.json))),
        ])
    }
}
