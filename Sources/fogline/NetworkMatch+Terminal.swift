import ArgumentParser
import Foundation
import FoglineNet
import FoglineSim
import FoglineTerminal

#if canImport(Glibc)
    import Glibc
#endif

extension NetPlayOptions {
    /// Checks, before any network step, that a terminal game can start here: a terminal and a keymap.
    func terminalKeymap() throws -> Keymap? {
        guard !headless else { return nil }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw failure("a network match in the terminal needs a terminal; use --headless --as bot to play without one")
        }
        do {
            return try Keymap.load(nameOrPath: keymap)
        } catch {
            throw failure("\(error)")
        }
    }
}

extension NetworkMatch {
    /// Plays this side in the terminal, the person at the prompt against the other player.
    func runInTerminal(keymap: Keymap, resolverOptions: ResolverOptions) throws {
        // From here the terminal game handles SIGINT and SIGTERM (leaving the match properly).
        StopSignal.uninstall()
        let clock = MonotonicClock()
        let match = try makeMatch(localKind: "human", clock: clock)
        let (resolver, cache) = resolverOptions.makeResolver { note("fogline: \($0)") }
        defer { cache?.flush() }
        let driver = PeerMatchDriver(match: match, clock: clock)
        let session = PlaySession(
            driver: driver, keymap: keymap, resolver: resolver, resolverName: resolverOptions.mode.rawValue,
            replayPath: replayPath)
        let outcome: PlaySession.Outcome
        do {
            outcome = try session.runInTerminal()
        } catch {
            throw failure("\(error)")
        }
        let world = outcome.world
        let me = match.localPlayer
        var verdict: String
        if let result = world.result, result.reason == .connectionLost {
            verdict = "The connection was lost; nobody won"
        } else if let result = world.result {
            verdict = result.winner == me ? "You won" : (result.winner == 0 ? "A draw" : "\(match.name(of: 3 - me)) won")
        } else {
            verdict = "The match stopped"
        }
        verdict += " at frame \(world.frame), score \(world.scores[me - 1]):\(world.scores[2 - me])."
        if let message = outcome.message { verdict += " \(message.prefix(1).uppercased())\(message.dropFirst())." }
        print("\(verdict) Replay: \(replayPath)")
    }
}
