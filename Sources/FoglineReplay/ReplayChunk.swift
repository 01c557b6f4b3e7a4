import FoglineSim

/// Chunk framing and the payloads of the frames and result chunks.
///
/// A chunk is `[kind u8][payload length u32][payload][CRC-32 of all before it, u32]`.
public enum ReplayChunk {
    /// A whole chunk: kind, length, payload and checksum.
    ///
    /// Throws if the payload is over `ReplayFormat.maxPayloadBytes`.
    public static func encode(kind: UInt8, payload: [UInt8]) throws(EncodeError) -> [UInt8] {
        guard payload.count <= ReplayFormat.maxPayloadBytes else {
            throw EncodeError("chunk payload of \(payload.count) bytes is over the 16 MiB limit")
        }
        var writer = ByteWriter(capacity: payload.count + ReplayFormat.chunkHeadSize + ReplayFormat.chunkTailSize)
        writer.u8(kind)
        writer.u32(UInt32(payload.count))
        writer.raw(payload)
        writer.u32(CRC32.checksum(writer.bytes))
        return writer.bytes
    }

    // MARK: Frames

    /// A decoded frames chunk.
    struct Frames {
        var first: Int32
        var end: Int32
        var inputs: [FrameRecord] = []
        var hashes: [HashRecord] = []
    }

    /// Remaining totals a reader may still decode, shared across chunks.
    struct Budget {
        var commands = ReplayFormat.maxCommands
        var orders = ReplayFormat.maxOrders
    }

    /// Builds a frames payload from inputs already encoded by `appendInput`.
    static func framesPayload(
        first: Int32, end: Int32, inputCount: Int, inputBytes: ByteWriter, hashes: [HashRecord]
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: inputBytes.count + 16 + hashes.count * 10)
        writer.varint(UInt64(first))
        writer.varint(UInt64(end - first))
        writer.varint(inputCount)
        writer.raw(inputBytes.bytes)
        writer.varint(hashes.count)
        var previous: Int32? = nil
        for record in hashes {
            // The first hash frame is absolute, later ones are gaps, so they stay one byte.
            writer.varint(UInt64(previous.map { record.frame - $0 - 1 } ?? record.frame))
            writer.u64(record.hash)
            previous = record.frame
        }
        return writer.bytes
    }

    /// Appends one input entry: the gap since the previous entry (or the chunk's first frame), then the input.
    static func appendInput(
        _ input: FrameInput, frame: Int32, after previous: Int32?, chunkFirst: Int32, to writer: inout ByteWriter
    ) throws(EncodeError) {
        let mark = writer.count
        writer.varint(UInt64(previous.map { frame - $0 - 1 } ?? frame - chunkFirst))
        do throws(EncodeError) {
            try input.encode(into: &writer)
        } catch {
            // Leave the buffer as it was so the writer can carry on without this input.
            writer.truncate(to: mark)
            throw error
        }
    }

    /// Reads a frames payload, checking ranges, order and the shared budget.
    static func decodeFrames(_ reader: inout ByteReader, budget: inout Budget) throws(DecodeError) -> Frames {
        let maxFrame = UInt64(Int32.max)
        let first = Int32(try reader.varint(max: maxFrame, "first frame"))
        let span = Int32(try reader.varint(max: maxFrame - UInt64(first), "frame span"))
        var frames = Frames(first: first, end: first + span)
        // Every entry takes at least 4 bytes, which bounds the allocation by the payload.
        let inputCount = try reader.count(max: min(Int(span), reader.remaining / 4), "input count")
        frames.inputs.reserveCapacity(inputCount)
        var previous: Int32? = nil
        for _ in 0..<inputCount {
            let at = reader.offset
            let base = previous.map { Int64($0) + 1 } ?? Int64(first)
            guard base < Int64(frames.end) else {
                throw reader.error("more inputs than frames in \(first)..<\(frames.end)", at: at)
            }
            let gap = try reader.varint(max: UInt64(Int64(frames.end) - 1 - base), "input frame gap")
            let frame = Int32(base + Int64(gap))
            let input = try FrameInput(from: &reader)
            guard !input.isEmpty else { throw reader.error("an empty input is stored for frame \(frame)", at: at) }
            let commands = input.commands[0].count + input.commands[1].count
            let orders = input.commands.joined().reduce(0) { $0 + $1.orders.count }
            budget.commands -= commands
            budget.orders -= orders
            guard budget.commands >= 0, budget.orders >= 0 else {
                throw reader.error(
                    "the replay holds more than \(ReplayFormat.maxCommands) commands or \(ReplayFormat.maxOrders) orders",
                    at: at)
            }
            frames.inputs.append(FrameRecord(frame: frame, input: input))
            previous = frame
        }
        let hashCount = try reader.count(max: reader.remaining / 9, "hash count")
        frames.hashes.reserveCapacity(hashCount)
        previous = nil
        for _ in 0..<hashCount {
            let base = previous.map { Int64($0) + 1 } ?? 0
            guard base <= Int64(Int32.max) else { throw reader.error("hash frames run past the largest frame") }
            let gap = try reader.varint(max: UInt64(Int64(Int32.max) - base), "hash frame gap")
            let frame = Int32(base + Int64(gap))
            frames.hashes.append(HashRecord(frame: frame, hash: try reader.u64()))
            previous = frame
        }
        try reader.expectEnd("the frames chunk")
        return frames
    }

    // MARK: Result

    static func resultPayload(_ result: MatchResult, finalHash: UInt64) throws(EncodeError) -> [UInt8] {
        guard (0...2).contains(result.winner) else { throw EncodeError("winner \(result.winner) is not 0, 1 or 2") }
        guard result.frame >= 0 else { throw EncodeError("result frame \(result.frame) is negative") }
        guard result.scores.count == 2 else { throw EncodeError("a result needs 2 scores, not \(result.scores.count)") }
        var writer = ByteWriter(capacity: 32)
        writer.u8(UInt8(result.winner))
        writer.u8(reasonCode(result.reason))
        writer.varint(UInt64(result.frame))
        writer.varint(result.scores.count)
        for score in result.scores { writer.zigzag(Int64(score)) }
        writer.u64(finalHash)
        return writer.bytes
    }

    static func decodeResult(_ reader: inout ByteReader) throws(DecodeError) -> (MatchResult, UInt64) {
        let winnerAt = reader.offset
        let winner = try reader.u8()
        guard winner <= 2 else { throw reader.error("winner \(winner) is not 0, 1 or 2", at: winnerAt) }
        let reasonAt = reader.offset
        let code = try reader.u8()
        guard let reason = reason(code: code) else { throw reader.error("unknown end reason \(code)", at: reasonAt) }
        let frame = Int32(try reader.varint(max: UInt64(Int32.max), "result frame"))
        let countAt = reader.offset
        let count = try reader.count(max: 2, "score count")
        guard count == 2 else { throw reader.error("a result needs 2 scores, not \(count)", at: countAt) }
        let scores = [try reader.zigzag32("score"), try reader.zigzag32("score")]
        let finalHash = try reader.u64()
        try reader.expectEnd("the result chunk")
        return (MatchResult(winner: Int(winner), reason: reason, frame: frame, scores: scores), finalHash)
    }

    /// Stable codes, independent of the order cases are declared in.
    private static func reasonCode(_ reason: MatchResult.Reason) -> UInt8 {
        switch reason {
        case .score: return 0
        case .elimination: return 1
        case .time: return 2
        case .forfeit: return 3
        case .connectionLost: return 4
        case .serverShutdown: return 5
        case .desync: return 6
        }
    }

    private static func reason(code: UInt8) -> MatchResult.Reason? {
        switch code {
        case 0: return .score
        case 1: return .elimination
        case 2: return .time
        case 3: return .forfeit
        case 4: return .connectionLost
        case 5: return .serverShutdown
        case 6: return .desync
        default: return nil
        }
    }
}
