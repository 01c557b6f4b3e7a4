import FoglineSim

/// Opens replay files: refuses what is not a readable replay, and reads a damaged one
/// up to its last good chunk.
///
/// It never traps and never loops without progress on any bytes; every size it
/// allocates for is bounded by the file, whose size is bounded by `ReplayFormat.maxFileBytes`.
public enum ReplayReader {
    /// Reads the replay at `path`.
    public static func read(path: String) throws(ReplayError) -> Replay {
        try read(bytes: PosixFile.readAll(path, limit: ReplayFormat.maxFileBytes))
    }

    /// Reads a replay held in memory.
    ///
    /// Throws when the bytes are not a replay, are of another format version, when the
    /// header chunk is damaged, or when an intact chunk has a required kind this build
    /// does not know. Damage after the header is returned in `Replay.damage` instead.
    public static func read(bytes: [UInt8]) throws(ReplayError) -> Replay {
        guard bytes.count <= ReplayFormat.maxFileBytes else {
            throw ReplayError("the replay is \(bytes.count) bytes, over the 256 MiB limit")
        }
        let magic = ReplayFormat.magic
        guard bytes.count >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else {
            if !bytes.isEmpty && magic.starts(with: bytes) {
                throw ReplayError("not a Fogline replay (the file ends after \(bytes.count) bytes, inside its magic)")
            }
            throw ReplayError.notAReplay
        }
        guard bytes.count >= ReplayFormat.preambleSize else {
            throw ReplayError("the replay is truncated inside its format version (\(bytes.count) bytes)")
        }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard version == ReplayFormat.version else { throw ReplayError.unsupportedVersion(version) }

        // The header: without it nothing can be replayed, so its damage is an error.
        var offset = ReplayFormat.preambleSize
        let headerPlace = "chunk 0 at byte \(offset)"
        let header: ReplayHeader
        switch scanChunk(bytes, at: offset) {
        case .damaged(let why):
            throw ReplayError("the replay header is damaged: \(headerPlace): \(why)")
        case .chunk(let kind, let payload, let next):
            guard kind == ReplayChunkKind.header.rawValue else {
                throw ReplayError("the replay header is missing: \(headerPlace) has kind \(kind)")
            }
            var reader = ByteReader(bytes[payload])
            do throws(DecodeError) {
                header = try ReplayHeader(from: &reader)
            } catch {
                throw ReplayError("the replay header is damaged: \(headerPlace): \(error)")
            }
            offset = next
        }

        var replay = Replay(header: header)
        var state = ReadState()
        var index = 1
        while offset < bytes.count {
            let place = "chunk \(index) at byte \(offset)"
            func stop(_ why: String) {
                replay.damage = ReplayDamage(
                    offset: offset, message: "\(place): \(why)", lastGoodFrame: state.lastGoodFrame(replay))
            }
            switch scanChunk(bytes, at: offset) {
            case .damaged(let why):
                stop(why)
            case .chunk(let kind, let payload, let next):
                if let why = try apply(kind: kind, bytes[payload], to: &replay, state: &state, place: place) {
                    stop(why)
                } else {
                    offset = next
                    index += 1
                    continue
                }
            }
            break
        }
        return replay
    }

    /// What reading has established so far, beyond the replay itself.
    private struct ReadState {
        var budget = ReplayChunk.Budget()
        var haveFrames = false
        var haveResult = false
        var lastHashFrame: Int32?

        func lastGoodFrame(_ replay: Replay) -> Int32? {
            haveFrames && replay.endFrame > replay.startFrame ? replay.endFrame - 1 : nil
        }
    }

    /// Adds one intact chunk to the replay. Returns why it cannot be used (damage), or nil.
    private static func apply(
        kind: UInt8, _ payload: ArraySlice<UInt8>, to replay: inout Replay, state: inout ReadState, place: String
    ) throws(ReplayError) -> String? {
        var reader = ByteReader(payload)
        switch ReplayChunkKind(rawValue: kind) {
        case .header:
            return "a second header chunk"
        case .frames:
            if state.haveResult { return "frames after the result" }
            let frames: ReplayChunk.Frames
            do throws(DecodeError) {
                frames = try ReplayChunk.decodeFrames(&reader, budget: &state.budget)
            } catch {
                return "bad frames chunk: \(error)"
            }
            if state.haveFrames && frames.first != replay.endFrame {
                return "frames start at \(frames.first) but the previous chunk ended at \(replay.endFrame)"
            }
            if let last = state.lastHashFrame, let first = frames.hashes.first, first.frame <= last {
                return "hash for frame \(first.frame) comes after one for frame \(last)"
            }
            if !state.haveFrames { replay.startFrame = frames.first }
            state.haveFrames = true
            replay.endFrame = frames.end
            replay.inputs += frames.inputs
            replay.hashes += frames.hashes
            if let last = frames.hashes.last { state.lastHashFrame = last.frame }
        case .result:
            if state.haveResult { return "a second result chunk" }
            do throws(DecodeError) {
                (replay.result, replay.finalHash) = try ReplayChunk.decodeResult(&reader)
            } catch {
                return "bad result chunk: \(error)"
            }
            state.haveResult = true
        case .note:
            // Notes are optional: one that does not decode is skipped, as older readers skip them all.
            guard replay.notes.count < ReplayFormat.maxNotes,
                let text = try? reader.string(maxBytes: ReplayFormat.maxNoteBytes, "note"), reader.remaining == 0
            else { break }
            replay.notes.append(ReplayNote(afterFrame: state.lastGoodFrame(replay), text: text))
        case nil:
            guard ReplayChunkKind.isOptional(kind) else {
                throw ReplayError(
                    "\(place) has kind \(kind), which this build does not know (the replay needs a newer Fogline)")
            }
        }
        return nil
    }

    private enum Scan {
        case chunk(kind: UInt8, payload: Range<Int>, next: Int)
        case damaged(String)
    }

    /// Checks the framing and checksum of the chunk at `offset`.
    private static func scanChunk(_ bytes: [UInt8], at offset: Int) -> Scan {
        let remaining = bytes.count - offset
        let head = ReplayFormat.chunkHeadSize
        guard remaining >= head else {
            return .damaged("truncated: the chunk header needs \(head) bytes, only \(remaining) remain")
        }
        let kind = bytes[offset]
        var length = 0
        for i in 0..<4 { length |= Int(bytes[offset + 1 + i]) << (8 * i) }
        guard length <= ReplayFormat.maxPayloadBytes else {
            return .damaged("payload length \(length) is over the 16 MiB limit")
        }
        let total = head + length + ReplayFormat.chunkTailSize
        guard remaining >= total else {
            return .damaged("truncated: the chunk needs \(total) bytes, only \(remaining) remain")
        }
        let crcAt = offset + head + length
        var stored: UInt32 = 0
        for i in 0..<4 { stored |= UInt32(bytes[crcAt + i]) << (8 * UInt32(i)) }
        guard CRC32.checksum(bytes[offset..<crcAt]) == stored else {
            return .damaged("checksum mismatch")
        }
        return .chunk(kind: kind, payload: (offset + head)..<crcAt, next: offset + total)
    }
}
