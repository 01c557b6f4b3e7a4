import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process running alongside the test, its output going to files.
///
/// A thread of its own blocks in waitpid and notes when the child exited, so the exit
/// time is exact however busy the test pool is, and waiting never holds one of the
/// pool's few threads (every test target shares them in one process).
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    let args: [String]
    private let exit = ExitRecord()

    /// How and when the child ended, written once by the reaper thread.
    private final class ExitRecord: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (status: Int32, signalled: Bool, at: ContinuousClock.Instant)?

        var current: (status: Int32, signalled: Bool, at: ContinuousClock.Instant)? { lock.withLock { value } }

        func set(_ raw: Int32) {
            let (status, signalled) = exitStatus(fromWait: raw)
            lock.withLock { value = (status, signalled, ContinuousClock.now) }
        }
    }

    /// Starts `argv` with `environment` (the test's own when nil), its output in files
    /// under `directory`.
    init(argv: [String], environment: [String: String]? = nil, outputIn directory: String, name: [String]) throws {
        args = name
        let stamp = UUID().uuidString.prefix(8)
        stdoutPath = "\(directory)/out-\(stamp).txt"
        stderrPath = "\(directory)/err-\(stamp).txt"
        guard let pid = spawnCleanly(argv, stdout: stdoutPath, stderr: stderrPath, environment: environment) else {
            throw TestFailure(message: "cannot start \(argv[0])")
        }
        self.pid = pid
        let record = exit
        let reaper = Thread {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 {
                guard errno == EINTR else { return }
            }
            record.set(raw)
        }
        reaper.name = "reaper-\(pid)"
        reaper.start()
    }

    /// Starts `binary ARGS` in `directory`, with standard input from /dev/null.
    convenience init(_ args: [String], binary: String, directory: String) throws {
        // The shell changes to the folder and then becomes the binary (Glibc has no addchdir here).
        let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, binary] + args
        try self.init(argv: shell, outputIn: directory, name: args)
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The exit status (128 + signal when killed), or nil while it runs.
    func poll() -> Int32? { exit.current?.status }

    /// Whether a signal ended it; nil while it runs.
    var signalled: Bool? { exit.current?.signalled }

    /// When it exited, as the reaper saw it; nil while it runs.
    var exitedAt: ContinuousClock.Instant? { exit.current?.at }

    /// Waits for the exit; kills it and throws after `timeout`.
    @discardableResult
    func wait(timeout: Duration) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let status = poll() { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The test pool can wake us late: a child that has finished by now has finished.
        if let status = poll() { return status }
        kill(pid, SIGKILL)
        while poll() == nil { try await Task.sleep(for: .milliseconds(10)) }
        throw TestFailure(message: "\(args.joined(separator: " ")) did not finish in \(timeout); stderr: \(stderr)")
    }

    /// Waits until standard error contains `text`, returning it; throws after `timeout`.
    func waitForStderr(containing text: String, timeout: Duration) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let err = stderr
            if err.contains(text) { return err }
            if poll() != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let err = stderr
        if err.contains(text) { return err }
        throw TestFailure(message: "\(args.joined(separator: " ")) never said \"\(text)\"; stderr: \(stderr)")
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Removes the output files.
    func removeOutput() {
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    deinit {
        // The reaper collects it.
        if poll() == nil { kill(pid, SIGKILL) }
    }
}
