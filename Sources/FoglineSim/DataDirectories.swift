import Foundation

/// Where Fogline looks for a folder of data files (`maps`, `keymaps`).
///
/// In order, without duplicates, keeping only folders that exist: the folders in an
/// environment variable (colon-separated), `./NAME`, the first `NAME/` holding `.toml`
/// files found by walking up from the running executable (so `.build/debug/fogline`
/// finds the checkout's), `share/fogline/NAME` beside the executable's folder (where
/// `scripts/install PREFIX` puts them), then `/usr/local/share/fogline/NAME` and
/// `/usr/share/fogline/NAME`.
public enum DataDirectories {
    /// How many folders above the executable's own to look.
    static let executableSearchDepth = 6

    public static func search(
        folder: String, environmentVariable: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = MapCatalog.executablePath(), includeMissing: Bool = false
    ) -> [String] {
        var candidates: [String] = []
        if let list = environment[environmentVariable] {
            candidates += list.split(separator: ":").map(String.init)
        }
        candidates.append(join(currentDirectory, folder))
        if let executablePath {
            var directory = (executablePath as NSString).deletingLastPathComponent
            for _ in 0...executableSearchDepth {
                let inside = join(directory, folder)
                if !tomlFiles(in: inside).isEmpty {
                    candidates.append(inside)
                    break
                }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory { break }
                directory = parent
            }
        }
        if let executablePath {
            let prefix = ((executablePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            candidates.append(join(prefix, "share/fogline/\(folder)"))
        }
        candidates += ["/usr/local/share/fogline/\(folder)", "/usr/share/fogline/\(folder)"]
        var seen = Set<String>()
        return candidates.compactMap { raw in
            let absolute = raw.hasPrefix("/") ? raw : join(currentDirectory, raw)
            let path = (absolute as NSString).standardizingPath
            guard includeMissing || isDirectory(path), seen.insert(path).inserted else { return nil }
            return path
        }
    }

    /// The places `search` looks, as a person should read them in a "not found" message:
    /// each folder, with "(missing)" after those that do not exist.
    public static func searchedPlaces(
        folder: String, environmentVariable: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = MapCatalog.executablePath()
    ) -> String {
        search(
            folder: folder, environmentVariable: environmentVariable, environment: environment,
            currentDirectory: currentDirectory, executablePath: executablePath, includeMissing: true
        ).map { isDirectory($0) ? $0 : "\($0) (missing)" }.joined(separator: ", ")
    }

    /// The `.toml` files directly inside a folder, sorted.
    public static func tomlFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".toml") && $0.count > 5 && isRegularFile(join(directory, $0)) }
            .sorted()
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
