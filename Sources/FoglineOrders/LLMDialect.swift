/// How the request asks for structured output. All carry the same schema (`LLMSchema`).
///
/// Real servers take different forms: OpenAI takes all three; llama-cpp-python's server
/// refuses `json_schema` but takes `json_object` with a schema; llama.cpp's `llama-server`
/// takes both `response_format` forms, and tools only with a string `tool_choice`.
/// `LLMResolver` moves to the next form when a server refuses one, and remembers it.
public enum LLMDialect: String, Sendable, CaseIterable {
    /// `response_format: {"type": "json_schema", "json_schema": {..., "strict": true}}`;
    /// the answer is `choices[0].message.content`.
    case jsonSchema = "json-schema"
    /// `response_format: {"type": "json_object", "schema": {...}}`, the form llama-cpp-python
    /// and llama-server read; the answer is `choices[0].message.content`.
    case jsonObject = "json-object"
    /// One strict function tool the model must call (`tool_choice: "required"`, a string,
    /// which every server reads), for models that accept structured output only that way;
    /// the answer is `tool_calls[0].function.arguments`.
    case tools

    /// The forms to try, this one first, then the others in their usual order.
    public var withFallbacks: [LLMDialect] {
        [self] + Self.allCases.filter { $0 != self }
    }

    /// The names a user may type (`--llm-dialect`).
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
