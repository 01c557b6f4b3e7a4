/// Why the LLM gave no usable answer. Its `description` is what the player reads after
/// "fell back to the offline resolver: "; it never holds the API key or a server's own words
/// beyond a short, cleaned identifier.
public enum LLMFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration cannot work (a bad URL, no model).
    case unavailable(String)
    /// No answer within the deadline, in milliseconds.
    case timedOut(deadlineMs: Int64)
    /// The request never got an HTTP answer (connection refused, TLS, DNS).
    case transport(String)
    /// The server answered with an error status. `detail` is the retry story or the
    /// server's error code, never its message (which may quote the key).
    case http(status: Int, detail: String?)
    /// The server refused the request itself (a 4xx, or a 5xx whose body names one of the
    /// request's members): not retried. `field` is the member it named, from the request's own
    /// list (never the server's words); `tried` the structured-output forms asked in turn.
    case requestRefused(status: Int, field: String?, tried: [LLMDialect])
    /// The model declined (`message.refusal` or `finish_reason: content_filter`).
    case refused(String)
    /// The answer hit the token limit (`finish_reason: length`) and was not used.
    case truncated
    /// The answer was not the chat-completions shape or not order JSON.
    case malformed(String)
    /// The caller gave up on the resolution.
    case cancelled

    public var description: String {
        switch self {
        case .unavailable(let why): return "the LLM is not usable: \(why)"
        case .timedOut(let ms): return "the LLM timed out (no answer within the \(ms) ms deadline)"
        case .transport(let why): return "could not reach the LLM: \(why)"
        case .http(let status, let detail):
            return "the LLM server answered HTTP \(status) (\(Self.meaning(of: status)))"
                + (detail.map { ", \($0)" } ?? "")
        case .requestRefused(let status, let field, let tried):
            let what = field.map { "the request's \"\($0)\"" } ?? "the request"
            let forms = tried.count > 1 ? "; tried " + tried.map(\.rawValue).joined(separator: ", ") : ""
            return "the LLM server refused \(what) (HTTP \(status), \(Self.meaning(of: status)), not retried\(forms))"
        case .refused(let why): return "the model refused: \(why)"
        case .truncated: return "the LLM's answer was cut short (finish_reason \"length\")"
        case .malformed(let why): return "malformed LLM answer: \(why)"
        case .cancelled: return "the LLM request was cancelled"
        }
    }

    static func meaning(of status: Int) -> String {
        switch status {
        case 400: return "bad request"
        case 401: return "the API key was refused; set OPENAI_API_KEY"
        case 403: return "forbidden"
        case 404: return "not found; check --llm-url and --llm-model"
        case 408: return "request timeout"
        case 413: return "request too large"
        case 429: return "rate limited"
        case 500...599: return "server error"
        default: return "unexpected status"
        }
    }
}
