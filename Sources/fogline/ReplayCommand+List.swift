import FoglineReplay
import FoglineSim
import FoglineTerminal

extension Fogline.Replay {
    /// Prints the replays of the replay folder as a table, oldest first (the result last, as
    /// it may be long).
    func runList() throws {
        let folder = DataDirectories.replayFolder()
        let found: [ReplayCatalog.Entry]
        do throws(ReplayError) {
            found = try ReplayCatalog.entries(in: folder)
        } catch {
            throw failure(error.message)
        }
        let entries = found.sorted {
            ($0.replay?.header.createdAt ?? "~", $0.path) < ($1.replay?.header.createdAt ?? "~", $1.path)
        }
        guard !entries.isEmpty else {
            print("no replays in \(folder)")
            return
        }
        var rows = [["DATE", "MAP", "PLAYERS", "LENGTH", "FILE", "RESULT"]]
        for entry in entries {
            let name = String(entry.path.split(separator: "/").last ?? "")
            guard let replay = entry.replay else {
                let why = entry.error.map(Self.explain) ?? "unreadable"
                rows.append(["-", "-", "-", "-", name, "unreadable: \(why)"])
                continue
            }
            let header = replay.header
            rows.append([
                Self.date(header.createdAt), header.mapName, Self.players(header.players),
                StatusView.clock(frame: replay.endFrame), name, Self.outcome(replay),
            ])
        }
        print(Fogline.Maps.table(rows), terminator: "")
    }

    /// "2026-11-24 14:03" from an ISO 8601 time; anything else as written.
    static func date(_ createdAt: String) -> String {
        let chars = Array(createdAt)
        guard chars.count >= 16, chars[10] == "T" else { return createdAt.isEmpty ? "-" : createdAt }
        return String(chars[0..<10]) + " " + String(chars[11..<16])
    }

    /// "bot:normal vs alice (human)": a player's kind, with the name when it says more.
    static func players(_ players: [ReplayPlayer]) -> String {
        players.enumerated().map { k, p in
            p.name.isEmpty || p.name == "player \(k + 1)" || p.name == p.kind ? p.kind : "\(p.name) (\(p.kind))"
        }.joined(separator: " vs ")
    }

    /// "P1 won by score 1500:1212", "draw on time 300:300", "unfinished", or the damage.
    static func outcome(_ replay: FoglineReplay.Replay) -> String {
        var text = "unfinished"
        if let result = replay.result {
            let scores = result.scores.map(String.init).joined(separator: ":")
            let how = result.reason == .time ? "on time" : "by \(result.reason.rawValue)"
            let who =
                result.reason.hasNoWinner
                ? "no winner (\(result.reason.rawValue.replacingOccurrences(of: "_", with: " ")))" : result.winner == 0 ? "draw \(how)" : "P\(result.winner) won \(how)"
            text = "\(who) \(scores)"
        }
        if let damage = replay.damage {
            // Numbered as the viewer's `frame N/TOTAL`: the world after the last readable input.
            let readable = damage.lastGoodFrame == nil ? "no frames readable" : "readable to frame \(replay.endFrame)"
            text = "damaged (\(readable): \(damage.message))" + (replay.result == nil ? "" : "; " + text)
        }
        return text
    }
}
