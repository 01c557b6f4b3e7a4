import FoglineSim

/// The input of one frame that had any.
public struct FrameRecord: Hashable, Sendable {
    public var frame: Int32
    public var input: FrameInput

    public init(frame: Int32, input: FrameInput) {
        self.frame = frame
        self.input = input
    }
}

/// A state hash recorded during the match.
public struct HashRecord: Hashable, Sendable {
    public var frame: Int32
    public var hash: UInt64

    public init(frame: Int32, hash: UInt64) {
        self.frame = frame
        self.hash = hash
    }
}

/// Everything a replay file holds, as far as it could be read.
public struct Replay: Hashable, Sendable {
    public var header: ReplayHeader
    /// The non-empty inputs, by ascending frame. Every other frame up to `endFrame` had none.
    public var inputs: [FrameRecord]
    /// Recorded state hashes, by ascending frame.
    public var hashes: [HashRecord]
    /// The first frame of the first frames chunk (0 when there was none).
    public var startFrame: Int32
    /// One past the last frame whose input is known (the end of the last good frames chunk).
    public var endFrame: Int32
    /// How the match ended; nil if the file stops before (a crash or damage).
    public var result: MatchResult?
    public var finalHash: UInt64?
    /// Where and why reading stopped early; nil for an intact file.
    public var damage: ReplayDamage?
    /// The note chunks that decoded, in file order (at most `ReplayFormat.maxNotes`).
    public var notes: [ReplayNote]

    public init(
        header: ReplayHeader, inputs: [FrameRecord] = [], hashes: [HashRecord] = [], startFrame: Int32 = 0,
        endFrame: Int32 = 0, result: MatchResult? = nil, finalHash: UInt64? = nil, damage: ReplayDamage? = nil,
        notes: [ReplayNote] = []
    ) {
        self.header = header
        self.inputs = inputs
        self.hashes = hashes
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.result = result
        self.finalHash = finalHash
        self.damage = damage
        self.notes = notes
    }

    /// Whether the file was read to a result without damage.
    public var isComplete: Bool { result != nil && damage == nil }

    /// The input of `frame` (empty for frames without one). Binary search: O(log n).
    public func input(at frame: Int32) -> FrameInput {
        let i = Self.lowerBound(inputs.count) { inputs[$0].frame < frame }
        return i < inputs.count && inputs[i].frame == frame ? inputs[i].input : .empty
    }

    /// The hash recorded for `frame`, if one was.
    public func hash(at frame: Int32) -> UInt64? {
        let i = Self.lowerBound(hashes.count) { hashes[$0].frame < frame }
        return i < hashes.count && hashes[i].frame == frame ? hashes[i].hash : nil
    }

    /// A cursor for re-simulation: O(1) per step going forward, any jump allowed.
    public func cursor() -> Cursor { Cursor(inputs: inputs) }

    /// Walks `inputs` alongside a frame counter.
    public struct Cursor: Sendable {
        private let inputs: [FrameRecord]
        /// The index of the first input at or after the last frame asked for.
        private var index = 0

        init(inputs: [FrameRecord]) {
            self.inputs = inputs
        }

        /// The input of `frame`; cheap when frames are asked for in increasing order.
        public mutating func input(at frame: Int32) -> FrameInput {
            // Going back, or far ahead: search; otherwise step forward.
            if index > 0 && inputs[index - 1].frame >= frame
                || index + 8 < inputs.count && inputs[index + 8].frame < frame
            {
                index = Replay.lowerBound(inputs.count) { inputs[$0].frame < frame }
            }
            while index < inputs.count && inputs[index].frame < frame { index += 1 }
            return index < inputs.count && inputs[index].frame == frame ? inputs[index].input : .empty
        }
    }

    /// The first index in `0..<count` where `isBefore` is false (it must be monotonic):
    /// a binary search over anything sorted by frame.
    public static func lowerBound(_ count: Int, _ isBefore: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(mid) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
