import FoglineSim

/// Asks an OpenAI-compatible model for the orders of one command, within a deadline.
///
/// One request; on 429, 408 or a 5xx, one retry after the server's `retry-after-ms` or
/// `retry-after`, only if the wait and a useful attempt still fit the deadline. A refusal of
/// the request (a 4xx, or a 5xx naming one of its members) is never retried as it was: the
/// next structured-output form is asked instead when the refusal named the form, and the
/// choice is remembered per server (`LLMServerMemory`). The answer is parsed but not yet
/// checked against the game: `CommandResolver` does that.
public struct LLMResolver: Sendable {
    public let configuration: LLMConfiguration
    let client: LLMClient
    /// What this process learned about the server (`LLMServerMemory`).
    let memory: LLMServerMemory

    public init(configuration: LLMConfiguration, memory: LLMServerMemory = .shared) {
        self.configuration = configuration
        self.memory = memory
        client = LLMClient(url: configuration.endpoint, apiKey: configuration.apiKey)
    }

    /// The model's answer to `text` as seen by `context`'s player, or why there is none.
    public func resolve(_ text: String, in context: ResolverContext) async -> Result<LLMAnswer, LLMFailure> {
        let result = await ask(text, in: context)
        // Nothing the server said reaches the player unscrubbed.
        return result.mapError { failure in
            guard let key = configuration.apiKey else { return failure }
            switch failure {
            case .unavailable(let s): return .unavailable(key.scrub(s))
            case .transport(let s): return .transport(key.scrub(s))
            case .http(let status, let detail): return .http(status: status, detail: detail.map(key.scrub))
            case .requestRefused: return failure
            case .refused(let s): return .refused(key.scrub(s))
            case .malformed(let s): return .malformed(key.scrub(s))
            case .timedOut, .truncated, .cancelled: return failure
            }
        }.map { answer in
            guard let key = configuration.apiKey else { return answer }
            var scrubbed = answer
            scrubbed.error = answer.error.map(key.scrub)
            return scrubbed
        }
    }

    /// The request members a server may name when it refuses a request and the client can do
    /// without: the structured-output forms (next form) and `max_tokens` (left out).
    static let refusableFields = LLMSchema.structuredOutputFields + ["max_tokens"]

    private func ask(_ text: String, in context: ResolverContext) async -> Result<LLMAnswer, LLMFailure> {
        if let problem = configuration.problem { return .failure(.unavailable(problem)) }
        guard text.utf8.count <= LLMPrompt.maxCommandBytes else {
            return .failure(.unavailable("the command is longer than \(LLMPrompt.maxCommandBytes) bytes"))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.deadline
        let deadlineMs = LLMText.milliseconds(configuration.deadline)
        let prompt = LLMPrompt(command: text, context: context)
        let endpoint = LLMServerMemory.server(of: configuration)
        let profile = memory.profile(for: endpoint)
        let forms = profile.forms(configured: configuration.dialect)
        var form = 0
        var tried: [LLMDialect] = []
        var sendsMaxTokens = !profile.refusesMaxTokens
        var retried = false

        while true {
            let dialect = forms[form]
            if tried.last != dialect { tried.append(dialect) }
            let left = deadline - clock.now
            guard left > .zero else { return .failure(.timedOut(deadlineMs: deadlineMs)) }
            let body = Array(
                prompt.requestBody(
                    model: configuration.model, dialect: dialect, maxAnswerTokens: configuration.maxAnswerTokens,
                    sendsMaxTokens: sendsMaxTokens
                ).utf8)
            let response: LLMClient.Response
            switch await client.post(body, timeout: left) {
            case .success(let r): response = r
            case .failure(.timedOut): return .failure(.timedOut(deadlineMs: deadlineMs))
            case .failure(.cancelled): return .failure(.cancelled)
            case .failure(.tooLarge): return .failure(.malformed(LLMClient.TransportError.tooLarge.description))
            case .failure(.failed(let why)): return .failure(.transport(why))
            }
            if (200...299).contains(response.status) {
                memory.update(endpoint) {
                    $0.answered = dialect
                    $0.refused.remove(dialect)
                }
                return LLMAnswerParser.parse(response.body, dialect: dialect, apiKey: configuration.apiKey)
            }

            // A 4xx, or a 5xx that names a member of the request, is a refusal of the request:
            // asking again the same way cannot help. Do without what it named, if possible.
            let status = response.status
            let named = LLMAnswerParser.namedField(in: response.body, among: Self.refusableFields)
            let busy = status == 408 || status == 429
            let isRefusal = ((400...499).contains(status) && !busy) || ((500...599).contains(status) && named != nil)
            if isRefusal {
                let hasTime = deadline - clock.now > configuration.minimumRetryTime
                if named == "max_tokens", sendsMaxTokens {
                    memory.update(endpoint) { $0.refusesMaxTokens = true }
                    sendsMaxTokens = false
                    if hasTime { continue }
                } else if let named, LLMSchema.structuredOutputFields.contains(named) {
                    memory.update(endpoint) { $0.refused.insert(dialect) }
                    if form + 1 < forms.count, hasTime {
                        form += 1
                        continue
                    }
                }
                if named == nil, let code = LLMAnswerParser.errorCode(in: response.body) {
                    return .failure(.http(status: status, detail: "\(code), not retried"))
                }
                return .failure(.requestRefused(status: status, field: named, tried: tried))
            }

            // 429, 408 and other 5xx: the server is busy or broken now; once, if the wait fits.
            let code = LLMAnswerParser.errorCode(in: response.body)
            guard busy || (500...599).contains(status) else {
                return .failure(.http(status: status, detail: code))
            }
            guard !retried else {
                let parts = [code, "after one retry"].compactMap { $0 }
                return .failure(.http(status: status, detail: parts.joined(separator: ", ")))
            }
            retried = true
            switch Self.retryHint(response.headers) {
            case .unreadable:
                return .failure(.http(status: status, detail: "its retry-after could not be read, so no retry"))
            case .after(let wait):
                let waitText = "retry-after \(LLMText.milliseconds(wait)) ms"
                guard clock.now + wait + configuration.minimumRetryTime <= deadline else {
                    return .failure(.http(status: status, detail: "\(waitText) does not fit the \(deadlineMs) ms deadline"))
                }
                if wait > .zero {
                    do {
                        try await Task.sleep(for: wait)
                    } catch {
                        return .failure(.cancelled)
                    }
                }
            }
        }
    }

    /// What the server said about retrying.
    enum RetryHint: Equatable {
        /// Wait this long (zero when it sent no hint).
        case after(Duration)
        /// A hint was sent but cannot be read (an HTTP date, a negative number).
        case unreadable
    }

    /// `retry-after-ms` (OpenAI's) first, then `retry-after` in seconds.
    static func retryHint(_ headers: [String: String]) -> RetryHint {
        if let ms = headers["retry-after-ms"] {
            guard let value = Double(ms), value >= 0, value < 3_600_000 else { return .unreadable }
            return .after(.milliseconds(Int64(value.rounded(.up))))
        }
        if let seconds = headers["retry-after"] {
            guard let value = Double(seconds), value >= 0, value < 3600 else { return .unreadable }
            return .after(.milliseconds(Int64((value * 1000).rounded(.up))))
        }
        return .after(.zero)
    }
}
