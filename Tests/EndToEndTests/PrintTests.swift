import Foundation
import Testing

/// Issue 16: `logbook print`, the printable logbook of one position, written whole or not at all.
@Suite("logbook print: the printable logbook")
struct PrintTests {
    @Test("print -o FILE writes the page; -o - prints it; --bundle writes the bundle it names; the database is unchanged")
    func writes() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let before = try box.databaseSnapshot()
        let page = box.folder.appendingPathComponent("logbook.html").path
        let bundle = box.folder.appendingPathComponent("bundle.json").path
        let wrote = try box.must(["print", "--position", "4", "-o", page, "--bundle", bundle])
        #expect(wrote.stdout.isEmpty)
        #expect(wrote.stderr.contains("Wrote \(page): the logbook of position 4"), "\(wrote.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Berit Lund (dr.berit)"))
        #expect(!html.lowercased().contains("<script"))
        // The page names the bundle written beside it by its SHA-256, as sha256sum prints it.
        let sum = try Binary.runTool("/usr/bin/sha256sum", [bundle]).stdout.split(separator: " ").first.map(String.init) ?? "?"
        #expect(sum.count == 64)
        #expect(html.contains(sum), "the page does not name \(sum)")
        #expect(wrote.stderr.contains(sum))
        let stdout = try box.must(["print", "--position", "4", "-o", "-", "--lang", "da"]).stdout
        #expect(stdout.contains("<html lang=\"da\">") && stdout.contains("Logbog for introduktionsstilling"))
        // Danish by default, whatever the locale; English only when asked for.
        box.environment = ["LOGBOOK_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"]
        #expect(try box.must(["print", "--position", "4", "-o", "-"]).stdout.contains("<html lang=\"da\">"))
        #expect(try box.must(["print", "--position", "4", "-o", "-", "--lang", "en"]).stdout.contains("<html lang=\"en\">"))
        box.environment = ["LOGBOOK_LANG": "en"]
        #expect(try box.must(["print", "--position", "4", "-o", "-"]).stdout.contains("<html lang=\"en\">"))
        #expect(try box.databaseSnapshot() == before, "print changed the database")
    }

    @Test("refusals: an existing file without --force, an unknown position, a missing folder, a bundle to standard output; nothing written")
    func refusals() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let page = box.folder.appendingPathComponent("logbook.html").path
        try box.write("logbook.html", "old")
        try box.refused(["print", "--position", "4", "-o", page], status: 1, ["logbook.html exists", "--force"])
        #expect(try String(contentsOfFile: page, encoding: .utf8) == "old")
        _ = try box.must(["print", "--position", "4", "-o", page, "--force"])
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("Berit Lund"))

        let fresh = box.folder.appendingPathComponent("none.html").path
        try box.refused(["print", "--position", "999", "-o", fresh], status: 1, ["no position 999"])
        try box.refused(["print", "--position", "999", "-o", "-"], status: 1, ["no position 999"])
        #expect(!FileManager.default.fileExists(atPath: fresh))
        try box.refused(["print", "--position", "4", "-o", box.folder.appendingPathComponent("missing/x.html").path], status: 66, ["cannot write"])
        try box.refused(["print", "--position", "4", "-o", fresh, "--bundle", "-"], status: 64, ["--bundle"])
        try box.refused(["print", "--position", "4", "-o", fresh, "--bundle", fresh], status: 64, ["same file"])
        try box.refused(["print", "-o", fresh], status: 64, ["--position"])
        // A bundle that cannot be written leaves no page either.
        try box.refused(["print", "--position", "4", "-o", fresh, "--bundle", box.folder.appendingPathComponent("missing/b.json").path],
                        status: 66, ["cannot write"])
        #expect(!FileManager.default.fileExists(atPath: fresh))
        let danish = try box.refused(["print", "--position", "4", "-o", page, "--lang", "da"], status: 1, ["findes i forvejen"])
        #expect(!danish.stderr.contains("exists"))
    }
}
