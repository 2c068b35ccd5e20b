import LogbookDomain
import LogbookFormats

/// The problems of an imported file (målbeskrivelse, uddannelsesprogram) and of a refused text, worded in the reader's
/// language: the structured values of LogbookFormats and LogbookDomain turned into one catalog sentence each.
extension Texts {
    /// "kardiologi.csv:14: $.competencies[3].roles[1]: what is wrong": the location, then the problem in this language.
    public func importError(_ error: ImportError, file: String?) -> String {
        var parts: [String] = []
        switch (file, error.line) {
        case (let file?, let line?): parts.append("\(file):\(line)")
        case (let file?, nil): parts.append(file)
        case (nil, let line?): parts.append(self("import.at.line", ["line": String(line)]))
        case (nil, nil): break
        }
        if let path = error.path { parts.append(path) }
        parts.append(importProblem(error.problem))
        return parts.joined(separator: ": ")
    }

    /// A JSON value's type: "en tekst", "a string".
    func jsonType(_ type: JSONType) -> String { self("json.type.\(type.rawValue)") }

    /// A list of quoted names: `"a", "b"`.
    private func quotedList(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }

    /// Where a competency first appeared: "på linje 6", "ved $.competencies[1], linje 12".
    func importPlace(_ place: ImportPlace) -> String {
        switch place {
        case .line(let line): return self("import.place.line", ["line": String(line)])
        case .json(let path, let line?): return self("import.place.jsonLine", ["path": path, "line": String(line)])
        case .json(let path, nil): return self("import.place.json", ["path": path])
        }
    }

    /// The field a text check names: `"title"`, "kolonne 3 ("titel")".
    func importField(_ field: ImportField) -> String {
        switch field {
        case .key(let key): return "\"\(key)\""
        case .anyKey: return self("import.field.anyKey")
        case .name: return self("import.field.name")
        case .columnName(let index): return self("import.field.columnName", ["column": String(index)])
        case .column(let index, let header?): return self("import.field.columnHeader", ["column": String(index), "header": header])
        case .column(let index, nil): return self("import.field.column", ["column": String(index)])
        case .competencyCode: return self("import.field.competencyCode")
        }
    }

    /// A did-you-mean variant: `key.near` with `{near}` when something is close, else `key`.
    private func near(_ key: String, _ near: String?, _ arguments: [String: String]) -> String {
        guard let near else { return self(key, arguments) }
        var arguments = arguments
        arguments["near"] = near
        return self(key + ".near", arguments)
    }

    /// What is wrong with an imported file and how to fix it.
    public func importProblem(_ problem: ImportProblem) -> String {
        switch problem {
        case .syntax(let column, let syntax):
            return self("import.syntax", ["column": String(column), "problem": jsonSyntax(syntax)])
        case .sameKey(let snake, let camel): return self("import.sameKey", ["snake": snake, "camel": camel])
        case .notObject(let thing, let type):
            return self("import.notObject.\(thing.rawValue)", ["type": jsonType(type), "example": "{...}"])
        case .text(let field, let kind): return inputProblem(InputTextProblem(field: importField(field), kind: kind))
        case .unknownKey(let key, let close, let allowed):
            return near("import.unknownKey", close, ["key": key, "allowed": allowed.joined(separator: ", ")])
        case .missingString(let key, let example): return self("import.missingString", ["key": key, "example": example])
        case .notString(let key, let type, let number?):
            return self("import.notString.number", ["key": key, "type": jsonType(type), "number": String(number)])
        case .notString(let key, let type, nil): return self("import.notString", ["key": key, "type": jsonType(type)])
        case .emptyString(let key, let example): return self("import.emptyString", ["key": key, "example": example])
        case .missingNumber(let key, let range):
            return self("import.missingNumber", ["key": key, "from": String(range.lowerBound), "to": String(range.upperBound)])
        case .numberInQuotes(let key, let text): return self("import.numberInQuotes", ["key": key, "number": text])
        case .notWholeNumber(let key, .number): return self("import.fraction", ["key": key])
        case .notWholeNumber(let key, let type): return self("import.notWholeNumber", ["key": key, "type": jsonType(type)])
        case .numberOutOfRange(let key, let range, let got):
            return self("import.numberOutOfRange", ["key": key, "from": String(range.lowerBound), "to": String(range.upperBound),
                                                    "number": String(got)])
        case .missingArray(let key, let example): return self("import.missingArray", ["key": key, "example": example])
        case .notArray(let key, let type): return self("import.notArray", ["key": key, "type": jsonType(type), "example": "[...]"])
        case .nameNotString(let type): return self("import.nameNotString", ["type": jsonType(type)])
        case .nameEmpty: return self("import.nameEmpty")
        case .dateNotISO(let iso, let got): return self("import.dateNotISO", ["iso": iso, "value": got])
        case .date(let error): return fileDateProblem(error)
        case .unknownLevel(let level, let close): return near("import.unknownLevel", close, ["level": level])
        case .noCompetencies: return self("import.noCompetencies")
        case .noRole(let code, let csv): return self(csv ? "import.noRole.csv" : "import.noRole", ["code": code])
        case .noMethod(let code, let csv): return self(csv ? "import.noMethod.csv" : "import.noMethod", ["code": code])
        case .unknownRole(let name, let close):
            return near("import.unknownRole", close?.danishName, ["name": name, "roles": MedicalRole.allCases.map(\.danishName).joined(separator: ", ")])
        case .emptyCourse: return self("import.emptyCourse")
        case .courseTwice(let name, let first): return self("import.courseTwice", ["course": name, "first": String(first)])
        case .lookAlikeCode(let code, let first, let place):
            return self("import.lookAlikeCode", ["code": Handle.printable(code), "first": first, "place": importPlace(place)])
        case .duplicateCode(let code, let firstAs?, let place):
            return self("import.duplicateCode.as", ["code": code, "first": firstAs, "place": importPlace(place)])
        case .duplicateCode(let code, nil, let place):
            return self("import.duplicateCode", ["code": code, "place": importPlace(place)])
        case .duplicateSortOrder(let order, let code, let other, let place, let explicit):
            return self(explicit ? "import.duplicateSortOrder.explicit" : "import.duplicateSortOrder",
                        ["order": String(order), "code": code, "other": other, "place": importPlace(place)])
        case .csv(let kind): return csvProblem(kind)
        case .unknownColumn(let name, let close): return near("import.unknownColumn", close, ["column": name])
        case .duplicateColumn(let first, let firstName, let second, let secondName, let column):
            return self("import.duplicateColumn", ["first": String(first), "firstName": firstName, "second": String(second),
                                                   "secondName": secondName, "column": column])
        case .missingColumn(let danish, let english): return self("import.missingColumn", ["danish": danish, "english": english])
        case .noRows: return self("import.noRows")
        case .extraFields(let columns, let delimiter):
            return self("import.extraFields", ["columns": String(columns), "delimiter": String(delimiter)])
        case .unnamedColumn(let index, let value): return self("import.unnamedColumn", ["column": String(index), "value": value])
        case .noCode(let example): return self("import.noCode", ["example": example])
        case .noTitle(let code): return self("import.noTitle", ["code": code])
        case .badSortOrder(let text): return self("import.badSortOrder", ["value": text])
        case .ambiguousMethodList(let cell, let part): return self("import.ambiguousMethodList", ["cell": cell, "part": part])
        case .missingDepartment:
            return self("import.missingDepartment", ["object": "{\"code\", \"name\", \"kind\", \"region\"}"])
        case .unknownKind(let kind, let close): return near("import.unknownKind", close, ["kind": kind])
        case .departmentType(let type): return self("import.departmentType", ["type": jsonType(type)])
        case .noItems: return self("import.noItems")
        case .itemNamesNothing: return self("import.itemNamesNothing")
        case .itemNamesBoth(let keys): return self("import.itemNamesBoth", ["keys": quotedList(keys)])
        case .unknownMeeting(let name, let close): return near("import.unknownMeeting", close, ["meeting": name])
        case .methodNotCompetency: return self("import.methodNotCompetency")
        case .itemTwice(let subject, let firstPath, let firstLine):
            let place = importPlace(.json(path: firstPath, line: firstLine))
            switch subject {
            case .competency(let code): return self("import.itemTwice.competency", ["code": code, "place": place])
            case .course(let name): return self("import.itemTwice.course", ["course": name, "place": place])
            case .meeting(let kind): return self("import.itemTwice.meeting", ["meeting": meeting(kind), "place": place])
            }
        case .unknownCompetency(let code, let curriculum, let close, let codes):
            return near("import.unknownCompetency", close, ["code": code, "curriculum": curriculum, "codes": codes.joined(separator: ", ")])
        case .methodNotNamed(let name, let code, let curriculum, let close, let methods):
            return near("import.methodNotNamed", close, ["method": name, "code": code, "curriculum": curriculum,
                                                         "methods": methods.joined(separator: ", ")])
        case .unknownCourse(let name, let curriculum, let close, let courses):
            return near("import.unknownCourse", close, ["course": name, "curriculum": curriculum, "courses": courses.joined(separator: ", ")])
        case .departmentDiffers(let code, let differences):
            return self("import.departmentDiffers", ["code": code, "differences": differences.map(departmentDifference).joined(separator: ", ")])
        case .unknownDepartment(let code, let close):
            return near("import.unknownDepartment", close, ["code": code, "object": "{\"code\", \"name\", \"kind\", \"region\"}"])
        case .noCurriculum(let specialty, let close): return near("import.noCurriculum", close, ["specialty": specialty])
        case .noCurriculumVersion(let specialty, let version, let close, let versions):
            return near("import.noCurriculumVersion", close, ["specialty": specialty, "version": version,
                                                               "versions": versions.joined(separator: ", ")])
        }
    }

    /// One way a described department differs from the stored one.
    func departmentDifference(_ difference: DepartmentDifference) -> String {
        switch difference {
        case .name(let stored, let file): return self("import.difference.name", ["stored": stored, "file": file])
        case .kind(let stored, let file): return self("import.difference.kind", ["stored": stored.rawValue, "file": file.rawValue])
        case .region(let stored, let file): return self("import.difference.region", ["stored": stored, "file": file])
        }
    }

    /// A date in a file that is not a date.
    func fileDateProblem(_ error: DateParseError) -> String {
        switch error {
        case .unrecognized(let input): return self("import.date.unrecognized", ["value": input])
        case .yearOutOfRange(let input, let year): return self("import.date.year", ["value": input, "year": String(year)])
        case .noSuchMonth(let input, let month): return self("import.date.month", ["value": input, "month": String(month)])
        case .noSuchDay(let input, let year, let month, let day, let length):
            if day == 0 { return self("import.date.dayZero", ["value": input]) }
            return self("import.date.day", ["value": input, "month": self("month.\(month)"), "year": String(year), "days": String(length)])
        }
    }

    /// What makes a file invalid JSON.
    public func jsonSyntax(_ problem: JSONSyntaxProblem) -> String {
        switch problem {
        case .empty: return self("json.empty")
        case .trailingText: return self("json.trailingText")
        case .truncated: return self("json.truncated")
        case .unexpectedCharacter: return self("json.unexpectedCharacter")
        case .expectedLiteral(let word): return self("json.expectedLiteral", ["word": word])
        case .tooDeep(let depth): return self("json.tooDeep", ["depth": String(depth)])
        case .endsInObject: return self("json.endsInObject")
        case .expectedKey: return self("json.expectedKey")
        case .duplicateKey(let key): return self("json.duplicateKey", ["key": key])
        case .expectedColon(let key): return self("json.expectedColon", ["key": key])
        case .expectedCommaOrBrace: return self("json.expectedCommaOrBrace")
        case .endsInArray: return self("json.endsInArray")
        case .expectedCommaOrBracket: return self("json.expectedCommaOrBracket")
        case .invalidUTF8: return self("json.invalidUTF8")
        case .unclosedString: return self("json.unclosedString")
        case .nulInString: return self("json.nulInString")
        case .rawControl: return self("json.rawControl")
        case .loneSurrogate: return self("json.loneSurrogate")
        case .nulEscape: return self("json.nulEscape")
        case .invalidEscape: return self("json.invalidEscape")
        case .unknownEscape(let escape): return self("json.unknownEscape", ["escape": "\\" + escape])
        case .hexDigits: return self("json.hexDigits")
        case .numberDigits: return self("json.numberDigits")
        case .numberDecimals: return self("json.numberDecimals")
        case .numberExponent: return self("json.numberExponent")
        case .numberOutOfRange(let text): return self("json.numberOutOfRange", ["number": text])
        }
    }

    /// Why a CSV file could not be read (without its line).
    public func csvProblem(_ kind: CSVError.Kind) -> String {
        switch kind {
        case .unclosedQuote: return self("csv.unclosedQuote")
        case .textAfterClosingQuote: return self("csv.textAfterClosingQuote")
        case .invalidUTF8: return self("csv.invalidUTF8")
        case .emptyFile: return self("csv.emptyFile")
        case .nulByte: return self("csv.nulByte")
        case .tooManyFields: return self("csv.tooManyFields", ["maximum": String(InputLimits.csvFields)])
        }
    }

    /// Why a character is never stored: "et styretegn", "a control character".
    func characterKind(_ kind: CharacterKind) -> String { self("input.character.\(kind.rawValue)") }

    /// A text refused by the input rules, naming its field as the caller gave it.
    public func inputProblem(_ problem: InputTextProblem) -> String {
        let field = problem.field
        switch problem.kind {
        case .tooLong(let length, let maximum):
            return self("input.tooLong", ["field": field, "length": String(length), "maximum": String(maximum)])
        case .oneLine(let scalar):
            return self(scalar == 9 ? "input.oneLine.tab" : "input.oneLine.break", ["field": field, "code": "U+" + Self.hex(scalar)])
        case .refused(let scalar, let kind):
            return self("input.refused", ["field": field, "code": "U+" + Self.hex(scalar), "kind": characterKind(kind)])
        case .mixedScript(let code, let letter):
            return self("input.mixedScript", ["field": field, "value": Handle.printable(code), "code": "U+" + Self.hex(letter)])
        case .handleEmpty:
            return self("input.handle.empty", ["rule": self("input.handle.rule")])
        case .handleCharacter(let handle, let scalar, let kind, let notASCII):
            let values = ["handle": Handle.printable(handle), "code": "U+" + Self.hex(scalar), "rule": self("input.handle.rule")]
            if let kind {
                var withKind = values
                withKind["kind"] = characterKind(kind)
                return self("input.handle.character.kind", withKind)
            }
            return self(notASCII ? "input.handle.character.notASCII" : "input.handle.character", values)
        case .handleLength(let handle, let length):
            return self("input.handle.length", ["handle": Handle.printable(handle), "length": String(length), "rule": self("input.handle.rule")])
        case .handleStart(let handle):
            return self("input.handle.start", ["handle": handle, "rule": self("input.handle.rule")])
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

// MARK: - A file that differs from the stored copy of the same version

extension Texts {
    /// How a programme item is named: "kompetence "I3"", "kursus "Kursus i klinisk vejledning"", "introduktionssamtale".
    func programItem(_ subject: ProgramItem.Subject) -> String {
        switch subject {
        case .competency(let code): return self("import.item.competency", ["code": code])
        case .course(let name): return self("import.item.course", ["course": name])
        case .meeting(let kind): return meeting(kind)
        }
    }

    /// Where two texts first differ: "at character 41: stored "…hvile-EKG", file "…EKG i hvile…"" (`TextDifference`).
    public func textDifference(_ stored: String, _ file: String) -> String {
        guard let difference = TextDifference.first(stored: stored, file: file) else { return "" }
        let ends = self("import.difference.ends")
        var values = ["character": String(difference.character), "line": String(difference.line), "column": String(difference.column),
                      "stored": "\"\(difference.stored)\"" + (difference.storedEnds ? " " + ends : ""),
                      "file": "\"\(difference.file)\"" + (difference.fileEnds ? " " + ends : "")]
        if difference.line == 1 { values["line"] = nil; values["column"] = nil }
        return self(difference.line == 1 ? "import.difference.at" : "import.difference.at.line", values)
    }

    /// The first way a målbeskrivelse file differs from the stored one, as a phrase.
    public func curriculumDifference(_ difference: CurriculumDifference) -> String {
        let q = CurriculumDifference.quoted
        switch difference {
        case .title(let stored, let file): return self("import.difference.title", ["at": textDifference(stored, file)])
        case .validFrom(let stored, let file): return self("import.difference.validFrom", ["stored": date(stored), "file": date(file)])
        case .addsCourse(let name): return self("import.difference.addsCourse", ["course": q(name)])
        case .lacksCourse(let name): return self("import.difference.lacksCourse", ["course": q(name)])
        case .courseOrder: return self("import.difference.courseOrder")
        case .addsCompetency(let code): return self("import.difference.addsCompetency", ["code": q(code)])
        case .lacksCompetency(let code): return self("import.difference.lacksCompetency", ["code": q(code)])
        case .competencyTitle(let code, let stored, let file):
            return self("import.difference.competencyTitle", ["code": q(code), "at": textDifference(stored, file)])
        case .competencySortOrder(let code, let stored, let file):
            return self("import.difference.competencySortOrder", ["code": q(code), "stored": String(stored), "file": String(file)])
        case .competencyRoles(let code, let stored, let file):
            return self("import.difference.competencyRoles", ["code": q(code), "stored": stored.map(medicalRole).joined(separator: ", "),
                                                              "file": file.map(medicalRole).joined(separator: ", ")])
        case .competencyMethods(let code, let stored, let file):
            return self("import.difference.competencyMethods", ["code": q(code), "stored": stored.map(method).joined(separator: ", "),
                                                                "file": file.map(method).joined(separator: ", ")])
        case .competencyConcretisation(let code, let stored, let file):
            return self("import.difference.competencyConcretisation", ["code": q(code), "at": textDifference(stored, file)])
        case .competencyLearningStrategies(let code, let stored, let file):
            return self("import.difference.competencyLearningStrategies", ["code": q(code), "at": textDifference(stored, file)])
        }
    }

    /// The first way a programme file differs from the stored one, as a phrase.
    public func programDifference(_ difference: ProgramDifference) -> String {
        let none = self("import.difference.none")
        switch difference {
        case .title(let stored, let file): return self("import.difference.title", ["at": textDifference(stored, file)])
        case .approvedOn(let stored, let file):
            return self("import.difference.approvedOn", ["stored": stored.map(date) ?? none, "file": file.map(date) ?? none])
        case .item(let number, let stored, let file):
            return self("import.difference.item", ["number": String(number), "stored": programItem(stored), "file": programItem(file)])
        case .dueMonth(let number, let subject, let stored, let file):
            return self("import.difference.dueMonth", ["number": String(number), "item": programItem(subject),
                                                       "stored": String(stored), "file": String(file)])
        case .method(let number, let subject, let stored, let file):
            return self("import.difference.method", ["number": String(number), "item": programItem(subject),
                                                     "stored": stored.map(method) ?? none, "file": file.map(method) ?? none])
        case .note(let number, let subject, let stored, let file):
            return self("import.difference.note", ["number": String(number), "item": programItem(subject), "at": textDifference(stored, file)])
        case .itemCount(let stored, let file):
            return self("import.difference.itemCount", ["stored": String(stored), "file": String(file)])
        }
    }
}
