#if os(Linux)
    import CLinux
#endif
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the server's load looks like, gathered on the service thread and logged as
/// one line every so often: how late frames go out, how long an input waits to go out
/// in its closed frame, the CPU the service thread and the process use, and memory.
///
/// Lateness is the time from a frame's due moment (its match's 30 Hz schedule) to the
/// flush that hands its packets to the socket. Input to broadcast runs from a seat's
/// input arriving to the flush of the frame it went into; inputs come three frames
/// ahead, so most of it is the wait for that frame to close.
struct ServerLoad {
    var lateness = LatencyHistogram()
    var inputToBroadcast = LatencyHistogram()
    /// How long each housekeeping pass took (frames that fall due meanwhile wait for it).
    var housekeeping = LatencyHistogram()
    /// Each pass of the loop, by part: ENet's service past the wait it was asked for,
    /// handling what it brought, closing and flushing due frames.
    var service = LatencyHistogram()
    var handling = LatencyHistogram()
    var closing = LatencyHistogram()
    var framesClosed = 0
    private var since: Duration
    private var threadCPUSince: Duration
    private var processCPUSince: Duration

    init(now: Duration) {
        since = now
        threadCPUSince = Self.threadCPU()
        processCPUSince = Self.processCPU()
    }

    /// The figures since the last report, as a log line, and a fresh start.
    mutating func report(now: Duration, matches: Int, waiting: Int, peers: Int) -> String {
        let span = max(now - since, .milliseconds(1))
        let thread = Self.threadCPU(), process = Self.processCPU()
        func share(_ used: Duration) -> String {
            String(format: "%.1f%%", Double(used.components.seconds * 1_000_000 + used.components.attoseconds / 1_000_000_000_000)
                / Double(span.components.seconds * 1_000_000 + span.components.attoseconds / 1_000_000_000_000) * 100)
        }
        func ms(_ micro: Int64?) -> String { micro.map { String(format: "%.2f", Double($0) / 1000) } ?? "-" }
        let line =
            "load: \(matches) matches, \(waiting) waiting, \(peers) peers; \(framesClosed) frames closed; "
            + "late out p50 \(ms(lateness.percentileMicroseconds(0.5))) ms, p99 \(ms(lateness.percentileMicroseconds(0.99))) ms, "
            + "max \(ms(lateness.count > 0 ? lateness.maxMicroseconds : nil)) ms; "
            + "input to broadcast p50 \(ms(inputToBroadcast.percentileMicroseconds(0.5))) ms, "
            + "p99 \(ms(inputToBroadcast.percentileMicroseconds(0.99))) ms; "
            + "cpu service thread \(share(thread - threadCPUSince)), process \(share(process - processCPUSince)) of a core; "
            + "resident \(Self.residentMegabytes().map(String.init) ?? "-") MB, heap in use \(Self.heapInUseMegabytes().map(String.init) ?? "-") MB; "
            + "housekeeping p50 \(ms(housekeeping.percentileMicroseconds(0.5))) ms, "
            + "max \(ms(housekeeping.count > 0 ? housekeeping.maxMicroseconds : nil)) ms; "
            + "pass p99/max: service \(Self.tail(service)), handling \(Self.tail(handling)), closing \(Self.tail(closing))"
        lateness.reset()
        inputToBroadcast.reset()
        housekeeping.reset()
        service.reset()
        handling.reset()
        closing.reset()
        framesClosed = 0
        since = now
        threadCPUSince = thread
        processCPUSince = process
        return line
    }

    /// "p99/max ms" of a histogram.
    static func tail(_ h: LatencyHistogram) -> String {
        guard let p99 = h.percentileMicroseconds(0.99) else { return "-" }
        return String(format: "%.2f/%.2f ms", Double(p99) / 1000, Double(h.maxMicroseconds) / 1000)
    }

    /// CPU time of the calling thread.
    static func threadCPU() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// CPU time of the whole process (user and system).
    static func processCPU() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return .seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + .microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

    /// What malloc has handed out and not had back, in whole megabytes (glibc): beside the
    /// resident set, it tells memory in use from memory the allocator keeps.
    static func heapInUseMegabytes() -> Int? {
        #if os(Linux)
            return fogline_heap_in_use() / 1_048_576
        #else
            return nil
        #endif
    }

    /// The resident set, from /proc/self/statm (Linux), in whole megabytes.
    static func residentMegabytes() -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/self/statm"),
            let pages = String(decoding: data, as: UTF8.self).split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
