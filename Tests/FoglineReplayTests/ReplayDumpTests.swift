import Foundation
@testable import FoglineMatch
import FoglineReplay
import FoglineSim
import Testing

/// `ReplayDump`: the JSON Lines of `fogline replay --dump json`, in the viewer's numbering.
@Suite("Replay dump")
struct ReplayDumpTests {
    /// Frames 0-59: input on frame 30, hashes at 0, 30 and 60, a note before any frame
    /// and one written after the input of frame 30.
    static let replay = Replay(
        header: Synthetic.header,
        inputs: [FrameRecord(frame: 30, input: FrameInput(player1: [PlayerCommand(text: "hold", orders: [])]))],
        hashes: [HashRecord(frame: 0, hash: 1), HashRecord(frame: 30, hash: 2), HashRecord(frame: 60, hash: 3)],
        endFrame: 60,
        notes: [ReplayNote(afterFrame: 30, text: "after 30"), ReplayNote(afterFrame: nil, text: "first")])

    /// Each body line as (type, frame or after_frame).
    static func body(_ lines: [String]) throws -> [String] {
        try lines.dropFirst().map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let type = object["type"] as? String ?? "?"
            let frame = (object["frame"] ?? object["after_frame"]).flatMap { $0 as? Int }.map(String.init) ?? "null"
            return "\(type) \(frame)"
        }
    }

    @Test("at one frame: the hash of the world before its input, the input, then notes written after it")
    func order() throws {
        let lines = ReplayDump.lines(Self.replay)
        #expect(try Self.body(lines) == ["note null", "hash 0", "hash 30", "frame 30", "note 30", "hash 60"])
        let ranged = ReplayDump.lines(Self.replay, from: 30, to: 30)
        #expect(try Self.body(ranged) == ["hash 30", "frame 30", "note 30"])
    }

    @Test("the header's to is the last frame, end_frame, whose hash is printed")
    func headerRange() throws {
        let lines = ReplayDump.lines(Self.replay)
        let head = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(head["end_frame"] as? Int == 60 && head["to"] as? Int == 60)
        #expect(lines.last?.contains("\"frame\": 60") == true)
        let short = ReplayDump.lines(Self.replay, from: 0, to: 45)
        #expect(short[0].hasSuffix("\"from\": 0, \"to\": 45}"))
    }

    @Test("C1 controls and line separators are escaped wherever they are; the rest is untouched")
    func escapes() {
        #expect(ReplayDump.escapeRest("{\"a\": \"x\u{7F}y\u{85}z\u{2028}\u{2029}é🎯\"}") == "{\"a\": \"x\\u007fy\\u0085z\\u2028\\u2029é🎯\"}")
        #expect(ReplayDump.escapeRest("plain") == "plain")
    }
}
