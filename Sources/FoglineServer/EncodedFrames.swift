import FoglineSim

/// A run of consecutive frames in the replay's binary encoding, for handing frames from
/// the service thread to the archive: an empty frame costs a byte or two here, against a
/// heap array of commands (some 100 bytes) decoded. While the archive is behind, its queue
/// holds these, so a backlog of minutes stays a few megabytes at 500 matches.
struct EncodedFrames: Sendable {
    private var writer = ByteWriter(capacity: 16)
    /// How many frames.
    private(set) var count = 0

    init() {}

    /// `inputs`, encoded in order. A frame that cannot be encoded (none the relay closes:
    /// they all decoded from the wire) goes as an empty frame, as in `FrameLog`.
    init(_ inputs: some Sequence<FrameInput>) {
        for input in inputs {
            let mark = writer.count
            do {
                try input.encode(into: &writer)
            } catch {
                writer.truncate(to: mark)
                try? FrameInput.empty.encode(into: &writer)
            }
            count += 1
        }
    }

    /// Bytes held.
    var byteCount: Int { writer.count }

    /// Appends the frames that follow these.
    mutating func append(_ next: EncodedFrames) {
        writer.raw(next.writer.bytes)
        count += next.count
    }

    /// Calls `body` with each frame in order until it returns false.
    func forEachFrame(_ body: (FrameInput) -> Bool) {
        var reader = ByteReader(writer.bytes)
        for _ in 0..<count {
            guard let input = try? FrameInput(from: &reader), body(input) else { return }
        }
    }
}
