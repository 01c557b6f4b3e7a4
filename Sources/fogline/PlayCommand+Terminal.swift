import ArgumentParser
import Foundation
import FoglineMatch
import FoglineSim
import FoglineTerminal

#if canImport(Glibc)
    import Glibc
#endif

extension Fogline.Play {
    /// You against the bot in this terminal.
    func runInTerminal(takeOver: TakeOver?) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw failure("fogline play needs a terminal; use --headless to play without one")
        }
        if p1 != .bot(nil) || p2 != .bot(nil) {
            throw failure("--p1 and --p2 are for --headless matches; in the terminal you play side 1 against the bot")
        }
        let gameMap = try takeOver?.map ?? loadMap(map)
        let keys: Keymap
        do {
            keys = try Keymap.load(nameOrPath: keymap)
        } catch {
            throw failure("\(error)")
        }
        let seed = takeOver?.seed ?? self.seed ?? randomSeed()
        let replayPath: String
        do {
            replayPath = try record ?? Self.defaultReplayPath(map: gameMap.name, seed: seed, tag: takeOver.map { "from-\($0.frame)" })
        } catch {
            throw failure("cannot make the replay folder: \(error)")
        }
        let (resolver, cache) = resolverOptions.makeResolver { note("fogline: \($0)") }
        defer { cache?.flush() }
        let settings = PlaySession.Settings(
            map: gameMap, seed: seed, botLevel: bot, keymap: keys, replayPath: replayPath, resolver: resolver,
            resolverName: resolverOptions.mode.rawValue)
        let outcome: PlaySession.Outcome
        do {
            let session = try takeOver.map { try PlaySession(settings: settings, takeOver: $0, side: side) }
                ?? PlaySession(settings: settings)
            outcome = try session.runInTerminal()
        } catch {
            throw failure("\(error)")
        }
        let world = outcome.world
        let you = takeOver == nil ? 1 : side
        print("\(Self.verdict(world, you: you)) at frame \(world.frame), score \(Self.score(world, you: you)). Replay: \(replayPath)")
    }

    /// How a match against the bot ended for side `you`.
    static func verdict(_ world: World, you: Int) -> String {
        guard let result = world.result else { return "You left the match" }
        return result.winner == you ? "You won" : (result.winner == 3 - you ? "The bot won" : "A draw")
    }

    /// The score, yours first, as on the status line.
    static func score(_ world: World, you: Int) -> String { "\(world.scores[you - 1]):\(world.scores[2 - you])" }

    /// `$XDG_DATA_HOME/fogline/replays/DATE-MAP-SEED.fogrep` (or under ~/.local/share), created if needed.
    static func defaultReplayPath(map: String, seed: UInt64, tag: String? = nil) throws -> String {
        let folder = DataDirectories.replayFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let name = map.lowercased().replacingOccurrences(of: " ", with: "-")
        let suffix = tag.map { "-\($0)" } ?? ""
        return "\(folder)/\(stamp)-\(name)-\(seed)\(suffix).fogrep"
    }
}
