import Foundation
import FoglineReplay
import FoglineSim
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `fogline host` in a real terminal (tmux) against a headless joiner.
@Suite("A network match in the terminal")
struct NetworkTerminalTests {
    @Test("host shows the address, plays with rtt and delay on the status line, and wins by forfeit when the peer quits")
    func hostInTerminal() async throws {
        typealias Tmux = TerminalEndToEndTests.Tmux
        let directory = try NetworkMatchRun.makeDirectory("terminal")
        let replay = "\(directory)/host.fogrep"
        let tmux = try Tmux(
            width: 120, height: 40,
            environment: ["HOME": TerminalEndToEndTests.home(), "LANG": "C.UTF-8", "TERM": "xterm-256color"],
            command: "\(TerminalEndToEndTests.binary) host --port 0 --name Ada --record \(replay)")
        let lobby = try await tmux.wait(for: "the address to give, and the briefing") {
            $0.contains("Waiting for them to join") && $0.contains("Try typing:")
        }
        #expect(lobby.contains("fogline join "))
        // The match cannot pause once it starts: the briefing comes while waiting.
        #expect(lobby.contains("Briefing: Duel") && lobby.contains("How to win:"), "\(lobby)")
        let portText = try #require(
            lobby.range(of: #"UDP port \d+"#, options: .regularExpression).map { lobby[$0].split(separator: " ").last! })
        let port = try #require(Int(portText))

        let join = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--name", "Bo", "--record", "join.fogrep"],
            binary: TerminalEndToEndTests.binary, directory: directory)
        let playing = try await tmux.wait(for: "the match with the network status") {
            $0.contains("rtt ") && $0.contains("delay 3f") && $0.contains("Your units")
        }
        #expect(playing.contains("frame "))
        try tmux.type("tanks hold facing east")
        try tmux.keys("Enter")
        try await tmux.wait(for: "the command understood") { $0.contains("→ 3,4 hold facing east") }
        // Three frames later it runs; give it a moment before the peer leaves.
        try await Task.sleep(for: .seconds(1))

        // The joiner leaves (Ctrl-C): the host is told at once and wins by forfeit.
        join.signal(SIGINT)
        let status = try await join.wait(timeout: .seconds(20))
        #expect(status == 0, "\(join.stderr)")
        #expect(join.stderr.contains("you left the match"))
        let end = try await tmux.wait(for: "the end screen") { $0.contains("press ctrl-c or q") }
        #expect(end.contains("Bo left the match"))
        try tmux.keys("q")
        let after = try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-") }
        #expect(after.contains("GAME-EXITED-0"))
        #expect(after.contains("You won ") && after.contains(" against Bo at frame "), "\(after)")

        // Both replays agree on the forfeit and verify.
        for path in [replay, "\(directory)/join.fogrep"] {
            let recorded = try ReplayReader.read(path: path)
            #expect(recorded.result?.reason == .forfeit)
            #expect(recorded.result?.winner == 1)
            let verify = try await FoglineBinary.run(["verify", path])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
        let recorded = try ReplayReader.read(path: replay)
        #expect(recorded.inputs.flatMap { $0.input[player: 1] }.contains { $0.text == "tanks hold facing east" })
    }

    @Test("During an outage the status line counts the silence, then play resumes by itself to the end")
    func outageInTerminal() async throws {
        typealias Tmux = TerminalEndToEndTests.Tmux
        let directory = try NetworkMatchRun.makeDirectory("terminal-outage")
        let outage = ["--net-outage", "3:6"]
        let tmux = try Tmux(
            width: 120, height: 40,
            environment: ["HOME": TerminalEndToEndTests.home(), "LANG": "C.UTF-8", "TERM": "xterm-256color"],
            command: "\(TerminalEndToEndTests.binary) host --port 0 --frames 450 --record \(directory)/host.fogrep "
                + outage.joined(separator: " "))
        let lobby = try await tmux.wait(for: "the address to give") { $0.contains("Waiting for them to join") }
        let portText = try #require(
            lobby.range(of: #"UDP port \d+"#, options: .regularExpression).map { lobby[$0].split(separator: " ").last! })
        let join = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(portText)", "--as", "bot", "--record", "join.fogrep"] + outage,
            binary: TerminalEndToEndTests.binary, directory: directory)
        // Any second of the count will do: on a loaded machine a poll can miss a given one.
        let silent = try await tmux.wait(for: "the silence counted") { $0.contains("connection lost — ") }
        let frozenAt = try #require(Self.frame(in: silent))
        let resumed = try await tmux.wait(for: "play to resume") {
            !$0.contains("connection lost") && (Self.frame(in: $0) ?? 0) > frozenAt + 30
        }
        #expect(resumed.contains("rtt "))
        // A frame limit is no result: the log and the status line say the match stops there.
        let end = try await tmux.wait(30, for: "the end of the match") { $0.contains("it was set to 450 frames") }
        #expect(!end.contains("connection lost —"))
        #expect(try await join.wait(timeout: .seconds(20)) == 0, "\(join.stderr)")
        #expect(join.stderr.contains("connection lost — 5 s"))
        #expect(NetworkMatchRun.summary(join)["frames"] as? Int == 450)
        try tmux.keys("C-c")
        _ = try await tmux.wait(for: "the game to exit") { $0.contains("GAME-EXITED-0") }
    }

    /// The frame number on the status line.
    static func frame(in screen: String) -> Int? {
        screen.range(of: #"frame \d+"#, options: .regularExpression).flatMap { Int(screen[$0].dropFirst(6)) }
    }
}
