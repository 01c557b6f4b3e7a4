import FoglineSim
import Foundation
import TOMLKit

/// Reading keymap files: `action = ["key", ...]` lines, at the top level or under `[keys]`.
extension Keymap {
    /// Larger keymap files are refused before parsing.
    public static let maxFileBytes = 64 * 1024
    /// At most this many keys per action.
    public static let maxKeysPerAction = 16

    /// Builds a keymap from TOML text, or throws every problem found, each as `file:line: message`.
    ///
    /// Problems: bad TOML, a table other than `[keys]`, an unknown action, a value that
    /// is not an array of key-name strings, an unknown key name, and a key bound twice
    /// (to one action or two).
    public static func parse(text: String, file: String, name: String? = nil) throws(KeymapError) -> Keymap {
        guard text.utf8.count <= maxFileBytes else {
            throw KeymapError(file: file, line: 1, message: "keymap is larger than \(maxFileBytes / 1024) KiB")
        }
        // TOMLKit hands the text to C as a C string, which would end at a NUL.
        if let nul = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.contains("\0") }) {
            throw KeymapError(file: file, line: nul + 1, message: "NUL character in keymap")
        }
        // toml++ aborts the process on some malformed input: screen it first.
        if let problem = TOMLGuard.firstProblem(in: text) {
            throw KeymapError(file: file, line: problem.line, message: problem.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw KeymapError(file: file, line: max(1, error.source.begin.line), message: error.description)
        } catch {
            throw KeymapError(file: file, line: 1, message: "cannot parse TOML: \(error)")
        }
        let index = KeymapSourceIndex(text: text)
        var issues: [KeymapError.Issue] = []
        func report(_ message: String, line: Int) {
            issues.append(KeymapError.Issue(file: file, line: line, message: message))
        }

        // Actions may sit at the top level or in [keys]; the file's order is kept.
        var entries: [(table: [String], key: String, value: TOMLValueConvertible)] = []
        for key in table.keys {
            guard let value = table[key] else { continue }
            if key == "keys", let keys = value.table {
                for inner in keys.keys { if let v = keys[inner] { entries.append((["keys"], inner, v)) } }
            } else if value.table != nil {
                report("unknown table [\(key)]; actions go at the top level or under [keys]",
                       line: index.headerLine([key]) ?? index.entry(table: [], key: key)?.line ?? 1)
            } else {
                entries.append(([], key, value))
            }
        }
        let located = entries.map { entry in (entry, index.entry(table: entry.table, key: entry.key)) }
            .sorted { ($0.1?.line ?? 0) < ($1.1?.line ?? 0) }

        var bindings: [(action: KeymapAction, keys: [KeyPress])] = []
        var boundAt: [KeyPress: (action: KeymapAction, line: Int)] = [:]
        for (entry, source) in located {
            let line = source?.line ?? 1
            guard let action = KeymapAction(rawValue: entry.key) else {
                report("unknown action '\(entry.key)'\(suggestion(for: entry.key))", line: line)
                continue
            }
            if bindings.contains(where: { $0.action == action }) {
                report("action '\(action.rawValue)' is given twice (once at the top level, once in [keys])", line: line)
                continue
            }
            guard let array = entry.value.array else {
                report("'\(action.rawValue)' must be an array of key names, like [\"q\", \"ctrl-c\"]", line: line)
                continue
            }
            guard array.count <= maxKeysPerAction else {
                report("'\(action.rawValue)' has \(array.count) keys; at most \(maxKeysPerAction)", line: line)
                continue
            }
            var keys: [KeyPress] = []
            for (k, element) in array.enumerated() {
                let keyLine = source.flatMap { k < $0.stringLines.count ? $0.stringLines[k] : nil } ?? line
                guard let keyName = element.string else {
                    report("'\(action.rawValue)': key names must be strings", line: keyLine)
                    continue
                }
                let press: KeyPress
                do {
                    press = try KeyPress(name: keyName)
                } catch {
                    report("'\(action.rawValue)': \(error.message)", line: keyLine)
                    continue
                }
                if let earlier = boundAt[press] {
                    let other = earlier.action == action ? "already bound to it" : "already bound to '\(earlier.action.rawValue)'"
                    report("key '\(press.name)' for '\(action.rawValue)' is \(other) on line \(earlier.line)", line: keyLine)
                    continue
                }
                boundAt[press] = (action, keyLine)
                keys.append(press)
            }
            bindings.append((action, keys))
        }
        guard issues.isEmpty else {
            throw KeymapError(issues: issues.sorted { $0.line < $1.line })
        }
        let stem = name ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return Keymap(name: stem, path: file, bindings: bindings)
    }

    /// Finds and loads a keymap by name (`vi`) or path (`keymaps/vi.toml`).
    ///
    /// Names are looked up in `KeymapCatalog.searchDirectories()`, then among the keymaps
    /// built into the binary (`BuiltInData.keymaps`: `default` and `vi`).
    public static func load(nameOrPath: String, directories: [String] = KeymapCatalog.searchDirectories())
        throws(KeymapError) -> Keymap
    {
        let path: String
        do {
            path = try KeymapCatalog.path(for: nameOrPath, directories: directories)
        } catch {
            var name = nameOrPath.lowercased()
            if name.hasSuffix(".toml") { name.removeLast(5) }
            if !nameOrPath.contains("/"), let text = BuiltInData.keymaps.first(where: { $0.name == name })?.text {
                return try parse(text: text, file: BuiltInData.path(of: name), name: name)
            }
            throw error
        }
        return try parse(text: try KeymapCatalog.readText(path: path), file: path)
    }

    /// " (did you mean 'x'?)" for a near miss, else "".
    private static func suggestion(for word: String) -> String {
        let names = KeymapAction.allCases.map(\.rawValue)
        let lower = word.lowercased().replacingOccurrences(of: "-", with: "_")
        if names.contains(lower) { return " (did you mean '\(lower)'?)" }
        if let near = names.first(where: { $0.hasPrefix(lower) || lower.hasPrefix($0) }) {
            return " (did you mean '\(near)'?)"
        }
        return "; see keymaps/README.md for the list"
    }
}
