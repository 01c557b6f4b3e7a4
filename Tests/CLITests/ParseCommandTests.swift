import Foundation
import Testing

/// `fogline parse` as a user runs it.
@Suite("fogline parse")
struct ParseCommandTests {
    @Test("an understood command prints canonical JSON and exits 0")
    func understood() async throws {
        let out = try await FoglineBinary.run(["parse", "--map", "duel", "snipers hold the quarry facing north"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(
            out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"orders": [{"units": [5, 6], "action": "hold", "target": {"kind": "landmark", "name": "the quarry"}, "facing": "north", "queued": false}]}"#
        )
    }

    @Test("a refused command prints the error JSON with suggestions and exits 1")
    func refused() async throws {
        let out = try await FoglineBinary.run(["parse", "--map", "duel", "snipers hold the ridge"])
        #expect(out.status == 1)
        #expect(out.stdout.hasPrefix(#"{"orders": [], "error": "#))
        #expect(out.stdout.contains(#""suggestions": ["north ridge", "south ridge", "west ridge", "east ridge"]"#))
    }

    @Test("player 2's forward and home are the other way")
    func playerTwo() async throws {
        let out = try await FoglineBinary.run(["parse", "--map", "duel", "--player", "2", "everyone go home"])
        #expect(out.stdout.contains(#""name": "east base""#))
        let fwd = try await FoglineBinary.run(["parse", "--map", "crossroads", "--player", "2", "scouts move forward"])
        #expect(fwd.stdout.contains(#""dir": "west""#))
    }

    @Test("--state reads a frame of a replay, so enemies in sight can be named")
    func stateFromReplay() async throws {
        let replay = PlayVerifyTests.scratchFile("parse-state.fogrep")
        _ = try await FoglineBinary.run([
            "play", "--headless", "--map", "duel", "--seed", "7", "--frames", "3000", "--record", replay,
        ])
        // Find a frame where player 1 sees an enemy: ask for every enemy until one is in sight.
        var found = false
        for frame in stride(from: 600, through: 3000, by: 300) where !found {
            for n in 1...10 {
                let out = try await FoglineBinary.run([
                    "parse", "--state", "\(replay):\(frame)", "tanks attack enemy \(n)",
                ])
                if out.status == 0 {
                    #expect(out.stdout.contains(#"{"kind": "enemy", "unit": \#(n)}"#))
                    found = true
                    break
                }
                #expect(out.stdout.contains("not in sight"))
            }
        }
        #expect(found, "some enemy came into sight in the first 100 seconds")
        let missing = try await FoglineBinary.run(["parse", "--state", "/no/such.fogrep", "scouts move north"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such.fogrep"))
    }

    @Test("English scripts play like typed commands")
    func englishScript() async throws {
        let script = PlayVerifyTests.scratchFile("english.txt")
        try """
            0: scouts capture the gap
            30: call 3 4 hammer
            31: hammer attack move to old mill
            60: snipers hold north ridge facing east then face south
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let path = PlayVerifyTests.scratchFile("english.fogrep")
        let play = try await FoglineBinary.run([
            "play", "--headless", "--p1", "script:\(script)", "--p2", "bot:easy", "--seed", "2", "--frames", "600",
            "--record", path,
        ])
        #expect(play.status == 0, "\(play.stderr)")
        #expect(try await FoglineBinary.run(["verify", path]).status == 0)
        try "5: tanks blorp north\n".write(toFile: script, atomically: true, encoding: .utf8)
        let bad = try await FoglineBinary.run(["play", "--headless", "--p1", "script:\(script)", "--frames", "10"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("english.txt:1: I don't know \"blorp\""), "\(bad.stderr)")
    }
}

@Suite("fogline help")
struct HelpCommandTests {
    @Test("help for a command that exists prints its help; for one that does not, an error naming it")
    func helpNames() async throws {
        let known = try await FoglineBinary.run(["help", "verify"])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains("USAGE: fogline verify"), "\(known.stdout)")
        let unknown = try await FoglineBinary.run(["help", "spectate"])
        #expect(unknown.status == 64, "exit \(unknown.status)")
        #expect(unknown.stderr.contains("no command named 'spectate'"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("play, host, join, serve"), "\(unknown.stderr)")
        #expect(!unknown.stdout.contains("OVERVIEW"), "no top-level help as if all were well")
    }
}
