import FoglineSim
import Testing

@Suite("Order binary codec")
struct OrderBinaryTests {
    static let targets: [OrderTarget] = [
        .landmark("the ridge"), .landmark(""), .landmark("Café 🏔"), .landmark(String(repeating: "x", count: 64)),
        .point(x: 0, y: 0), .point(x: -4096, y: 4095), .point(x: 17, y: -3),
        .unit(1), .unit(10), .enemy(1), .enemy(10), .nearestEnemy(nil),
    ] + CompassDirection.allCases.map { .direction($0) } + Archetype.allCases.map { .nearestEnemy($0) }

    private func roundTrip(_ order: Order) throws -> Order {
        var w = ByteWriter()
        try order.encode(into: &w)
        var r = ByteReader(w.bytes)
        let back = try Order(from: &r)
        try r.expectEnd()
        return back
    }

    @Test(arguments: OrderAction.allCases)
    func everyActionRoundTrips(action: OrderAction) throws {
        for facing in [nil] + CompassDirection.allCases {
            for queued in [false, true] {
                let order = Order(units: [1, 5, 10], action: action, facing: facing, queued: queued)
                #expect(try roundTrip(order) == order)
            }
        }
    }

    @Test(arguments: targets)
    func everyTargetRoundTrips(target: OrderTarget) throws {
        let order = Order(units: [2], action: .move, target: target)
        #expect(try roundTrip(order) == order)
        let patrol = Order(units: [3, 4], action: .patrol, target: .point(x: 1, y: 2), via: target, queued: true)
        #expect(try roundTrip(patrol) == patrol)
        var w = ByteWriter()
        try target.encode(into: &w)
        var r = ByteReader(w.bytes)
        #expect(try OrderTarget(from: &r) == target)
        #expect(r.isAtEnd)
    }

    @Test func unitSetsRoundTrip() throws {
        for mask in [0, 1, 0x3FF, 0x155, 0x2AA, 0x200] {
            let units = (1...10).filter { mask & (1 << ($0 - 1)) != 0 }
            let order = Order(units: units, action: .hold)
            #expect(try roundTrip(order).units == units)
        }
    }

    @Test func theEncodingIsCompact() throws {
        var w = ByteWriter()
        try Order(units: [5, 6], action: .hold, target: .landmark("the ridge"), facing: .north).encode(into: &w)
        // head + mask + facing + kind + length + 9 bytes of name
        #expect(w.count == 1 + 2 + 1 + 1 + 1 + 9)
    }

    @Test func commandsAndFrameInputsRoundTrip() throws {
        var rng = ReplayTestRandom(seed: 7)
        for _ in 0..<300 {
            let input = Synthetic.input(&rng)
            let bytes = try input.binaryEncoded()
            #expect(try FrameInput(binary: bytes) == input)
        }
        let empty = try FrameInput.empty.binaryEncoded()
        #expect(empty == [0, 0])
        #expect(try FrameInput(binary: empty) == .empty)
    }

    @Test func limitsAreEnforcedWhenEncoding() {
        var w = ByteWriter()
        #expect(throws: EncodeError.self) { try Order(units: [0], action: .move).encode(into: &w) }
        #expect(throws: EncodeError.self) { try Order(units: [11], action: .move).encode(into: &w) }
        #expect(throws: EncodeError.self) { try Order(units: [3, 3], action: .move).encode(into: &w) }
        #expect(throws: EncodeError.self) {
            try Order(units: [1], action: .move, target: .unit(11)).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try Order(units: [1], action: .attack, target: .enemy(0)).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try Order(units: [1], action: .move, target: .point(x: 4096, y: 0)).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try Order(units: [1], action: .move, target: .landmark(String(repeating: "y", count: 65))).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try Order(units: [1], action: .move, target: .landmark("esc\u{1B}[2J")).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try PlayerCommand(text: String(repeating: "z", count: 513), orders: []).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try PlayerCommand(text: "bell\u{7}", orders: []).encode(into: &w)
        }
        #expect(throws: EncodeError.self) {
            try PlayerCommand(text: "c1 \u{9B}", orders: []).encode(into: &w)
        }
        let order = Order(units: [1], action: .stop)
        #expect(throws: EncodeError.self) {
            try PlayerCommand(text: "", orders: Array(repeating: order, count: 17)).encode(into: &w)
        }
        let command = PlayerCommand(text: "x", orders: [order])
        #expect(throws: EncodeError.self) {
            try FrameInput(player1: Array(repeating: command, count: 9)).encode(into: &w)
        }
        var odd = FrameInput()
        odd.commands = [[command]]
        #expect(throws: EncodeError.self) { try odd.encode(into: &w) }
        // At the limits exactly, all is well.
        #expect(throws: Never.self) {
            try FrameInput(
                player1: Array(repeating: PlayerCommand(text: String(repeating: "é", count: 256), orders: Array(
                    repeating: order, count: 16)), count: 8)
            ).encode(into: &w)
        }
    }

    /// Decodes hand-made bytes, expecting a refusal whose message contains `words`.
    private func expectRefusal(_ bytes: [UInt8], _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var r = ByteReader(bytes)
        let e = #expect(throws: DecodeError.self, sourceLocation: sourceLocation) { try Order(from: &r) }
        #expect(e?.message.contains(words) == true, "\(String(describing: e))", sourceLocation: sourceLocation)
    }

    @Test func badCodesAreRefused() {
        expectRefusal([12, 1, 0], "unknown action code 12")
        expectRefusal([15, 1, 0], "unknown action code 15")
        expectRefusal([0, 0x00, 0x04], "units above 10")
        expectRefusal([0, 0x00, 0x80], "units above 10")
        expectRefusal([0x80, 1, 0, 8], "unknown direction code 8")
        expectRefusal([0x20, 1, 0, 6], "unknown target kind 6")
        expectRefusal([0x20, 1, 0, 0xFF], "unknown target kind 255")
        expectRefusal([0x20, 1, 0, 2, 8], "unknown direction code 8")
        expectRefusal([0x20, 1, 0, 3, 0], "unit target 0 is not 1...10")
        expectRefusal([0x20, 1, 0, 3, 11], "unit target 11 is not 1...10")
        expectRefusal([0x20, 1, 0, 4, 11], "enemy target 11 is not 1...10")
        expectRefusal([0x20, 1, 0, 5, 5], "unknown archetype code 5")
        expectRefusal([0x20, 1, 0, 1, 0x80, 0x40, 0], "point x 4096 is outside")
        expectRefusal([0x20, 1, 0, 1, 0, 0x81, 0x40], "point y -4097 is outside")
        expectRefusal([0x20, 1, 0, 0, 65] + [UInt8](repeating: 0x61, count: 65), "landmark name length 65")
        expectRefusal([0x20, 1, 0, 0, 2, 0xC3, 0x28], "not valid UTF-8")
        expectRefusal([0x20, 1, 0, 0, 3, 0x61, 0x0A, 0x62], "control character")
        expectRefusal([0x40, 1, 0], "truncated")
        expectRefusal([0x00, 1], "truncated")
    }

    @Test func badCommandsAndInputsAreRefused() {
        // 17 orders in one command.
        var r = ByteReader([1, 0x61, 17] + [UInt8](repeating: 0, count: 60))
        #expect(throws: DecodeError.self) { try PlayerCommand(from: &r) }
        // Command text of 513 bytes.
        var w = ByteWriter()
        w.varint(513)
        w.raw([UInt8](repeating: 0x61, count: 513))
        w.u8(0)
        var r2 = ByteReader(w.bytes)
        let e = #expect(throws: DecodeError.self) { try PlayerCommand(from: &r2) }
        #expect(e?.message.contains("command text length 513") == true)
        // Nine commands for player 2.
        #expect(throws: DecodeError.self) { try FrameInput(binary: [0, 9] + [UInt8](repeating: 0, count: 18)) }
        // Trailing bytes after a frame input.
        #expect(throws: DecodeError.self) { try FrameInput(binary: [0, 0, 0]) }
        #expect(throws: DecodeError.self) { try FrameInput(binary: [0]) }
    }

    /// Anything the decoder accepts is canonical: it re-encodes to the same bytes.
    @Test func mutatedInputsDecodeToCanonicalValuesOrFail() throws {
        var rng = ReplayTestRandom(seed: 99)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = try Synthetic.input(&rng).binaryEncoded()
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &rng)) }
            do throws(DecodeError) {
                let input = try FrameInput(binary: bytes)
                accepted += 1
                #expect((try? input.binaryEncoded()) == bytes)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        #expect(accepted > 0)
    }
}
