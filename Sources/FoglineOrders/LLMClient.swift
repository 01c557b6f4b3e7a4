import CCurl
import Foundation

/// Posts JSON to an OpenAI-compatible server through libcurl, on a thread of its own, so
/// an `await` on it never holds a thread of the caller's (or of Swift's small cooperative pool).
///
/// Each request gets `CURLOPT_TIMEOUT_MS` from the time left, `CURLOPT_NOSIGNAL` (timeouts
/// without signals, safe with threads), no redirects (the key must not follow one), http and
/// https only, and a bounded answer. Easy handles are pooled so their connections are reused:
/// a TLS handshake would eat much of a one-second deadline.
public final class LLMClient: @unchecked Sendable {
    /// One HTTP answer.
    public struct Response: Sendable {
        public var status: Int
        /// Header names in lower case; a repeated header keeps its last value.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// Why no HTTP answer came.
    public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
        case timedOut
        case cancelled
        case tooLarge
        case failed(String)

        public var description: String {
            switch self {
            case .timedOut: return "timed out"
            case .cancelled: return "cancelled"
            case .tooLarge: return "the answer was larger than \(LLMClient.maxResponseBytes / 1024) KiB"
            case .failed(let why): return why
            }
        }
    }

    /// Larger answers are cut off and refused; sixteen orders take a few KiB.
    public static let maxResponseBytes = 1 << 20
    static let maxPooledHandles = 4

    public let url: String
    private let apiKey: LLMAPIKey?
    private let lock = NSLock()
    /// Idle easy handles (`CURL *`), guarded by `lock`.
    private var idle: [UnsafeMutableRawPointer] = []

    public init(url: String, apiKey: LLMAPIKey?) {
        _ = Self.globalSetup
        self.url = url
        self.apiKey = apiKey
    }

    deinit {
        for handle in idle { curl_easy_cleanup(handle) }
    }

    /// libcurl's process-wide setup, done once before any handle exists (it is not thread-safe).
    private static let globalSetup: Bool = {
        // With CURLOPT_NOSIGNAL libcurl no longer shields the process from SIGPIPE; a server
        // closing its end mid-write must not kill a running match. A handler the host
        // installed itself is put back.
        let previous = signal(SIGPIPE, SIG_IGN)
        let bits = previous.map { unsafeBitCast($0, to: Int.self) } ?? 0
        if bits != 0, bits != unsafeBitCast(SIG_IGN, to: Int.self) { signal(SIGPIPE, previous) }
        return fogline_curl_global_init_default() == CURLE_OK
    }()

    /// POSTs `body` (JSON) and waits, without blocking the calling thread, for at most `timeout`.
    /// Cancelling the task returns `.cancelled` at once; the transfer stops soon after.
    public func post(_ body: [UInt8], timeout: Duration) async -> Result<Response, TransportError> {
        let transfer = Transfer()
        return await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<Response, TransportError>, Never>) in
                guard transfer.attach(continuation) else { return }
                let thread = Thread { [self] in
                    transfer.finish(perform(transfer, body: body, timeout: timeout))
                }
                thread.name = "fogline-llm"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    // MARK: - The transfer, on its own thread

    private func perform(_ transfer: Transfer, body: [UInt8], timeout: Duration) -> Result<Response, TransportError> {
        guard let handle = takeHandle() else { return .failure(.failed("libcurl could not make a handle")) }
        defer { giveBack(handle) }
        curl_easy_reset(handle)

        let ms = max(1, Int(LLMText.milliseconds(timeout)))
        var headers: UnsafeMutablePointer<curl_slist>?
        var lines = ["Content-Type: application/json", "Accept: application/json", "Expect:", "User-Agent: fogline"]
        // "Expect:" stops libcurl from waiting for a "100 Continue" on large bodies.
        if let apiKey { lines.append("Authorization: Bearer " + apiKey.secret) }
        for line in lines { headers = curl_slist_append(headers, line) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: fogline_curl_error_size())
        errorBuffer.initialize(to: 0)
        let context = Unmanaged.passRetained(transfer)
        defer {
            // Detach everything this call owns before freeing it; the handle lives on in the pool.
            _ = fogline_curl_set_pointer(handle, CURLOPT_HTTPHEADER, nil)
            _ = fogline_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, nil)
            curl_slist_free_all(headers)
            errorBuffer.deallocate()
            context.release()
        }

        var ok = fogline_curl_set_string(handle, CURLOPT_URL, url) == CURLE_OK
        ok = ok && fogline_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
        ok = ok && fogline_curl_set_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK
        ok = ok && fogline_curl_set_long(handle, CURLOPT_TIMEOUT_MS, ms) == CURLE_OK
        ok = ok && fogline_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, ms) == CURLE_OK
        ok = ok && fogline_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0) == CURLE_OK
        ok = ok && fogline_curl_set_long(handle, CURLOPT_POST, 1) == CURLE_OK
        ok = ok && fogline_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) == CURLE_OK
        // COPYPOSTFIELDS copies the body, so it need not outlive this call.
        let copied = body.withUnsafeBytes { raw in
            fogline_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
        }
        ok = ok && copied == CURLE_OK
        ok = ok && fogline_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headers) == CURLE_OK
        ok = ok && fogline_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer) == CURLE_OK
        ok = ok && fogline_curl_set_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()) == CURLE_OK
        ok = ok && fogline_curl_set_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()) == CURLE_OK
        ok = ok && fogline_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context.toOpaque()) == CURLE_OK
        ok = ok && fogline_curl_set_write_function(handle, Self.writeBody) == CURLE_OK
        ok = ok && fogline_curl_set_header_function(handle, Self.readHeader) == CURLE_OK
        ok = ok && fogline_curl_set_xferinfo_function(handle, Self.progress) == CURLE_OK
        guard ok else { return .failure(.failed("libcurl refused an option")) }

        let code = curl_easy_perform(handle)
        switch code {
        case CURLE_OK:
            var status = 0
            _ = fogline_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(Response(status: status, headers: transfer.headers, body: transfer.body))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(.timedOut)
        case CURLE_ABORTED_BY_CALLBACK:
            return .failure(.cancelled)
        case CURLE_WRITE_ERROR where transfer.overflowed:
            return .failure(.tooLarge)
        default:
            let detail = String(cString: errorBuffer)
            let summary = String(cString: curl_easy_strerror(code))
            let why = detail.isEmpty ? summary : detail
            return .failure(.failed(LLMText.clipped(apiKey?.scrub(why) ?? why)))
        }
    }

    // MARK: - libcurl callbacks (C function pointers: no captures, state through the user pointer)

    private typealias DataCallback =
        @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
    private typealias ProgressCallback =
        @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32

    /// Appends body bytes; refusing more than `maxResponseBytes` makes libcurl stop with CURLE_WRITE_ERROR.
    private static let writeBody: DataCallback = { data, size, count, user in
        let n = size * count
        guard let user, let data, n > 0 else { return n }
        let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
        guard transfer.body.count + n <= LLMClient.maxResponseBytes else {
            transfer.overflowed = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: n) {
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
        }
        return n
    }

    /// Keeps one header line.
    private static let readHeader: DataCallback = { data, size, count, user in
        let n = size * count
        guard let user, let data, n > 0 else { return n }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: n) {
            String(decoding: UnsafeBufferPointer(start: $0, count: min(n, 8192)), as: UTF8.self)
        }
        Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue().header(line)
        return n
    }

    /// Aborts the transfer once the task is cancelled.
    private static let progress: ProgressCallback = { user, _, _, _, _ in
        guard let user else { return 0 }
        return Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue().isCancelled ? 1 : 0
    }

    private func takeHandle() -> UnsafeMutableRawPointer? {
        if let handle = lock.withLock({ idle.popLast() }) { return handle }
        return curl_easy_init()
    }

    private func giveBack(_ handle: UnsafeMutableRawPointer) {
        let kept = lock.withLock {
            guard idle.count < Self.maxPooledHandles else { return false }
            idle.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }

    // MARK: - One transfer's state

    /// What the libcurl callbacks fill in, and the one-time hand-over to the waiting task.
    private final class Transfer: @unchecked Sendable {
        // Written only by the transfer's thread while libcurl runs.
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        var overflowed = false

        private let lock = NSLock()
        private var continuation: CheckedContinuation<Result<Response, TransportError>, Never>?
        private var cancelled = false
        private var done = false

        var isCancelled: Bool { lock.withLock { cancelled } }

        /// Keeps the continuation; false (and resumed) if the task was already cancelled.
        func attach(_ c: CheckedContinuation<Result<Response, TransportError>, Never>) -> Bool {
            let early: Bool = lock.withLock {
                if cancelled {
                    done = true
                    return true
                }
                continuation = c
                return false
            }
            if early { c.resume(returning: .failure(.cancelled)) }
            return !early
        }

        func finish(_ result: Result<Response, TransportError>) {
            resume(with: result)
        }

        func cancel() {
            lock.withLock { cancelled = true }
            resume(with: .failure(.cancelled))
        }

        private func resume(with result: Result<Response, TransportError>) {
            let c: CheckedContinuation<Result<Response, TransportError>, Never>? = lock.withLock {
                guard !done, let c = continuation else { return nil }
                done = true
                continuation = nil
                return c
            }
            c?.resume(returning: result)
        }

        /// One header line; a status line starts a new response (after a redirect or a 100).
        func header(_ line: String) {
            if line.hasPrefix("HTTP/") {
                headers = [:]
                return
            }
            guard let colon = line.firstIndex(of: ":") else { return }
            let name = LLMText.trimmed(String(line[..<colon])).lowercased()
            let value = LLMText.trimmed(String(line[line.index(after: colon)...]))
            if !name.isEmpty { headers[name] = value }
        }
    }
}
