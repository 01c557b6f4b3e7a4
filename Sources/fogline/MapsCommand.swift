import ArgumentParser
import Foundation
import FoglineSim

extension Fogline {
    /// `fogline maps`: lists the maps it can find, or checks map files.
    struct Maps: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "maps",
            abstract: "List the maps, or check map files.",
            discussion: """
                Without flags, lists every map found (in $FOGLINE_MAPS, ./maps, the maps/ \
                directory next to the program, /usr/local/share/fogline/maps and \
                /usr/share/fogline/maps) with its size, capture nodes and landmarks.

                With --check, checks each FILE (a path or a map name; all maps when none is \
                given) and prints every problem as file:line:column: message.
                """)

        @Flag(name: .long, help: "Check map files instead of listing them.")
        var check = false

        @Argument(help: "Map files (or map names) to check with --check.")
        var files: [String] = []

        func validate() throws {
            if !check && !files.isEmpty {
                throw ValidationError("Files are only taken with --check (try: fogline maps --check \(files[0])).")
            }
        }

        func run() throws {
            if check {
                try runCheck()
            } else {
                try runList()
            }
        }

        /// Prints `FILE: ok` or every issue of each file; fails if any file has one.
        private func runCheck() throws {
            var targets: [(shown: String, path: String)] = []
            var failed = false
            for file in files {
                switch resolve(file) {
                case .success(let path): targets.append((file, path))
                case .failure(let error):
                    printError(MapIssue(file: file, line: 1, column: 1, message: error.description).description)
                    failed = true
                }
            }
            if files.isEmpty {
                targets = MapCatalog.all().map { ($0.path, $0.path) }
                if targets.isEmpty {
                    printError("no maps found; give the files to check or set FOGLINE_MAPS")
                    throw ExitCode.failure
                }
            }
            for (shown, path) in targets {
                var issues = MapLoader.check(path: path)
                if issues.isEmpty {
                    print("\(shown): ok")
                    continue
                }
                failed = true
                // Report under the name the user typed, not the resolved catalog path.
                if shown != path {
                    issues = issues.map { MapIssue(file: shown, line: $0.line, column: $0.column, message: $0.message) }
                }
                for issue in issues { printError(issue.description) }
            }
            if failed { throw ExitCode.failure }
        }

        /// A path as given when it exists or looks like one; otherwise a map name looked up in the catalog.
        private func resolve(_ argument: String) -> Result<String, MapCatalogError> {
            do {
                return .success(try MapCatalog.path(for: argument))
            } catch {
                // A path that does not exist is reported by the loader ("cannot read map file").
                let looksLikePath = argument.contains("/") || argument.lowercased().hasSuffix(".toml")
                return looksLikePath ? .success(argument) : .failure(error)
            }
        }

        /// Prints the catalog as an aligned table.
        private func runList() throws {
            let maps = MapCatalog.all()
            guard !maps.isEmpty else {
                printError(
                    "no maps found; searched \(MapCatalog.searchedPlaces()); set FOGLINE_MAPS")
                throw ExitCode.failure
            }
            // FROM: the file, or "(built in)/NAME.toml" for a map built into the binary.
            var rows = [["NAME", "SIZE", "NODES", "FROM", "LANDMARKS"]]
            var failed = false
            for entry in maps {
                do {
                    let map = try MapLoader.load(path: entry.path)
                    let places = map.landmarks.filter { $0.kind == .place }.map(\.name)
                    rows.append([entry.name, "\(map.width)x\(map.height)", "\(map.nodes.count)", entry.path,
                                 places.joined(separator: ", ")])
                } catch {
                    failed = true
                    rows.append([entry.name, "-", "-", entry.path, "invalid: run fogline maps --check \(entry.path)"])
                }
            }
            print(Maps.table(rows), terminator: "")
            if failed { throw ExitCode.failure }
        }

        /// Left-aligned columns two spaces apart; the last column is not padded.
        static func table(_ rows: [[String]]) -> String {
            let columns = rows.map(\.count).max() ?? 0
            var widths = [Int](repeating: 0, count: columns)
            for row in rows {
                for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
            }
            var out = ""
            for row in rows {
                var line = ""
                for (i, cell) in row.enumerated() {
                    line += i == row.count - 1 ? cell : cell.padded(to: widths[i] + 2)
                }
                while line.last == " " { line.removeLast() }
                out += line + "\n"
            }
            return out
        }

        private func printError(_ message: String) {
            var standardError = StandardError()
            print(message, to: &standardError)
        }
    }
}

/// Standard error as a `TextOutputStream`, for `print(_:to:)`.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

extension String {
    /// The string padded with spaces on the right to `length` characters.
    fileprivate func padded(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
