/// How the request asks for structured output. Both carry the same strict schema (`LLMSchema`).
public enum LLMDialect: String, Sendable, CaseIterable {
    /// `response_format: {"type": "json_schema", "json_schema": {..., "strict": true}}`;
    /// the answer is `choices[0].message.content`.
    case jsonSchema = "json-schema"
    /// One strict function tool the model must call (`tool_choice` names it), for models that
    /// accept structured output only that way; the answer is `tool_calls[0].function.arguments`.
    case tools
}
