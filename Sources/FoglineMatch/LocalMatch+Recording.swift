import FoglineReplay
import FoglineSim

extension LocalMatch {
    /// Plays until the match ends or `frames` frames have run in all, recording every
    /// frame to a replay at `path` (players named "player 1" and "player 2", with their
    /// controllers' kinds). The replay is finished with the result, or closed unfinished.
    public mutating func runRecorded(to path: String, untilFrame frames: Int32) throws {
        let players = controllers.enumerated().map { ReplayPlayer(name: "player \($0.offset + 1)", kind: $0.element.kind) }
        let recorder = try MatchRecorder(path: path, world: world, players: players)
        let previous = onFrame
        onFrame = { frame, input, world in
            try previous?(frame, input, world)
            try recorder.frameRan(frame, input: input, world: world)
        }
        defer { onFrame = previous }
        try run(untilFrame: frames)
        try recorder.finish(world: world)
    }
}
