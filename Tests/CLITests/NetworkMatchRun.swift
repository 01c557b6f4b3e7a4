import Foundation

/// `fogline host --headless` and `fogline join --headless` as two processes on 127.0.0.1.
///
/// The host listens on port 0 (the system picks a free one) and says which; the
/// joiner is pointed at it. Each side records its replay in the run's own folder.
struct NetworkMatchRun {
    let directory: String
    let host: ChildProcess
    let join: ChildProcess
    let port: Int

    static var binary: String { PlayVerifyTests.releaseBinary ?? FoglineBinary.path }

    /// A fresh folder for one run's replays, scripts and dumps.
    static func makeDirectory(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fogline-net-\(name)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts a host and waits until it listens; returns it with its port.
    static func startHost(_ args: [String], in directory: String) async throws -> (ChildProcess, Int) {
        let host = try ChildProcess(
            ["host", "--headless", "--port", "0", "--record", "host.fogrep"] + args, binary: binary, directory: directory)
        let said = try await host.waitForStderr(containing: "waiting for a player", timeout: .seconds(20))
        guard let range = said.range(of: #"on port (\d+)"#, options: .regularExpression),
            let port = Int(said[range].split(separator: " ").last ?? "")
        else {
            throw TestFailure(message: "the host did not say its port: \(said)")
        }
        return (host, port)
    }

    /// Starts both sides: `shared` goes to both, then each side's own arguments.
    static func start(
        _ name: String, shared: [String] = [], host hostArgs: [String] = [], join joinArgs: [String] = [],
        prepare: (String) throws -> Void = { _ in }
    ) async throws -> NetworkMatchRun {
        let directory = try makeDirectory(name)
        try prepare(directory)
        let (host, port) = try await startHost(shared + hostArgs, in: directory)
        let join = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(port)", "--record", "join.fogrep"] + shared + joinArgs, binary: binary,
            directory: directory)
        return NetworkMatchRun(directory: directory, host: host, join: join, port: port)
    }

    /// Waits for both to exit; returns their exit statuses.
    func finish(timeout: Duration = .seconds(240)) async throws -> (host: Int32, join: Int32) {
        let joinStatus = try await join.wait(timeout: timeout)
        let hostStatus = try await host.wait(timeout: .seconds(30))
        return (hostStatus, joinStatus)
    }

    func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// The JSON summary a side printed, as a dictionary.
    static func summary(_ process: ChildProcess) -> [String: Any] { lastLineJSON(process.stdout) }

    /// The last line of `output` as a JSON object (empty if it is not one).
    static func lastLineJSON(_ output: String) -> [String: Any] {
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    /// The summary of the same match played on one machine, for the reference hash.
    static func localSummary(_ args: [String], in directory: String) async throws -> [String: Any] {
        lastLineJSON(try await FoglineBinary.run(["play", "--headless"] + args, binary: binary, currentDirectory: directory).stdout)
    }
}
