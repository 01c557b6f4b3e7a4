import FoglineSim

/// Every closed frame of a match, kept encoded: one growing byte buffer and the offset
/// of every 32nd frame, so a 20-minute match of mostly empty frames costs some 75 KB,
/// not an array of structs. Reading frame F decodes from the checkpoint before it.
///
/// The last few seconds of frames are also kept decoded: every close sends the frames a
/// seat has not acknowledged and hands new ones to the archive, all of them recent, and
/// decoding them from a checkpoint each time was most of the server's work.
public struct FrameLog: Sendable {
    private var bytes = ByteWriter()
    /// The offset of frame 32·i.
    private var checkpoints: [UInt32] = []
    public private(set) var count = 0
    /// The latest frames, decoded: frames `recentFirst ..< count`.
    private var recent: [FrameInput] = []
    private var recentFirst: Int32 = 0

    /// Frames between checkpoints.
    static let stride = 32
    /// Recent frames kept decoded: between `recentKept` and twice as many.
    static let recentKept = 128

    public init() {}

    /// Bytes held by the encoding, for the memory budget (the recent frames come on top,
    /// a bounded few kilobytes).
    public var byteCount: Int { bytes.count + checkpoints.count * MemoryLayout<UInt32>.size }

    /// Appends the next frame.
    public mutating func append(_ input: FrameInput) {
        if count % Self.stride == 0 { checkpoints.append(UInt32(bytes.count)) }
        count += 1
        let kept = EncodedFrames.encode(input, into: &bytes)
        // The decoded window holds what the encoding holds, whoever reads which.
        recent.append(kept)
        if recent.count >= 2 * Self.recentKept {
            recent.removeFirst(Self.recentKept)
            recentFirst += Int32(Self.recentKept)
        }
    }

    /// Frame `frame` (0 ..< count).
    public subscript(frame: Int32) -> FrameInput { frames(frame...frame)[0] }

    /// Frames `range` (within 0 ..< count), decoded in one pass from the checkpoint before them.
    public func frames(_ range: ClosedRange<Int32>) -> [FrameInput] {
        if range.lowerBound >= recentFirst {
            return Array(recent[Int(range.lowerBound - recentFirst)...Int(range.upperBound - recentFirst)])
        }
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

    /// The log cut into ranges of whole checkpoint strides whose encoding stays within
    /// `maxBytes` and `maxFrames`: how a rejoin's transfer is split when a busy match
    /// outgrows one message.
    public func chunks(maxBytes: Int, maxFrames: Int) -> [ClosedRange<Int32>] {
        chunks(from: 0, maxBytes: maxBytes, maxFrames: maxFrames)
    }

    /// The same for frames `first` through `last` (default: the newest): a spectator's
    /// next frames. A first frame between checkpoints makes a first chunk that ends at the
    /// next checkpoint.
    public func chunks(from first: Int32, through last: Int32? = nil, maxBytes: Int, maxFrames: Int) -> [ClosedRange<Int32>] {
        let end = min(count, Int(last ?? Int32(count - 1)) + 1)
        var first = max(0, Int(first))
        guard first < end else { return [] }
        let stride = min(Self.stride, max(1, maxFrames))
        var ranges: [ClosedRange<Int32>] = []
        while first < end {
            // Grow the chunk a checkpoint at a time while it fits; at least one stride goes.
            let aligned = first / Self.stride * Self.stride
            var stop = min(end, aligned + stride)
            while stop < end {
                let next = min(end, stop + Self.stride)
                guard next - first <= maxFrames, offset(of: next) - offset(of: aligned) <= maxBytes else { break }
                stop = next
            }
            ranges.append(Int32(first)...Int32(stop - 1))
            first = stop
        }
        return ranges
    }

    /// Where frame `frame`'s stride starts in the encoding (all of it at `count` or past).
    private func offset(of frame: Int) -> Int {
        frame >= count ? bytes.count : Int(checkpoints[frame / Self.stride])
    }
}
