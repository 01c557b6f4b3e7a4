import FoglineSim

/// Asks an OpenAI-compatible model for the orders of one command, within a deadline.
///
/// One request; on 429 or a 5xx, one retry after the server's `retry-after-ms` or
/// `retry-after`, only if the wait and a useful attempt still fit the deadline. The answer
/// is parsed but not yet checked against the game: `CommandResolver` does that.
public struct LLMResolver: Sendable {
    public let configuration: LLMConfiguration
    let client: LLMClient

    public init(configuration: LLMConfiguration) {
        self.configuration = configuration
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
            case .refused(let s): return .refused(key.scrub(s))
            case .malformed(let s): return .malformed(key.scrub(s))
            case .timedOut, .truncated, .cancelled: return failure
            }
        }.map { answer in
            guard let key = configuration.apiKey else { return answer }
            var scrubbed = answer
            scrubbed.error = answer.error.map(key.scrub)
            scrubbed.notes = answer.notes.map(key.scrub)
            return scrubbed
        }
    }

    private func ask(_ text: String, in context: ResolverContext) async -> Result<LLMAnswer, LLMFailure> {
        if let problem = configuration.problem { return .failure(.unavailable(problem)) }
        guard text.utf8.count <= LLMPrompt.maxCommandBytes else {
            return .failure(.unavailable("the command is longer than \(LLMPrompt.maxCommandBytes) bytes"))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.deadline
        let deadlineMs = LLMText.milliseconds(configuration.deadline)
        let body = Array(
            LLMPrompt(command: text, context: context)
                .requestBody(
                    model: configuration.model, dialect: configuration.dialect,
                    maxAnswerTokens: configuration.maxAnswerTokens
                ).utf8)

        var attempt = 0
        while true {
            attempt += 1
            let left = deadline - clock.now
            guard left > .zero else { return .failure(.timedOut(deadlineMs: deadlineMs)) }
            let response: LLMClient.Response
            switch await client.post(body, timeout: left) {
            case .success(let r): response = r
            case .failure(.timedOut): return .failure(.timedOut(deadlineMs: deadlineMs))
            case .failure(.cancelled): return .failure(.cancelled)
            case .failure(.tooLarge): return .failure(.malformed(LLMClient.TransportError.tooLarge.description))
            case .failure(.failed(let why)): return .failure(.transport(why))
            }
            if (200...299).contains(response.status) {
                return LLMAnswerParser.parse(
                    response.body, dialect: configuration.dialect, apiKey: configuration.apiKey)
            }
            let code = LLMAnswerParser.errorCode(in: response.body)
            guard response.status == 429 || (500...599).contains(response.status), attempt == 1 else {
                let parts = [code, attempt > 1 ? "after one retry" : nil].compactMap { $0 }
                return .failure(
                    .http(status: response.status, detail: parts.isEmpty ? nil : parts.joined(separator: ", ")))
            }
            switch Self.retryHint(response.headers) {
            case .unreadable:
                return .failure(
                    .http(status: response.status, detail: "its retry-after could not be read, so no retry"))
            case .after(let wait):
                let waitText = "retry-after \(LLMText.milliseconds(wait)) ms"
                guard clock.now + wait + configuration.minimumRetryTime <= deadline else {
                    return .failure(
                        .http(status: response.status, detail: "\(waitText) does not fit the \(deadlineMs) ms deadline")
                    )
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
