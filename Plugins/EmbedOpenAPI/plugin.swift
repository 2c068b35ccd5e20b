import Foundation
import PackagePlugin

/// Embeds docs/openapi.json into the server, so the document served at /api/v1/openapi.json is the one in docs/.
@main
struct EmbedOpenAPI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let file = context.package.directoryURL.appending(path: "docs/openapi.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedOpenAPI.swift")
        return [
            .buildCommand(
                displayName: "Embedding docs/openapi.json",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "embeddedOpenAPIFiles", file.path],
                inputFiles: [file],
                outputFiles: [output]
            )
        ]
    }
}
