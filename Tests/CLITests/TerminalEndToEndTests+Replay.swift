import Foundation
import FoglineReplay
import Testing

/// `fogline replay` in a real terminal, driven through tmux like the game.
extension TerminalEndToEndTests {
    @Test("the replay viewer: step forward and back, switch perspective, play, go to, the end with the result")
    func replayViewer() async throws {
        let (path, total) = try await Self.recordShortMatch()

        let tmux = try await Self.viewer(path)
        let first = try await tmux.wait(for: "the viewer on frame 0") { $0.contains("frame 0/\(total)") }
        #expect(first.contains("PAUSED") && first.contains("Player 1") && first.contains("no fog"))

        for _ in 0..<5 { try tmux.keys(".") }
        try await tmux.wait(for: "frame 5 after five steps forward") { $0.contains("frame 5/\(total)") }
        try tmux.keys(",", ",")
        try await tmux.wait(for: "frame 3 after two steps back") { $0.contains("frame 3/\(total)") }

        try tmux.keys("p")
        try await tmux.wait(for: "player 1's fog") { $0.contains("fog P1") }
        try tmux.keys("p")
        try await tmux.wait(for: "player 2's fog") { $0.contains("fog P2") && $0.contains("Player 2") }
        try tmux.keys("p")
        try await tmux.wait(for: "no fog again") { $0.contains("no fog") }

        // Play at 4x for a moment (the match lasts longer than the test looks), then pause.
        try tmux.keys("+", "+", "Space")
        try await tmux.wait(for: "playing at 4x") { !$0.contains("PAUSED") && $0.contains("4x") }
        try await tmux.wait(for: "the frame to move on") { screen in
            guard let n = Self.frame(in: screen, total: total) else { return false }
            return n > 60
        }
        try tmux.keys("Space")
        try await tmux.wait(for: "paused again") { $0.contains("PAUSED") }

        try tmux.keys("g")
        try tmux.type("0:10")
        try tmux.keys("Enter")
        try await tmux.wait(for: "frame 300 after go to 0:10") { $0.contains("frame 300/\(total)") && $0.contains("00:10") }

        try tmux.keys(">")
        let end = try await tmux.wait(for: "the end with the result") {
            $0.contains("frame \(total)/\(total)") && $0.contains("score limit reached")
        }
        #expect(end.contains("wins") || end.contains("Draw"))
        #expect(end.contains("kills"))

        try tmux.keys("q")
        let after = try await tmux.wait(for: "the viewer to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
        #expect(!after.contains("-icanon"), "the terminal is back in canonical mode")
    }

    @Test("the take-over key: from the frame on screen, a match against the bot as the side whose fog is shown")
    func replayViewerTakeOver() async throws {
        let (path, total) = try await Self.recordShortMatch()
        let home = Self.home()
        let tmux = try Tmux(
            width: 100, height: 30, environment: ["HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color"],
            command: "\(Self.binary) replay \(path) --at 300")
        try await tmux.wait(for: "the viewer at frame 300") { $0.contains("frame 300/\(total)") }
        try tmux.keys("p", "p")
        try await tmux.wait(for: "player 2's fog") { $0.contains("fog P2") }
        try tmux.keys("t")
        let game = try await tmux.wait(for: "the game, past frame 300") { screen in
            screen.contains("resolver") && screen.contains("Your units") && !screen.contains("/\(total)")
        }
        #expect(game.contains("frame 3"), "the match goes on from frame 300: \(game)")
        try tmux.keys("C-c")
        try await tmux.wait(for: "the question") { $0.contains("Leave the match? y/n") }
        try tmux.keys("y")
        let after = try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
        #expect(after.contains("taken over at frame 300"), "\(after)")

        // The new replay holds the recorded frames, says where it was taken over, and verifies.
        let folder = home + "/.local/share/fogline/replays"
        let made = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix("-from-300.fogrep") })
        let verify = try await FoglineBinary.run(["verify", folder + "/" + made])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("taken over at frame 300"), "\(verify.stderr)")
        let replay = try ReplayReader.read(path: folder + "/" + made)
        #expect(replay.header.players.map(\.kind) == ["bot:normal", "human"], "you played side 2")
    }

    @Test("--at past the end: the viewer indexes its way there while reading keys, then steps back from the end")
    func replayViewerAtEnd() async throws {
        let (path, total) = try await Self.recordShortMatch()
        let tmux = try await Self.viewer(path, "--at 999999999")
        try await tmux.wait(for: "the viewer at the last frame") { $0.contains("frame \(total)/\(total)") }
        try tmux.keys(",")
        try await tmux.wait(for: "one frame back from the end") { $0.contains("frame \(total - 1)/\(total)") }
        try tmux.keys(".", "]")
        try await tmux.wait(for: "the end again, no further") { $0.contains("frame \(total)/\(total)") }
        try tmux.keys("q")
        let after = try await tmux.wait(for: "the viewer to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
    }

    /// A short bot match that ends with a result (duel with a 30-point limit): its replay
    /// file and its last frame.
    static func recordShortMatch() async throws -> (path: String, total: Int32) {
        let map = try FoglineBinary.shortDuel()
        let path = PlayVerifyTests.scratchFile("viewer-\(UUID().uuidString.prefix(6)).fogrep")
        let play = try await FoglineBinary.run([
            "play", "--headless", "--p1", "bot", "--p2", "bot", "--map", map, "--seed", "5", "--frames", "20000",
            "--record", path,
        ])
        #expect(play.status == 0, "\(play.stderr)")
        let replay = try ReplayReader.read(path: path)
        #expect(replay.result != nil && replay.endFrame > 300)
        return (path, replay.endFrame)
    }

    /// `fogline replay PATH ARGUMENTS` in a 100x30 tmux window.
    static func viewer(_ path: String, _ arguments: String = "") async throws -> Tmux {
        try Tmux(
            width: 100, height: 30, environment: ["HOME": home(), "LANG": "C.UTF-8", "TERM": "xterm-256color"],
            command: "\(binary) replay \(path) \(arguments)")
    }

    /// N of the `frame N/TOTAL` on a screen.
    static func frame(in screen: String, total: Int32) -> Int? {
        guard let range = screen.range(of: #"frame [0-9]+/"# + "\(total)", options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(6).prefix { $0.isNumber })
    }
}
