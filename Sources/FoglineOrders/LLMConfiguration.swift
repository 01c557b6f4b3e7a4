/// Where and how to ask an OpenAI-compatible chat-completions server for orders.
///
/// Printing it never shows the key (see `LLMAPIKey`).
public struct LLMConfiguration: Sendable, CustomStringConvertible {
    public static let defaultBaseURL = "https://api.openai.com/v1"
    public static let defaultModel = "gpt-4o-mini"
    public static let defaultDeadline: Duration = .milliseconds(1000)

    /// The API root, for instance `https://api.openai.com/v1`; `/chat/completions` is added to it.
    public var baseURL: String
    /// Sent as `Authorization: Bearer ...` and nowhere else; nil sends no Authorization header
    /// (a local server may not want one).
    public var apiKey: LLMAPIKey?
    public var model: String
    public var dialect: LLMDialect
    /// The whole budget of one resolution: request, retry and answer. Past it the offline
    /// resolver answers instead.
    public var deadline: Duration
    /// A retry is made only if at least this much of the deadline is left once its wait is over;
    /// less could not carry a model's answer.
    public var minimumRetryTime: Duration
    /// `max_completion_tokens` and `max_tokens`: a command's orders (typically one to four, some
    /// 50 tokens each) fit well inside it; an answer cut at it is refused. It also bounds how
    /// long a local server goes on generating for a client that gave up.
    public var maxAnswerTokens: Int

    public init(
        baseURL: String = LLMConfiguration.defaultBaseURL, apiKey: LLMAPIKey? = nil,
        model: String = LLMConfiguration.defaultModel, dialect: LLMDialect = .jsonSchema,
        deadline: Duration = LLMConfiguration.defaultDeadline, minimumRetryTime: Duration = .milliseconds(100),
        maxAnswerTokens: Int = 512
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.dialect = dialect
        self.deadline = deadline
        self.minimumRetryTime = minimumRetryTime
        self.maxAnswerTokens = maxAnswerTokens
    }

    /// The configuration from the environment (`OPENAI_BASE_URL`, `OPENAI_API_KEY`); a value
    /// given here (from a command-line flag) wins over the environment.
    public static func fromEnvironment(
        _ environment: [String: String], baseURL: String? = nil, model: String? = nil,
        dialect: LLMDialect = .jsonSchema, deadline: Duration = LLMConfiguration.defaultDeadline
    ) -> LLMConfiguration {
        let envURL = environment["OPENAI_BASE_URL"].map(LLMText.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        return LLMConfiguration(
            baseURL: baseURL ?? envURL ?? defaultBaseURL, apiKey: environment["OPENAI_API_KEY"].flatMap(LLMAPIKey.init),
            model: model ?? defaultModel, dialect: dialect, deadline: deadline)
    }

    /// The chat-completions URL.
    public var endpoint: String {
        var root = LLMText.trimmed(baseURL)
        while root.hasSuffix("/") { root.removeLast() }
        return root + "/chat/completions"
    }

    /// Why this configuration cannot work, or nil.
    public var problem: String? {
        let url = LLMText.trimmed(baseURL).lowercased()
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return "the LLM URL must start with http:// or https://"
        }
        guard !LLMText.trimmed(model).isEmpty else { return "no LLM model named" }
        guard deadline > .zero else { return "the LLM deadline must be positive" }
        return nil
    }

    public var description: String {
        "\(model) at \(endpoint) (\(dialect.rawValue), deadline \(LLMText.milliseconds(deadline)) ms, "
            + (apiKey == nil ? "no API key)" : "API key set)")
    }
}
