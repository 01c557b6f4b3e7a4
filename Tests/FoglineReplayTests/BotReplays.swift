import Foundation
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim

/// Real replays of bot matches on the shipped `duel` map, recorded once per process.
enum BotReplays {
    /// The repository's `maps/duel.toml`, found from this file.
    static let duelText: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("maps/duel.toml"), encoding: .utf8)) ?? ""
    }()

    /// Records bots playing `duel` (with a score limit when given, so the match ends) and reads it back.
    static func record(seed: UInt64, frames: Int32, scoreLimit: Int? = nil) throws -> (replay: Replay, bytes: [UInt8]) {
        var text = duelText
        if let scoreLimit {
            text = text.replacingOccurrences(of: "name = \"Duel\"", with: "name = \"Duel\"\nscore_limit = \(scoreLimit)")
        }
        let map = try MapLoader.parse(text: text, file: "duel.toml")
        var match = LocalMatch(
            map: map, seed: seed, player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed &+ 1)))
        let path = temporaryReplayPath("bots-\(seed)-\(frames)")
        defer { removeTemporary(path) }
        try match.runRecorded(to: path, untilFrame: frames)
        let bytes = try readFile(path)
        return (try ReplayReader.read(bytes: bytes), bytes)
    }

    /// 2,400 frames (80 s) of seed 3: commands, kills and captures, no result.
    static let long: Replay = try! record(seed: 3, frames: 2_400).replay

    /// The hash after every frame of a replay, stepping forward from the start.
    static func forwardHashes(_ replay: Replay) throws -> [UInt64] {
        var world = try ReplayVerifier.initialWorld(of: replay)
        var cursor = replay.cursor()
        var hashes = [world.stateHash]
        while world.frame < replay.endFrame && world.result == nil {
            world.step(cursor.input(at: world.frame))
            hashes.append(world.stateHash)
        }
        return hashes
    }
}
