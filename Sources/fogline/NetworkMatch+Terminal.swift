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
        let driver = NetworkMatchDriver(match: match, clock: clock)
        let session = PlaySession(
            driver: driver, keymap: keymap, resolver: resolver, resolverName: resolverOptions.mode.rawValue,
            replayPath: replayPath)
        let outcome: PlaySession.Outcome
        do {
            outcome = try session.runInTerminal()
        } catch {
            throw failure("\(error)")
        }
        let verdict = Self.verdict(outcome, me: match.localPlayer, other: match.name(of: 3 - match.localPlayer))
        print("\(verdict) Replay: \(replayPath)")
    }

    /// What the terminal says after a network match, told from this side: who won against
    /// whom (or why nobody did), the score (yours first), the frame, and the match's last word.
    static func verdict(_ outcome: PlaySession.Outcome, me: Int, other: String) -> String {
        let world = outcome.world
        let score = "\(world.scores[me - 1])\u{2013}\(world.scores[2 - me])"
        var verdict: String
        if let result = world.result, result.reason.hasNoWinner {
            verdict = (result.reason == .connectionLost ? "The connection was lost; nobody won" : "Nobody won")
                + " (you \(score) \(other))"
        } else if let result = world.result {
            verdict = result.winner == me
                ? "You won \(score) against \(other)" : (result.winner == 0 ? "A draw \(score) with \(other)" : "You lost \(score) to \(other)")
        } else {
            verdict = "The match stopped (you \(score) \(other))"
        }
        verdict += " at frame \(world.frame)."
        if let message = outcome.message { verdict += " \(message.prefix(1).uppercased())\(message.dropFirst())." }
        return verdict
    }
}
