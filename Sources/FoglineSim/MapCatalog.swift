import Foundation

/// Finds map files by name (`duel`) or by path (`maps/duel.toml`).
///
/// Directories are searched in this order, the first map of a name winning:
/// `$FOGLINE_MAPS` (colon-separated), `./maps`, a `maps/` directory found by walking
/// up from the running executable (so `.build/debug/fogline` finds the repository's
/// maps), then `/usr/local/share/fogline/maps` and `/usr/share/fogline/maps`. Last come
/// the maps built into the binary (`BuiltInData`), under their pseudo-paths
/// `(built in)/NAME.toml`, for any name no folder has.
public enum MapCatalog {
    /// The map a match uses when none is named.
    public static let defaultMapName = "duel"
    /// The directories searched, in order, without duplicates; only those that exist.
    public static func searchDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = MapCatalog.executablePath()
    ) -> [String] {
        DataDirectories.search(
            folder: "maps", environmentVariable: "FOGLINE_MAPS", environment: environment,
            currentDirectory: currentDirectory, executablePath: executablePath)
    }

    /// The folders `searchDirectories` looks in, missing ones marked, for a "not found" message.
    public static func searchedPlaces() -> String {
        DataDirectories.searchedPlaces(folder: "maps", environmentVariable: "FOGLINE_MAPS")
    }

    /// Every map found, by name (the file stem), sorted by name: the folders' first, then
    /// the built-in ones no folder has (unless `builtIn` is false).
    public static func all(
        directories: [String] = MapCatalog.searchDirectories(), builtIn: Bool = true
    ) -> [(name: String, path: String)] {
        var byName: [String: (name: String, path: String)] = [:]
        for directory in directories {
            for file in mapFiles(in: directory) {
                let name = String(file.dropLast(".toml".count))
                let key = name.lowercased()
                if byName[key] == nil { byName[key] = (name, join(directory, file)) }
            }
        }
        if builtIn {
            for (name, _) in BuiltInData.maps where byName[name.lowercased()] == nil {
                byName[name.lowercased()] = (name, BuiltInData.path(of: name))
            }
        }
        return byName.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// The path of the map called `nameOrPath`: an existing file as is, else a map name.
    public static func path(
        for nameOrPath: String, directories: [String] = MapCatalog.searchDirectories(), builtIn: Bool = true
    ) throws(MapCatalogError) -> String {
        if isRegularFile(nameOrPath) { return nameOrPath }
        if builtIn, let name = BuiltInData.name(inPath: nameOrPath), BuiltInData.map(named: name) != nil { return nameOrPath }
        var name = nameOrPath
        if name.lowercased().hasSuffix(".toml") { name.removeLast(".toml".count) }
        let maps = all(directories: directories, builtIn: builtIn)
        if let found = maps.first(where: { $0.name.lowercased() == name.lowercased() }) { return found.path }
        // Every place looked in is named, the missing ones too, when these are the usual ones.
        let searched = directories == searchDirectories() ? [searchedPlaces()] : directories
        throw MapCatalogError(name: nameOrPath, known: maps.map(\.name), searched: searched)
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
    static func mapFiles(in directory: String) -> [String] { DataDirectories.tomlFiles(in: directory) }

    private static func join(_ directory: String, _ name: String) -> String { DataDirectories.join(directory, name) }

    private static func isRegularFile(_ path: String) -> Bool { DataDirectories.isRegularFile(path) }
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
        let places = searched.isEmpty ? "" : " (searched \(searched.joined(separator: ", ")), then the built-in maps)"
        return "no map named '\(name)'; known maps: \(known.joined(separator: ", "))\(places)"
    }
}
