import Foundation
import FoglineSim

/// Finds keymap files by name (`vi`) or by path, the way `MapCatalog` finds maps.
///
/// Directories are searched in this order, the first keymap of a name winning:
/// `$FOGLINE_KEYMAPS` (colon-separated), `./keymaps`, a `keymaps/` directory found by
/// walking up from the running executable, then `/usr/local/share/fogline/keymaps` and
/// `/usr/share/fogline/keymaps`.
public enum KeymapCatalog {
    /// The directories searched, in order, without duplicates; only those that exist.
    public static func searchDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = MapCatalog.executablePath()
    ) -> [String] {
        DataDirectories.search(
            folder: "keymaps", environmentVariable: "FOGLINE_KEYMAPS", environment: environment,
            currentDirectory: currentDirectory, executablePath: executablePath)
    }

    /// Every keymap found, by name (the file stem), sorted by name.
    public static func all(directories: [String] = searchDirectories()) -> [(name: String, path: String)] {
        var byName: [String: (name: String, path: String)] = [:]
        for directory in directories {
            for file in files(in: directory) {
                let name = String(file.dropLast(".toml".count))
                if byName[name.lowercased()] == nil { byName[name.lowercased()] = (name, join(directory, file)) }
            }
        }
        return byName.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// The path of the keymap called `nameOrPath`: an existing file as is, else a name.
    public static func path(for nameOrPath: String, directories: [String] = searchDirectories())
        throws(KeymapError) -> String
    {
        if isRegularFile(nameOrPath) { return nameOrPath }
        if nameOrPath.contains("/") {
            throw KeymapError(file: nameOrPath, line: 1, message: "no such keymap file")
        }
        var name = nameOrPath
        if name.lowercased().hasSuffix(".toml") { name.removeLast(".toml".count) }
        let known = all(directories: directories)
        if let found = known.first(where: { $0.name.lowercased() == name.lowercased() }) { return found.path }
        // The built-in keymaps are known too (Keymap.load falls back to them).
        let names = Set(known.map { $0.name.lowercased() }).union(BuiltInData.keymaps.map(\.name)).sorted()
        let list = names.joined(separator: ", ")
        let searched =
            "searched " + (directories.isEmpty
                ? DataDirectories.searchedPlaces(folder: "keymaps", environmentVariable: "FOGLINE_KEYMAPS")
                : directories.joined(separator: ", "))
        throw KeymapError(
            file: nameOrPath, line: 1,
            message: "no keymap named '\(nameOrPath)'; known keymaps: \(list) (\(searched); set FOGLINE_KEYMAPS)")
    }

    /// Reads a keymap file as UTF-8, refusing anything that is not a small regular file.
    static func readText(path: String) throws(KeymapError) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { throw KeymapError(file: path, line: 1, message: "cannot read keymap: not a regular file") }
        if let size = attributes[.size] as? Int, size > Keymap.maxFileBytes {
            throw KeymapError(file: path, line: 1, message: "keymap is \(size) bytes; at most \(Keymap.maxFileBytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KeymapError(file: path, line: 1, message: "cannot read keymap file")
        }
        defer { try? handle.close() }
        // Never more than one byte past the limit, whatever the size claimed.
        let data = (try? handle.read(upToCount: Keymap.maxFileBytes + 1)) ?? Data()
        guard data.count <= Keymap.maxFileBytes else {
            throw KeymapError(file: path, line: 1, message: "keymap is over \(Keymap.maxFileBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KeymapError(file: path, line: 1, message: "keymap is not valid UTF-8")
        }
        return text
    }

    static func files(in directory: String) -> [String] { DataDirectories.tomlFiles(in: directory) }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func isRegularFile(_ path: String) -> Bool { DataDirectories.isRegularFile(path) }
}
