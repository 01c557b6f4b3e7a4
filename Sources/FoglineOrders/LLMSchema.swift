import FoglineSim

/// The JSON schema of the canonical order form (DESIGN.md section 5) for one player's view,
/// the one place it is written down for the LLM path. Every dialect sends it unchanged.
///
/// It follows the rules of OpenAI's strict structured output: every object lists all its
/// keys under `required` and sets `additionalProperties: false`; optional values are
/// nullable (`anyOf` with `{"type": "null"}`); closed sets are `enum`s. It is also what a
/// grammar-constrained local server needs to stop a small model running away:
/// - every name is an `enum` of what this player may name now: the map's landmarks, the
///   player's live units, the enemies in sight (no enemy target at all when none is);
/// - every array has `maxItems`, every cell its bounds.
/// `OrderValidator` still checks the answer against the game afterwards.
public enum LLMSchema {
    /// `json_schema.name` in `response_format`.
    public static let name = "fogline_orders"
    /// The one function of the tools dialect.
    public static let toolName = "issue_orders"
    public static let toolDescription = "Issue the orders the player's command asks for (or explain in error why none)."
    /// Most orders the schema lets one answer hold: one for each unit.
    public static let maxOrders = Rules.unitsPerPlayer
    /// The longest `error` the schema allows, in characters.
    public static let maxErrorLength = 200

    /// The schema for `context`'s player, as compact JSON text.
    public static func json(for context: ResolverContext) -> String {
        let actions = list(OrderAction.allCases.map(\.rawValue))
        let directions = list(CompassDirection.allCases.map(\.rawValue))
        let archetypes = list(Archetype.allCases.map(\.rawValue))
        let live = context.roster.indices.filter { $0 < context.alive.count && context.alive[$0] }.map { $0 + 1 }
        // With every unit dead any answer is refused anyway; the enum must not be empty.
        let own = live.isEmpty ? Array(context.roster.indices.map { $0 + 1 }) : live
        let enemies = Array(Set(context.visibleEnemies.map(\.number))).sorted()
        let landmarks = list(context.map.landmarks.map(\.name))

        func object(_ properties: [(String, String)]) -> String {
            let props = properties.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",")
            let required = list(properties.map(\.0))
            return
                "{\"type\":\"object\",\"properties\":{\(props)},\"required\":\(required),\"additionalProperties\":false}"
        }
        func kind(_ name: String) -> String { "{\"type\":\"string\",\"enum\":[\(JSONText.quote(name))]}" }
        func numbers(_ ns: [Int]) -> String { "{\"type\":\"integer\",\"enum\":[" + ns.map(String.init).joined(separator: ",") + "]}" }
        func bounded(_ upper: Int) -> String { "{\"type\":\"integer\",\"minimum\":0,\"maximum\":\(upper)}" }
        let nullable = { (schema: String) in "{\"anyOf\":[\(schema),{\"type\":\"null\"}]}" }

        var targets = [
            object([("kind", kind("landmark")), ("name", "{\"type\":\"string\",\"enum\":\(landmarks)}")]),
            object([
                ("kind", kind("point")), ("x", bounded(Int(context.map.width) - 1)),
                ("y", bounded(Int(context.map.height) - 1)),
            ]),
            object([("kind", kind("direction")), ("dir", "{\"type\":\"string\",\"enum\":\(directions)}")]),
            object([("kind", kind("unit")), ("unit", numbers(own))]),
        ]
        if !enemies.isEmpty {
            targets.append(object([("kind", kind("enemy")), ("unit", numbers(enemies))]))
            targets.append(
                object([
                    ("kind", kind("nearest_enemy")),
                    ("type", nullable("{\"type\":\"string\",\"enum\":\(archetypes)}")),
                ]))
        }
        targets.append("{\"type\":\"null\"}")
        let target = "{\"anyOf\":[" + targets.joined(separator: ",") + "]}"
        let order = object([
            ("units", "{\"type\":\"array\",\"items\":\(numbers(own)),\"minItems\":1,\"maxItems\":\(own.count)}"),
            ("action", "{\"type\":\"string\",\"enum\":\(actions)}"),
            ("target", "{\"$ref\":\"#/$defs/target\"}"),
            ("via", "{\"$ref\":\"#/$defs/target\"}"),
            ("facing", nullable("{\"type\":\"string\",\"enum\":\(directions)}")),
            ("queued", "{\"type\":\"boolean\"}"),
        ])
        let root = object([
            ("orders", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/order\"},\"maxItems\":\(maxOrders)}"),
            ("error", nullable("{\"type\":\"string\",\"maxLength\":\(maxErrorLength)}")),
        ])
        // Splice the definitions into the root object.
        return String(root.dropLast()) + ",\"$defs\":{\"order\":\(order),\"target\":\(target)}}"
    }

    /// The request members that ask for structured output in `dialect`, as JSON members
    /// (without the surrounding braces) to add to the request body.
    public static func requestMembers(for dialect: LLMDialect, schema: String) -> String {
        switch dialect {
        case .jsonSchema:
            return "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\(JSONText.quote(name)),"
                + "\"strict\":true,\"schema\":\(schema)}}"
        case .jsonObject:
            return "\"response_format\":{\"type\":\"json_object\",\"schema\":\(schema)}"
        case .tools:
            // Strict schemas cannot be guaranteed across parallel calls, so there is exactly one,
            // and "required" (a string: llama-server ignores an object) makes the model call it.
            return "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\(JSONText.quote(toolName)),"
                + "\"description\":\(JSONText.quote(toolDescription)),\"strict\":true,\"parameters\":\(schema)}}],"
                + "\"tool_choice\":\"required\",\"parallel_tool_calls\":false"
        }
    }

    /// The members of a request that ask for structured output, as a server may name them
    /// when it refuses one; a refusal naming any of them moves to the next dialect.
    public static let structuredOutputFields = [
        "response_format", "json_schema", "json_object", "tool_choice", "tools", "parallel_tool_calls", "strict",
    ]

    private static func list(_ names: [String]) -> String {
        "[" + names.map(JSONText.quote).joined(separator: ",") + "]"
    }
}
