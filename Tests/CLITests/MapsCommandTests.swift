import Foundation
import Testing

/// `fogline maps`, run as a real process: the table, `--check`, and exit codes.
@Suite("fogline maps")
struct MapsCommandTests {
    /// The path of a CLI fixture, e.g. `maps/tiny.toml`.
    static func fixture(_ relative: String) throws -> String {
        let root = try #require(Bundle.module.resourceURL, "no resource bundle")
        let path = root.appendingPathComponent("Fixtures/\(relative)").path
        try #require(FileManager.default.fileExists(atPath: path), "missing fixture \(relative)")
        return path
    }

    /// An empty scratch directory, so `./maps` of the test's own directory cannot leak in.
    static func emptyDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "fogline-maps-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func checkGoodFilePrintsOk() async throws {
        let tiny = try MapsCommandTests.fixture("maps/tiny.toml")
        let run = try await FoglineBinary.run(["maps", "--check", tiny])
        #expect(run.status == 0)
        #expect(run.stdout == "\(tiny): ok\n")
        #expect(run.stderr == "")
    }

    @Test func checkBrokenFilePrintsEveryIssueAndFails() async throws {
        let broken = try MapsCommandTests.fixture("broken-maps/broken.toml")
        let run = try await FoglineBinary.run(["maps", "--check", broken])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(broken):3:1: missing base 2; mark it with '2' in the terrain
            \(broken):5:14: unknown glyph 'x' in terrain; use . # ~ T = + for ground, 1 and 2 for bases, A to I for nodes
            \(broken):10:1: node D is named but not marked in the terrain

            """)
    }

    @Test func checkSeveralFilesReportsEachAndFailsIfAnyFails() async throws {
        let tiny = try MapsCommandTests.fixture("maps/tiny.toml")
        let broken = try MapsCommandTests.fixture("broken-maps/broken.toml")
        let directory = try MapsCommandTests.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Relative paths are reported as typed.
        let run = try await FoglineBinary.run(
            ["maps", "--check", "tiny.toml", broken, "missing.toml"], currentDirectory: directory)
        #expect(run.status == 1)
        #expect(run.stdout == "")
        try FileManager.default.copyItem(atPath: tiny, toPath: directory + "/tiny.toml")
        let again = try await FoglineBinary.run(
            ["maps", "--check", "tiny.toml", broken, "missing.toml"], currentDirectory: directory)
        #expect(again.status == 1)
        #expect(again.stdout == "tiny.toml: ok\n")
        let lines = again.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.filter { $0.hasPrefix(broken + ":") }.count == 3)
        #expect(lines.last == "missing.toml:1:1: cannot read map file: No such file or directory")
    }

    @Test func checkTakesMapNames() async throws {
        let directory = try MapsCommandTests.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let env = ["FOGLINE_MAPS": try MapsCommandTests.fixture("maps")]
        let run = try await FoglineBinary.run(["maps", "--check", "TINY", "duel"], environment: env, currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "TINY: ok\nduel: ok\n")
        let unknown = try await FoglineBinary.run(["maps", "--check", "atlantis"], environment: env, currentDirectory: directory)
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr.hasPrefix("atlantis:1:1: no map named 'atlantis'; known maps: crossroads, duel, frontier, tiny (searched \(env["FOGLINE_MAPS"]!), "),
            "\(unknown.stderr)")
        #expect(unknown.stderr.hasSuffix(", then the built-in maps)\n"), "\(unknown.stderr)")
    }

    @Test func checkWithoutFilesChecksEveryMap() async throws {
        let directory = try MapsCommandTests.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try await FoglineBinary.run(
            ["maps", "--check"], environment: ["FOGLINE_MAPS": try MapsCommandTests.fixture("maps")],
            currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let checked = run.stdout.split(separator: "\n").map { (String($0) as NSString).lastPathComponent }
        #expect(checked == ["crossroads.toml: ok", "duel.toml: ok", "frontier.toml: ok", "tiny.toml: ok"])
    }

    @Test func listShowsAnAlignedTable() async throws {
        let directory = try MapsCommandTests.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The fixture directory comes first; the shipped maps are found next to the binary.
        let run = try await FoglineBinary.run(
            ["maps"], environment: ["FOGLINE_MAPS": try MapsCommandTests.fixture("maps")], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 5, "\(run.stdout)")
        let fixtures = try MapsCommandTests.fixture("maps")
        #expect(lines[0].hasPrefix("NAME        SIZE    NODES  FROM ") && lines[0].hasSuffix("  LANDMARKS"), "\(lines[0])")
        #expect(lines[1].hasPrefix("crossroads  81x40   9      "))
        #expect(lines[2].hasPrefix("duel        49x24   3      "))
        #expect(lines[3].hasPrefix("frontier    129x64  7      "))
        #expect(lines[4].hasPrefix("tiny        15x3    3      \(fixtures)/tiny.toml  ") && lines[4].hasSuffix("  the plank, the bank"))
        #expect(lines[2].contains("north ridge"))
    }

    @Test func listFailsOnABrokenMap() async throws {
        let directory = try MapsCommandTests.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = try MapsCommandTests.fixture("broken-maps")
        let run = try await FoglineBinary.run(["maps"], environment: ["FOGLINE_MAPS": broken], currentDirectory: directory)
        #expect(run.status == 1)
        let row = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("broken ") }, "\(run.stdout)")
        #expect(row.hasPrefix("broken      -       -      \(broken)/broken.toml  "), "\(row)")
        #expect(row.hasSuffix("  invalid: run fogline maps --check \(broken)/broken.toml"), "\(row)")
    }

    @Test func filesWithoutCheckAreAUsageError() async throws {
        let run = try await FoglineBinary.run(["maps", "duel.toml"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--check"))
    }

    @Test("the binary copied out of the tree, no maps or keymaps anywhere: it plays a match on each built-in map")
    func worksFromAnywhere() async throws {
        let directory = try Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/fogline"
        // Copied by cp, not by this process: a write descriptor of ours could leak into a
        // child another test forks meanwhile, and the copy would be "text file busy".
        let cp = try ChildProcess(argv: ["/bin/cp", FoglineBinary.path, copy], outputIn: directory, name: ["cp"])
        #expect(try await cp.wait(timeout: .seconds(30)) == 0)
        let nowhere = directory + "/nowhere"
        let environment = [
            "FOGLINE_MAPS": nowhere, "FOGLINE_KEYMAPS": nowhere, "HOME": directory, "XDG_DATA_HOME": directory,
            "XDG_STATE_HOME": directory, "XDG_CONFIG_HOME": directory,
        ]
        let listed = try await FoglineBinary.run(["maps"], binary: copy, environment: environment, currentDirectory: directory)
        #expect(listed.status == 0, "\(listed.stderr)")
        for map in ["crossroads", "duel", "frontier"] {
            #expect(listed.stdout.contains(map) && listed.stdout.contains("(built in)/\(map).toml"), "\(listed.stdout)")
            let run = try await FoglineBinary.run(
                ["play", "--headless", "--p1", "bot", "--p2", "bot", "--map", map, "--frames", "300", "--record", "\(map).fogrep"],
                binary: copy, environment: environment, currentDirectory: directory)
            #expect(run.status == 0, "\(map): \(run.stderr)")
            #expect(run.stdout.contains("\"frames\": 300"), "\(map): \(run.stdout)")
        }
        // A name that is nowhere: the message names every folder looked in, the missing ones marked.
        let missing = try await FoglineBinary.run(
            ["play", "--headless", "--p1", "bot", "--p2", "bot", "--map", "atlantis"], binary: copy, environment: environment,
            currentDirectory: directory)
        #expect(missing.status != 0)
        for place in ["\(nowhere) (missing)", "\(directory)/maps (missing)", "/usr/share/fogline/maps", "built-in maps"] {
            #expect(missing.stderr.contains(place), "\(missing.stderr)")
        }
    }
}
