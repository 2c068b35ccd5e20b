#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import LogbookApp

/// `logbook print --position ID -o FILE.html [--bundle FILE.json] [--force]`: the printable logbook of one position
/// (A4 HTML, PDF through the browser's print), and optionally the documentation bundle whose SHA-256 it prints.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print", abstract: Help.abstract("help.print"), discussion: Help.text("help.print.discussion"))
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Option(name: [.short, .customLong("output")], help: Help.option("help.print.output", valueName: "file.html"))
    var output: String
    @Option(help: Help.option("help.print.bundle", valueName: "file.json")) var bundle: String?
    @Flag(help: Help.option("help.print.force")) var force = false

    func run() throws {
        // The logbook is a Danish document for Danish authorities: Danish unless --lang or LOGBOOK_LANG says otherwise
        // (an English or C locale on a machine says nothing about who reads the page).
        let environment = ProcessEnvironment.variables
        let chosen = global.language ?? environment["LOGBOOK_LANG"].flatMap { $0.isEmpty ? nil : $0 }
        let language = chosen == nil ? Language.da : try Language.resolve(flag: global.language, environment: environment)
        let session = try Session.open(databaseFlag: global.db, actorFlag: global.actor, environment: environment,
                                       access: DatabaseAccess.current, language: language)
        let t = session.texts
        if bundle == "-" { throw LogbookError.usage(t("print.bundleStdout")) }
        if let bundle, bundle == output { throw LogbookError.usage(t("print.sameFile", ["file": bundle])) }
        // Rendered first: a missing or out-of-scope position is the usual not-found answer, and nothing is written.
        let document = try PrintableLogbook.document(session, positionID: target.position, bundle: bundle.map { .file($0) } ?? .elsewhere)
        let files = [output == "-" ? nil : output, bundle].compactMap { $0 }
        if !force, let existing = files.first(where: Self.isExistingFile) {
            throw LogbookError.conflict(t("print.exists", ["file": existing]))
        }
        // The bundle first, then the page; a page that cannot be written takes a bundle it just created with it.
        var created: String?
        if let bundle {
            let existed = Self.isExistingFile(bundle)
            try OutputFile.write(document.bundle, to: bundle)
            if !existed { created = bundle }
        }
        if output == "-" {
            Terminal.write(document.html)
        } else {
            do {
                try OutputFile.write(document.html, to: output)
            } catch {
                if let created { unlink(created) }
                throw error
            }
            Terminal.note(t("print.wrote", ["file": output, "id": String(target.position)]))
        }
        if let bundle { Terminal.note(t("print.wroteBundle", ["file": bundle, "hash": document.bundleHash])) }
    }

    /// Whether `path` is a regular file (or a link to one); devices and pipes are written through, never refused.
    static func isExistingFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
