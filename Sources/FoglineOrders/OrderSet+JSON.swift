import FoglineSim

/// The canonical JSON form of orders (DESIGN.md section 5): what `fogline parse`
/// prints, what an LLM must return, and what scripts may hold.
extension OrderSet {
    /// Compact canonical JSON, keys in the documented order.
    public var canonicalJSON: String {
        var out = "{\"orders\": [" + orders.map(\.canonicalJSON).joined(separator: ", ") + "]"
        if let error {
            out += ", \"error\": " + JSONText.quote(error)
            out += ", \"suggestions\": [" + suggestions.map(JSONText.quote).joined(separator: ", ") + "]"
        }
        return out + "}"
    }

    /// Reads `{"orders": [...]}`; throws `OrderJSONError` saying what is wrong and where.
    public init(json text: String) throws {
        guard text.utf8.count <= 65_536 else { throw OrderJSONError("order JSON is larger than 64 KiB") }
        let root: JSONValue
        do {
            root = try JSONValue(parsing: text)
        } catch let e as JSONParseError {
            throw OrderJSONError(e.description)
        }
        guard case .object = root else { throw OrderJSONError("expected an object with \"orders\"") }
        guard let list = root["orders"]?.array else { throw OrderJSONError("\"orders\" must be an array") }
        guard list.count <= 16 else { throw OrderJSONError("at most 16 orders in one command") }
        var orders: [Order] = []
        for (k, item) in list.enumerated() {
            do {
                orders.append(try Order(json: item))
            } catch let e as OrderJSONError {
                throw OrderJSONError("orders[\(k)]: \(e.message)")
            }
        }
        let suggestions = root["suggestions"]?.array?.compactMap(\.string) ?? []
        self.init(orders: orders, error: root["error"]?.string, suggestions: suggestions)
    }
}

extension Order {
    /// One order as canonical JSON.
    public var canonicalJSON: String {
        var out = "{\"units\": [" + units.map(String.init).joined(separator: ", ") + "]"
        out += ", \"action\": \"\(action.rawValue)\""
        out += ", \"target\": " + (target.map(\.canonicalJSON) ?? "null")
        if let via { out += ", \"via\": " + via.canonicalJSON }
        out += ", \"facing\": " + (facing.map { "\"\($0.rawValue)\"" } ?? "null")
        out += ", \"queued\": \(queued)"
        return out + "}"
    }

    /// Reads one order from parsed JSON.
    public init(json o: JSONValue) throws {
        guard case .object = o else { throw OrderJSONError("an order must be an object") }
        guard let rawUnits = o["units"]?.array else { throw OrderJSONError("\"units\" must be an array of numbers") }
        guard rawUnits.count <= 10 else { throw OrderJSONError("at most 10 unit numbers in an order") }
        var units: [Int] = []
        for u in rawUnits {
            guard let n = u.integer, (1...10).contains(n) else {
                throw OrderJSONError("unit numbers must be whole numbers from 1 to 10")
            }
            if !units.contains(n) { units.append(n) }
        }
        guard let actionName = o["action"]?.string else { throw OrderJSONError("\"action\" is missing") }
        guard let action = OrderAction(rawValue: actionName) else {
            let known = OrderAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw OrderJSONError("unknown action \"\(actionName)\" (one of \(known))")
        }
        let target = try OrderTarget.parse(o["target"], key: "target")
        let via = try OrderTarget.parse(o["via"], key: "via")
        var facing: CompassDirection?
        if let f = o["facing"], !f.isNull {
            guard let name = f.string, let d = CompassDirection(rawValue: name) else {
                throw OrderJSONError("\"facing\" must be a compass direction or null")
            }
            facing = d
        }
        var queued = false
        if let q = o["queued"], !q.isNull {
            guard case .bool(let b) = q else { throw OrderJSONError("\"queued\" must be true or false") }
            queued = b
        }
        self.init(units: units, action: action, target: target, via: via, facing: facing, queued: queued)
    }
}

extension OrderTarget {
    /// The target as canonical JSON.
    public var canonicalJSON: String {
        switch self {
        case .landmark(let name): return "{\"kind\": \"landmark\", \"name\": \(JSONText.quote(name))}"
        case .point(let x, let y): return "{\"kind\": \"point\", \"x\": \(x), \"y\": \(y)}"
        case .direction(let d): return "{\"kind\": \"direction\", \"dir\": \"\(d.rawValue)\"}"
        case .unit(let n): return "{\"kind\": \"unit\", \"unit\": \(n)}"
        case .enemy(let n): return "{\"kind\": \"enemy\", \"unit\": \(n)}"
        case .nearestEnemy(let t):
            return "{\"kind\": \"nearest_enemy\", \"type\": " + (t.map { "\"\($0.rawValue)\"" } ?? "null") + "}"
        }
    }

    static func parse(_ value: JSONValue?, key: String) throws -> OrderTarget? {
        guard let value, !value.isNull else { return nil }
        guard let kind = value["kind"]?.string else {
            throw OrderJSONError("\"\(key)\" must be null or an object with a \"kind\"")
        }
        switch kind {
        case "landmark":
            guard let name = value["name"]?.string, !name.isEmpty, name.utf8.count <= 64 else {
                throw OrderJSONError("\"\(key)\" landmark needs a \"name\" of 1 to 64 bytes")
            }
            return .landmark(name)
        case "point":
            guard let x = value["x"]?.integer, let y = value["y"]?.integer, (0...4095).contains(x), (0...4095).contains(y)
            else { throw OrderJSONError("\"\(key)\" point needs whole-number \"x\" and \"y\" from 0 to 4095") }
            return .point(x: x, y: y)
        case "direction":
            guard let name = value["dir"]?.string, let d = CompassDirection(rawValue: name) else {
                throw OrderJSONError("\"\(key)\" direction needs \"dir\": north, northeast, ... or northwest")
            }
            return .direction(d)
        case "unit", "enemy":
            guard let n = value["unit"]?.integer, (1...10).contains(n) else {
                throw OrderJSONError("\"\(key)\" \(kind) needs \"unit\" from 1 to 10")
            }
            return kind == "unit" ? .unit(n) : .enemy(n)
        case "nearest_enemy":
            guard let t = value["type"], !t.isNull else { return .nearestEnemy(nil) }
            guard let name = t.string, let type = Archetype(rawValue: name) else {
                throw OrderJSONError("\"\(key)\" nearest_enemy \"type\" must be an archetype or null")
            }
            return .nearestEnemy(type)
        default:
            throw OrderJSONError("unknown target kind \"\(kind)\"")
        }
    }
}

/// Why a piece of order JSON was refused.
public struct OrderJSONError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Small JSON text helpers shared by the canonical writers.
public enum JSONText {
    /// A JSON string literal for `s`.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
