import FoglineSim

/// Every closed frame of a match, kept encoded: one growing byte buffer and the offset
/// of every 32nd frame, so a 20-minute match of mostly empty frames costs some 75 KB,
/// not an array of structs. Reading frame F decodes from the checkpoint before it.
public struct FrameLog: Sendable {
    private var bytes = ByteWriter()
    /// The offset of frame 32·i.
    private var checkpoints: [UInt32] = []
    public private(set) var count = 0

    /// Frames between checkpoints.
    static let stride = 32

    public init() {}

    /// Bytes held, for the memory budget.
    public var byteCount: Int { bytes.count + checkpoints.count * MemoryLayout<UInt32>.size }

    /// Appends the next frame.
    public mutating func append(_ input: FrameInput) {
        if count % Self.stride == 0 { checkpoints.append(UInt32(bytes.count)) }
        count += 1
        let mark = bytes.count
        do {
            try input.encode(into: &bytes)
        } catch {
            // The relay only closes frames of commands that decoded from the wire: they encode again.
            bytes.truncate(to: mark)
            try? FrameInput().encode(into: &bytes)
        }
    }

    /// Frame `frame` (0 ..< count).
    public subscript(frame: Int32) -> FrameInput { frames(frame...frame)[0] }

    /// Frames `range` (within 0 ..< count), decoded in one pass from the checkpoint before them.
    public func frames(_ range: ClosedRange<Int32>) -> [FrameInput] {
        let checkpoint = Int(range.lowerBound) / Self.stride
        var reader = ByteReader(bytes.bytes[Int(checkpoints[checkpoint])...])
        var frame = Int32(checkpoint * Self.stride)
        var out: [FrameInput] = []
        out.reserveCapacity(range.count)
        while frame <= range.upperBound {
            let input = (try? FrameInput(from: &reader)) ?? FrameInput()
            if frame >= range.lowerBound { out.append(input) }
            frame += 1
        }
        return out
    }
}
