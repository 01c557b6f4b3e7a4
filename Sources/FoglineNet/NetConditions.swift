/// How badly a conditioner degrades a link: loss, delay, jitter, reordering, duplication,
/// a bandwidth cap and one timed outage.
///
/// Each side degrades what it sends, like netem on an outgoing interface: give both
/// players the same conditions for a symmetric link (the round trip then grows by
/// twice the delay). `LinkShaper` applies them to raw datagrams below ENet; the
/// in-memory `ConditionedTransport` applies them to session packets in tests.
public struct NetConditions: Sendable, Equatable, CustomStringConvertible {
    /// Percent of datagrams dropped, 0...100. (Above the transport, in memory tests, a
    /// reliable packet is never lost for good; it arrives a retransmission late instead.)
    public var lossPercent: Double
    /// One-way delay added to every packet, in milliseconds.
    public var delayMilliseconds: Int
    /// Each packet's delay varies by up to this much either way, in milliseconds.
    public var jitterMilliseconds: Int
    /// Percent of datagrams held back long enough for later ones to pass them.
    public var reorderPercent: Double
    /// Percent of datagrams sent twice.
    public var duplicatePercent: Double
    /// A bandwidth cap in kilobits (1,000 bits) per second, counting each datagram with
    /// its 28 bytes of IP and UDP headers; nil: no cap.
    public var rateKilobits: Int?
    /// One outage: from `start` (match time, from the first frame) for `length`, nothing gets through.
    public var outage: Outage?

    /// A time when the link carries nothing.
    public struct Outage: Sendable, Equatable {
        public var start: Duration
        public var length: Duration
        public init(start: Duration, length: Duration) {
            self.start = start
            self.length = length
        }

        /// `AT:SECONDS`, as `--net-outage` takes it: "30:20" is twenty seconds from 0:30 of match time.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let at = Double(parts[0]), let seconds = Double(parts[1]), at >= 0, seconds > 0,
                at <= 86_400, seconds <= 86_400
            else { return nil }
            start = .milliseconds(Int64(at * 1000))
            length = .milliseconds(Int64(seconds * 1000))
        }

        /// Whether match time `t` falls inside the outage.
        public func covers(_ t: Duration) -> Bool { t >= start && t < start + length }
    }

    public init(
        lossPercent: Double = 0, delayMilliseconds: Int = 0, jitterMilliseconds: Int = 0, reorderPercent: Double = 0,
        duplicatePercent: Double = 0, rateKilobits: Int? = nil, outage: Outage? = nil
    ) {
        self.lossPercent = lossPercent
        self.delayMilliseconds = delayMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.reorderPercent = reorderPercent
        self.duplicatePercent = duplicatePercent
        self.rateKilobits = rateKilobits
        self.outage = outage
    }

    /// A link left as it is.
    public static let clean = NetConditions()

    /// Whether nothing is degraded.
    public var isClean: Bool { self == .clean }

    /// Why these conditions cannot be used, or nil.
    public var problem: String? {
        for (name, value) in [("loss", lossPercent), ("reorder", reorderPercent), ("duplicate", duplicatePercent)] {
            if !(0...100).contains(value) { return "--net-\(name) must be a percentage from 0 to 100, not \(value)" }
        }
        if !(0...10_000).contains(delayMilliseconds) { return "--net-delay must be 0 to 10000 ms" }
        if !(0...10_000).contains(jitterMilliseconds) { return "--net-jitter must be 0 to 10000 ms" }
        if let rateKilobits, !(1...1_000_000).contains(rateKilobits) { return "--net-rate must be 1 to 1000000 kbit/s" }
        return nil
    }

    /// "5% loss, 50±10 ms, 2% reorder", or "clean".
    public var description: String {
        if isClean { return "clean" }
        var parts: [String] = []
        func percent(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
        if lossPercent > 0 { parts.append("\(percent(lossPercent))% loss") }
        if delayMilliseconds > 0 || jitterMilliseconds > 0 {
            parts.append(jitterMilliseconds > 0 ? "\(delayMilliseconds)±\(jitterMilliseconds) ms" : "\(delayMilliseconds) ms")
        }
        if reorderPercent > 0 { parts.append("\(percent(reorderPercent))% reorder") }
        if duplicatePercent > 0 { parts.append("\(percent(duplicatePercent))% duplicate") }
        if let rateKilobits { parts.append("\(rateKilobits) kbit/s") }
        if let outage {
            parts.append("outage \(outage.length.wholeMilliseconds / 1000) s at \(outage.start.wholeMilliseconds / 1000) s")
        }
        return parts.joined(separator: ", ")
    }
}
