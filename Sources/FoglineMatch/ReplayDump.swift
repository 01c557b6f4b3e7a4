import FoglineOrders
import FoglineReplay
import FoglineSim

/// A replay as JSON Lines, for `fogline replay FILE --dump json` (the shape is in
/// docs/REPLAY.md, "The JSON dump").
///
/// The first line describes the replay (header, length, result, damage); then one line
/// per frame that had input (each command's text and canonical orders), per recorded
/// hash and per note, in frame order. Nothing is re-simulated: it is what the file holds.
///
/// Frames are numbered as the viewer's `frame N/TOTAL`: frame F is the world after F
/// frames ran. The hash recorded for F is that world's, taken before the input of F runs
/// (the recorder hashes the world a step leaves), so at one frame the hash comes first,
/// then the input, then the notes written after that input.
public enum ReplayDump {
    /// The lines for the frames `from...to` (clamped to the replay); the first line always.
    public static func lines(_ replay: Replay, from: Int32 = 0, to: Int32 = .max) -> [String] {
        var out = [header(replay, from: from, to: to)]
        guard from <= to else { return out }
        // (frame, rank within a frame, line): the hash of the world before the input, the
        // input, then the notes written after it.
        var body: [(Int32, Int, String)] = []
        for record in replay.hashes where (from...to).contains(record.frame) {
            body.append((record.frame, 0, "{\"type\": \"hash\", \"frame\": \(record.frame), \"hash\": \"\(record.hash.hex16)\"}"))
        }
        let first = Replay.lowerBound(replay.inputs.count) { replay.inputs[$0].frame < from }
        for record in replay.inputs[first...] {
            guard record.frame <= to else { break }
            body.append((record.frame, 1, frame(record)))
        }
        for note in replay.notes {
            // A note before any frame counts as frame 0 for the range, and goes first.
            guard (from...to).contains(max(note.afterFrame ?? 0, 0)) else { continue }
            let after = note.afterFrame.map(String.init) ?? "null"
            let desync = note.desyncFrame.map(String.init) ?? "null"
            body.append((note.afterFrame ?? -1, 2, "{\"type\": \"note\", \"after_frame\": \(after), \"desync_frame\": \(desync), \"text\": \(JSONText.quote(note.text))}"))
        }
        // Stable: equal keys keep the order they were added in (file order).
        out += body.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }
            .map(\.element.2)
        return out.map(escapeRest)
    }

    /// `line` with U+007F-U+009F, U+2028 and U+2029 as `\uXXXX`. JSON allows them raw, but
    /// C1 controls can drive a terminal the dump is printed to, and many line readers split
    /// at U+2028/U+2029. They can only occur inside strings, so escaping the whole line is safe.
    static func escapeRest(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: needsEscape) else { return line }
        var out = ""
        for scalar in line.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The first line: what the replay is.
    static func header(_ replay: Replay, from: Int32, to: Int32) -> String {
        let h = replay.header
        let players = h.players.map { "{\"name\": \(JSONText.quote($0.name)), \"kind\": \(JSONText.quote($0.kind))}" }
        var result = "null"
        if let r = replay.result {
            result = "{\"winner\": \(r.winner), \"reason\": \"\(r.reason.rawValue)\", \"frame\": \(r.frame), "
                + "\"scores\": [\(r.scores.map(String.init).joined(separator: ", "))]}"
        }
        var damage = "null"
        if let d = replay.damage {
            damage = "{\"offset\": \(d.offset), \"message\": \(JSONText.quote(d.message)), "
                + "\"last_good_frame\": \(d.lastGoodFrame.map(String.init) ?? "null")}"
        }
        let fields = [
            "\"type\": \"replay\"",
            "\"format\": \(ReplayFormat.version)",
            "\"rules\": \(h.rulesVersion)",
            "\"map\": \(JSONText.quote(h.mapName))",
            "\"seed\": \(h.seed)",
            "\"created_at\": \(JSONText.quote(h.createdAt))",
            "\"players\": [\(players.joined(separator: ", "))]",
            "\"start_frame\": \(replay.startFrame)",
            "\"end_frame\": \(replay.endFrame)",
            "\"result\": \(result)",
            "\"final_hash\": \(replay.finalHash.map { "\"\($0.hex16)\"" } ?? "null")",
            "\"damage\": \(damage)",
            "\"from\": \(from)",
            // The viewer's last frame: the world after the last input, whose hash may be recorded.
            "\"to\": \(min(to, max(replay.endFrame, 0)))",
        ]
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// One frame's input: its commands, each with its text and canonical orders.
    static func frame(_ record: FrameRecord) -> String {
        var commands: [String] = []
        for player in 1...2 {
            for command in record.input[player: player] {
                let orders = command.orders.map(\.canonicalJSON).joined(separator: ", ")
                commands.append("{\"player\": \(player), \"text\": \(JSONText.quote(command.text)), \"orders\": [\(orders)]}")
            }
        }
        return "{\"type\": \"frame\", \"frame\": \(record.frame), \"commands\": [\(commands.joined(separator: ", "))]}"
    }
}
