import Foundation
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim

@testable import FoglineTerminal

/// Real replays of bot matches for the viewer's tests, recorded once per process.
enum ReplayScenes {
    /// Bots on `duel` with a low score limit, so the match ends (with a result) within a minute.
    static let finished: (replay: Replay, bytes: [UInt8]) = try! record(seed: 5, frames: 20_000, scoreLimit: 30)

    /// Records bots playing `duel` (with a score limit when given) and reads the file back.
    static func record(seed: UInt64, frames: Int32, scoreLimit: Int? = nil) throws -> (replay: Replay, bytes: [UInt8]) {
        var text = try String(contentsOf: Repository.maps.appendingPathComponent("duel.toml"), encoding: .utf8)
        if let scoreLimit {
            text = text.replacingOccurrences(of: "name = \"Duel\"", with: "name = \"Duel\"\nscore_limit = \(scoreLimit)")
        }
        var match = LocalMatch(
            map: try MapLoader.parse(text: text, file: "duel.toml"), seed: seed,
            player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed &+ 1)))
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fogline-viewer-\(seed)-\(UUID().uuidString).fogrep").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try match.runRecorded(to: path, untilFrame: frames)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return (try ReplayReader.read(bytes: bytes), bytes)
    }

    /// The finished replay cut two thirds of the way through: damaged, no result.
    static func damaged() throws -> Replay {
        let bytes = finished.bytes
        return try ReplayReader.read(bytes: Array(bytes.prefix(bytes.count * 2 / 3)))
    }

    /// A viewer on a replay, paused on the first frame.
    static func viewer(
        _ replay: Replay = finished.replay, perspective: GameScreenModel.Perspective = .all,
        capabilities: TerminalCapabilities = .full, keymap: Keymap = .builtIn
    ) throws -> ReplayViewer {
        let timeline = try ReplayTimeline(replay: replay)
        timeline.indexAll()
        return ReplayViewer(timeline: timeline, keymap: keymap, capabilities: capabilities, perspective: perspective)
    }

    /// The viewer's screen at a size, as a render tick draws it.
    static func screen(_ viewer: ReplayViewer, _ width: Int, _ height: Int) -> CellBuffer {
        var viewer = viewer
        var buffer = CellBuffer(width: width, height: height)
        ReplayScreen.renderFrame(&viewer, into: &buffer)
        return buffer
    }

    /// The buffer's characters, row by row.
    static func text(_ buffer: CellBuffer) -> String {
        (0..<buffer.height).map { y in
            String((0..<buffer.width).filter { !buffer[$0, y].isContinuation }.map { buffer[$0, y].character })
        }.joined(separator: "\n")
    }
}
