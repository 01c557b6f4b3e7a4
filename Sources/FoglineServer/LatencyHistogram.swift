/// Durations counted in fixed buckets, for percentiles of many samples at a fixed cost:
/// 10 µs buckets up to 100 ms, and one for everything longer; the maximum is exact.
public struct LatencyHistogram: Sendable, Equatable {
    static let bucketMicroseconds: Int64 = 10
    static let bucketCount = 10_000

    private var buckets = [UInt32](repeating: 0, count: bucketCount + 1)
    public private(set) var count = 0
    /// The longest sample, in microseconds.
    public private(set) var maxMicroseconds: Int64 = 0

    public init() {}

    /// Counts one sample (negative ones count as zero).
    public mutating func add(_ sample: Duration) {
        let (seconds, attoseconds) = sample.components
        let micro = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        buckets[Int(min(Int64(Self.bucketCount), micro / Self.bucketMicroseconds))] += 1
        count += 1
        maxMicroseconds = max(maxMicroseconds, micro)
    }

    /// The sample below which `fraction` of them lie (the bucket's upper edge), in
    /// microseconds; the maximum for samples past the last bucket; nil with none.
    public func percentileMicroseconds(_ fraction: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((Double(count) * fraction).rounded(.up)))
        var seen = 0
        for (index, n) in buckets.enumerated() {
            seen += Int(n)
            if seen >= rank {
                return index == Self.bucketCount
                    ? maxMicroseconds : min(maxMicroseconds, Int64(index + 1) * Self.bucketMicroseconds)
            }
        }
        return maxMicroseconds
    }

    /// Forgets every sample.
    public mutating func reset() { self = LatencyHistogram() }
}
