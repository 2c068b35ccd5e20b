import Foundation
import PackagePlugin

/// Embeds the top-level `examples/` files into the target, so `logbook demo` works from any folder.
@main
struct EmbedExamples: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "examples")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["json", "csv"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedExamples.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) examples",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "embeddedExampleFiles"] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output]
            )
        ]
    }
}
