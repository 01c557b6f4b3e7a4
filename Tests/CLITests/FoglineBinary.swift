import Foundation

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
    static func run(
        _ args: [String], binary: String? = nil, environment: [String: String] = [:],
        currentDirectory: String? = nil, timeout: TimeInterval = 120
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary ?? path)
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while it runs so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TimeoutError(args: args)
        }
        process.waitUntilExit()
        group.wait()
        let crashed = process.terminationReason == .uncaughtSignal
        return Output(
            status: crashed ? 128 + process.terminationStatus : process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            crashed: crashed)
    }

    struct TimeoutError: Error, CustomStringConvertible {
        var args: [String]
        var description: String { "fogline \(args.joined(separator: " ")) did not finish in time" }
    }
}
