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

    /// `inputs`, encoded in order.
    init(_ inputs: some Sequence<FrameInput>) {
        for input in inputs {
            Self.encode(input, into: &writer)
            count += 1
        }
    }

    /// Encodes `input` into `writer` and returns what was written: `input`, or an empty frame
    /// for one that cannot be encoded (none the relay closes: they all decoded from the wire).
    @discardableResult
    static func encode(_ input: FrameInput, into writer: inout ByteWriter) -> FrameInput {
        let mark = writer.count
        do {
            try input.encode(into: &writer)
            return input
        } catch {
            writer.truncate(to: mark)
            try? FrameInput.empty.encode(into: &writer)
            return .empty
        }
    }

    /// Bytes held.
    var byteCount: Int { writer.count }

    /// Appends the frames that follow these.
    mutating func append(_ next: EncodedFrames) {
        writer.raw(next.writer.bytes)
        count += next.count
    }

    /// Calls `body` with each frame in order until it returns false. Throws if a frame does
    /// not decode (these bytes never leave the process, so that would be a bug).
    func forEachFrame(_ body: (FrameInput) -> Bool) throws {
        var reader = ByteReader(writer.bytes)
        for _ in 0..<count {
            guard body(try FrameInput(from: &reader)) else { return }
        }
    }
}
