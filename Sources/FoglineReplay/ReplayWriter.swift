import FoglineSim

/// Writes a replay while the match runs, so a crash loses at most the last second.
///
/// The file is created and the header written by `init`. Every frame is passed to
/// `record(frame:input:)` in order; every `ReplayFormat.framesPerChunk` frames the
/// collected inputs and hashes go to the file as one checksummed chunk, in one
/// `write(2)`. `finish(result:finalHash:)` writes the rest and the result and closes.
/// After any I/O error the writer refuses further calls with the same error.
public final class ReplayWriter {
    public let path: String
    private var fd: Int32
    private let syncOnFinish: Bool

    /// The first frame of the frames chunk being collected.
    private var chunkFirst: Int32 = 0
    /// The frame `record` expects next; nil before the first call.
    private var nextFrame: Int32?
    /// Inputs of the chunk being collected, already encoded.
    private var inputBytes = ByteWriter(capacity: 1024)
    private var inputCount = 0
    private var lastInputFrame: Int32?
    private var pendingHashes: [HashRecord] = []
    private var lastHashFrame: Int32?
    /// Set once the file is closed, or by the first I/O error.
    private var stopped: ReplayError?

    /// Creates (or truncates) `path` and writes the preamble and the header chunk at once.
    ///
    /// With `syncOnFinish`, `finish` also asks the OS to put the file on disk (fsync).
    public init(path: String, header: ReplayHeader, syncOnFinish: Bool = true) throws {
        var payload = ByteWriter(capacity: header.mapText.utf8.count + 256)
        do throws(EncodeError) {
            try header.encode(into: &payload)
        } catch {
            throw ReplayError("cannot record the replay header: \(error.message)")
        }
        self.path = path
        self.syncOnFinish = syncOnFinish
        fd = try PosixFile.create(path)
        var bytes = ReplayFormat.magic
        var version = ByteWriter(capacity: 2)
        version.u16(ReplayFormat.version)
        bytes += version.bytes
        bytes += try ReplayChunk.encode(kind: ReplayChunkKind.header.rawValue, payload: payload.bytes)
        do {
            try PosixFile.writeAll(fd, bytes, path: path)
        } catch {
            try? PosixFile.close(fd, path: path)
            fd = -1
            throw error
        }
    }

    deinit {
        // Abandoned without finish (an error unwound the match): keep what was collected.
        if stopped == nil && fd >= 0 {
            try? writeFramesChunk(final: true)
            try? PosixFile.close(fd, path: path)
        }
    }

    /// Records one frame's input. Call for every frame in order, empty inputs included.
    ///
    /// Throws if frames come out of order, if the input breaks a bound of the binary
    /// encoding (it is then left out and the writer carries on), or on an I/O error.
    public func record(frame: Int32, input: FrameInput) throws {
        try checkOpen()
        if let expected = nextFrame {
            guard frame == expected else {
                throw ReplayError("replay frames must be recorded in order: got \(frame), expected \(expected)")
            }
        } else {
            guard frame >= 0 else { throw ReplayError("replay frames start at 0 or later, not \(frame)") }
            chunkFirst = frame
        }
        guard frame < Int32.max else { throw ReplayError("frame \(frame) is past the last recordable frame") }
        nextFrame = frame + 1
        if input.commands.count != 2 || !input.isEmpty {
            do throws(EncodeError) {
                try ReplayChunk.appendInput(
                    input, frame: frame, after: lastInputFrame, chunkFirst: chunkFirst, to: &inputBytes)
                inputCount += 1
                lastInputFrame = frame
            } catch {
                try flushIfDue(after: frame)
                throw ReplayError("frame \(frame) input left out of the replay: \(error.message)")
            }
        }
        try flushIfDue(after: frame)
    }

    /// Records a state hash. Frames must increase from call to call.
    public func recordHash(frame: Int32, hash: UInt64) throws {
        try checkOpen()
        guard frame >= 0 else { throw ReplayError("hash frame \(frame) is negative") }
        if let last = lastHashFrame, frame <= last {
            throw ReplayError("replay hashes must be recorded in order: frame \(frame) after \(last)")
        }
        lastHashFrame = frame
        pendingHashes.append(HashRecord(frame: frame, hash: hash))
    }

    /// Writes what has been collected now, without waiting for a full second.
    public func flush() throws {
        try checkOpen()
        try writeFramesChunk()
    }

    /// Writes an optional note chunk (kind 128); current readers skip it.
    public func writeNote(_ text: String) throws {
        try checkOpen()
        var payload = ByteWriter(capacity: text.utf8.count + 4)
        do throws(EncodeError) {
            try payload.string(text, maxBytes: ReplayFormat.maxNoteBytes, what: "note")
        } catch {
            throw ReplayError("cannot record the note: \(error.message)")
        }
        try writeChunk(kind: .note, payload: payload.bytes)
    }

    /// Writes the last frames, the result and the final hash, and closes the file.
    public func finish(result: MatchResult, finalHash: UInt64) throws {
        try checkOpen()
        let payload: [UInt8]
        do throws(EncodeError) {
            payload = try ReplayChunk.resultPayload(result, finalHash: finalHash)
        } catch {
            throw ReplayError("cannot record the result: \(error.message)")
        }
        try writeFramesChunk(final: true)
        try writeChunk(kind: .result, payload: payload)
        if syncOnFinish { try fail(PosixFile.sync(fd, path: path)) }
        try closeFile()
    }

    /// Closes the file without a result (the match was abandoned); collected frames are written.
    public func close() throws {
        try checkOpen()
        try writeFramesChunk(final: true)
        try closeFile()
    }

    // MARK: Internals

    private func checkOpen() throws(ReplayError) {
        if let stopped { throw stopped }
    }

    private func closeFile() throws(ReplayError) {
        let descriptor = fd
        fd = -1
        stopped = ReplayError("the replay \(path) is already closed")
        try PosixFile.close(descriptor, path: path)
    }

    /// Runs an I/O step; a failure stops the writer for good, since the file's tail is unknown.
    private func fail<T>(_ step: @autoclosure () throws(ReplayError) -> T) throws(ReplayError) -> T {
        do {
            return try step()
        } catch {
            stopped = error
            throw error
        }
    }

    private func flushIfDue(after frame: Int32) throws(ReplayError) {
        if frame + 1 - chunkFirst >= ReplayFormat.framesPerChunk { try writeFramesChunk() }
    }

    /// Writes the collected frame range (if any frames or hashes are waiting) and starts the next.
    ///
    /// Before the first frame, hashes wait (unless this is the last write), so the first
    /// frames chunk starts where `record` started.
    private func writeFramesChunk(final: Bool = false) throws(ReplayError) {
        guard nextFrame != nil || final else { return }
        let end = nextFrame ?? chunkFirst
        guard end > chunkFirst || !pendingHashes.isEmpty else { return }
        let payload = ReplayChunk.framesPayload(
            first: chunkFirst, end: end, inputCount: inputCount, inputBytes: inputBytes, hashes: pendingHashes)
        try writeChunk(kind: .frames, payload: payload)
        chunkFirst = end
        inputBytes.removeAll()
        inputCount = 0
        lastInputFrame = nil
        pendingHashes.removeAll(keepingCapacity: true)
    }

    private func writeChunk(kind: ReplayChunkKind, payload: [UInt8]) throws(ReplayError) {
        let chunk: [UInt8]
        do throws(EncodeError) {
            chunk = try ReplayChunk.encode(kind: kind.rawValue, payload: payload)
        } catch {
            throw ReplayError("cannot record a \(kind) chunk: \(error.message)")
        }
        try fail(PosixFile.writeAll(fd, chunk, path: path))
    }
}
