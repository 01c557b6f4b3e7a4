/// How badly a conditioner degrades a link: loss, delay, jitter, reordering, duplication.
///
/// Each side degrades what it sends, like netem on an outgoing interface: give both
/// players the same conditions for a symmetric link (the round trip then grows by
/// twice the delay).
public struct NetConditions: Sendable, Equatable, CustomStringConvertible {
    /// Percent of unreliable packets dropped, 0...100. A reliable packet is never lost
    /// for good (ENet would resend it); it arrives a retransmission late instead.
    public var lossPercent: Double
    /// One-way delay added to every packet, in milliseconds.
    public var delayMilliseconds: Int
    /// Each packet's delay varies by up to this much either way, in milliseconds.
    public var jitterMilliseconds: Int
    /// Percent of unreliable packets held back long enough for later ones to pass them.
    public var reorderPercent: Double
    /// Percent of unreliable packets sent twice.
    public var duplicatePercent: Double

    public init(
        lossPercent: Double = 0, delayMilliseconds: Int = 0, jitterMilliseconds: Int = 0, reorderPercent: Double = 0,
        duplicatePercent: Double = 0
    ) {
        self.lossPercent = lossPercent
        self.delayMilliseconds = delayMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.reorderPercent = reorderPercent
        self.duplicatePercent = duplicatePercent
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
        return parts.joined(separator: ", ")
    }
}
