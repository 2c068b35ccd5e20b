import LogbookDomain
import LogbookFormats

/// CSV metadata the CSV målbeskrivelse reader needs besides the file.
private let metadata = CurriculumMetadata(
    specialty: "Almen medicin", version: "2023", validFrom: CalendarDate(year: 2023, month: 3, day: 1)!, courses: ["Kursus i akutmedicin"])

/// Called by libFuzzer's driver (main.swift) for each input: every reader gets every input. A reader may refuse the input with its own error;
/// anything else (a crash, a trap, an endless loop, a sanitizer report, a broken invariant) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []

    // JSON: what parses serializes to JSON that parses again to the same text (the canonical form is stable).
    if let value = try? JSONValue.parse(bytes) {
        let once = value.serialized()
        guard let again = try? JSONValue.parse(once) else { fatalError("serialized JSON does not parse: \(once)") }
        precondition(again.serialized() == once, "serialization is not stable: \(once) vs \(again.serialized())")
        precondition(value.serialized(pretty: true).isEmpty == false)
    }
    _ = try? CSVReader.read(bytes)

    // The readers: a målbeskrivelse that reads has at least one competency, unique codes, and a canonical hash.
    if let curriculum = try? CurriculumReader.readJSON(bytes) {
        precondition(!curriculum.competencies.isEmpty)
        precondition(Set(curriculum.competencies.map { $0.code.lowercased() }).count <= curriculum.competencies.count)
        _ = curriculum.contentHash
    }
    if let curriculum = try? CurriculumReader.readCSV(bytes, metadata: metadata) {
        precondition(!curriculum.competencies.isEmpty)
        _ = curriculum.contentHash
    }
    if let file = try? ProgramReader.readJSON(bytes) { _ = file.program.contentHash }
    return 0
}
