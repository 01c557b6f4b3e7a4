import FoglineSim

/// How fast the replay viewer plays: 1/4x to 16x of the match's 30 frames a second.
public struct ReplaySpeed: Hashable, Sendable, CustomStringConvertible {
    /// Frames played per `denominator` frames of real time.
    public let numerator: Int64
    public let denominator: Int64

    private init(_ numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Every speed, slowest first.
    public static let all: [ReplaySpeed] = [
        ReplaySpeed(1, 4), ReplaySpeed(1, 2), ReplaySpeed(1, 1), ReplaySpeed(2, 1), ReplaySpeed(4, 1),
        ReplaySpeed(8, 1), ReplaySpeed(16, 1),
    ]
    /// The match's own pace.
    public static let normal = ReplaySpeed(1, 1)
    public static let slowest = all[0]
    public static let fastest = all[all.count - 1]

    /// The next speed up, or this one at the top.
    public var faster: ReplaySpeed { Self.all.first { $0.numerator * denominator > numerator * $0.denominator } ?? self }

    /// The next speed down, or this one at the bottom.
    public var slower: ReplaySpeed { Self.all.last { $0.numerator * denominator < numerator * $0.denominator } ?? self }

    /// "1/4x", "1x", "16x".
    public var description: String { denominator == 1 ? "\(numerator)x" : "\(numerator)/\(denominator)x" }

    /// Frames due after `elapsed` of real time at this speed, rounded down.
    public func frames(in elapsed: Duration) -> Int64 {
        let (seconds, attoseconds) = elapsed.components
        let micro = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return max(0, micro) * Int64(Rules.framesPerSecond) * numerator / (denominator * 1_000_000)
    }

    /// The real time one frame takes at this speed.
    public var framePeriod: Duration {
        .microseconds(1_000_000 * denominator / (Int64(Rules.framesPerSecond) * numerator))
    }
}
