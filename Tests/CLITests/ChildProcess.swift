import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `fogline` process running alongside the test, its output going to files.
///
/// Waiting is asynchronous (a poll of waitpid and a short sleep), so a test that
/// runs two 100-second matches does not hold one of the test pool's few threads.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    let args: [String]
    private var status: Int32?

    /// Starts `binary ARGS` in `directory`, with standard input from /dev/null.
    init(_ args: [String], binary: String, directory: String) throws {
        self.args = args
        let stamp = UUID().uuidString.prefix(8)
        stdoutPath = "\(directory)/out-\(stamp).txt"
        stderrPath = "\(directory)/err-\(stamp).txt"
        // The shell changes to the folder and then becomes the binary (Glibc has no addchdir here).
        let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, binary] + args
        guard let pid = spawnCleanly(shell, stdout: stdoutPath, stderr: stderrPath) else {
            throw SpawnError(message: "cannot start \(binary)")
        }
        self.pid = pid
    }

    struct SpawnError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The exit status (128 + signal when killed), or nil while it runs.
    func poll() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        status = exitStatus(fromWait: raw).status
        return status
    }

    /// Waits for the exit; kills it and throws after `timeout`.
    @discardableResult
    func wait(timeout: Duration) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        // The test pool can be busy with blocking tests for a while: look once more after the deadline.
        while clock.now < deadline {
            if let status = poll() { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
        if let status = poll() { return status }
        kill(pid, SIGKILL)
        while poll() == nil { try await Task.sleep(for: .milliseconds(10)) }
        throw SpawnError(message: "fogline \(args.joined(separator: " ")) did not finish in \(timeout); stderr: \(stderr)")
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
        throw SpawnError(message: "fogline \(args.joined(separator: " ")) never said \"\(text)\"; stderr: \(stderr)")
    }

    func signal(_ number: Int32) { kill(pid, number) }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }
}
