/// A 64-bit hash over a canonical sequence of words, identical in every process.
///
/// Swift's `Hasher` is seeded per process, so the world uses this instead: a
/// multiply-rotate mix over 64-bit words, finished with a SplitMix avalanche.
public struct StateHasher: Sendable {
    @usableFromInline var state: UInt64 = 0x6A09_E667_F3BC_C908

    public init() {}

    @inlinable public mutating func mix(_ word: UInt64) {
        state = (state ^ (word &* 0x9E37_79B9_7F4A_7C15))
        state = ((state << 27) | (state >> 37)) &* 0xBF58_476D_1CE4_E5B9 &+ 0x94D0_49BB_1331_11EB
    }

    @inlinable public mutating func mix(_ value: Int32) { mix(UInt64(UInt32(bitPattern: value))) }
    @inlinable public mutating func mix(_ value: Int) { mix(UInt64(bitPattern: Int64(value))) }
    @inlinable public mutating func mix(_ value: Bool) { mix(value ? 1 as UInt64 : 0) }

    /// The hash of everything mixed so far.
    @inlinable public var value: UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    /// The value as 16 lower-case hex digits, the form summaries and replays show.
    public var hex16: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
