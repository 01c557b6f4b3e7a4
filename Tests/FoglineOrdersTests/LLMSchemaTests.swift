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
        let schema = try JSONValue(parsing: LLMSchema.json(for: S.context(enemies: [(2, .scout, 30, 12)])))
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
    }

    @Test("the answer parser: code fences, tool arguments as an object, a bad order rejects all, sizes bounded")
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

        // One order that cannot be read rejects the answer whole, and says which it was.
        let mixed = S.answer([S.order([2], "stop"), S.order([1], "dance"), S.order([3], "stop")])
        #expect {
            try LLMAnswerParser.orders(inText: mixed).get()
        } throws: { error in
            let text = "\(error)"
            return text.contains("order 2 of 3") && text.contains("unknown action \"dance\"")
        }

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

    @Test("the validator says what cannot be carried out, numbered as given, apart from harmless changes")
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
        #expect(!report.isWhole)
        let rejected = report.rejected.joined(separator: "\n")
        for fragment in [
            "order 1 (move): left out unit 3 (dead)", "dropped order 2 (stop)", "dropped order 4 (attack): enemy 6 is not in sight",
            "move needs a target", "unit 3 is dead", "face needs a direction", "follow needs a unit",
        ] {
            #expect(rejected.contains(fragment), "missing \(fragment) in \(rejected)")
        }
        // A harmless change is a note, not a reason to reject.
        #expect(report.notes == ["order 6 (hold): ignored \"via\", which only a patrol uses"])
        let clean = OrderValidator(context: context).validate([
            Order(units: [1], action: .move, target: .landmark("THE GAP")),
            Order(units: [6], action: .hold, via: .landmark("the gap")),
        ])
        #expect(clean.isWhole, "\(clean.rejected)")
    }

    @Test("the schema names only what this player may name now, and bounds every array and cell")
    func schemaNamesTheView() throws {
        let map = S.duel
        let quiet = try JSONValue(parsing: LLMSchema.json(for: S.context(dead: [4, 9])))
        let target = try #require(quiet["$defs"]?["target"]?["anyOf"]?.array)
        let kinds = target.compactMap { $0["properties"]?["kind"]?["enum"]?.array?.first?.string }
        #expect(kinds == ["landmark", "point", "direction", "unit"], "no enemy can be named with none in sight")
        #expect(target[0]["properties"]?["name"]?["enum"]?.array?.compactMap(\.string) == map.landmarks.map(\.name))
        #expect(target[1]["properties"]?["x"]?["maximum"]?.integer == Int(map.width) - 1)
        #expect(target[1]["properties"]?["y"]?["maximum"]?.integer == Int(map.height) - 1)
        let live = [1, 2, 3, 5, 6, 7, 8, 10]
        let units = try #require(quiet["$defs"]?["order"]?["properties"]?["units"])
        #expect(units["items"]?["enum"]?.array?.compactMap(\.integer) == live)
        #expect(units["maxItems"]?.integer == 8)
        #expect(target[3]["properties"]?["unit"]?["enum"]?.array?.compactMap(\.integer) == live)
        #expect(quiet["properties"]?["orders"]?["maxItems"]?.integer == LLMSchema.maxOrders)

        let seen = try JSONValue(parsing: LLMSchema.json(for: S.context(enemies: [(6, .tank, 30, 12), (2, .scout, 31, 12)])))
        let seenTargets = try #require(seen["$defs"]?["target"]?["anyOf"]?.array)
        let enemy = try #require(seenTargets.first { $0["properties"]?["kind"]?["enum"]?.array?.first?.string == "enemy" })
        #expect(enemy["properties"]?["unit"]?["enum"]?.array?.compactMap(\.integer) == [2, 6])

        // Every array anywhere in the schema is bounded.
        func walk(_ v: JSONValue, _ path: String) {
            if v["type"] == .string("array") { #expect(v["maxItems"] != nil, "\(path) is unbounded") }
            switch v {
            case .object(let members): for (k, child) in members { walk(child, path + "/" + k) }
            case .array(let items): for (i, child) in items.enumerated() { walk(child, path + "/\(i)") }
            default: break
            }
        }
        walk(seen, "#")
    }

    @Test("the field a refusal names: OpenAI's param, else the first of the request's members the body names")
    func namedFields() {
        let fields = LLMSchema.structuredOutputFields + ["max_tokens"]
        func named(_ body: String) -> String? { LLMAnswerParser.namedField(in: Array(body.utf8), among: fields) }
        #expect(named(#"{"error": {"message": "Unsupported parameter: 'max_tokens' ... use 'max_completion_tokens'", "param": "max_tokens"}}"#) == "max_tokens")
        // llama-cpp-python's pydantic error, sent as HTTP 500.
        #expect(named(#"{"error": {"message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\"}]"}}"#) == "response_format")
        #expect(named(#"{"error": {"message": "tool_choice: type must be string"}}"#) == "tool_choice")
        #expect(named(#"{"error": {"message": "the model is overloaded"}}"#) == nil)
        #expect(named(#"{"error": {"message": "my_response_format_thing broke"}}"#) == nil, "whole words only")
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
