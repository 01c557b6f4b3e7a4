import FoglineOrders
import FoglineSim
import Testing

@Suite("Canonical order JSON")
struct OrderJSONTests {
    static let samples: [Order] = [
        Order(units: [6, 5], action: .hold, target: .landmark("the ridge"), facing: .north),
        Order(units: [1, 2], action: .move, target: .point(x: 20, y: 10), queued: true),
        Order(units: [3], action: .attack, target: .enemy(4)),
        Order(units: [3, 4], action: .attack, target: .nearestEnemy(.sniper)),
        Order(units: [1], action: .attack, target: .nearestEnemy(nil)),
        Order(units: [7], action: .follow, target: .unit(3)),
        Order(units: [1, 2], action: .patrol, target: .landmark("old mill"), via: .landmark("the gap")),
        Order(units: [5], action: .face, target: .direction(.southwest)),
        Order(units: [9, 10], action: .mine),
        Order(units: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], action: .stop),
    ]

    @Test("prints the documented shape, keys in order, units sorted")
    func shape() {
        let json = OrderSet(orders: [Self.samples[0]]).canonicalJSON
        #expect(
            json
                == #"{"orders": [{"units": [5, 6], "action": "hold", "target": {"kind": "landmark", "name": "the ridge"}, "facing": "north", "queued": false}]}"#
        )
        let error = OrderSet(orders: [], error: "which \"ridge\"?", suggestions: ["north ridge"]).canonicalJSON
        #expect(error == #"{"orders": [], "error": "which \"ridge\"?", "suggestions": ["north ridge"]}"#)
    }

    @Test("every action and target kind survives a round trip", arguments: samples)
    func roundTrip(order: Order) throws {
        let text = OrderSet(orders: [order]).canonicalJSON
        #expect(try OrderSet(json: text).orders == [order])
    }

    @Test(
        "bad order JSON is refused with a message",
        arguments: [
            ("", "invalid JSON"),
            ("[]", "expected an object"),
            (#"{"orders": 3}"#, "must be an array"),
            (#"{"orders": [{"units": [11], "action": "move"}]}"#, "1 to 10"),
            (#"{"orders": [{"units": [1.5], "action": "move"}]}"#, "whole numbers"),
            (#"{"orders": [{"units": [1], "action": "dance"}]}"#, "unknown action"),
            (#"{"orders": [{"units": [1], "action": "move", "target": {"kind": "moon"}}]}"#, "unknown target kind"),
            (#"{"orders": [{"units": [1], "action": "move", "target": {"kind": "point", "x": -1, "y": 2}}]}"#, "point"),
            (#"{"orders": [{"units": [1], "action": "move", "facing": "up"}]}"#, "compass"),
            (#"{"orders": [{"units": [1], "action": "move", "queued": "yes"}]}"#, "true or false"),
            (#"{"orders": [{"units": [1], "action": "move"}], }"#, "invalid JSON"),
            (String(repeating: "[", count: 100), "invalid JSON"),
        ])
    func refusals(text: String, fragment: String) {
        #expect {
            _ = try OrderSet(json: text)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test("the JSON parser keeps numbers as text and reads escapes")
    func parser() throws {
        let v = try JSONValue(parsing: #"{"a": [1, 2.50, -3e2], "b": "x\u00e9\n", "c": null, "d": true}"#)
        #expect(v["a"]?.array == [.number("1"), .number("2.50"), .number("-3e2")])
        #expect(v["a"]?.array?[0].integer == 1)
        #expect(v["a"]?.array?[1].integer == nil)
        #expect(v["b"]?.string == "x\u{e9}\n")
        #expect(v["c"] == .null)
        #expect(v["d"] == .bool(true))
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "01") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #""\ud800""#) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\"a\": 1} x") }
    }
}
