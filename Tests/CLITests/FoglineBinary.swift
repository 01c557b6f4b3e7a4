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
    /// A `ChildProcess`: started with `spawnCleanly`, reaped by a thread of its own, its
    /// output going to files. Foundation's `Process` has been seen to miss a child's exit
    /// while the machine is busy with the network tests' processes.
    static func run(
        _ args: [String], binary: String? = nil, environment: [String: String] = [:],
        currentDirectory: String? = nil, timeout: Duration = .seconds(120)
    ) async throws -> Output {
        var argv = [binary ?? path] + args
        if let currentDirectory {
            // The shell changes to the folder and then becomes the binary.
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", currentDirectory] + argv
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let child = try ChildProcess(
            argv: argv, environment: env, outputIn: NSTemporaryDirectory(), name: ["fogline"] + args)
        defer { child.removeOutput() }
        let status = try await child.wait(timeout: timeout)
        return Output(status: status, stdout: child.stdout, stderr: child.stderr, crashed: child.signalled ?? false)
    }
}
