import Foundation
import Testing

@testable import FoglineSim

/// The map file format: what loads, and where each problem is reported.
@Suite("Map loader")
struct MapLoaderTests {
    /// The text of a fixture in `Fixtures/maps/`.
    static func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "toml", subdirectory: "Fixtures/maps"),
            "missing fixture \(name).toml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The issues of a fixture as printed, with the file named `NAME.toml`.
    static func issues(_ name: String) throws -> [String] {
        MapLoader.check(text: try fixture(name), file: "\(name).toml").map(\.description)
    }

    /// The repository root, three levels above this file.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: - Broken maps

    /// A broken fixture and every line `check` must print for it, in order.
    struct BrokenCase: Sendable, CustomTestStringConvertible {
        var fixture: String
        var expected: [String]
        var testDescription: String { fixture }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase(fixture: "syntax-error", expected: [
            "syntax-error.toml:2:38: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited",
        ]),
        BrokenCase(fixture: "parser-trap", expected: [
            "parser-trap.toml:3:28: expected a value or ']' in the array, saw '}'",
        ]),
        BrokenCase(fixture: "unknown-glyph", expected: [
            "unknown-glyph.toml:4:8: unknown glyph 'x' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
            "unknown-glyph.toml:5:5: unknown glyph 'J' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
        ]),
        BrokenCase(fixture: "ragged", expected: [
            "ragged.toml:5:14: terrain row 3 (y = 2) has 13 cells; the first row has 15",
            "ragged.toml:6:16: terrain row 4 (y = 3) has 17 cells; the first row has 15",
        ]),
        BrokenCase(fixture: "missing-base", expected: [
            "missing-base.toml:3:3: missing base 2; mark it with '2' in the terrain",
        ]),
        BrokenCase(fixture: "duplicate-marks", expected: [
            "duplicate-marks.toml:5:3: base 1 is marked twice; it is already at line 3, column 2",
            "duplicate-marks.toml:5:9: node A is marked twice; it is already at line 4, column 5",
        ]),
        BrokenCase(fixture: "too-few-nodes", expected: [
            "too-few-nodes.toml:2:1: terrain has 2 capture nodes; a map needs 3 to 9 (letters A to I)",
        ]),
        BrokenCase(fixture: "unreachable", expected: [
            "unreachable.toml:4:14: base 2 cannot be reached from base 1",
            "unreachable.toml:5:8: node C cannot be reached from base 1",
            "unreachable.toml:6:13: node B cannot be reached from base 1",
            "unreachable.toml:12:1: landmark 'the island' at (11, 0) cannot be reached from base 1",
        ]),
        BrokenCase(fixture: "duplicate-names", expected: [
            "duplicate-names.toml:10:1: duplicate landmark name 'The Camp'; it is already used at line 9",
            "duplicate-names.toml:14:1: duplicate landmark name 'node C'; it is already used at line 4",
            "duplicate-names.toml:17:1: duplicate landmark name 'old  mill'; it is already used at line 13",
        ]),
        BrokenCase(fixture: "bad-landmarks", expected: [
            "bad-landmarks.toml:10:1: landmark 'far away' at (15, 1) is outside the map (15x3; x is 0 to 14, y is 0 to 2)",
            "bad-landmarks.toml:15:1: landmark 'the rock' at (7, 1) is on rock; landmarks must be on passable ground",
            "bad-landmarks.toml:20:1: landmark 'the pond' at (13, 2) is on water; landmarks must be on passable ground",
            "bad-landmarks.toml:23:1: landmark 'no y' is missing 'y'",
            "bad-landmarks.toml:29:1: 'x' must be an integer, not a string",
            "bad-landmarks.toml:31:1: unknown key 'height' in a landmark; a landmark has name, x and y",
            "bad-landmarks.toml:34:1: the name of a landmark must not be empty",
        ]),
        BrokenCase(fixture: "bad-keys", expected: [
            "bad-keys.toml:1:1: 'name' must be a string, not an integer",
            "bad-keys.toml:3:1: 'score_limit' must be an integer, not a string",
            "bad-keys.toml:4:1: 'time_limit_seconds' is 0; it must be between 1 and 86400",
            "bad-keys.toml:5:1: roster lists 4 units; it must list exactly 10",
            "bad-keys.toml:5:28: unknown archetype 'wizard' in roster; known archetypes are scout, tank, sniper, medic, engineer",
            "bad-keys.toml:6:1: unknown key 'colour'; known keys are name, description, score_limit, time_limit_seconds, roster, terrain, bases, nodes, landmarks",
            "bad-keys.toml:14:1: unknown base '3' in [bases]; the bases are 1 and 2",
            "bad-keys.toml:17:1: unknown node 'J' in [nodes]; nodes are the letters A to I",
            "bad-keys.toml:18:1: the name of node B must be a string, not an integer",
        ]),
        BrokenCase(fixture: "no-terrain", expected: [
            "no-terrain.toml:1:1: missing required key 'name'",
            "no-terrain.toml:1:1: missing required key 'terrain'",
        ]),
    ]

    @Test("each problem is reported at its line and column", arguments: brokenCases)
    func brokenFixture(_ broken: BrokenCase) throws {
        #expect(try MapLoaderTests.issues(broken.fixture) == broken.expected)
    }

    @Test func parseThrowsEveryIssue() throws {
        let text = try MapLoaderTests.fixture("unreachable")
        let error = try #require(throws: MapLoadError.self) { try MapLoader.parse(text: text, file: "u.toml") }
        #expect(error.issues.count == 4)
        #expect(error.description == error.issues.map(\.description).joined(separator: "\n"))
        #expect(error.issues.first?.description == "u.toml:4:14: base 2 cannot be reached from base 1")
    }

    // MARK: - Good maps

    @Test func goodMapComesOutWhole() throws {
        let text = try MapLoaderTests.fixture("good")
        let map = try MapLoader.parse(text: text, file: "good.toml")
        #expect(map.name == "Test Valley")
        #expect(map.description == "Small and complete.")
        #expect(map.width == 20 && map.height == 7)
        #expect(map.scoreLimit == 900)
        #expect(map.timeLimitFrames == 600 * 30)
        #expect(map.roster == [.tank, .tank, .scout, .scout, .sniper, .sniper, .medic, .medic, .engineer, .engineer])
        #expect(map.source == text)
        #expect(map.bases == [Cell(1, 1), Cell(17, 3)])
        #expect(map.nodes == [
            CaptureNode(letter: "A", name: "old mill", cell: Cell(2, 3)),
            CaptureNode(letter: "B", name: "node B", cell: Cell(16, 1)),
            CaptureNode(letter: "C", name: "the quarry", cell: Cell(16, 5)),
        ])
        #expect(map.landmarks == [
            Landmark(name: "west camp", cell: Cell(1, 1), kind: .base(player: 1)),
            Landmark(name: "east camp", cell: Cell(17, 3), kind: .base(player: 2)),
            Landmark(name: "old mill", cell: Cell(2, 3), kind: .node(index: 0)),
            Landmark(name: "node B", cell: Cell(16, 1), kind: .node(index: 1)),
            Landmark(name: "the quarry", cell: Cell(16, 5), kind: .node(index: 2)),
            Landmark(name: "the bridge", cell: Cell(10, 3), kind: .place),
            Landmark(name: "the woods", cell: Cell(6, 2), kind: .place),
        ])
        #expect(map.baseName(of: 2) == "east camp")
        // Glyphs become terrain; bases and nodes stand on open ground.
        #expect(map.terrain(at: Cell(10, 0)) == .water)
        #expect(map.terrain(at: Cell(10, 3)) == .bridge)
        #expect(map.terrain(at: Cell(6, 1)) == .forest)
        #expect(map.terrain(at: Cell(8, 5)) == .road)
        #expect(map.terrain(at: Cell(1, 1)) == .open)
        #expect(map.terrain(at: Cell(16, 5)) == .open)
        #expect(map.isReachable(from: map.bases[0], to: map.bases[1]))
    }

    @Test func defaultsFillWhatIsLeftOut() throws {
        let text = """
            name = "Bare"
            terrain = '''
            1.A.B.C.2
            '''
            """
        let map = try MapLoader.parse(text: text, file: "bare.toml")
        #expect(map.roster == Archetype.defaultRoster)
        #expect(map.scoreLimit == Rules.defaultScoreLimit)
        #expect(map.timeLimitFrames == Rules.defaultTimeLimitFrames)
        #expect(map.description == "")
        #expect(map.landmarks.map(\.name) == ["base 1", "base 2", "node A", "node B", "node C"])
        #expect(map.width == 9 && map.height == 1)
    }

    // MARK: - Positions in unusual layouts

    @Test func gridOnTheKeyLineKeepsItsColumns() {
        // No newline after the opening quotes: the first row starts right after them.
        let text = """
            name = "Inline"
            terrain = \"\"\"1.A.x.B.C.2
            ..........?
            \"\"\"
            """
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:2:18: unknown glyph 'x' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
            "m:3:11: unknown glyph '?' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
        ])
    }

    @Test func escapedGridFallsBackToTheKey() {
        // Rows built from escapes are not in the file verbatim: point at the key.
        let text = #"""
            name = "Escaped"
            terrain = "1.A.B.C.2\n..x......"
            """#
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:2:1: unknown glyph 'x' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
        ])
    }

    @Test func crlfLineEndingsKeepPositions() {
        let text = "name = \"Windows\"\r\nterrain = \"\"\"\r\n1.A.B.C.2\r\n..x......\r\n\"\"\"\r\n"
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:4:3: unknown glyph 'x' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes",
        ])
    }

    @Test func dottedKeysAndQuotedKeysAreFound() {
        let text = """
            name = "Dotted"
            bases."1" = "camp"
            nodes.A = "camp"
            terrain = '''
            1.A.B.C.2
            '''
            """
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:3:1: duplicate landmark name 'camp'; it is already used at line 2",
        ])
    }

    // MARK: - Bounds and bad bytes

    @Test func oversizedTextIsRefused() {
        let text = "name = \"Huge\"\n# " + String(repeating: "x", count: MapLoader.maxFileBytes) + "\n"
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:1:1: map file is \(text.utf8.count) bytes; maps are limited to 1048576 bytes (1 MiB)",
        ])
    }

    @Test func oversizedGridIsRefused() {
        let row = "1.A.B.C.2" + String(repeating: ".", count: 248)
        let text = "name = \"Wide\"\nterrain = '''\n\(row)\n'''\n"
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == [
            "m:2:1: terrain is 257x1 cells; maps are at most 256x256",
        ])
    }

    @Test func emptyTerrainIsReported() {
        let text = "name = \"Empty\"\nterrain = \"\"\"\n\n\"\"\"\n"
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == ["m:2:1: terrain is empty"])
    }

    @Test func nulCharacterIsReportedWhereItIs() {
        let text = "name = \"N\"\nterrain = '''\n1.A\u{0}B.C.2\n'''\n"
        #expect(MapLoader.check(text: text, file: "m").map(\.description) == ["m:3:4: NUL character in map file"])
    }

    @Test func unreadableFileIsOneIssue() throws {
        let missing = "/nonexistent/fogline/nowhere.toml"
        #expect(MapLoader.check(path: missing).map(\.description) == [
            "\(missing):1:1: cannot read map file: No such file or directory",
        ])
        #expect(throws: MapLoadError.self) { try MapLoader.load(path: missing) }
        let directory = NSTemporaryDirectory()
        #expect(MapLoader.check(path: directory).map(\.description) == [
            "\(directory):1:1: cannot read map file: not a regular file",
        ])
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        let path = NSTemporaryDirectory() + "fogline-bad-utf8-\(UUID().uuidString).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("name = \"ok\"\nterrain = \"".utf8)
        bytes += [0xC3, 0x28]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(MapLoader.check(path: path).map(\.description) == ["\(path):2:12: map file is not valid UTF-8"])
    }

    @Test func loadReadsAFile() throws {
        let url = try #require(Bundle.module.url(forResource: "good", withExtension: "toml", subdirectory: "Fixtures/maps"))
        let map = try MapLoader.load(path: url.path)
        #expect(map.name == "Test Valley")
        #expect(MapLoader.check(path: url.path).isEmpty)
    }

    /// Thousands of damaged copies of a good map: every one must come back as issues or a map, never a crash.
    @Test func damagedInputNeverCrashes() throws {
        let good = Array(try MapLoaderTests.fixture("good").unicodeScalars)
        let alphabet = Array("=\"'[]{}#.~T+12ABCIJ\n\\ x0é\u{0}".unicodeScalars)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<1500 {
            var scalars = good
            for _ in 0...next(4) {
                let at = next(scalars.count)
                switch next(3) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(alphabet[next(alphabet.count)], at: at)
                default: scalars[at] = alphabet[next(alphabet.count)]
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let issues = MapLoader.check(text: text, file: "f")
            #expect(issues.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
            #expect(issues == issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
    }

    // MARK: - Text the TOML parser must not see

    /// Valid TOML of every shape the guard follows: it must let all of it through.
    @Test func guardPassesValidTOML() throws {
        let documents = [
            """
            a = 1
            b = -0.5e+3
            c = 0x1F
            d = 0o17
            e = 0b101
            f = 1_000
            g = +inf
            h = nan
            i = true
            """,
            """
            a = 1979-05-27
            b = 07:32:00
            c = 07:32:00.999
            d = 1979-05-27T07:32:00Z
            e = 1979-05-27 07:32:00-07:00
            """,
            """
            a = [1, 2, [3, 4], { x = 1, y = [5] }, ]
            b = [
              1, # one
              2,
            ]
            c = {}
            d = []
            """,
            """
            [t]
            "quoted key" = 'v'
            dotted.key = "a = b # c"
            [[arr]]
            x = 1
            [[arr]]
            x = 2
            [ t2 . "s" ]
            y = 'z'
            """,
            #"""
            s = """
            multi [ } ,
            line"""
            l = '''
            [1, }
            '''
            t = { a.b = "}", c = [ { d = 1 } ] }
            e = "escaped \" quote, then } and ]"
            """#,
            try MapLoaderTests.fixture("good"),
        ]
        for document in documents {
            let lines = MapSourceIndex.splitLines(document).map { Array($0) }
            #expect(MapTOMLGuard.firstProblem(in: lines) == nil, "\(document)")
            // toml++ parses it too: what is left are map problems (unknown keys), not syntax.
            let issues = MapLoader.check(text: document, file: "m")
            #expect(issues.allSatisfy { $0.message.hasPrefix("unknown key") || $0.message.hasPrefix("missing") })
        }
    }

    /// Each of these once aborted the test process inside toml++.
    @Test(arguments: [
        ("r = [1, }", "1:9: expected a value or ']' in the array, saw '}'"),
        ("[énodes]", "1:2: expected a key in the table header, saw 'é'"),
        ("[#x]\na = 1", "1:2: expected a key in the table header, saw '#'"),
        ("[[\n]]", "1:3: expected a key in the table header, saw the end of the line"),
        ("x = 1979-05-27 6\n", "1:5: invalid value '1979-05-27 6'"),
        ("x = 1979-05-27true+07:32:00", "1:5: invalid value '1979-05-27true+07:32:00'"),
        ("t = { a = 1, b = 07:xx }", "1:18: invalid value '07:xx'"),
    ])
    func guardStopsParserTraps(text: String, expected: String) {
        #expect(MapLoader.check(text: text, file: "m").first?.description == "m:" + expected)
    }

    // MARK: - Shipped maps

    /// Every `.toml` file in the repository's `maps/` directory.
    static func shippedMaps() throws -> [URL] {
        let directory = repositoryRoot.appendingPathComponent("maps")
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyShippedMapPassesTheChecker() throws {
        let maps = try MapLoaderTests.shippedMaps()
        #expect(maps.map(\.lastPathComponent) == ["crossroads.toml", "duel.toml", "frontier.toml"])
        for url in maps {
            #expect(MapLoader.check(path: url.path).map(\.description) == [], "\(url.lastPathComponent)")
        }
    }

    @Test("shipped maps have the promised size, nodes and layout", arguments: [
        ("duel", 40...56, 20...28, 3...5),
        ("crossroads", 70...90, 34...46, 9...9),
        ("frontier", 110...140, 56...72, 5...7),
    ])
    func shippedMapShape(name: String, widths: ClosedRange<Int32>, heights: ClosedRange<Int32>, nodes: ClosedRange<Int>)
        throws
    {
        let path = MapLoaderTests.repositoryRoot.appendingPathComponent("maps/\(name).toml").path
        let map = try MapLoader.load(path: path)
        #expect(widths.contains(map.width) && heights.contains(map.height))
        #expect(nodes.contains(map.nodes.count))
        // Player 1 starts west, player 2 east.
        #expect(map.bases[0].x < map.width / 4 && map.bases[1].x > map.width * 3 / 4)
        #expect(map.landmarks.filter { $0.kind == .place }.count >= 6)
        // Mirror-symmetric east to west, so neither side has better ground.
        for y in 0..<map.height {
            for x in 0..<map.width {
                let mirrored = Cell(map.width - 1 - x, y)
                #expect(map.terrain(at: Cell(x, y)) == map.terrain(at: mirrored), "\(name) at (\(x), \(y))")
            }
        }
        #expect(map.bases[1] == Cell(map.width - 1 - map.bases[0].x, map.bases[0].y))
        let nodeCells = Set(map.nodes.map(\.cell))
        #expect(Set(nodeCells.map { Cell(map.width - 1 - $0.x, $0.y) }) == nodeCells)
        // The map has all the kinds of ground the game knows.
        #expect(Set(map.terrain).count >= 5)
    }
}

// MARK: - Finding maps

extension MapLoaderTests {
    /// `MapCatalog`: search order, names and the error for an unknown name.
    @Suite("Map catalog")
    struct Catalog {
        /// A fresh directory holding the given files, each a copy of the good fixture.
        static func directory(with files: [String]) throws -> String {
            let path = NSTemporaryDirectory() + "fogline-catalog-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let text = try MapLoaderTests.fixture("good")
            for file in files {
                try text.write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
            }
            return path
        }

        @Test func searchOrderPutsTheEnvironmentFirst() throws {
            let first = try Catalog.directory(with: ["alpha.toml"])
            let second = try Catalog.directory(with: ["beta.toml"])
            let cwd = try Catalog.directory(with: [])
            defer { for d in [first, second, cwd] { try? FileManager.default.removeItem(atPath: d) } }
            try FileManager.default.createDirectory(atPath: cwd + "/maps", withIntermediateDirectories: true)
            let directories = MapCatalog.searchDirectories(
                environment: ["FOGLINE_MAPS": "\(first):/does/not/exist:\(second)"], currentDirectory: cwd,
                executablePath: nil)
            #expect(Array(directories.prefix(3)) == [first, second, cwd + "/maps"])
        }

        @Test func findsTheRepositoryMapsFromTheExecutable() throws {
            let executable = MapLoaderTests.repositoryRoot.appendingPathComponent(".build/x/debug/fogline").path
            let directories = MapCatalog.searchDirectories(
                environment: [:], currentDirectory: "/", executablePath: executable)
            #expect(directories.contains(MapLoaderTests.repositoryRoot.appendingPathComponent("maps").path))
        }

        @Test func namesMatchTheStemIgnoringCase() throws {
            let first = try Catalog.directory(with: ["Alpha.toml", "beta.toml", "notes.txt"])
            let second = try Catalog.directory(with: ["alpha.toml", "gamma.toml"])
            defer { for d in [first, second] { try? FileManager.default.removeItem(atPath: d) } }
            let all = MapCatalog.all(directories: [first, second], builtIn: false)
            #expect(all.map(\.name) == ["Alpha", "beta", "gamma"])
            #expect(all[0].path == first + "/Alpha.toml")
            #expect(try MapCatalog.path(for: "ALPHA", directories: [first, second]) == first + "/Alpha.toml")
            #expect(try MapCatalog.path(for: "gamma.toml", directories: [first, second]) == second + "/gamma.toml")
            // An existing path is taken as it is.
            #expect(try MapCatalog.path(for: second + "/alpha.toml", directories: [first]) == second + "/alpha.toml")
            let error = try #require(throws: MapCatalogError.self) {
                try MapCatalog.path(for: "delta", directories: [first, second], builtIn: false)
            }
            #expect(error.description == "no map named 'delta'; known maps: Alpha, beta, gamma (searched \(first), \(second), then the built-in maps)")
        }

        @Test("the shipped maps are built in, exactly as in maps/, and a folder's map of the same name wins")
        func builtIn() throws {
            let root = MapLoaderTests.repositoryRoot.appendingPathComponent("maps").path
            let shipped = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".toml") }.sorted()
            #expect(BuiltInData.maps.map { $0.name + ".toml" } == shipped)
            for (name, text) in BuiltInData.maps {
                #expect(text == (try String(contentsOfFile: root + "/" + name + ".toml", encoding: .utf8)), "\(name)")
            }
            // With no folder at all, every shipped map is found and loads from the binary.
            let none = MapCatalog.all(directories: [])
            #expect(none.map(\.name) == shipped.map { String($0.dropLast(5)) })
            for entry in none {
                #expect(entry.path == "(built in)/\(entry.name).toml")
                let map = try MapLoader.load(path: try MapCatalog.path(for: entry.name, directories: []))
                #expect(map.source == BuiltInData.map(named: entry.name))
            }
            // A folder's duel comes first.
            let folder = try Catalog.directory(with: ["duel.toml"])
            defer { try? FileManager.default.removeItem(atPath: folder) }
            #expect(try MapCatalog.path(for: "duel", directories: [folder]) == folder + "/duel.toml")
            #expect(MapLoader.check(path: "(built in)/nosuch.toml").first?.message == "there is no built-in map nosuch")
        }
    }
}
