import Foundation
import FoglineReplay
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import FoglineSim

/// `fogline play` in a real terminal: tmux runs it, send-keys types, capture-pane reads.
@Suite("the terminal game under tmux", .serialized)
struct TerminalEndToEndTests {
    /// One tmux server per test, on its own socket, so tests never meet a user's tmux.
    final class Tmux {
        let socket: String
        let session = "fogline"

        init(width: Int, height: Int, environment: [String: String] = [:], command: String) throws {
            socket = PlayVerifyTests.scratchFile("tmux-\(UUID().uuidString.prefix(8))")
            let env = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            // A login-free shell that runs the game, then says how it ended and stays usable.
            let script = "\(env) \(command); echo GAME-EXITED-$?; stty -a | tr -s ' ' | grep -o -- '-\\?icanon' ; exec sh"
            // The server this starts lives on: it must not inherit a pipe we would wait on.
            try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "sh", "-c", script], capture: false)
        }

        /// Runs `tmux ARGS` and waits for it (see `spawnCleanly` for why not `Process`).
        @discardableResult
        func run(_ args: [String], capture: Bool = true) throws -> String {
            let output = capture ? socket + ".out" : "/dev/null"
            guard let pid = spawnCleanly(["tmux", "-S", socket] + args, stdout: output, stderr: "/dev/null", searchPath: true)
            else {
                throw TestFailure(message: "cannot start tmux (is it installed?)")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return capture ? ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "") : ""
        }

        func screen() throws -> String { try run(["capture-pane", "-p", "-t", session]) }

        func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys, capture: false) }

        func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text], capture: false) }

        func resize(_ width: Int, _ height: Int) throws {
            try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"], capture: false)
        }

        /// Waits until the screen satisfies `condition`, up to `seconds`.
        @discardableResult
        func wait(_ seconds: Double = 30, for what: String, _ condition: (String) -> Bool) async throws -> String {
            let clock = ContinuousClock()
            let deadline = clock.now + .milliseconds(Int(seconds * 1000))
            var last = ""
            while clock.now < deadline {
                last = try screen()
                if condition(last) { return last }
                try await Task.sleep(for: .milliseconds(100))
            }
            // A late wake-up on a busy pool must not fail a screen that is there by now.
            last = try screen()
            if condition(last) { return last }
            Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
            return last
        }

        deinit { _ = try? run(["kill-server"], capture: false) }
    }

    static var binary: String { FoglineBinary.path }

    /// The pids of processes whose arguments end with `arguments`, read from /proc (no
    /// procps on a bare machine).
    static func processes(runningArguments arguments: [String]) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let argv = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let args = argv.last == "" ? Array(argv.dropLast()) : argv
            return args.count > arguments.count && Array(args.suffix(arguments.count)) == arguments ? pid : nil
        }
    }

    static func home() -> String {
        let dir = PlayVerifyTests.scratchFile("home-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a whole session: the screen, a command, resize, help, Ctrl-C and a usable shell")
    func session() async throws {
        let replay = PlayVerifyTests.scratchFile("tmux-session.fogrep")
        let tmux = try Tmux(
            width: 120, height: 40, environment: ["HOME": Self.home(), "LANG": "C.UTF-8", "TERM": "xterm-256color"],
            command: "\(Self.binary) play --seed 3 --record \(replay)")
        let first = try await tmux.wait(for: "the game screen") { $0.contains("frame ") && $0.contains("Your units") }
        #expect(first.contains("scout"), "the roster lists the units")
        #expect(first.contains("old mill"), "landmark labels on the battlefield")
        #expect(first.contains("❯"), "the prompt")

        try tmux.type("scouts move north")
        try tmux.keys("Enter")
        try await tmux.wait(for: "the log line") { $0.contains("→ 1,2 move north") }
        try await tmux.wait(for: "the roster showing the order") { $0.contains("move north") }

        try tmux.resize(80, 24)
        let small = try await tmux.wait(for: "the 80x24 layout") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("F1 help") && lines.allSatisfy { $0.count <= 80 }
        }
        #expect(small.contains("Your units"))
        try tmux.resize(60, 20)
        try await tmux.wait(for: "the too-small message") { $0.contains("larger") }
        try tmux.resize(100, 30)
        try await tmux.wait(for: "the game again") { $0.contains("Your units") }

        try tmux.keys("F1")
        // Against the bot the help holds the clock; Tab turns to the order words.
        try await tmux.wait(for: "the help overlay, the clock held") { $0.contains("Help 1/3") && $0.contains("PAUSED") }
        try tmux.keys("Tab")
        try await tmux.wait(for: "the words page") { $0.contains("Help 2/3") && $0.contains("old mill (A)") }
        try tmux.keys("Tab")
        let legend = try await tmux.wait(for: "the legend page") { $0.contains("Help 3/3") }
        for meaning in ["enemy units you can see", "capture nodes", "open ground", "a mine (only its owner sees it)"] {
            #expect(legend.contains(meaning), "the legend lacks \"\(meaning)\":\n\(legend)")
        }
        try tmux.keys("Escape")
        try await tmux.wait(for: "the help to close") { !$0.contains("Help 3/3") && !$0.contains("PAUSED") }

        // The log scrolls back: PgUp shows older lines and says how many newer wait; PgDn returns.
        for k in 1...6 {
            try tmux.type("tanks hold facing \(k % 2 == 0 ? "east" : "west")")
            try tmux.keys("Enter")
            try await Task.sleep(for: .milliseconds(400))
        }
        let bottom = try await tmux.wait(for: "the last order understood") { $0.contains("→ 3,4 hold facing east") }
        try tmux.keys("PPage")
        let scrolled = try await tmux.wait(for: "the log scrolled back") { $0.contains("newer below") }
        #expect(scrolled != bottom)
        try tmux.keys("NPage")
        try await tmux.wait(for: "the log at its end again") { !$0.contains("newer below") }

        // Ctrl-C as in a shell: it clears a line being typed, then asks before leaving.
        try tmux.type("half an order")
        try await tmux.wait(for: "the typed line") { $0.contains("half an order") }
        try tmux.keys("C-c")
        try await tmux.wait(for: "the line cleared") { !$0.contains("half an order") && !$0.contains("Leave the match?") }
        try tmux.keys("C-c")
        let asked = try await tmux.wait(for: "the question") { $0.contains("Leave the match? y/n") }
        #expect(asked.contains("PAUSED"), "the clock waits while it asks: \(asked)")
        try tmux.keys("n")
        try await tmux.wait(for: "the game again") { !$0.contains("Leave the match?") && !$0.contains("PAUSED") }
        try tmux.keys("C-c")
        try await tmux.wait(for: "the question again") { $0.contains("Leave the match? y/n") }
        try tmux.keys("y")
        let after = try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
        #expect(after.contains("Replay: "))
        #expect(!after.contains("-icanon"), "the terminal is back in canonical mode")
        try tmux.type("echo STILL-HERE")
        try tmux.keys("Enter")
        try await tmux.wait(for: "the shell to answer") { $0.contains("STILL-HERE\n") || $0.hasSuffix("STILL-HERE") || $0.components(separatedBy: "STILL-HERE").count >= 3 }

        // The replay holds the command as typed and the orders it became, and the scouts moved.
        let recorded = try ReplayReader.read(path: replay)
        let commands = recorded.inputs.flatMap { $0.input[player: 1] }
        let typed = try #require(commands.first { $0.text == "scouts move north" })
        // Leaving early is noted: who, and when.
        #expect(recorded.notes.contains { $0.text.contains("(player 1) left at frame ") }, "\(recorded.notes)")
        #expect(typed.orders == [Order(units: [1, 2], action: .move, target: .direction(.north))])
        let map = try MapLoader.parse(text: recorded.header.mapText, file: "replay")
        var world = World(map: map, seed: recorded.header.seed)
        let start = world.unit(player: 1, number: 1)!.position
        var cursor = recorded.cursor()
        while world.frame < recorded.endFrame { world.step(cursor.input(at: world.frame)) }
        #expect(world.unit(player: 1, number: 1)!.position.y < start.y, "scout 1 went north")
    }

    @Test("TERM=vt100 LANG=C: ASCII glyphs, no colours, still playable")
    func asciiMonochrome() async throws {
        let tmux = try Tmux(
            width: 100, height: 30, environment: ["HOME": Self.home(), "LANG": "C", "LC_ALL": "C", "TERM": "vt100"],
            command: "\(Self.binary) play --seed 4 --record \(PlayVerifyTests.scratchFile("vt100.fogrep"))")
        let screen = try await tmux.wait(for: "the game screen") { $0.contains("frame ") && $0.contains("Your units") }
        let nonASCII = screen.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "non-ASCII on a C locale: \(String(String.UnicodeScalarView(nonASCII.prefix(10))))")
        try tmux.type("tanks hold the gap")
        try tmux.keys("Enter")
        try await tmux.wait(for: "the log line") { $0.contains("3,4 hold the gap") }
        try tmux.keys("C-c")
        try await tmux.wait(for: "the question") { $0.contains("Leave the match? y/n") }
        try tmux.keys("y")
        try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-0") }
    }

    @Test("the end screen shows the result and the replay, and q leaves")
    func endScreen() async throws {
        let map = PlayVerifyTests.scratchFile("quick-\(UUID().uuidString.prefix(6)).toml")
        let duel = try String(contentsOf: FoglineBinary.packageRoot.appendingPathComponent("maps/duel.toml"), encoding: .utf8)
        try duel.replacingOccurrences(of: "name = \"Duel\"", with: "name = \"Duel\"\nscore_limit = 3")
            .write(toFile: map, atomically: true, encoding: .utf8)
        let replay = PlayVerifyTests.scratchFile("end-\(UUID().uuidString.prefix(6)).fogrep")
        let tmux = try Tmux(
            width: 100, height: 30, environment: ["HOME": Self.home()],
            command: "\(Self.binary) play --map \(map) --seed 2 --record \(replay)")
        // The match waits on its briefing until Enter.
        let briefing = try await tmux.wait(for: "the briefing") { $0.contains("Briefing: Duel") && $0.contains("PAUSED") }
        #expect(briefing.contains("Try typing:") && briefing.contains("first to 3 points"), "\(briefing)")
        try await Task.sleep(for: .seconds(1))
        let still = try tmux.screen()
        #expect(still.contains("frame 0 "), "the clock waited: \(still)")
        try tmux.keys("Enter")
        // The whole box, not its first lines: a capture can land while the screen is being drawn.
        let end = try await tmux.wait(40, for: "the end screen, whole") {
            $0.contains("score limit reached") && $0.contains("replay saved to")
        }
        #expect(end.contains("kills"))
        try tmux.keys("q")
        let after = try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
        #expect(after.contains("The bot won") || after.contains("You won") || after.contains("A draw"))
        #expect(try await FoglineBinary.run(["verify", replay]).status == 0)
    }

    @Test("when the terminal goes away the game saves its replay and exits")
    func hangUp() async throws {
        let replay = PlayVerifyTests.scratchFile("hangup-\(UUID().uuidString.prefix(6)).fogrep")
        let tmux = try Tmux(
            width: 100, height: 30, environment: ["HOME": Self.home()],
            command: "\(Self.binary) play --seed 6 --record \(replay)")
        try await tmux.wait(for: "the game screen") { $0.contains("frame ") }
        let game = ["play", "--seed", "6", "--record", replay]
        // The look for the game must find it while it runs, or its absence later proves nothing.
        #expect(!Self.processes(runningArguments: game).isEmpty, "the running game is not found in /proc")
        try tmux.run(["kill-server"], capture: false)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        var running = true
        while running && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            running = !Self.processes(runningArguments: game).isEmpty
        }
        #expect(!running, "the game outlived its terminal")
        let verify = try await FoglineBinary.run(["verify", replay])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test("without a terminal, play says to use --headless")
    func noTerminal() async throws {
        let out = try await FoglineBinary.run(["play"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("--headless"))
    }
}
