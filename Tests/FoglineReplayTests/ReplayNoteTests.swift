import Foundation
import FoglineReplay
import FoglineSim
import Testing

/// Note chunks: kept by the reader with where they fell, and the desync convention.
@Suite("Replay notes")
struct ReplayNoteTests {
    @Test("notes are kept in file order with the last frame recorded before them")
    func keptWithTheirFrame() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
        try writer.writeNote("match server 0.1")
        for frame in Int32(0)..<40 { try writer.record(frame: frame, input: .empty) }
        try writer.writeNote("desync at frame 31: hash 0000000000000001 against 0000000000000002")
        try writer.flush()
        try writer.writeNote("line one\nline two \u{1B}[31m")
        try writer.close()
        let replay = try ReplayReader.read(path: path)
        #expect(replay.endFrame == 40 && replay.damage == nil)
        #expect(replay.notes == [
            ReplayNote(afterFrame: nil, text: "match server 0.1"),
            ReplayNote(afterFrame: 29, text: "desync at frame 31: hash 0000000000000001 against 0000000000000002"),
            ReplayNote(afterFrame: 39, text: "line one\nline two \u{1B}[31m"),
        ])
        #expect(replay.notes.map(\.desyncFrame) == [nil, 31, nil])
    }

    @Test("only text that begins `desync at frame N:` is a desync")
    func desyncConvention() {
        let cases: [(String, Int32?)] = [
            ("desync at frame 0: x", 0), ("desync at frame 123456:", 123_456), (ReplayNote.desync(at: 77, "why"), 77),
            ("desync at frame 12 x", nil), ("desync at frame :", nil), ("Desync at frame 3:", nil),
            ("desync at frame 99999999999: overflow", nil), ("a desync at frame 3:", nil), ("desync at frame -3:", nil),
        ]
        for (text, frame) in cases {
            #expect(ReplayNote(afterFrame: 5, text: text).desyncFrame == frame, "\(text)")
        }
    }

    @Test("a note that does not decode is skipped, not damage; notes past the limit are dropped")
    func boundedAndTolerant() throws {
        let recording = Recording(frames: 60, seed: 31)
        let bytes = try recording.bytes()
        let at = chunkRanges(bytes)[1].lowerBound
        let garbage = try ReplayChunk.encode(kind: 128, payload: [0xFF, 0xFF, 0xFF])
        let good = try ReplayChunk.encode(kind: 128, payload: [2, 0x68, 0x69])
        let spliced = Array(bytes[..<at]) + garbage + good + Array(bytes[at...])
        let replay = try ReplayReader.read(bytes: spliced)
        #expect(replay.damage == nil)
        #expect(replay.notes == [ReplayNote(afterFrame: nil, text: "hi")])

        var many = Array(bytes[..<at])
        for _ in 0..<(ReplayFormat.maxNotes + 5) { many += good }
        many += Array(bytes[at...])
        let crowded = try ReplayReader.read(bytes: many)
        #expect(crowded.notes.count == ReplayFormat.maxNotes)
        #expect(crowded.damage == nil && crowded.endFrame == 60)
    }
}
