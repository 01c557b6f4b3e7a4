import Foundation
import FoglineReplay
import FoglineSim
import Testing

@Suite("Replay files")
struct ReplayFileTests {
    @Test func writtenReplayReadsBackEqual() throws {
        let recording = Recording(frames: 317, seed: 1)
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        try recording.write(to: path)
        let replay = try ReplayReader.read(path: path)
        #expect(replay == recording.expected)
        #expect(replay.isComplete)
        #expect(replay.damage == nil)
        #expect(try ReplayReader.read(bytes: readFile(path)) == replay)
    }

    @Test func unfinishedReplayHasNoResult() throws {
        let recording = Recording(frames: 95, seed: 2, finished: false)
        let replay = try ReplayReader.read(bytes: recording.bytes())
        #expect(replay == recording.expected)
        #expect(replay.result == nil && replay.finalHash == nil && !replay.isComplete)
    }

    @Test func emptyMatchAndHashesOnly() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
        try writer.recordHash(frame: 0, hash: 77)
        let result = MatchResult(winner: 0, reason: .forfeit, frame: 0, scores: [0, 0])
        try writer.finish(result: result, finalHash: 77)
        let replay = try ReplayReader.read(path: path)
        #expect(replay.inputs.isEmpty && replay.endFrame == 0)
        #expect(replay.hashes == [HashRecord(frame: 0, hash: 77)])
        #expect(replay.result == result && replay.finalHash == 77 && replay.isComplete)
    }

    @Test func inputLookupAndCursorAgreeWithTheInputs() throws {
        let recording = Recording(frames: 600, seed: 4)
        let replay = try ReplayReader.read(bytes: recording.bytes())
        var byFrame: [Int32: FrameInput] = [:]
        for record in recording.inputs { byFrame[record.frame] = record.input }
        var cursor = replay.cursor()
        for frame in Int32(-2)..<replay.endFrame + 3 {
            let expected = byFrame[frame] ?? .empty
            #expect(replay.input(at: frame) == expected)
            #expect(cursor.input(at: frame) == expected)
        }
        // Jumps back and forth, as a viewer does.
        var rng = ReplayTestRandom(seed: 5)
        for _ in 0..<500 {
            let frame = Int32.random(in: 0..<600, using: &rng)
            #expect(cursor.input(at: frame) == (byFrame[frame] ?? .empty))
        }
        for record in recording.hashes { #expect(replay.hash(at: record.frame) == record.hash) }
        #expect(replay.hash(at: 1) == nil)
    }

    @Test func theWriterFlushesEverySecond() throws {
        let recording = Recording(frames: 200, seed: 6)
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: recording.header, syncOnFinish: false)
        var inputs = recording.inputs[...]
        for frame in Int32(0)..<200 {
            var input = FrameInput.empty
            if let next = inputs.first, next.frame == frame {
                input = next.input
                inputs.removeFirst()
            }
            try writer.record(frame: frame, input: input)
            // What a crash right now would leave on disk: all but the last second at most.
            let onDisk = try ReplayReader.read(path: path)
            #expect(onDisk.damage == nil)
            #expect(onDisk.endFrame > frame - ReplayFormat.framesPerChunk)
            #expect(onDisk.endFrame <= frame + 1)
            #expect(onDisk.inputs == recording.inputs.filter { $0.frame < onDisk.endFrame })
        }
        try writer.close()
        #expect(try ReplayReader.read(path: path).endFrame == 200)
    }

    @Test func anAbandonedWriterKeepsWhatItCollected() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        do {
            let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
            for frame in Int32(0)..<45 { try writer.record(frame: frame, input: .empty) }
        }
        #expect(try ReplayReader.read(path: path).endFrame == 45)
    }

    @Test func writerMisuseIsAnErrorNotATrap() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
        try writer.record(frame: 0, input: .empty)
        #expect(throws: ReplayError.self) { try writer.record(frame: 2, input: .empty) }
        #expect(throws: ReplayError.self) { try writer.record(frame: 0, input: .empty) }
        try writer.recordHash(frame: 5, hash: 1)
        #expect(throws: ReplayError.self) { try writer.recordHash(frame: 5, hash: 2) }
        #expect(throws: ReplayError.self) { try writer.recordHash(frame: -1, hash: 2) }
        // An input over the encoding's bounds is left out, and recording carries on.
        let tooLong = FrameInput(player1: [PlayerCommand(text: String(repeating: "a", count: 600), orders: [])])
        #expect(throws: ReplayError.self) { try writer.record(frame: 1, input: tooLong) }
        var odd = FrameInput()
        odd.commands = []
        #expect(throws: ReplayError.self) { try writer.record(frame: 2, input: odd) }
        let good = FrameInput(player2: [PlayerCommand(text: "hold", orders: [Order(units: [1], action: .hold)])])
        try writer.record(frame: 3, input: good)
        let badResult = MatchResult(winner: 3, reason: .score, frame: 4, scores: [1, 2])
        #expect(throws: ReplayError.self) { try writer.finish(result: badResult, finalHash: 0) }
        try writer.finish(result: MatchResult(winner: 1, reason: .score, frame: 4, scores: [1, 2]), finalHash: 9)
        #expect(throws: ReplayError.self) { try writer.record(frame: 4, input: .empty) }
        #expect(throws: ReplayError.self) { try writer.finish(result: badResult, finalHash: 0) }
        let replay = try ReplayReader.read(path: path)
        #expect(replay.inputs == [FrameRecord(frame: 3, input: good)])
        #expect(replay.endFrame == 4 && replay.isComplete)
    }

    @Test func badHeadersAreRefusedByTheWriter() {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        var header = Synthetic.header
        header.players = [header.players[0]]
        #expect(throws: ReplayError.self) { try ReplayWriter(path: path, header: header) }
        header = Synthetic.header
        header.mapText = String(repeating: "#", count: ReplayFormat.maxMapTextBytes + 1)
        #expect(throws: ReplayError.self) { try ReplayWriter(path: path, header: header) }
        header = Synthetic.header
        header.players[1].name = "evil\u{1B}]0;title\u{7}"
        #expect(throws: ReplayError.self) { try ReplayWriter(path: path, header: header) }
        #expect(throws: ReplayError.self) {
            try ReplayWriter(path: "/nonexistent-dir/x.fogrep", header: Synthetic.header)
        }
    }

    @Test func aLargeMapTextRoundTrips() throws {
        var recording = Recording(frames: 40, seed: 8)
        recording.header.mapText = String(repeating: "..##~~^^\n", count: (ReplayFormat.maxMapTextBytes - 9) / 9)
        let replay = try ReplayReader.read(bytes: recording.bytes())
        #expect(replay == recording.expected)
    }

    // MARK: Refusals

    @Test func badMagicIsNotAReplay() throws {
        var bytes = try Recording(frames: 10, seed: 9).bytes()
        bytes[0] = UInt8(ascii: "X")
        let e = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: bytes) }
        #expect(e?.message == "not a Fogline replay")
        let text = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: Array("hello, world".utf8)) }
        #expect(text?.message == "not a Fogline replay")
        #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: []) }
    }

    @Test func unknownVersionIsRefusedByName() throws {
        var bytes = try Recording(frames: 10, seed: 10).bytes()
        bytes[8] = 2
        bytes[9] = 0
        let e = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: bytes) }
        #expect(e?.message == "replay format version 2 is not supported (this build reads version 1)")
        bytes[8] = 0x34
        bytes[9] = 0x12
        let e2 = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: bytes) }
        #expect(e2?.message == "replay format version 4660 is not supported (this build reads version 1)")
    }

    @Test func unknownOptionalChunksAreSkipped() throws {
        let recording = Recording(frames: 100, seed: 11)
        let bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        for kind: UInt8 in [128, 200, 255] {
            let extra = try ReplayChunk.encode(kind: kind, payload: Array("from the future".utf8))
            for at in chunks.dropFirst().map(\.lowerBound) + [bytes.count] {
                let spliced = Array(bytes[..<at]) + extra + Array(bytes[at...])
                #expect(try ReplayReader.read(bytes: spliced) == recording.expected)
            }
        }
    }

    @Test func notesAreWrittenAndSkipped() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
        try writer.writeNote("match server 0.1")
        for frame in Int32(0)..<40 { try writer.record(frame: frame, input: .empty) }
        try writer.writeNote("desync suspected")
        try writer.close()
        let replay = try ReplayReader.read(path: path)
        #expect(replay.endFrame == 40 && replay.damage == nil)
    }

    @Test func unknownRequiredChunksAreAnError() throws {
        let bytes = try Recording(frames: 50, seed: 12).bytes()
        let at = chunkRanges(bytes)[1].lowerBound
        let extra = try ReplayChunk.encode(kind: 50, payload: [1, 2, 3])
        let e = #expect(throws: ReplayError.self) {
            try ReplayReader.read(bytes: Array(bytes[..<at]) + extra + Array(bytes[at...]))
        }
        #expect(e?.message.contains("has kind 50, which this build does not know") == true)
    }

    @Test func oversizedLengthFieldsAreRefused() throws {
        let recording = Recording(frames: 90, seed: 13)
        let bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        for length: UInt32 in [UInt32(ReplayFormat.maxPayloadBytes) + 1, 0x7FFF_FFFF, .max] {
            // In the header: an error.
            var header = bytes
            withUnsafeBytes(of: length.littleEndian) { header.replaceSubrange(11..<15, with: $0) }
            let e = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: header) }
            #expect(e?.message.contains("over the 16 MiB limit") == true)
            // Later: damage, with everything before it intact.
            let second = chunks[2].lowerBound
            var later = bytes
            withUnsafeBytes(of: length.littleEndian) { later.replaceSubrange((second + 1)..<(second + 5), with: $0) }
            let replay = try ReplayReader.read(bytes: later)
            #expect(replay.damage?.offset == second)
            #expect(replay.damage?.message == "chunk 2 at byte \(second): payload length \(length) is over the 16 MiB limit")
            #expect(replay.damage?.lastGoodFrame == 29)
            #expect(inconsistency(replay, with: recording) == nil)
        }
    }

    @Test func oversizedFilesAreRefused() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let bytes = try Recording(frames: 10, seed: 14).bytes()
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        // A sparse file just over the limit: refused from its size, without reading it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(ReplayFormat.maxFileBytes) + 1)
        try handle.close()
        let e = #expect(throws: ReplayError.self) { try ReplayReader.read(path: path) }
        #expect(e?.message.contains("over the 256 MiB limit") == true)
    }

    @Test func missingFilesAreAnError() {
        let e = #expect(throws: ReplayError.self) { try ReplayReader.read(path: "/nonexistent/none.fogrep") }
        #expect(e?.message.contains("cannot open") == true)
        #expect(throws: ReplayError.self) { try ReplayReader.read(path: "/tmp") }
    }

    @Test func aDamagedHeaderIsAnError() throws {
        var bytes = try Recording(frames: 30, seed: 15).bytes()
        bytes[20] ^= 0x40
        let e = #expect(throws: ReplayError.self) { try ReplayReader.read(bytes: bytes) }
        #expect(e?.message == "the replay header is damaged: chunk 0 at byte 10: checksum mismatch")
    }

    @Test func aChecksumMismatchLaterIsReportedAsDamage() throws {
        let recording = Recording(frames: 150, seed: 16)
        var bytes = try recording.bytes()
        let chunks = chunkRanges(bytes)
        let third = chunks[3]
        bytes[third.lowerBound + 7] ^= 1
        let replay = try ReplayReader.read(bytes: bytes)
        #expect(replay.damage == ReplayDamage(
            offset: third.lowerBound, message: "chunk 3 at byte \(third.lowerBound): checksum mismatch",
            lastGoodFrame: 59))
        #expect(replay.endFrame == 60 && replay.result == nil)
        #expect(inconsistency(replay, with: recording) == nil)
    }
}

@Suite("Replay format, pinned")
struct ReplayGoldenTests {
    /// The worked example of docs/REPLAY.md, byte for byte: a change here is a format change.
    @Test func framesChunkMatchesTheDocumentedExample() throws {
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: Synthetic.header, syncOnFinish: false)
        try writer.recordHash(frame: 0, hash: 0x0123_4567_89AB_CDEF)
        let order = Order(units: [5, 6], action: .hold, target: .landmark("the ridge"), facing: .north)
        for frame in Int32(0)..<30 {
            let input = frame == 4 ? FrameInput(player1: [PlayerCommand(text: "hold", orders: [order])]) : .empty
            try writer.record(frame: frame, input: input)
        }
        try writer.finish(result: MatchResult(winner: 1, reason: .elimination, frame: 29, scores: [40, -1]), finalHash: 7)
        let bytes = try readFile(path)
        #expect(Array(bytes[0..<10]) == Array("FOGREPLY".utf8) + [0x01, 0x00])
        let chunks = chunkRanges(bytes)
        #expect(chunks.count == 3)
        let payload: [UInt8] =
            [0x00, 0x1E, 0x01, 0x04, 0x01, 0x04] + Array("hold".utf8)
            + [0x01, 0xA3, 0x30, 0x00, 0x00, 0x00, 0x09] + Array("the ridge".utf8)
            + [0x00, 0x01, 0x00, 0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01]
        var expected: [UInt8] = [0x02, UInt8(payload.count), 0, 0, 0] + payload
        let crc = CRC32.checksum(expected)
        expected += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
        #expect(Array(bytes[chunks[1]]) == expected)
        let result: [UInt8] = [0x03, 14, 0, 0, 0, 0x01, 0x01, 0x1D, 0x02, 0x50, 0x01, 7, 0, 0, 0, 0, 0, 0, 0]
        #expect(Array(bytes[chunks[2]].dropLast(4)) == result)
    }
}
