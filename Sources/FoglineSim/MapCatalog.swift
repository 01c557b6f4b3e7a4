import Foundation

/// Finds map files by name (`duel`) or by path (`maps/duel.toml`).
///
/// Directories are searched in this order, the first map of a name winning:
/// `$FOGLINE_MAPS` (colon-separated), `./maps`, a `maps/` directory found by walking
/// up from the running executable (so `.build/debug/fogline` finds the repository's
/// maps), then `/usr/local/share/fogline/maps` and `/usr/share/fogline/maps`.
public enum MapCatalog {
    /// The map a match uses when none is named.
    public static let defaultMapName = "duel"
    /// How many directories above the executable's own to look for `maps/`.
    static let executableSearchDepth = 6
    static let systemDirectories = ["/usr/local/share/fogline/maps", "/usr/share/fogline/maps"]

    /// The directories searched, in order, without duplicates; only those that exist.
    public static func searchDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = MapCatalog.executablePath()
    ) -> [String] {
        var candidates: [String] = []
        if let list = environment["FOGLINE_MAPS"] {
            candidates += list.split(separator: ":").map(String.init)
        }
        candidates.append(join(currentDirectory, "maps"))
        if let executablePath {
            var directory = (executablePath as NSString).deletingLastPathComponent
            for _ in 0...executableSearchDepth {
                let maps = join(directory, "maps")
                if !mapFiles(in: maps).isEmpty {
                    candidates.append(maps)
                    break
                }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory { break }
                directory = parent
            }
        }
        candidates += systemDirectories
        var seen = Set<String>()
        return candidates.compactMap { raw in
            let path = standardize(raw, relativeTo: currentDirectory)
            guard isDirectory(path), seen.insert(path).inserted else { return nil }
            return path
        }
    }

    /// Every map found, by name (the file stem), sorted by name.
    public static func all(directories: [String] = MapCatalog.searchDirectories()) -> [(name: String, path: String)] {
        var byName: [String: (name: String, path: String)] = [:]
        for directory in directories {
            for file in mapFiles(in: directory) {
                let name = String(file.dropLast(".toml".count))
                let key = name.lowercased()
                if byName[key] == nil { byName[key] = (name, join(directory, file)) }
            }
        }
        return byName.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// The path of the map called `nameOrPath`: an existing file as is, else a map name.
    public static func path(
        for nameOrPath: String, directories: [String] = MapCatalog.searchDirectories()
    ) throws(MapCatalogError) -> String {
        if isRegularFile(nameOrPath) { return nameOrPath }
        var name = nameOrPath
        if name.lowercased().hasSuffix(".toml") { name.removeLast(".toml".count) }
        let maps = all(directories: directories)
        if let found = maps.first(where: { $0.name.lowercased() == name.lowercased() }) { return found.path }
        throw MapCatalogError(name: nameOrPath, known: maps.map(\.name), searched: directories)
    }

    /// Finds and loads a map by name or path.
    public static func load(_ nameOrPath: String) throws -> GameMap {
        try MapLoader.load(path: path(for: nameOrPath))
    }

    /// The real path of the running executable, symlinks resolved.
    public static func executablePath() -> String? {
        #if os(Linux)
        guard let resolved = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
        #else
        return (CommandLine.arguments.first.map { URL(fileURLWithPath: $0) })?.resolvingSymlinksInPath().path
        #endif
    }

    /// The `.toml` files directly inside a directory, sorted.
    static func mapFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".toml") && $0.count > 5 && isRegularFile(join(directory, $0)) }
            .sorted()
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func standardize(_ path: String, relativeTo base: String) -> String {
        let absolute = path.hasPrefix("/") ? path : join(base, path)
        return (absolute as NSString).standardizingPath
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// No map has the name asked for.
public struct MapCatalogError: Error, CustomStringConvertible, Sendable {
    public var name: String
    /// The names of the maps that do exist.
    public var known: [String]
    public var searched: [String]

    public var description: String {
        if known.isEmpty {
            let places = searched.isEmpty ? "no map directory exists" : "searched \(searched.joined(separator: ", "))"
            return "no map named '\(name)' and no maps found (\(places)); set FOGLINE_MAPS to a directory of .toml maps"
        }
        return "no map named '\(name)'; known maps: \(known.joined(separator: ", "))"
    }
}
