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
                displayName: "Embedding the message catalogs",
                executable: try context.tool(named: "MigrationEmbedder").url,
                // The folder, not its files: the tool lists it when it runs, so a catalog file added since the plugin
                // last ran is embedded too.
                arguments: [output.path, "embeddedCatalogFiles", "--catalog", folder.path],
                inputFiles: files + [folder],
                outputFiles: [output]
            )
        ]
    }
}
