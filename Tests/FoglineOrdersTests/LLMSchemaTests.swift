import FoglineOrders
import FoglineSim
import Foundation
import Testing

/// The strict schema, the answer parser and the order validator, without a server.
@Suite("LLM schema, answer parser and validator")
struct LLMSchemaTests {
    typealias S = LLMTestSupport

    @Test("the schema is valid JSON and strict: every object closed, every key required")
    func schemaIsStrict() throws {
        let schema = try JSONValue(parsing: LLMSchema.json)
        var objects = 0
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let members):
                if v["type"] == .string("object") {
                    objects += 1
                    #expect(v["additionalProperties"] == .bool(false), "\(path) is open")
                    let keys =
                        members.first { $0.0 == "properties" }.map { p -> [String] in
                            if case .object(let props) = p.1 { return props.map(\.0) }
                            return []
                        } ?? []
                    let required = v["required"]?.array?.compactMap(\.string) ?? []
                    #expect(Set(keys) == Set(required), "\(path): properties \(keys) but required \(required)")
                }
                for (k, child) in members { walk(child, path + "/" + k) }
            case .array(let items):
                for (i, child) in items.enumerated() { walk(child, path + "/\(i)") }
            default: break
            }
        }
        walk(schema, "#")
        #expect(objects == 8, "root, order and six target kinds")
        #expect(
            schema["$defs"]?["order"]?["properties"]?["action"]?["enum"]?.array?.count == OrderAction.allCases.count)
    }

    @Test("every order the canonical codec writes fits the answer parser")
    func canonicalRoundTrip() throws {
        let orders = [
            Order(
                units: [1, 2], action: .patrol, target: .landmark("the gap"), via: .point(x: 3, y: 4), facing: .east,
                queued: true),
            Order(units: [7], action: .heal, target: .unit(3)),
            Order(units: [3], action: .attack, target: .nearestEnemy(.tank)),
            Order(units: [4], action: .attack, target: .nearestEnemy(nil)),
            Order(units: [5], action: .face, target: .direction(.southwest)),
        ]
        let text = OrderSet(orders: orders).canonicalJSON
        let parsed = try LLMAnswerParser.orders(inText: text).get()
        #expect(parsed.orders == orders)
        #expect(parsed.notes.isEmpty)
    }

    @Test("the answer parser: code fences, tool arguments as an object, bad orders left out, sizes bounded")
    func parserEdges() throws {
        let fenced = "```json\n" + S.answer([S.order([1], "stop")]) + "\n```"
        #expect(try LLMAnswerParser.orders(inText: fenced).get().orders == [Order(units: [1], action: .stop)])

        let object = """
            {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": null,
            "tool_calls": [{"id": "c", "type": "function", "function": {"name": "issue_orders",
            "arguments": {"orders": [{"units": [2], "action": "stop", "target": null, "via": null, "facing": null, "queued": false}], "error": null}}}]}}]}
            """
        #expect(
            try LLMAnswerParser.parse(Array(object.utf8), dialect: .tools).get().orders == [
                Order(units: [2], action: .stop)
            ])

        let mixed = S.answer([S.order([1], "dance"), S.order([2], "stop")])
        let answer = try LLMAnswerParser.orders(inText: mixed).get()
        #expect(answer.orders == [Order(units: [2], action: .stop)])
        #expect(answer.notes.count == 1 && answer.notes[0].contains("unknown action \"dance\""))

        let many = S.answer(Array(repeating: S.order([1], "stop"), count: 17))
        #expect(throws: LLMFailure.self) { try LLMAnswerParser.orders(inText: many).get() }
        let deep = String(repeating: "[", count: 500)
        #expect(throws: LLMFailure.self) { try LLMAnswerParser.parse(Array(deep.utf8), dialect: .jsonSchema).get() }
        #expect(throws: LLMFailure.self) { try LLMAnswerParser.parse([0xFF, 0xFE, 0x00], dialect: .jsonSchema).get() }
    }

    @Test("server error codes are read only when they are plain identifiers")
    func errorCodes() {
        #expect(
            LLMAnswerParser.errorCode(in: Array("{\"error\": {\"code\": \"rate_limit_exceeded\"}}".utf8))
                == "rate_limit_exceeded")
        #expect(
            LLMAnswerParser.errorCode(in: Array("{\"error\": {\"code\": \"sk-abc def\", \"type\": null}}".utf8)) == nil)
        #expect(LLMAnswerParser.errorCode(in: Array("not json".utf8)) == nil)
    }

    @Test("the validator keeps what the game can carry out and explains the rest")
    func validator() {
        let context = S.context(enemies: [(2, .scout, 30, 12)], dead: [3])
        let report = OrderValidator(context: context).validate([
            Order(units: [1, 3], action: .move, target: .landmark("THE GAP")),
            Order(units: [3], action: .stop),
            Order(units: [4], action: .attack, target: .enemy(2)),
            Order(units: [4], action: .attack, target: .enemy(6)),
            Order(units: [5], action: .move),
            Order(units: [6], action: .hold, via: .landmark("the gap")),
            Order(units: [7, 8], action: .heal, target: .unit(3)),
            Order(units: [9], action: .mine),
            Order(units: [10], action: .face, target: .landmark("the gap")),
            Order(units: [2], action: .follow, target: .landmark("the gap")),
        ])
        #expect(
            report.orders == [
                Order(units: [1], action: .move, target: .landmark("the gap")),
                Order(units: [4], action: .attack, target: .enemy(2)),
                Order(units: [6], action: .hold),
                Order(units: [9], action: .mine),
            ])
        let notes = report.notes.joined(separator: "\n")
        for fragment in [
            "order 1 (move): left out unit 3 (dead)", "dropped order 2 (stop)", "enemy 6 is not in sight",
            "move needs a target", "ignored \"via\"", "unit 3 is dead", "face needs a direction", "follow needs a unit",
        ] {
            #expect(notes.contains(fragment), "missing \(fragment) in \(notes)")
        }
    }

    @Test("configuration from the environment; flags win; the key is redacted when printed")
    func configuration() {
        let env = ["OPENAI_API_KEY": S.secret, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1/"]
        let c = LLMConfiguration.fromEnvironment(env)
        #expect(c.endpoint == "http://127.0.0.1:9/v1/chat/completions")
        #expect(c.apiKey == S.key)
        #expect(c.model == LLMConfiguration.defaultModel)
        #expect(c.deadline == .seconds(1))
        #expect(!"\(c)".contains(S.secret) && "\(c)".contains("API key set"))
        let flags = LLMConfiguration.fromEnvironment(
            env, baseURL: "https://example.test/v1", model: "m", dialect: .tools)
        #expect(
            flags.endpoint == "https://example.test/v1/chat/completions" && flags.model == "m"
                && flags.dialect == .tools)
        #expect(LLMConfiguration.fromEnvironment([:]).endpoint == "https://api.openai.com/v1/chat/completions")
        #expect(LLMConfiguration.fromEnvironment(["OPENAI_API_KEY": "  "]).apiKey == nil)
        #expect(LLMConfiguration(baseURL: "ftp://x").problem != nil)
    }
}
