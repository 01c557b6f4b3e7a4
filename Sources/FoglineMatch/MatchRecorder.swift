import Foundation
import FoglineReplay
import FoglineSim

/// Records a running match to a replay file: every frame's inputs, a state hash
/// every second, and the result.
public final class MatchRecorder {
    public let path: String
    private let writer: ReplayWriter

    /// Frames between recorded hashes (one second).
    public static let hashInterval = Rules.framesPerSecond

    public init(path: String, world: World, players: [ReplayPlayer]) throws {
        self.path = path
        let header = ReplayHeader(
            seed: world.seed, mapName: world.map.name, mapText: world.map.source, players: players,
            createdAt: ISO8601DateFormatter().string(from: Date()))
        writer = try ReplayWriter(path: path, header: header)
        try writer.recordHash(frame: world.frame, hash: world.stateHash)
    }

    /// Records frame `frame`, which has just run with `input` and left `world`.
    public func frameRan(_ frame: Int32, input: FrameInput, world: World) throws {
        try writer.record(frame: frame, input: input)
        if world.frame % MatchRecorder.hashInterval == 0 || world.result != nil {
            try writer.recordHash(frame: world.frame, hash: world.stateHash)
        }
    }

    /// Records a note in the replay (a desync, a player leaving), after the frames so far.
    public func note(_ text: String) throws {
        try writer.flush()
        try writer.writeNote(text)
    }

    /// Closes the replay: with the result if the match ended, else as an unfinished match.
    public func finish(world: World) throws {
        if let result = world.result {
            try writer.finish(result: result, finalHash: world.stateHash)
        } else {
            if world.frame % MatchRecorder.hashInterval != 0 {
                try writer.recordHash(frame: world.frame, hash: world.stateHash)
            }
            try writer.close()
        }
    }
}
