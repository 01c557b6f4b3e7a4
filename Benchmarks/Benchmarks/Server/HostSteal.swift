import Foundation

/// The time the hypervisor took from this machine (the `steal` column of `/proc/stat`),
/// sampled once a second, so a load line can be told apart when the host, not the
/// server, made it late.
///
/// On the 2-vCPU guest these figures come from, the host takes the CPUs for tens of
/// seconds now and then (vmstat's `st` at 14-63% while frames ran 30-100 ms late, 0
/// otherwise); a server cannot answer for that.
struct HostSteal {
    /// A sample: when, and the machine's steal and total jiffies so far.
    struct Sample {
        var at: Date
        var steal: Double
        var total: Double
    }

    private(set) var samples: [Sample] = []

    /// Reads `/proc/stat` if a second has passed since the last sample.
    mutating func sample(now: Date = Date()) {
        if let last = samples.last, now.timeIntervalSince(last.at) < 1 { return }
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
        else { return }
        // user nice system idle iowait irq softirq steal ...
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return }
        samples.append(Sample(at: now, steal: fields[7], total: fields.prefix(8).reduce(0, +)))
    }

    /// The share of the machine's time the host took between `from` and `until` (0-1), from
    /// the samples around them; nil without samples on both sides.
    func share(from: Date, until: Date) -> Double? {
        guard let first = samples.last(where: { $0.at <= from }) ?? samples.first,
            let last = samples.first(where: { $0.at >= until }) ?? samples.last,
            last.total > first.total
        else { return nil }
        return (last.steal - first.steal) / (last.total - first.total)
    }
}
