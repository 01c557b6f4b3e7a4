import FoglineSim

/// Reads a chat-completions answer: `choices[0].message` with `content` (json-schema dialect)
/// or `tool_calls[0].function.arguments` (tools dialect), `refusal` and `finish_reason`, then
/// the canonical order JSON inside it.
///
/// Everything here is untrusted: sizes are bounded, every failure is an `LLMFailure`, and an
/// order that cannot be read rejects the whole answer.
public enum LLMAnswerParser {
    /// Most orders one answer may carry: what the schema allows, also from a server that
    /// does not hold its answer to the schema.
    public static let maxOrders = LLMSchema.maxOrders

    /// - Parameter apiKey: scrubbed out of the model's words before they are shortened, so no
    ///   piece of it can survive the cut.
    public static func parse(_ body: [UInt8], dialect: LLMDialect, apiKey: LLMAPIKey? = nil) -> Result<
        LLMAnswer, LLMFailure
    > {
        let scrub = { (text: String) in apiKey?.scrub(text) ?? text }
        let root: JSONValue
        do {
            root = try JSONValue(parsing: String(decoding: body, as: UTF8.self))
        } catch {
            return .failure(.malformed("the response is not JSON (\(error))"))
        }
        guard let choice = root["choices"]?.array?.first else {
            return .failure(.malformed("the response has no choices"))
        }
        guard let message = choice["message"], case .object = message else {
            return .failure(.malformed("the response has no message"))
        }
        let finish = choice["finish_reason"]?.string
        if let refusal = message["refusal"]?.string, !LLMText.trimmed(refusal).isEmpty {
            return .failure(.refused(LLMText.clipped(scrub(refusal))))
        }
        if finish == "length" { return .failure(.truncated) }
        if finish == "content_filter" { return .failure(.refused("the server's content filter stopped the answer")) }

        // Either dialect's answer is accepted: some servers answer a tool request in content.
        if let calls = message["tool_calls"]?.array, !calls.isEmpty {
            let call = calls.first { $0["function"]?["name"]?.string == LLMSchema.toolName } ?? calls[0]
            guard let arguments = call["function"]?["arguments"] else {
                return .failure(.malformed("the tool call has no arguments"))
            }
            if case .object = arguments { return orders(in: arguments, scrub: scrub) }
            guard let text = arguments.string else {
                return .failure(.malformed("the tool call's arguments are not text"))
            }
            return orders(inText: text, scrub: scrub)
        }
        if let content = message["content"]?.string { return orders(inText: content, scrub: scrub) }
        switch dialect {
        case .jsonSchema, .jsonObject: return .failure(.malformed("the message has no content"))
        case .tools: return .failure(.malformed("the message has no tool call"))
        }
    }

    /// Reads `{"orders": [...], "error": ...}` from the model's text.
    public static func orders(inText raw: String, scrub: (String) -> String = { $0 }) -> Result<LLMAnswer, LLMFailure> {
        guard raw.utf8.count <= 65_536 else { return .failure(.malformed("the order JSON is larger than 64 KiB")) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: withoutCodeFence(raw))
        } catch {
            return .failure(.malformed("the orders are not JSON (\(error))"))
        }
        return orders(in: value, scrub: scrub)
    }

    /// Reads the order object. One order that cannot be read rejects the whole answer: the
    /// model misread the command, so the orders it did write cannot be trusted either.
    static func orders(in value: JSONValue, scrub: (String) -> String) -> Result<LLMAnswer, LLMFailure> {
        guard case .object = value else { return .failure(.malformed("expected an object with \"orders\"")) }
        guard let list = value["orders"]?.array else { return .failure(.malformed("\"orders\" must be an array")) }
        guard list.count <= maxOrders else { return .failure(.malformed("more than \(maxOrders) orders")) }
        var answer = LLMAnswer(orders: [])
        for (k, item) in list.enumerated() {
            do {
                answer.orders.append(try Order(json: item))
            } catch {
                return .failure(.malformed("the LLM's order \(k + 1) of \(list.count) cannot be read: \(error)"))
            }
        }
        if let error = value["error"]?.string, !LLMText.trimmed(error).isEmpty {
            answer.error = LLMText.clipped(scrub(error))
        }
        return .success(answer)
    }

    /// Which of `fields` (the request's own member names) an error body names: OpenAI's
    /// `error.param` first, else the one the error's words mention first as a whole word
    /// (`error.message`, FastAPI's `detail[].loc` and `msg`: pydantic's
    /// `'loc': ('body', 'response_format', 'type')`, llama-server's messages). Members that
    /// echo the request back (`input`) are not read: every field is named there. Only a name
    /// from `fields` ever comes back, never the server's words.
    public static func namedField(in body: [UInt8], among fields: [String]) -> String? {
        guard body.count <= 65_536 else { return nil }
        var text = String(decoding: body, as: UTF8.self)
        if let root = try? JSONValue(parsing: text) {
            if let param = root["error"]?["param"]?.string, let field = fields.first(where: { $0 == param }) {
                return field
            }
            var words: [String] = []
            for holder in [root["error"], root] {
                if let message = holder?["message"]?.string { words.append(message) }
            }
            if let error = root["error"]?.string { words.append(error) }
            if let detail = root["detail"]?.string { words.append(detail) }
            for item in root["detail"]?.array ?? [] {
                words += (item["loc"]?.array ?? []).compactMap(\.string)
                if let message = item["msg"]?.string { words.append(message) }
            }
            text = words.joined(separator: " ")
        }
        let bytes = Array(text.lowercased().utf8)
        func isWordByte(_ b: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || b == UInt8(ascii: "_")
        }
        var best: (at: Int, field: String)?
        for field in fields {
            let needle = Array(field.utf8)
            guard needle.count <= bytes.count else { continue }
            var k = 0
            while k + needle.count <= bytes.count {
                if bytes[k..<(k + needle.count)].elementsEqual(needle),
                    k == 0 || !isWordByte(bytes[k - 1]),
                    k + needle.count == bytes.count || !isWordByte(bytes[k + needle.count])
                {
                    if best == nil || k < best!.at { best = (k, field) }
                    break
                }
                k += 1
            }
        }
        return best?.field
    }

    /// The server's error code from an error body (`{"error": {"code": ..., "type": ...}}`), if it
    /// is a plain identifier. The message is never used: some servers quote the key in it.
    public static func errorCode(in body: [UInt8]) -> String? {
        guard body.count <= 65_536, let root = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) else {
            return nil
        }
        for field in ["code", "type"] {
            if let code = root["error"]?[field]?.string, (1...64).contains(code.count),
                code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            {
                return code
            }
        }
        return nil
    }

    /// Drops a Markdown code fence some models put around JSON.
    static func withoutCodeFence(_ text: String) -> String {
        let t = LLMText.trimmed(text)
        guard t.hasPrefix("```"), t.hasSuffix("```"), t.count >= 6 else { return t }
        var inner = t.dropFirst(3).dropLast(3)
        if let newline = inner.firstIndex(of: "\n") { inner = inner[inner.index(after: newline)...] }  // "```json"
        return String(inner)
    }
}
