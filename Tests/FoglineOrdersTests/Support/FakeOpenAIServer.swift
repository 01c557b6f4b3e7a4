import FoglineOrders
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1 at a free port, speaking the OpenAI chat-completions
/// wire format, scripted per test: each request gets the next scripted reply (status,
/// headers such as `retry-after`, a delay, a body). It records every request so tests can
/// read what the client sent.
///
/// POSIX sockets, an accept thread, and one thread per connection (keep-alive is honoured,
/// so the client's connection reuse is exercised too).
final class FakeOpenAIServer: @unchecked Sendable {
    /// One scripted answer.
    struct Reply: Sendable {
        var status = 200
        var headers: [(String, String)] = []
        var body: String
        /// Waited before answering (an answer slower than the deadline).
        var delay: Duration = .zero

        /// A chat completion whose `choices[0].message.content` is `content`.
        static func content(_ content: String, finishReason: String = "stop") -> Reply {
            Reply(
                body: completion(
                    message: "\"content\": \(JSONText.quote(content)), \"refusal\": null", finish: finishReason))
        }

        /// A chat completion whose `choices[0].message.tool_calls[0].function.arguments` is `arguments`.
        static func toolCall(_ arguments: String, name: String = LLMSchema.toolName) -> Reply {
            let call =
                "{\"id\": \"call_fake1\", \"type\": \"function\", \"function\": {\"name\": \(JSONText.quote(name)), "
                + "\"arguments\": \(JSONText.quote(arguments))}}"
            return Reply(
                body: completion(
                    message: "\"content\": null, \"refusal\": null, \"tool_calls\": [\(call)]", finish: "stop"))
        }

        /// A refusal (`message.refusal` set, no content).
        static func refusal(_ text: String) -> Reply {
            Reply(body: completion(message: "\"content\": null, \"refusal\": \(JSONText.quote(text))", finish: "stop"))
        }

        /// An error status with an OpenAI-shaped error body.
        static func error(
            _ status: Int, headers: [(String, String)] = [], message: String = "scripted failure",
            code: String = "server_error"
        )
            -> Reply
        {
            Reply(
                status: status, headers: headers,
                body:
                    "{\"error\": {\"message\": \(JSONText.quote(message)), \"type\": \"\(code)\", \"param\": null, \"code\": \"\(code)\"}}"
            )
        }

        static func completion(message: String, finish: String) -> String {
            """
            {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": "fake-model", \
            "choices": [{"index": 0, "message": {"role": "assistant", \(message)}, "logprobs": null, \
            "finish_reason": \(JSONText.quote(finish))}], \
            "usage": {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940}}
            """
        }

        func delayed(_ d: Duration) -> Reply {
            var r = self
            r.delay = d
            return r
        }
    }

    /// One request as the server read it.
    struct Request: Sendable {
        var method: String
        var path: String
        /// Lower-case names.
        var headers: [String: String]
        var body: String
        var json: JSONValue? { try? JSONValue(parsing: body) }
    }

    let port: UInt16
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private let listener: Int32
    private let lock = NSLock()
    // Guarded by `lock`.
    private var script: [Reply]
    private var received: [Request] = []
    private var connections: Set<Int32> = []
    private var stopped = false
    private let acceptDone = DispatchSemaphore(value: 0)

    /// Starts listening; `replies` answer requests in order (later requests get HTTP 500).
    init(_ replies: [Reply]) throws {
        script = replies
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        let port: UInt16
        do {
            port = try Self.bindToFreeLoopbackPort(fd)
        } catch {
            close(fd)
            throw error
        }
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw ServerError("listen on 127.0.0.1 failed: errno \(errno)")
        }
        listener = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "fake-openai-accept"
        thread.start()
    }

    deinit { stop() }

    /// Binds `fd` to a port of 127.0.0.1 that the kernel picks, and returns the port.
    static func bindToFreeLoopbackPort(_ fd: Int32) throws -> UInt16 {
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0  // the kernel picks a free port
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ServerError("bind on 127.0.0.1 failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A loopback port held bound but not listening: every connection to it is refused,
    /// and no other test's server can be given it while this lives.
    final class RefusingPort {
        private let fd: Int32
        let port: UInt16
        var baseURL: String { "http://127.0.0.1:\(port)/v1" }

        init() throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
            do {
                port = try FakeOpenAIServer.bindToFreeLoopbackPort(fd)
            } catch {
                close(fd)
                throw error
            }
        }

        deinit { close(fd) }
    }

    /// The requests received so far.
    var requests: [Request] { lock.withLock { received } }

    /// Adds replies to the end of the script.
    func enqueue(_ replies: Reply...) {
        lock.withLock { script += replies }
    }

    /// Stops accepting, closes every connection and waits for the accept thread.
    func stop() {
        let open: Set<Int32>? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            return connections
        }
        guard let open else { return }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        acceptDone.wait()
        close(listener)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while !isStopped {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 20) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let admitted = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                connections.insert(fd)
                return true
            }
            guard admitted else {
                close(fd)
                return
            }
            let thread = Thread { [self] in serve(fd) }
            thread.name = "fake-openai-connection"
            thread.start()
        }
    }

    /// Answers requests on one connection until the client closes it.
    private func serve(_ fd: Int32) {
        defer {
            lock.withLock { _ = connections.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            let reply: Reply = lock.withLock {
                received.append(request)
                return script.isEmpty ? Reply.error(500, message: "no scripted reply left") : script.removeFirst()
            }
            if reply.delay > .zero {
                let end = ContinuousClock.now + reply.delay
                while ContinuousClock.now < end && !isStopped { usleep(5_000) }
            }
            guard !isStopped, write(fd, response(reply)) else { return }
        }
    }

    private func response(_ reply: Reply) -> [UInt8] {
        let body = Array(reply.body.utf8)
        var head = "HTTP/1.1 \(reply.status) \(reason(reply.status))\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: keep-alive\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    private func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    /// Reads one request (head and Content-Length body); nil when the connection ends.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if headEnd == nil, let found = find(separator, in: buffer) { headEnd = found }
            if let end = headEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ").map(String.init)
                guard requestLine.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                let bodyStart = end + separator.count
                if buffer.count >= bodyStart + length {
                    let body = String(decoding: buffer[bodyStart..<(bodyStart + length)], as: UTF8.self)
                    buffer.removeFirst(bodyStart + length)
                    return Request(method: requestLine[0], path: requestLine[1], headers: headers, body: body)
                }
            }
            guard buffer.count < 4 << 20 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer += chunk[..<n]
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a client that gave up must not kill the test process with SIGPIPE.
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
