import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real local LLM server on 127.0.0.1, serving SmolLM2-135M, for the LLM path's tests:
/// llama.cpp's own `llama-server`, or llama-cpp-python's server.
///
/// `scripts/install-llama-server` builds `llama-server` and unpacks the model into a cache
/// outside the clone; `scripts/test` passes their paths in `FOGLINE_LLAMA_SERVER` and
/// `FOGLINE_LLAMA_MODEL`, and sets `FOGLINE_REQUIRE_LLAMA=1` so a missing server fails the
/// suite instead of skipping it. llama-cpp-python is optional (CI does not build it):
/// `scripts/install-llama-cpp-python` prints the `FOGLINE_LLAMA_CPP_PYTHON` to set.
struct LlamaServer {
    /// Which server answers.
    enum Kind: String, CustomStringConvertible {
        case llamaCpp = "llama-server"
        case llamaCppPython = "llama-cpp-python"

        var description: String { rawValue }
    }

    let kind: Kind
    let child: ChildProcess
    let port: Int
    let directory: String

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// The binary and the model, when both are there.
    static var installed: (server: String, model: String)? {
        let env = ProcessInfo.processInfo.environment
        guard let server = env["FOGLINE_LLAMA_SERVER"], let model = env["FOGLINE_LLAMA_MODEL"],
            FileManager.default.isExecutableFile(atPath: server), FileManager.default.fileExists(atPath: model)
        else { return nil }
        return (server, model)
    }

    /// Whether the tests must run: a missing server is then a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["FOGLINE_REQUIRE_LLAMA"] == "1" }

    /// llama-cpp-python's environment and the same model, when both are there.
    static var pythonInstalled: (python: String, model: String)? {
        guard let python = ProcessInfo.processInfo.environment["FOGLINE_LLAMA_CPP_PYTHON"],
            FileManager.default.isExecutableFile(atPath: python), let (_, model) = installed
        else { return nil }
        return (python, model)
    }

    /// Starts the server on a free port and waits until the model is loaded and it answers.
    /// llama-server: `--jinja` lets it take the tools dialect; one slot, so requests queue
    /// as on a player's machine. Both: two threads, the machine's cores, and the chat
    /// template the model ships.
    static func start(_ name: String, kind: Kind = .llamaCpp) async throws -> LlamaServer {
        let port = try freeTCPPort()
        let argv: [String]
        let ready: String
        let health: String
        switch kind {
        case .llamaCpp:
            guard let (binary, model) = installed else {
                throw TestFailure(
                    message: "llama-server is not installed: run scripts/install-llama-server and set "
                        + "FOGLINE_LLAMA_SERVER and FOGLINE_LLAMA_MODEL (scripts/test does)")
            }
            argv = [
                binary, "--model", model, "--host", "127.0.0.1", "--port", "\(port)", "--jinja", "--ctx-size", "4096",
                "--parallel", "1", "--threads", "2", "--no-webui",
            ]
            (ready, health) = ("listening on", "/health")
        case .llamaCppPython:
            guard let (python, model) = pythonInstalled else {
                throw TestFailure(
                    message: "llama-cpp-python is not installed: run scripts/install-llama-cpp-python and set "
                        + "FOGLINE_LLAMA_CPP_PYTHON, and FOGLINE_LLAMA_SERVER and FOGLINE_LLAMA_MODEL")
            }
            argv = [
                python, "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", "\(port)",
                "--n_ctx", "4096", "--n_threads", "2",
            ]
            (ready, health) = ("Uvicorn running on", "/v1/models")
        }
        let directory = try NetworkMatchRun.makeDirectory(name)
        let child = try ChildProcess(argv: argv, outputIn: directory, name: [kind.rawValue, name])
        _ = try await child.waitForStderr(containing: ready, timeout: .seconds(60))
        // Listening comes before the model is ready on some builds; the health path says when it is.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while try await httpStatus(port: port, path: health) != 200 {
            guard clock.now < deadline, child.poll() == nil else {
                throw TestFailure(message: "\(kind) never became healthy; stderr: \(child.stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return LlamaServer(kind: kind, child: child, port: port, directory: directory)
    }

    /// Runs `body` with a server started for it, and stops the server after, also when
    /// `body` throws, before the next test starts its own.
    static func with(_ name: String, kind: Kind = .llamaCpp, _ body: (LlamaServer) async throws -> Void) async throws {
        let server = try await start(name, kind: kind)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func stop() async {
        child.signal(SIGTERM)
        _ = try? await child.wait(timeout: .seconds(10))
        child.removeOutput()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A TCP port the kernel just handed out and took back.
    static func freeTCPPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure(message: "socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestFailure(message: "bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The status of `GET path`, or 0 when nothing answers yet.
    static func httpStatus(port: Int, path: String) async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return 0 }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 12 else { return 0 }
        // "HTTP/1.1 200 OK"
        let line = String(decoding: buffer[0..<n], as: UTF8.self)
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
