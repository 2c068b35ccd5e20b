import Foundation
import PackagePlugin

/// Embeds the message catalogs (`catalog/*.txt`, one per language) into the target, so the binary carries its texts.
@main
struct EmbedCatalog: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "catalog")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalog.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) message catalogs",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "embeddedCatalogFiles"] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output]
            )
        ]
    }
}
