import Foundation
import FoglineOrders
import FoglineReplay
import FoglineSim
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `fogline play --server` in real terminals (tmux) against a real `fogline serve`.
///
/// Serialized: each test runs a server and terminal games, and the other network suites
/// run beside this one; on two cores more at once would starve the clock.
@Suite("Playing through a match server in the terminal", .serialized)
struct ServerTerminalTests {
    typealias Tmux = TerminalEndToEndTests.Tmux

    /// A terminal game of its own (its own tmux server), with a fresh home: its seat
    /// tokens and replays are its own, as on another machine.
    static func terminal(_ arguments: String, home: String) throws -> Tmux {
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return try Tmux(
            width: 120, height: 40,
            environment: [
                "HOME": home, "XDG_STATE_HOME": home, "XDG_DATA_HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color",
            ],
            command: "\(TerminalEndToEndTests.binary) play \(arguments)")
    }

    /// The code of the match on a waiting screen ("Match KX7-4QF").
    static func code(in screen: String) -> String? {
        screen.range(of: #"Match [A-Z0-9]{3}-[A-Z0-9]{3}"#, options: .regularExpression).map { String(screen[$0].dropFirst(6)) }
    }

    /// Waits until the server's index lists match `code` with a result other than "running".
    static func indexEntry(_ run: ServerRun, code: String, timeout: Duration = .seconds(15)) async throws -> [String: Any] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last: [[String: Any]] = []
        while clock.now < deadline {
            last = try await run.index()
            if let entry = last.first(where: { $0["code"] as? String == code }), let result = entry["result"] as? String,
                result != "running", !result.isEmpty
            {
                return entry
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure(message: "the index never showed match \(code) ended: \(last)")
    }

    @Test("Two terminals meet by code: the waiting screen, the game with rtt and delay, orders, a forfeit, and the server's replay")
    func twoTerminals() async throws {
        let run = try await ServerRun.start("serve-terminal")
        let opener = try Self.terminal("--server \(run.address) --new --name Ada", home: "\(run.directory)/home-ada")
        let waiting = try await opener.wait(for: "the waiting screen with the code and the briefing") {
            Self.code(in: $0) != nil && $0.contains("Players waiting on this server: 1") && $0.contains("Esc cancels")
                && $0.contains("Try typing:")
        }
        // No map named: the server's own (duel here) is briefed, as the server says in `seated`.
        #expect(waiting.contains("Briefing: Duel"), "\(waiting)")
        let code = try #require(Self.code(in: waiting), "no code on the waiting screen:\n\(waiting)")
        #expect(waiting.contains("fogline play --server \(run.address) --match \(code)"), "\(waiting)")
        #expect(waiting.contains("You play seat 1"))
        _ = try await run.server.waitForStderr(containing: "seated Ada from", timeout: .seconds(10))

        let joiner = try Self.terminal("--server \(run.address) --match \(code) --name Bo", home: "\(run.directory)/home-bo")
        for (pane, who) in [(opener, "Ada"), (joiner, "Bo")] {
            let playing = try await pane.wait(for: "\(who)'s game screen with the network status") {
                $0.contains("Your units") && $0.contains("rtt ") && $0.contains("delay 3f")
            }
            #expect(playing.contains("frame "), "\(who): \(playing)")
        // Each is told whom it plays, on the status line and in the log.
        let other = who == "Ada" ? "Bo" : "Ada"
        #expect(playing.contains("\(other) joined: you play \(other)") && playing.contains(" \(other) /1500"), "\(who): \(playing)")
        }
        #expect(run.server.stderr.contains("match \(code) started on Duel: Ada against Bo"), "\(run.server.stderr)")

        try opener.type("tanks hold facing east")
        try opener.keys("Enter")
        try joiner.type("scouts move north")
        try joiner.keys("Enter")
        try await opener.wait(for: "Ada's order understood") { $0.contains("→ 3,4 hold facing east") }
        try await joiner.wait(for: "Bo's order understood") { $0.contains("→ 1,2 move north") }
        // Typed while frame F is current, an order runs in F + 3 and the server closes that
        // frame a tenth of a second later: a moment, then Bo leaves.
        try await Task.sleep(for: .seconds(1))

        // Ctrl-C asks first, saying what leaving costs; y leaves, and Bo forfeits.
        try joiner.keys("C-c")
        try await joiner.wait(for: "the question") { $0.contains("Leave and forfeit? y/n") }
        try joiner.keys("y")
        let left = try await joiner.wait(for: "Bo's game to exit") { $0.contains("GAME-EXITED-") }
        #expect(left.contains("GAME-EXITED-0"), "\(left)")
        // Told from Bo's side: the result, Bo's score first, and against whom.
        #expect(left.contains("Match \(code): You lost ") && left.contains(" to Ada at frame "), "\(left)")
        #expect(left.contains("You left the match"), "\(left)")

        let end = try await opener.wait(for: "Ada's end screen") { $0.contains("press ctrl-c or q") }
        #expect(end.contains("Bo forfeits"), "\(end)")
        #expect(end.contains("Victory"), "\(end)")
        // The same end box, told with names, at 80x24.
        try opener.resize(80, 24)
        let small = try await opener.wait(for: "Ada's end screen at 80x24") { screen in
            screen.contains("Bo forfeits") && screen.contains("press ctrl-c or q")
                && screen.split(separator: "\n").allSatisfy { $0.count <= 80 }
        }
        #expect(small.contains("Victory"), "\(small)")
        try opener.keys("q")
        let after = try await opener.wait(for: "Ada's game to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"), "\(after)")
        #expect(after.contains("Match \(code): You won ") && after.contains(" against Bo at frame "), "\(after)")

        // The server recorded the match as it ran: the forfeit, and both orders as typed.
        let entry = try await Self.indexEntry(run, code: code)
        #expect(entry["result"] as? String == "forfeit", "\(entry)")
        #expect((entry["players"] as? [String]) == ["Ada", "Bo"], "\(entry)")
        let path = "\(run.data)/\(code).fogrep"
        let verify = try await FoglineBinary.run(["verify", path], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let verified = NetworkMatchRun.lastLineJSON(verify.stdout)
        #expect(verified["reason"] as? String == "forfeit", "\(verified)")
        #expect(verified["winner"] as? Int == 1, "\(verified)")
        let recorded = try ReplayReader.read(path: path)
        let ada = recorded.inputs.flatMap { $0.input[player: 1] }, bo = recorded.inputs.flatMap { $0.input[player: 2] }
        let hold = try #require(ada.first { $0.text == "tanks hold facing east" }, "\(ada)")
        #expect(hold.orders.first?.units == [3, 4])
        let move = try #require(bo.first { $0.text == "scouts move north" }, "\(bo)")
        #expect(move.orders == [Order(units: [1, 2], action: .move, target: .direction(.north))])
        #expect(!ada.contains { $0.text == "scouts move north" } && !bo.contains { $0.text == "tanks hold facing east" })

        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        #expect(run.server.stderr.contains("match \(code) ended after"), "\(run.server.stderr)")
        #expect(run.server.stderr.contains("a forfeit by seat 2"), "\(run.server.stderr)")
    }

    @Test("Esc on the waiting screen, which briefs the match on the map asked for: the program says it stopped waiting and exits 0; the server closes the match")
    func escapeWhileWaiting() async throws {
        let run = try await ServerRun.start("serve-terminal-esc")
        let pane = try Self.terminal("--server \(run.address) --new --map crossroads --name Cy", home: "\(run.directory)/home-cy")
        let waiting = try await pane.wait(for: "the waiting screen with the briefing") {
            Self.code(in: $0) != nil && $0.contains("Esc cancels") && $0.contains("Try typing:")
        }
        // The briefing is the map's: its name and an example order naming one of its places.
        #expect(waiting.contains("Briefing: Crossroads"), "\(waiting)")
        let crossroads = try MapCatalog.load("crossroads")
        let examples = OrderExamples.forMap(crossroads, player: 1)
        #expect(!examples.isEmpty && examples.allSatisfy { waiting.contains($0) }, "\(examples) on\n\(waiting)")
        let code = try #require(Self.code(in: waiting), "no code on the waiting screen:\n\(waiting)")
        _ = try await run.server.waitForStderr(containing: "seated Cy from", timeout: .seconds(10))
        #expect(!run.server.stderr.contains("closed before it started"), "closed before Esc: \(run.server.stderr)")

        try pane.keys("Escape")
        let after = try await pane.wait(for: "the program to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("Stopped waiting"), "\(after)")
        #expect(after.contains("GAME-EXITED-0"), "\(after)")
        #expect(!after.contains("Esc cancels"), "the waiting screen was left behind:\n\(after)")
        let said = try await run.server.waitForStderr(containing: "closed before it started", timeout: .seconds(10))
        #expect(said.contains("match \(code) closed before it started: Cy"), "\(said)")

        // The code is free again: nobody can take a seat in it.
        let late = try run.client("late", ["--match", code])
        #expect(try await late.wait(timeout: .seconds(20)) == 1, "\(late.stderr)")
        #expect(late.stderr.contains("there is no match \(code) waiting on this server"), "\(late.stderr)")
        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        #expect(try await run.index().isEmpty, "a match that never started is not recorded")
    }

    @Test("fogline watch: the list shows a running match, Enter opens it LIVE, p changes the fog, a live rewind and back")
    func watchScreen() async throws {
        let run = try await ServerRun.start("serve-terminal-watch", ["--frame-limit", "3000"])
        let (first, code) = try await run.newMatch("ada")
        let second = try run.client("bo", ["--match", code])
        let home = "\(run.directory)/home-watcher"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let pane = try Tmux(
            width: 120, height: 40,
            environment: [
                "HOME": home, "XDG_STATE_HOME": home, "XDG_DATA_HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color",
            ],
            command: "\(TerminalEndToEndTests.binary) watch \(run.address)")
        let list = try await pane.wait(for: "the list of live matches with the match") {
            $0.contains("live matches on \(run.address)") && $0.contains(code) && $0.contains("ada vs bo")
        }
        #expect(list.contains("Enter watch"), "\(list)")
        try pane.keys("Enter")
        let live = try await pane.wait(for: "the watch screen, live") {
            $0.contains("LIVE") && $0.contains("no fog") && $0.contains("Player 1")
        }
        #expect(!live.contains("PAUSED"), "\(live)")
        try pane.keys("p")
        try await pane.wait(for: "player 1's fog") { $0.contains("fog P1") && $0.contains("LIVE") }
        // Three seconds back, while the match goes on.
        try pane.keys("[", "[", "[")
        let back = try await pane.wait(for: "a frame behind live") { $0.contains("behind live, > for live") }
        let frame = try #require(Self.frameShown(back), "no frame on the status line:\n\(back)")
        try await Task.sleep(for: .seconds(1))
        let later = try await pane.wait(for: "the same frame a second later") { $0.contains("behind live") }
        #expect(Self.frameShown(later) == frame, "the screen stayed in the past")
        try pane.keys(">")
        let again = try await pane.wait(for: "live again") { $0.contains("LIVE") && !$0.contains("behind live") }
        #expect((Self.frameShown(again) ?? 0) > frame + 30, "\(again)")
        try pane.keys("q")
        let after = try await pane.wait(for: "the program to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0") && after.contains("Your copy of match \(code)"), "\(after)")
        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        _ = try? await first.wait(timeout: .seconds(20))
        _ = try? await second.wait(timeout: .seconds(20))
        #expect(run.server.stderr.contains("listed 1 of 1 live matches"), "\(run.server.stderr)")
        #expect(run.server.stderr.contains("watches match \(code)"), "\(run.server.stderr)")
    }

    /// The frame on a watch or replay status line ("frame 812/1204").
    static func frameShown(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"frame [0-9]+/"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(6).dropLast())
    }
}
