import Foundation

/// Desync state dumps as files beside a replay, `REPLAY.desync-pN.json` (the replay's
/// name without `.fogrep`): what both players' worlds held after the frame whose
/// hashes differed, for the one who looks into it.
public enum DesyncDumps {
    /// Where seat `player`'s dump goes beside `replayPath`.
    public static func path(besides replayPath: String, player: Int) -> String {
        let base = replayPath.hasSuffix(".fogrep") ? String(replayPath.dropLast(7)) : replayPath
        return "\(base).desync-p\(player).json"
    }

    /// Writes each dump (atomically) and returns the paths written, in seat order.
    public static func write(_ dumps: [(player: Int, text: String)], besides replayPath: String) throws -> [String] {
        var written: [String] = []
        for dump in dumps.sorted(by: { $0.player < $1.player }) {
            let path = path(besides: replayPath, player: dump.player)
            try dump.text.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }
}
