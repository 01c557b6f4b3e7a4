import Foundation
import FoglineNet
import FoglineReplay
import FoglineSim

/// A spectator's copy of a live match: the first world, from the header the server
/// sent, and, when a path is given, a replay written as the frames are run.
///
/// Writing never stops the watch: the first failure is kept (`failure`) and the copy
/// ends there.
public final class SpectatorCopy {
    public let start: WireMatchStart
    /// The world before the first frame.
    public let initialWorld: World
    /// The header of the copy, and of the viewer's timeline.
    public let header: ReplayHeader
    /// Where the copy is written, if anywhere.
    public let path: String?
    private var recorder: MatchRecorder?
    /// Why the copy stopped being written, if it did.
    public private(set) var failure: String?

    /// Loads the server's map and opens the copy at `path` (nil: no copy). Throws when
    /// the map does not load or the file cannot be made.
    public init(start: WireMatchStart, recordTo path: String?) throws {
        let map = try MapLoader.parse(text: start.mapText, file: "\(start.mapName) (sent by the server)")
        self.start = start
        initialWorld = World(map: map, seed: start.seed)
        let players = start.players.sorted { $0.number < $1.number }.map { ReplayPlayer(name: $0.name, kind: "player") }
        let named = players.count == 2 ? players : players + [ReplayPlayer(name: "player 2", kind: "player")]
        header = ReplayHeader(
            seed: start.seed, mapName: map.name, mapText: map.source, players: named, createdAt: ISO8601DateFormatter().string(from: Date()))
        self.path = path
        if let path { recorder = try MatchRecorder(path: path, world: initialWorld, players: named) }
    }

    /// The players' names, seat 1 first.
    public var playerNames: [String] { header.players.map(\.name) }

    /// An empty replay with this header: a live timeline starts from it.
    public var emptyReplay: Replay { Replay(header: header) }

    /// Records `frame`, which has just run with `input` and left `world`.
    public func frameRan(_ frame: Int32, input: FrameInput, world: World) {
        guard let recorder else { return }
        do {
            try recorder.frameRan(frame, input: input, world: world)
        } catch {
            failure = "the copy stopped at frame \(frame): \(error)"
            self.recorder = nil
        }
    }

    /// Closes the copy at `world` (the last frame run), with how the match ended as a
    /// note when the frames alone do not say (a forfeit, the server stopping).
    public func finish(world: World, ending: String?) {
        guard let recorder else { return }
        self.recorder = nil
        do {
            if let ending, world.result == nil { try recorder.note("watched to the end: \(ending)") }
            try recorder.finish(world: world)
        } catch {
            failure = "the copy could not be closed: \(error)"
        }
    }
}
