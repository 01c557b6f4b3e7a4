import Foundation
import Testing

/// `fogline play --headless` and `fogline verify`, run as a user runs them: the built
/// binary in its own process.
@Suite("play and verify from the command line")
struct PlayVerifyTests {
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "fogline-cli-\(ProcessInfo.processInfo.processIdentifier)")

    static func scratchFile(_ name: String) -> String {
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return scratch.appendingPathComponent(name).path
    }

    /// The `"hash"` of a summary line.
    static func hash(_ summary: String) -> String? {
        guard let r = summary.range(of: #""hash": "([0-9a-f]{16})""#, options: .regularExpression) else { return nil }
        return String(summary[r].dropFirst(9).dropLast(1))
    }

    static func field(_ name: String, _ summary: String) -> String? {
        guard let r = summary.range(of: "\"\(name)\": ([^,}]+)", options: .regularExpression) else { return nil }
        return String(summary[r].dropFirst(name.count + 4))
    }

    @Test("the same seed gives the same hash in two processes; another seed does not")
    func twoProcesses() async throws {
        let args = ["play", "--headless", "--map", "duel", "--seed", "21", "--frames", "1500"]
        let a = try await FoglineBinary.run(args)
        let b = try await FoglineBinary.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        let ha = try #require(Self.hash(a.stdout))
        #expect(Self.hash(b.stdout) == ha)
        #expect(Self.field("frames", a.stdout) == "1500")
        let c = try await FoglineBinary.run(["play", "--headless", "--map", "duel", "--seed", "22", "--frames", "1500"])
        #expect(Self.hash(c.stdout) != ha)
    }

    /// `map seed frames p1 p2 hash` lines.
    static func goldenCases() throws -> [[String]] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/golden-hashes", withExtension: "txt"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { $0.split(separator: " ").map(String.init) }
    }

    static func checkGolden(binary: String?) async throws {
        let cases = try goldenCases()
        #expect(cases.count >= 4)
        for c in cases {
            let args = ["play", "--headless", "--map", c[0], "--seed", c[1], "--frames", c[2], "--p1", c[3], "--p2", c[4]]
            let out = try await FoglineBinary.run(args, binary: binary)
            #expect(out.status == 0, "\(out.stderr)")
            #expect(Self.hash(out.stdout) == c[5], "\(c.joined(separator: " ")) gave \(out.stdout)")
        }
    }

    @Test("the debug build reproduces the golden hashes")
    func goldenDebug() async throws {
        try await Self.checkGolden(binary: nil)
    }

    static var releaseBinary: String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["FOGLINE_RELEASE_BIN"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let guess = FoglineBinary.packageRoot.appendingPathComponent(".build/release/fogline").path
        return FileManager.default.isExecutableFile(atPath: guess) ? guess : nil
    }

    /// The release binary; without one, a failure when `FOGLINE_REQUIRE_RELEASE=1` (as in
    /// `scripts/test`) and a quiet skip otherwise.
    static func releaseBinaryIfBuilt() -> String? {
        let required = ProcessInfo.processInfo.environment["FOGLINE_REQUIRE_RELEASE"] == "1"
        let release = releaseBinary
        #expect(release != nil || !required, "FOGLINE_REQUIRE_RELEASE=1 but no release binary: run scripts/test")
        return release
    }

    @Test("the release build reproduces the same golden hashes")
    func goldenRelease() async throws {
        guard let release = Self.releaseBinaryIfBuilt() else { return }
        try await Self.checkGolden(binary: release)
    }

    /// Whole bot matches recorded before the simulation was made faster (see the README
    /// beside them): every 30th frame's hash must still come out the same, to the end.
    static func checkRecordedMatches(binary: String?) async throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/matches", withExtension: nil))
        let expected = ["duel-bots-seed1": 25_920, "crossroads-bots-seed1": 24_510, "frontier-bots-seed1": 21_750]
        for (name, frames) in expected.sorted(by: { $0.key < $1.key }) {
            let path = folder.appendingPathComponent("\(name).fogrep").path
            let out = try await FoglineBinary.run(["verify", path], binary: binary)
            #expect(out.status == 0, "\(name): \(out.stderr)")
            #expect(out.stderr.contains("ok, \(frames / 30 + 1) hashes checked over \(frames) frames"), "\(name): \(out.stderr)")
            #expect(Self.field("frames", out.stdout) == "\(frames)", "\(name): \(out.stdout)")
        }
    }

    @Test("the debug build re-simulates the recorded matches to every recorded hash")
    func recordedMatchesDebug() async throws {
        try await Self.checkRecordedMatches(binary: nil)
    }

    @Test("the release build re-simulates the recorded matches to every recorded hash")
    func recordedMatchesRelease() async throws {
        guard let release = Self.releaseBinaryIfBuilt() else { return }
        try await Self.checkRecordedMatches(binary: release)
    }

    @Test("play --from takes over a replay at the frame asked for, and its replay verifies")
    func takeOver() async throws {
        let source = Self.scratchFile("take-over-source-\(UUID().uuidString.prefix(6)).fogrep")
        let base = ["play", "--headless", "--map", "crossroads", "--seed", "4"]
        let recorded = try await FoglineBinary.run(base + ["--frames", "2000", "--record", source])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        // The same match to frame 900 has the world the take-over must start from.
        let upTo = try await FoglineBinary.run(base + ["--frames", "900"])
        let expected = try #require(Self.hash(upTo.stdout))
        for spec in ["\(source)@900", "\(source)@0:30"] {
            let taken = Self.scratchFile("take-over-\(UUID().uuidString.prefix(6)).fogrep")
            let run = try await FoglineBinary.run([
                "play", "--headless", "--from", spec, "--p2", "bot:easy", "--frames", "1500", "--record", taken,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("at frame 900, hash \(expected)"), "\(spec): \(run.stderr)")
            #expect(Self.field("frames", run.stdout) == "1500")
            let verify = try await FoglineBinary.run(["verify", taken])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stderr.contains("taken over at frame 900"), "\(verify.stderr)")
            #expect(Self.hash(verify.stdout) == Self.hash(run.stdout))
        }
        let beyond = try await FoglineBinary.run(["play", "--headless", "--from", "\(source)@9000"])
        #expect(beyond.status != 0)
        #expect(beyond.stderr.contains("holds frames 0 to 2000"), "\(beyond.stderr)")
    }

    @Test("a recorded replay verifies to the hash the match ended on")
    func recordThenVerify() async throws {
        let path = Self.scratchFile("record.fogrep")
        let play = try await FoglineBinary.run([
            "play", "--headless", "--map", "crossroads", "--seed", "5", "--frames", "2000", "--record", path,
        ])
        #expect(play.status == 0, "\(play.stderr)")
        let verify = try await FoglineBinary.run(["verify", path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(Self.hash(verify.stdout) == Self.hash(play.stdout))
        #expect(Self.field("frames", verify.stdout) == "2000")
        #expect(verify.stderr.contains("ok"))
    }

    @Test("a finished match verifies with its result")
    func finishedMatch() async throws {
        // Its own name: ReplayCommandTests records a "finished.fogrep" in the same folder at the same time.
        let path = Self.scratchFile("verify-finished-\(UUID().uuidString.prefix(6)).fogrep")
        // A low score limit ends the match in a few thousand frames.
        let mapPath = try FoglineBinary.shortDuel(scoreLimit: 40)
        let play = try await FoglineBinary.run(["play", "--headless", "--map", mapPath, "--seed", "3", "--record", path])
        #expect(play.status == 0, "\(play.stderr)")
        #expect(Self.field("ended", play.stdout) == "true")
        let verify = try await FoglineBinary.run(["verify", path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout == play.stdout)
    }

    @Test("scripted sides play their commands and verify")
    func scriptSides() async throws {
        let script = Self.scratchFile("cmds.txt")
        try """
            # scouts to the map centre, tanks hold facing east
            0: {"orders": [{"units": [1, 2], "action": "move", "target": {"kind": "point", "x": 24, "y": 12}, "facing": null, "queued": false}]}
            30: {"orders": [{"units": [3, 4], "action": "hold", "target": null, "facing": "east", "queued": false}]}
            90: {"orders": [{"units": [9], "action": "mine", "target": null, "facing": null, "queued": false}]}
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let path = Self.scratchFile("script.fogrep")
        let play = try await FoglineBinary.run([
            "play", "--headless", "--p1", "script:\(script)", "--p2", "bot:easy", "--map", "duel", "--seed", "4",
            "--frames", "600", "--record", path,
        ])
        #expect(play.status == 0, "\(play.stderr)")
        #expect(play.stdout.contains("\"players\": [\"script\", \"bot:easy\"]"))
        let verify = try await FoglineBinary.run(["verify", path])
        #expect(verify.status == 0)
        #expect(Self.hash(verify.stdout) == Self.hash(play.stdout))
        // Same script, other process: same hash.
        let again = try await FoglineBinary.run([
            "play", "--headless", "--p1", "script:\(script)", "--p2", "bot:easy", "--map", "duel", "--seed", "4",
            "--frames", "600",
        ])
        #expect(Self.hash(again.stdout) == Self.hash(play.stdout))
    }

    @Test("bad input gets a one-line error and a non-zero exit, never a trace")
    func badInput() async throws {
        let unknownMap = try await FoglineBinary.run(["play", "--headless", "--map", "atlantis", "--frames", "10"])
        #expect(unknownMap.status != 0)
        #expect(unknownMap.stderr.contains("duel") && unknownMap.stderr.contains("frontier"), "lists known maps")

        let badSeed = try await FoglineBinary.run(["play", "--headless", "--seed", "abc"])
        #expect(badSeed.status != 0)
        #expect(badSeed.stderr.contains("--seed"))

        let badFrames = try await FoglineBinary.run(["play", "--headless", "--frames", "-3"])
        #expect(badFrames.status != 0)
        #expect(badFrames.stderr.contains("--frames"))

        let missingReplay = try await FoglineBinary.run(["verify", Self.scratchFile("nope.fogrep")])
        #expect(missingReplay.status == 1)
        #expect(missingReplay.stderr.split(separator: "\n").count == 1, "\(missingReplay.stderr)")

        let missingScript = try await FoglineBinary.run(["play", "--headless", "--p1", "script:/no/such/file", "--frames", "5"])
        #expect(missingScript.status == 1)
        #expect(missingScript.stderr.contains("/no/such/file"))
        #expect(missingScript.stderr.split(separator: "\n").count == 1)

        let broken = Self.scratchFile("broken.txt")
        try "10: {\"orders\": [{\"units\": [12], \"action\": \"move\"}]}\n".write(
            toFile: broken, atomically: true, encoding: .utf8)
        let badScript = try await FoglineBinary.run(["play", "--headless", "--p1", "script:\(broken)", "--frames", "5"])
        #expect(badScript.status == 1)
        #expect(badScript.stderr.contains("broken.txt:1:"), "\(badScript.stderr)")

        for out in [unknownMap, missingReplay, missingScript, badScript] {
            #expect(!out.stderr.contains("Fatal error") && !out.stderr.contains("Backtrace"))
        }
    }
}
