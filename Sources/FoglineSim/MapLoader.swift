import Foundation
import TOMLKit

/// Reads and checks map files (TOML, described in `maps/README.md`) into `GameMap`s.
///
/// Checking never stops at the first problem: `check` returns every issue it can
/// find, each at its line and column in the file, so a map author fixes them all in
/// one pass. No input makes it crash; files and grids are bounded in size.
public enum MapLoader {
    /// Larger files are refused before parsing.
    public static let maxFileBytes = 1 << 20
    /// Neither side of the grid may be longer, in cells.
    public static let maxSide = 256
    public static let minNodes = 3
    public static let maxNodes = 9
    /// Longest allowed map, base, node or landmark name, in characters.
    public static let maxNameLength = 40
    /// The grid letters that mark capture nodes, in order.
    public static let nodeLetters: [Character] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]

    static let knownKeys = [
        "name", "description", "score_limit", "time_limit_seconds", "roster", "terrain", "bases", "nodes",
        "landmarks",
    ]
    static let landmarkKeys = ["name", "x", "y"]
    static let scoreLimitRange = 1...1_000_000
    /// One day: long enough for anything, small enough that frames fit in an Int32.
    static let timeLimitRange = 1...86_400
    static let maxDescriptionLength = 2000

    /// Every problem in the map text, sorted by line and column; empty when the map is good.
    public static func check(text: String, file: String) -> [MapIssue] {
        var analysis = Analysis(text: text, file: file)
        return analysis.run().issues
    }

    /// Every problem in the map file at `path`, including not being able to read it.
    public static func check(path: String) -> [MapIssue] {
        switch readText(path: path) {
        case .success(let text): return check(text: text, file: path)
        case .failure(let error): return error.issues
        }
    }

    /// Builds the map, or throws every problem found in the text.
    public static func parse(text: String, file: String) throws(MapLoadError) -> GameMap {
        var analysis = Analysis(text: text, file: file)
        let (map, issues) = analysis.run()
        guard issues.isEmpty, let map else {
            throw MapLoadError(issues: issues.isEmpty
                ? [MapIssue(file: file, line: 1, column: 1, message: "map could not be built")] : issues)
        }
        return map
    }

    /// Reads and builds the map file at `path`.
    public static func load(path: String) throws(MapLoadError) -> GameMap {
        let text = try readText(path: path).get()
        return try parse(text: text, file: path)
    }

    /// Reads a whole file as UTF-8, refusing anything over `maxFileBytes`; a built-in
    /// map's pseudo-path (`BuiltInData.path(of:)`) reads the text built into the binary.
    static func readText(path: String) -> Result<String, MapLoadError> {
        func failure(_ message: String, line: Int = 1, column: Int = 1) -> Result<String, MapLoadError> {
            .failure(MapLoadError(issues: [MapIssue(file: path, line: line, column: column, message: message)]))
        }
        if let name = BuiltInData.name(inPath: path) {
            guard let text = BuiltInData.map(named: name) else { return failure("there is no built-in map \(name)") }
            return .success(text)
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return failure("cannot read map file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return failure("cannot read map file: \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return failure("cannot read map file: not a regular file") }
        guard info.st_size <= maxFileBytes else {
            return failure("map file is \(info.st_size) bytes; maps are limited to \(maxFileBytes) bytes (1 MiB)")
        }
        // Read until end of file but never more than one byte past the limit: the size
        // can be wrong (a file still being written, or one in /proc that claims zero).
        var bytes = [UInt8](repeating: 0, count: max(4096, Int(info.st_size) + 1))
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= maxFileBytes else { break }
                bytes += [UInt8](repeating: 0, count: min(bytes.count, maxFileBytes + 1 - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return failure("cannot read map file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxFileBytes else {
            return failure("map file is over \(maxFileBytes) bytes; maps are limited to 1 MiB")
        }
        bytes.removeSubrange(count...)
        if let bad = firstInvalidUTF8(bytes) {
            return failure("map file is not valid UTF-8", line: bad.line, column: bad.column)
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Where the first byte that is not UTF-8 sits, in lines and (scalar) columns.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return (line, column)
            }
        }
    }
}

// MARK: - The analysis of one file

extension MapLoader {
    /// One pass over one map text: collects issues and, if the grid is sound, builds the map.
    struct Analysis {
        typealias Position = MapSourceIndex.Position

        let text: String
        let file: String
        private var issues: [(position: Position, message: String)] = []
        private var index = MapSourceIndex(text: "")
        /// The parsed document; `analyze()` sets it before anything reads it.
        private var table: TOMLTable!

        init(text: String, file: String) {
            self.text = text
            self.file = file
        }

        /// A named thing, for the check that no two share a name.
        private struct NamedPlace {
            var name: String
            var position: Position
        }

        /// What the terrain grid holds, once read.
        private struct Grid {
            var width = 0
            var height = 0
            var terrain: [Terrain] = []
            /// Base cells of players 1 and 2 (nil while missing), with their glyph positions.
            var bases: [(cell: Cell, position: Position)?] = [nil, nil]
            /// Node cells by letter index, with their glyph positions.
            var nodes: [(cell: Cell, position: Position)?] = Array(repeating: nil, count: MapLoader.nodeLetters.count)
            /// Whether every cell is known, so reachability means something.
            var isSound = true
        }

        mutating func run() -> (map: GameMap?, issues: [MapIssue]) {
            let map = analyze()
            let sorted = issues.enumerated().sorted { a, b in
                a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
            }
            let result = sorted.map {
                MapIssue(file: file, line: $0.element.position.line, column: $0.element.position.column,
                         message: $0.element.message)
            }
            return (result.isEmpty ? map : nil, result)
        }

        private mutating func report(_ message: String, at position: Position) {
            issues.append((position, message))
        }

        private static let start = Position(line: 1, column: 1)

        /// The position of a key, or of the nearest thing that contains it.
        private func position(_ path: [String], arrayIndex: Int? = nil) -> Position {
            index.position(path, arrayIndex: arrayIndex)
                ?? (path.count > 1 ? index.position([path[0]]) : nil)
                ?? Analysis.start
        }

        private mutating func analyze() -> GameMap? {
            if text.utf8.count > MapLoader.maxFileBytes {
                report("map file is \(text.utf8.count) bytes; maps are limited to \(MapLoader.maxFileBytes) bytes (1 MiB)",
                       at: Analysis.start)
                return nil
            }
            // TOMLKit hands the text to C as a C string, which would end it at a NUL.
            if let nul = positionOfNUL() {
                report("NUL character in map file", at: nul)
                return nil
            }
            // Slips that toml++ would trip an assertion on instead of reporting.
            if let pitfall = TOMLGuard.firstProblem(in: MapSourceIndex.splitLines(text).map { Array($0) }) {
                report(pitfall.message, at: pitfall.position)
                return nil
            }
            do {
                table = try TOMLTable(string: text)
            } catch let error as TOMLParseError {
                let line = max(1, error.source.begin.line)
                let column = max(1, error.source.begin.column)
                report(error.description, at: Position(line: line, column: column))
                return nil
            } catch {
                report("cannot parse TOML: \(error)", at: Analysis.start)
                return nil
            }
            index = MapSourceIndex(text: text)

            for key in table.keys where !MapLoader.knownKeys.contains(key) {
                report("unknown key '\(key)'; known keys are \(MapLoader.knownKeys.joined(separator: ", "))",
                       at: position([key]))
            }
            let name = readName()
            let description = readString("description", maxLength: MapLoader.maxDescriptionLength) ?? ""
            let scoreLimit = readInt("score_limit", range: MapLoader.scoreLimitRange).map { Int32($0) }
            let timeLimit = readInt("time_limit_seconds", range: MapLoader.timeLimitRange)
                .map { Int32($0) * Rules.framesPerSecond }
            let roster = readRoster()
            let grid = readGrid()

            var named: [NamedPlace] = []
            let baseNames = readBaseNames(grid: grid, named: &named)
            let nodeNames = readNodeNames(grid: grid, named: &named)
            let places = readLandmarks(grid: grid, named: &named)
            checkUniqueNames(named)

            guard let grid, grid.isSound, let base1 = grid.bases[0], let base2 = grid.bases[1] else { return nil }

            var nodes: [CaptureNode] = []
            var landmarks: [Landmark] = [
                Landmark(name: baseNames[0], cell: base1.cell, kind: .base(player: 1)),
                Landmark(name: baseNames[1], cell: base2.cell, kind: .base(player: 2)),
            ]
            for (i, letter) in MapLoader.nodeLetters.enumerated() {
                guard let node = grid.nodes[i] else { continue }
                landmarks.append(Landmark(name: nodeNames[i], cell: node.cell, kind: .node(index: nodes.count)))
                nodes.append(CaptureNode(letter: letter, name: nodeNames[i], cell: node.cell))
            }
            for place in places {
                landmarks.append(Landmark(name: place.name, cell: place.cell, kind: .place))
            }
            let map = GameMap(
                name: name ?? "", description: description, width: Int32(grid.width), height: Int32(grid.height),
                terrain: grid.terrain, bases: [base1.cell, base2.cell], nodes: nodes, landmarks: landmarks,
                roster: roster ?? Archetype.defaultRoster, scoreLimit: scoreLimit ?? Rules.defaultScoreLimit,
                timeLimitFrames: timeLimit ?? Rules.defaultTimeLimitFrames, source: text)

            // Everything must be reachable on foot from base 1 (and so from base 2).
            if !map.isReachable(from: base1.cell, to: base2.cell) {
                report("base 2 cannot be reached from base 1", at: base2.position)
            }
            for (i, letter) in MapLoader.nodeLetters.enumerated() {
                guard let node = grid.nodes[i], !map.isReachable(from: base1.cell, to: node.cell) else { continue }
                let label = nodeNames[i] == "node \(letter)" ? "node \(letter)" : "node \(letter) (\(nodeNames[i]))"
                report("\(label) cannot be reached from base 1", at: node.position)
            }
            for place in places where map.isPassable(place.cell) && !map.isReachable(from: base1.cell, to: place.cell) {
                report("landmark '\(place.name)' at \(place.cell) cannot be reached from base 1", at: place.position)
            }
            return map
        }

        private func positionOfNUL() -> Position? {
            guard text.utf8.contains(0) else { return nil }
            for (i, line) in MapSourceIndex.splitLines(text).enumerated() {
                if let column = line.firstIndex(of: "\0").map({ line.distance(from: line.startIndex, to: $0) }) {
                    return Position(line: i + 1, column: column + 1)
                }
            }
            return Analysis.start
        }

        // MARK: Scalars

        private static func typeName(_ type: TOMLType) -> String {
            switch type {
            case .table: return "a table"
            case .array: return "an array"
            case .string: return "a string"
            case .int: return "an integer"
            case .double: return "a float"
            case .bool: return "a boolean"
            case .date: return "a date"
            case .time: return "a time"
            case .dateTime: return "a date-time"
            }
        }

        private mutating func reportType(_ key: String, _ expected: String, _ value: TOMLValueConvertible,
                                         at position: Position) {
            report("'\(key)' must be \(expected), not \(Analysis.typeName(value.type))", at: position)
        }

        private mutating func readName() -> String? {
            guard table["name"] != nil else {
                report("missing required key 'name'", at: Analysis.start)
                return nil
            }
            guard let name = readString("name", maxLength: MapLoader.maxNameLength) else { return nil }
            if let problem = MapLoader.nameProblem(name) {
                report("map name \(problem)", at: position(["name"]))
                return nil
            }
            return name
        }

        private mutating func readString(_ key: String, maxLength: Int) -> String? {
            guard let value = table[key] else { return nil }
            guard let string = value.string else {
                reportType(key, "a string", value, at: position([key]))
                return nil
            }
            if string.count > maxLength {
                report("'\(key)' is \(string.count) characters long; at most \(maxLength) are allowed",
                       at: position([key]))
                return nil
            }
            return string
        }

        private mutating func readInt(_ key: String, range: ClosedRange<Int>) -> Int? {
            guard let value = table[key] else { return nil }
            guard let int = value.int else {
                reportType(key, "an integer", value, at: position([key]))
                return nil
            }
            guard range.contains(int) else {
                report("'\(key)' is \(int); it must be between \(range.lowerBound) and \(range.upperBound)",
                       at: position([key]))
                return nil
            }
            return int
        }

        private mutating func readRoster() -> [Archetype]? {
            guard let value = table["roster"] else { return nil }
            let at = position(["roster"])
            guard let array = value.array else {
                reportType("roster", "an array of archetype names", value, at: at)
                return nil
            }
            var roster: [Archetype] = []
            var sound = true
            let known = Archetype.allCases.map(\.rawValue).joined(separator: ", ")
            for element in array {
                guard let string = element.string else {
                    report("roster entries must be strings, not \(Analysis.typeName(element.type))", at: at)
                    sound = false
                    continue
                }
                guard let archetype = Archetype(rawValue: string) else {
                    let entry = index.entry(["roster"])
                    let where_ = entry.flatMap { index.position(of: "\"\(string)\"", inValueOf: $0)
                        ?? index.position(of: "'\(string)'", inValueOf: $0) } ?? at
                    report("unknown archetype '\(string)' in roster; known archetypes are \(known)", at: where_)
                    sound = false
                    continue
                }
                roster.append(archetype)
            }
            if array.count != Rules.unitsPerPlayer {
                report("roster lists \(array.count) units; it must list exactly \(Rules.unitsPerPlayer)", at: at)
                return nil
            }
            return sound ? roster : nil
        }

        // MARK: Terrain grid

        private mutating func readGrid() -> Grid? {
            guard let value = table["terrain"] else {
                report("missing required key 'terrain'", at: Analysis.start)
                return nil
            }
            let keyPosition = position(["terrain"])
            guard let string = value.string else {
                reportType("terrain", "a string", value, at: keyPosition)
                return nil
            }
            let located = GridLocator(index: index, string: string, keyPosition: keyPosition)
            // Blank lines before and after the grid are layout, not rows.
            var rows = located.rows
            while let last = rows.last, last.cells.isEmpty { rows.removeLast() }
            while let first = rows.first, first.cells.isEmpty { rows.removeFirst() }
            guard let first = rows.first else {
                report("terrain is empty", at: keyPosition)
                return nil
            }
            var grid = Grid()
            grid.width = first.cells.count
            grid.height = rows.count
            let widest = rows.map(\.cells.count).max() ?? 0
            guard grid.height <= MapLoader.maxSide, widest <= MapLoader.maxSide else {
                report("terrain is \(widest)x\(grid.height) cells; maps are at most \(MapLoader.maxSide)x\(MapLoader.maxSide)",
                       at: keyPosition)
                return nil
            }
            grid.terrain = Array(repeating: .rock, count: grid.width * grid.height)
            for (y, row) in rows.enumerated() {
                if row.cells.count != grid.width {
                    let column = min(row.cells.count, grid.width)
                    report("terrain row \(y + 1) (y = \(y)) has \(row.cells.count) cells; the first row has \(grid.width)",
                           at: located.position(row: row, cell: column))
                    grid.isSound = false
                }
                for (x, glyph) in row.cells.enumerated() where x < grid.width {
                    let cell = Cell(x: x, y: y)
                    let at = located.position(row: row, cell: x)
                    if let terrain = Terrain(glyph: glyph) {
                        grid.terrain[y * grid.width + x] = terrain
                        continue
                    }
                    // Bases and nodes stand on open ground.
                    grid.terrain[y * grid.width + x] = .open
                    if glyph == "1" || glyph == "2" {
                        let player = glyph == "1" ? 0 : 1
                        if let earlier = grid.bases[player] {
                            report("base \(glyph) is marked twice; it is already at line \(earlier.position.line), column \(earlier.position.column)",
                                   at: at)
                        } else {
                            grid.bases[player] = (cell, at)
                        }
                    } else if let letter = MapLoader.nodeLetters.firstIndex(of: glyph) {
                        if let earlier = grid.nodes[letter] {
                            report("node \(glyph) is marked twice; it is already at line \(earlier.position.line), column \(earlier.position.column)",
                                   at: at)
                        } else {
                            grid.nodes[letter] = (cell, at)
                        }
                    } else {
                        report("unknown glyph \(MapLoader.describe(glyph)) in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
                               at: at)
                        grid.isSound = false
                    }
                }
            }
            for player in 0..<2 where grid.bases[player] == nil {
                report("missing base \(player + 1); mark it with '\(player + 1)' in the terrain", at: keyPosition)
            }
            let nodeCount = grid.nodes.compactMap { $0 }.count
            if nodeCount < MapLoader.minNodes || nodeCount > MapLoader.maxNodes {
                report("terrain has \(nodeCount) capture node\(nodeCount == 1 ? "" : "s"); a map needs \(MapLoader.minNodes) to \(MapLoader.maxNodes) (letters A to I)",
                       at: keyPosition)
            }
            return grid
        }

        // MARK: Names

        private mutating func readBaseNames(grid: Grid?, named: inout [NamedPlace]) -> [String] {
            var names = ["base 1", "base 2"]
            var given: [Position?] = [nil, nil]
            if let value = table["bases"] {
                if let bases = value.table {
                    for key in bases.keys {
                        let at = position(["bases", key])
                        guard key == "1" || key == "2" else {
                            report("unknown base '\(key)' in [bases]; the bases are 1 and 2", at: at)
                            continue
                        }
                        guard let name = readPlaceName(bases[key], what: "base \(key)", at: at) else { continue }
                        names[Int(key)! - 1] = name
                        given[Int(key)! - 1] = at
                    }
                } else {
                    reportType("bases", "a table", value, at: position(["bases"]))
                }
            }
            for player in 0..<2 {
                if let at = given[player] ?? grid?.bases[player]?.position {
                    named.append(NamedPlace(name: names[player], position: at))
                }
            }
            return names
        }

        private mutating func readNodeNames(grid: Grid?, named: inout [NamedPlace]) -> [String] {
            var names = MapLoader.nodeLetters.map { "node \($0)" }
            var given = [Position?](repeating: nil, count: names.count)
            if let value = table["nodes"] {
                if let nodes = value.table {
                    for key in nodes.keys {
                        let at = position(["nodes", key])
                        guard key.count == 1, let i = MapLoader.nodeLetters.firstIndex(of: Character(key)) else {
                            report("unknown node '\(key)' in [nodes]; nodes are the letters A to I", at: at)
                            continue
                        }
                        if let grid, grid.nodes[i] == nil {
                            report("node \(key) is named but not marked in the terrain", at: at)
                        }
                        guard let name = readPlaceName(nodes[key], what: "node \(key)", at: at) else { continue }
                        names[i] = name
                        given[i] = at
                    }
                } else {
                    reportType("nodes", "a table", value, at: position(["nodes"]))
                }
            }
            for i in names.indices {
                if let at = given[i] ?? grid?.nodes[i]?.position {
                    named.append(NamedPlace(name: names[i], position: at))
                }
            }
            return names
        }

        /// A landmark from `[[landmarks]]`, with where its checks point.
        private struct Place {
            var name: String
            var cell: Cell
            var position: Position
        }

        private mutating func readLandmarks(grid: Grid?, named: inout [NamedPlace]) -> [Place] {
            guard let value = table["landmarks"] else { return [] }
            guard let array = value.array else {
                reportType("landmarks", "an array of tables ([[landmarks]])", value, at: position(["landmarks"]))
                return []
            }
            var places: [Place] = []
            for (k, element) in array.enumerated() {
                let header = index.position(["landmarks"], arrayIndex: k) ?? position(["landmarks"])
                guard let landmark = element.table else {
                    report("each landmark must be a table with name, x and y, not \(Analysis.typeName(element.type))",
                           at: header)
                    continue
                }
                func at(_ key: String) -> Position {
                    index.position(["landmarks", key], arrayIndex: k) ?? header
                }
                for key in landmark.keys where !MapLoader.landmarkKeys.contains(key) {
                    report("unknown key '\(key)' in a landmark; a landmark has name, x and y", at: at(key))
                }
                var name: String?
                if let nameValue = landmark["name"] {
                    name = readPlaceName(nameValue, what: "a landmark", at: at("name"))
                    if let name { named.append(NamedPlace(name: name, position: at("name"))) }
                } else {
                    report("landmark is missing 'name'", at: header)
                }
                var coordinates: [Int] = []
                for key in ["x", "y"] {
                    guard let coordinate = landmark[key] else {
                        report("landmark \(name.map { "'\($0)' " } ?? "")is missing '\(key)'", at: header)
                        continue
                    }
                    guard let int = coordinate.int else {
                        reportType(key, "an integer", coordinate, at: at(key))
                        continue
                    }
                    coordinates.append(int)
                }
                guard let name, coordinates.count == 2, let grid else { continue }
                let (x, y) = (coordinates[0], coordinates[1])
                guard (0..<grid.width).contains(x), (0..<grid.height).contains(y) else {
                    let key = (0..<grid.width).contains(x) ? "y" : "x"
                    report("landmark '\(name)' at (\(x), \(y)) is outside the map (\(grid.width)x\(grid.height); x is 0 to \(grid.width - 1), y is 0 to \(grid.height - 1))",
                           at: at(key))
                    continue
                }
                let cell = Cell(x: x, y: y)
                let terrain = grid.terrain[y * grid.width + x]
                if grid.isSound && !terrain.isPassable {
                    report("landmark '\(name)' at \(cell) is on \(terrain == .water ? "water" : "rock"); landmarks must be on passable ground",
                           at: at("x"))
                }
                places.append(Place(name: name, cell: cell, position: at("x")))
            }
            return places
        }

        private mutating func readPlaceName(_ value: TOMLValueConvertible?, what: String, at: Position) -> String? {
            guard let value else { return nil }
            guard let name = value.string else {
                report("the name of \(what) must be a string, not \(Analysis.typeName(value.type))", at: at)
                return nil
            }
            if let problem = MapLoader.nameProblem(name) {
                report("the name of \(what) \(problem)", at: at)
                return nil
            }
            return name
        }

        /// Commands refer to places by name, so two places may not share one (ignoring case).
        private mutating func checkUniqueNames(_ named: [NamedPlace]) {
            var first: [String: Position] = [:]
            for place in named.sorted(by: { $0.position < $1.position }) {
                let key = MapLoader.nameKey(place.name)
                if let earlier = first[key] {
                    report("duplicate landmark name '\(place.name)'; it is already used at line \(earlier.line)",
                           at: place.position)
                } else {
                    first[key] = place.position
                }
            }
        }
    }

    /// What is wrong with a place name, as the end of a sentence, or nil if it is fine.
    static func nameProblem(_ name: String) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "must not be empty" }
        if name.count > maxNameLength { return "is \(name.count) characters long; at most \(maxNameLength) are allowed" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        if name.first?.isWhitespace == true || name.last?.isWhitespace == true {
            return "must not start or end with a space"
        }
        return nil
    }

    /// The form two names are compared in: lower case, single spaces.
    static func nameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A glyph as an issue message shows it: quoted, or named when it is invisible.
    static func describe(_ glyph: Character) -> String {
        switch glyph {
        case " ": return "' ' (space)"
        case "\t": return "tab"
        default:
            if glyph.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace }) {
                let codes = glyph.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
                return codes.joined(separator: " ")
            }
            return "'\(glyph)'"
        }
    }
}

// MARK: - Grid positions

extension MapLoader {
    /// Splits the terrain string into rows and finds where each row sits in the file.
    ///
    /// A `"""` string that starts with a newline drops it (TOML's rule), so the first
    /// row is on the line after the key. When a row's text is not found verbatim in
    /// the file (escapes, line continuations), its issues point at the terrain key.
    struct GridLocator {
        struct Row {
            var cells: [Character]
            /// Where the row's first cell sits in the file, if the row appears there verbatim.
            var start: MapSourceIndex.Position?
        }

        let rows: [Row]
        let keyPosition: MapSourceIndex.Position

        init(index: MapSourceIndex, string: String, keyPosition: MapSourceIndex.Position) {
            self.keyPosition = keyPosition
            let contentStart = GridLocator.contentStart(index: index)
            var rows: [Row] = []
            for (k, line) in MapSourceIndex.splitLines(string).enumerated() {
                var cells = Array(line)
                // A lone CR at a row end is a line ending, not a cell.
                if cells.last == "\r" { cells.removeLast() }
                var start: MapSourceIndex.Position?
                if let contentStart {
                    let lineNumber = contentStart.line + k
                    let column = k == 0 ? contentStart.column : 1
                    if lineNumber <= index.lines.count {
                        let raw = index.lines[lineNumber - 1]
                        if column - 1 <= raw.count, raw[(column - 1)...].starts(with: cells) {
                            start = MapSourceIndex.Position(line: lineNumber, column: column)
                        }
                    }
                }
                rows.append(Row(cells: cells, start: start))
            }
            self.rows = rows
        }

        /// Where the terrain string's first character sits in the file.
        private static func contentStart(index: MapSourceIndex) -> MapSourceIndex.Position? {
            guard let entry = index.entry(["terrain"]), entry.path == ["terrain"], let value = entry.valueStart,
                  value.line <= index.lines.count else { return nil }
            let raw = index.lines[value.line - 1]
            let open = value.column - 1
            guard open < raw.count else { return nil }
            let quote = raw[open]
            guard quote == "\"" || quote == "'" else { return nil }
            let isMulti = open + 2 < raw.count && raw[open + 1] == quote && raw[open + 2] == quote
            guard isMulti else { return MapSourceIndex.Position(line: value.line, column: open + 2) }
            let after = open + 3
            if after >= raw.count { return MapSourceIndex.Position(line: value.line + 1, column: 1) }
            return MapSourceIndex.Position(line: value.line, column: after + 1)
        }

        /// The file position of a cell of a row (`cell` may be one past the row's end).
        func position(row: Row, cell: Int) -> MapSourceIndex.Position {
            guard let start = row.start else { return keyPosition }
            return MapSourceIndex.Position(line: start.line, column: start.column + cell)
        }
    }
}
