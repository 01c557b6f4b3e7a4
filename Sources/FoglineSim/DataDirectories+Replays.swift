import Foundation

extension DataDirectories {
    /// Where replays are kept: `$XDG_DATA_HOME/fogline/replays` when `XDG_DATA_HOME` is an
    /// absolute path, else `~/.local/share/fogline/replays`. Not created here.
    public static func replayFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return join(base, "fogline/replays")
    }

    /// The replay files (`*.fogrep`) directly inside a folder, sorted by name.
    public static func replayFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".fogrep") && isRegularFile(join(directory, $0)) }.sorted()
            .map { join(directory, $0) }
    }
}
