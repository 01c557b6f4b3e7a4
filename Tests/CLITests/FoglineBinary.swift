import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `fogline` binary in its own process, as a user would.
enum FoglineBinary {
    /// The repository root, found from this file's place in it.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The debug binary beside the test bundle (SwiftPM puts products in one folder).
    static var path: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = exe.deletingLastPathComponent().appendingPathComponent("fogline").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/fogline").path
    }

    struct Output {
        /// The exit status, or 128 + the signal number when killed by a signal.
        var status: Int32
        var stdout: String
        var stderr: String
        var crashed: Bool
    }

    /// Runs `fogline ARGS` (or another `binary`) and waits for it, with a time limit.
    ///
    /// The child is started with `spawnCleanly` and reaped with waitpid, its output going
    /// to files: Foundation's `Process` has been seen to miss a child's exit while the
    /// machine is busy with the network tests' processes. The wait sleeps between looks
    /// instead of blocking: every test target runs in one process on a pool of as many
    /// threads as cores, and a blocked thread starves the timing-sensitive async tests.
    static func run(
        _ args: [String], binary: String? = nil, environment: [String: String] = [:],
        currentDirectory: String? = nil, timeout: Duration = .seconds(120)
    ) async throws -> Output {
        let stamp = UUID().uuidString.prefix(8)
        let out = NSTemporaryDirectory() + "fogline-run-\(stamp).out"
        let err = NSTemporaryDirectory() + "fogline-run-\(stamp).err"
        defer {
            unlink(out)
            unlink(err)
        }
        var argv = [binary ?? path] + args
        if let currentDirectory {
            // The shell changes to the folder and then becomes the binary.
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", currentDirectory] + argv
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        guard let pid = spawnCleanly(argv, stdout: out, stderr: err, environment: env) else {
            throw TimeoutError(args: args, what: "could not be started")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var raw: Int32 = 0
        while true {
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { throw TimeoutError(args: args, what: "could not be waited for") }
            // Checked after a look at the child, so a late wake-up still finds a child that finished.
            if clock.now >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                throw TimeoutError(args: args)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let (status, signalled) = exitStatus(fromWait: raw)
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Output(status: status, stdout: read(out), stderr: read(err), crashed: signalled)
    }

    struct TimeoutError: Error, CustomStringConvertible {
        var args: [String]
        var what = "did not finish in time"
        var description: String { "fogline \(args.joined(separator: " ")) \(what)" }
    }
}
