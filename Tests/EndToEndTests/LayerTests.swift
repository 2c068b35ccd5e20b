import Foundation
import Testing

/// docs/ARCHITECTURE.md's rule for the front ends: the CLI and the server reach the store only through LogbookApp.
@Suite("The layers of docs/ARCHITECTURE.md")
struct LayerTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every `import X` line (with its attributes and access level) of the Swift files under Sources/`target`.
    static func imports(of target: String) throws -> [(file: String, module: String)] {
        let folder = sources.appendingPathComponent(target)
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var found: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") && !["public", "internal", "package"].contains($0) }
                if words.count >= 2, words[0] == "import" { found.append((url.lastPathComponent, String(words[1]))) }
            }
        }
        return found
    }

    @Test("the CLI and the server import neither LogbookStore nor SQLite", arguments: ["logbook", "LogbookServer"])
    func frontEnds(target: String) throws {
        let imports = try Self.imports(of: target)
        #expect(imports.contains { $0.module == "LogbookApp" }, "no import of LogbookApp found in Sources/\(target): is the path right?")
        let forbidden = imports.filter { ["LogbookStore", "SQLite", "CSQLite"].contains($0.module) }
        #expect(forbidden.isEmpty, "Sources/\(target) reaches the store around LogbookApp: \(forbidden.map { "\($0.file): \($0.module)" })")
    }
}
