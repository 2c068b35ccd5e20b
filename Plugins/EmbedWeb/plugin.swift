import Foundation
import PackagePlugin

/// Embeds the web pages' Mustache templates and stylesheet (`Sources/LogbookServer/Web/Templates/*.mustache`,
/// `Web/Static/*`) into the server, so a copied `logbook` binary serves its pages without a resource bundle beside it.
@main
struct EmbedWeb: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let web = target.directoryURL.appending(path: "Web")
        var files: [URL] = []
        for folder in ["Templates", "Static"] {
            let url = web.appending(path: folder)
            files += try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
        files.sort { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWeb.swift")
        return [
            .buildCommand(
                displayName: "Embedding the web templates and stylesheet",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "embeddedWebFiles"] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
