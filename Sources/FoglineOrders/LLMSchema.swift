import FoglineSim

/// The strict JSON schema of the canonical order form (DESIGN.md section 5), the one place
/// it is written down for the LLM path. Both dialects send it unchanged.
///
/// It follows the rules of OpenAI's strict structured output: every object lists all its
/// keys under `required` and sets `additionalProperties: false`; optional values are
/// nullable (`anyOf` with `{"type": "null"}`); closed sets are `enum`s. It does not name the
/// map's landmarks, so it is the same for every request (servers cache a compiled schema);
/// `OrderValidator` checks names, units and enemies against the game afterwards.
public enum LLMSchema {
    /// `json_schema.name` in `response_format`.
    public static let name = "fogline_orders"
    /// The one function of the tools dialect.
    public static let toolName = "issue_orders"
    public static let toolDescription = "Issue the orders the player's command asks for (or explain in error why none)."

    /// The schema as compact JSON text.
    public static let json: String = {
        let unitNumbers = "[" + (1...Rules.unitsPerPlayer).map(String.init).joined(separator: ",") + "]"
        let actions = list(OrderAction.allCases.map(\.rawValue))
        let directions = list(CompassDirection.allCases.map(\.rawValue))
        let archetypes = list(Archetype.allCases.map(\.rawValue))

        func object(_ properties: [(String, String)]) -> String {
            let props = properties.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",")
            let required = list(properties.map(\.0))
            return
                "{\"type\":\"object\",\"properties\":{\(props)},\"required\":\(required),\"additionalProperties\":false}"
        }
        func kind(_ name: String) -> String { "{\"type\":\"string\",\"enum\":[\(JSONText.quote(name))]}" }
        let unitNumber = "{\"type\":\"integer\",\"enum\":\(unitNumbers)}"
        let nullable = { (schema: String) in "{\"anyOf\":[\(schema),{\"type\":\"null\"}]}" }

        let targets = [
            object([("kind", kind("landmark")), ("name", "{\"type\":\"string\"}")]),
            object([("kind", kind("point")), ("x", "{\"type\":\"integer\"}"), ("y", "{\"type\":\"integer\"}")]),
            object([("kind", kind("direction")), ("dir", "{\"type\":\"string\",\"enum\":\(directions)}")]),
            object([("kind", kind("unit")), ("unit", unitNumber)]),
            object([("kind", kind("enemy")), ("unit", unitNumber)]),
            object([
                ("kind", kind("nearest_enemy")), ("type", nullable("{\"type\":\"string\",\"enum\":\(archetypes)}")),
            ]),
            "{\"type\":\"null\"}",
        ]
        let target = "{\"anyOf\":[" + targets.joined(separator: ",") + "]}"
        let order = object([
            ("units", "{\"type\":\"array\",\"items\":\(unitNumber)}"),
            ("action", "{\"type\":\"string\",\"enum\":\(actions)}"),
            ("target", "{\"$ref\":\"#/$defs/target\"}"),
            ("via", "{\"$ref\":\"#/$defs/target\"}"),
            ("facing", nullable("{\"type\":\"string\",\"enum\":\(directions)}")),
            ("queued", "{\"type\":\"boolean\"}"),
        ])
        let root = object([
            ("orders", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/order\"}}"),
            ("error", nullable("{\"type\":\"string\"}")),
        ])
        // Splice the definitions into the root object.
        return String(root.dropLast()) + ",\"$defs\":{\"order\":\(order),\"target\":\(target)}}"
    }()

    /// The request members that ask for structured output in `dialect`, as JSON members
    /// (without the surrounding braces) to add to the request body.
    public static func requestMembers(for dialect: LLMDialect) -> String {
        switch dialect {
        case .jsonSchema:
            return "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\(JSONText.quote(name)),"
                + "\"strict\":true,\"schema\":\(json)}}"
        case .tools:
            // Strict schemas cannot be guaranteed across parallel calls, so there is exactly one.
            return "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\(JSONText.quote(toolName)),"
                + "\"description\":\(JSONText.quote(toolDescription)),\"strict\":true,\"parameters\":\(json)}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\(JSONText.quote(toolName))}},"
                + "\"parallel_tool_calls\":false"
        }
    }

    private static func list(_ names: [String]) -> String {
        "[" + names.map(JSONText.quote).joined(separator: ",") + "]"
    }
}
