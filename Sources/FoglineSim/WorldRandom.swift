/// The one seeded random source of a world: SplitMix64, defined here bit for bit.
///
/// Only the rules draw from it, in a fixed order, so the same seed and inputs give
/// the same draws in every process and build.
public struct WorldRandom: Hashable, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0), by Lemire's multiply-shift with rejection.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        while true {
            let r = next()
            let (high, low) = r.multipliedFullWidth(by: bound)
            if low >= (0 &- bound) % bound { return high }
        }
    }

    /// True with the given chance in percent.
    public mutating func chance(percent: UInt64) -> Bool { below(100) < percent }
}
