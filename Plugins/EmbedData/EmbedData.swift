import Foundation
import PackagePlugin

/// Builds the shipped maps and keymaps into the binary: at build time, `EmbedDataTool`
/// turns every `.toml` file of `maps/` and `keymaps/` into a Swift source of FoglineSim,
/// so a binary copied anywhere still has them. The folders stay the one place they are
/// written; the source is made from them on every build that changes one.
@main
struct EmbedData: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["maps", "keymaps"].map { root.appending(path: $0) }
        var inputs: [URL] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            inputs += names.filter { $0.hasSuffix(".toml") }.sorted().map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInData+Files.swift")
        return [
            .buildCommand(
                displayName: "Building the shipped maps and keymaps into \(target.name)",
                executable: try context.tool(named: "EmbedDataTool").url,
                arguments: [output.path] + folders.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
