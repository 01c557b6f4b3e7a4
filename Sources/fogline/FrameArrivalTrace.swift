import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A test's record of when frames arrived from a server: one line per arrival, the newest
/// frame held and the wall clock in milliseconds (`CLOCK_REALTIME`, so traces written by
/// different processes on one machine compare). Writing never stops the match.
final class FrameArrivalTrace {
    private let handle: FileHandle?

    /// Starts a trace in `path` (nil: no trace).
    init?(path: String?) {
        guard let path else { return nil }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    /// Notes that frames up to `frame` are here now.
    func arrived(through frame: Int32) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        handle?.write(Data("\(frame) \(milliseconds)\n".utf8))
    }

    deinit { try? handle?.close() }
}
