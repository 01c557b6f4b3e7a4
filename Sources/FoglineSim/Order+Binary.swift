// The compact binary form of orders, for replays and the lock-step wire.
//
// It is independent of the JSON form and versioned by its container (replay format
// version, wire protocol version). Layouts, all integers little-endian:
//
//   Order         head u8: bits 0-3 action code (0...11), bit 4 queued, bit 5 has target,
//                 bit 6 has via, bit 7 has facing
//                 units u16: bit n-1 set for unit n (1...10); bits 10-15 must be clear
//                 [facing u8: direction code 0...7]       if bit 7
//                 [target]                                if bit 5
//                 [via: a target]                         if bit 6
//   OrderTarget   kind u8, then by kind:
//                 0 landmark       string (varint length ≤ 64, UTF-8, no control characters)
//                 1 point          x zigzag varint, y zigzag varint, each in -4096...4095
//                 2 direction      u8 direction code 0...7
//                 3 unit           u8 1...10
//                 4 enemy          u8 1...10
//                 5 nearest enemy  u8 archetype code 0...4, or 255 for any
//   PlayerCommand text string (varint length ≤ 512, UTF-8, no control characters),
//                 order count varint ≤ 16, the orders
//   FrameInput    for player 1 then player 2: command count varint ≤ 8, the commands

/// Bounds of the binary order encoding, enforced by both encoder and decoder.
public enum OrderBinaryLimits {
    public static let maxLandmarkBytes = 64
    public static let maxCommandTextBytes = 512
    public static let maxOrdersPerCommand = 16
    public static let maxCommandsPerPlayer = 8
    /// Cell coordinates a point target may hold; sub-cell arithmetic on them cannot overflow.
    public static let coordinates: ClosedRange<Int> = -4096...4095
    /// Unit numbers of one player.
    public static let unitNumbers: ClosedRange<Int> = 1...10
    /// The archetype byte of a `nearestEnemy` target meaning "any".
    static let anyArchetype: UInt8 = 255
}

/// Whether a name or typed text is free of control characters (C0, DEL, C1).
///
/// They would let a replay or a peer put terminal escape sequences on someone's screen.
private func isPrintableText(_ text: String) -> Bool {
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return false }
    }
    return true
}

private enum TargetKind: UInt8 {
    case landmark = 0, point, direction, unit, enemy, nearestEnemy
}

extension OrderTarget {
    /// Appends the binary form; throws if a field is out of the decoder's bounds.
    public func encode(into writer: inout ByteWriter) throws(EncodeError) {
        switch self {
        case .landmark(let name):
            guard isPrintableText(name) else { throw EncodeError("landmark name contains a control character") }
            writer.u8(TargetKind.landmark.rawValue)
            try writer.string(name, maxBytes: OrderBinaryLimits.maxLandmarkBytes, what: "landmark name")
        case .point(let x, let y):
            let range = OrderBinaryLimits.coordinates
            guard range.contains(x), range.contains(y) else {
                throw EncodeError("point (\(x), \(y)) is outside \(range.lowerBound)...\(range.upperBound)")
            }
            writer.u8(TargetKind.point.rawValue)
            writer.zigzag(Int64(x))
            writer.zigzag(Int64(y))
        case .direction(let dir):
            writer.u8(TargetKind.direction.rawValue)
            writer.u8(dir.code)
        case .unit(let n):
            guard OrderBinaryLimits.unitNumbers.contains(n) else { throw EncodeError("unit target \(n) is not 1...10") }
            writer.u8(TargetKind.unit.rawValue)
            writer.u8(UInt8(n))
        case .enemy(let n):
            guard OrderBinaryLimits.unitNumbers.contains(n) else { throw EncodeError("enemy target \(n) is not 1...10") }
            writer.u8(TargetKind.enemy.rawValue)
            writer.u8(UInt8(n))
        case .nearestEnemy(let type):
            writer.u8(TargetKind.nearestEnemy.rawValue)
            writer.u8(type?.code ?? OrderBinaryLimits.anyArchetype)
        }
    }

    /// Reads one target, validating every code and bound.
    public init(from reader: inout ByteReader) throws(DecodeError) {
        let start = reader.offset
        let kindByte = try reader.u8()
        guard let kind = TargetKind(rawValue: kindByte) else {
            throw reader.error("unknown target kind \(kindByte)", at: start)
        }
        switch kind {
        case .landmark:
            let at = reader.offset
            let name = try reader.string(maxBytes: OrderBinaryLimits.maxLandmarkBytes, "landmark name")
            guard isPrintableText(name) else { throw reader.error("landmark name contains a control character", at: at) }
            self = .landmark(name)
        case .point:
            let range = OrderBinaryLimits.coordinates
            let bounds = Int64(range.lowerBound)...Int64(range.upperBound)
            let x = try reader.zigzag(in: bounds, "point x")
            let y = try reader.zigzag(in: bounds, "point y")
            self = .point(x: Int(x), y: Int(y))
        case .direction:
            self = .direction(try Self.readDirection(&reader))
        case .unit:
            self = .unit(try Self.readUnitNumber(&reader, "unit target"))
        case .enemy:
            self = .enemy(try Self.readUnitNumber(&reader, "enemy target"))
        case .nearestEnemy:
            let at = reader.offset
            let code = try reader.u8()
            if code == OrderBinaryLimits.anyArchetype {
                self = .nearestEnemy(nil)
            } else if let type = Archetype(code: code) {
                self = .nearestEnemy(type)
            } else {
                throw reader.error("unknown archetype code \(code)", at: at)
            }
        }
    }

    static func readDirection(_ reader: inout ByteReader) throws(DecodeError) -> CompassDirection {
        let at = reader.offset
        let code = try reader.u8()
        guard let dir = CompassDirection(code: code) else { throw reader.error("unknown direction code \(code)", at: at) }
        return dir
    }

    private static func readUnitNumber(_ reader: inout ByteReader, _ what: String) throws(DecodeError) -> Int {
        let at = reader.offset
        let n = Int(try reader.u8())
        guard OrderBinaryLimits.unitNumbers.contains(n) else { throw reader.error("\(what) \(n) is not 1...10", at: at) }
        return n
    }
}

extension Order {
    private static let queuedBit: UInt8 = 0x10
    private static let targetBit: UInt8 = 0x20
    private static let viaBit: UInt8 = 0x40
    private static let facingBit: UInt8 = 0x80
    private static let validUnitMask: UInt16 = 0x03FF

    /// Appends the binary form; throws for unit numbers outside 1...10, repeated
    /// units, or targets out of bounds.
    public func encode(into writer: inout ByteWriter) throws(EncodeError) {
        var mask: UInt16 = 0
        for n in units {
            guard OrderBinaryLimits.unitNumbers.contains(n) else { throw EncodeError("unit number \(n) is not 1...10") }
            let bit: UInt16 = 1 << UInt16(n - 1)
            guard mask & bit == 0 else { throw EncodeError("unit \(n) is listed twice") }
            mask |= bit
        }
        var head = action.code
        if queued { head |= Self.queuedBit }
        if target != nil { head |= Self.targetBit }
        if via != nil { head |= Self.viaBit }
        if facing != nil { head |= Self.facingBit }
        writer.u8(head)
        writer.u16(mask)
        if let facing { writer.u8(facing.code) }
        if let target { try target.encode(into: &writer) }
        if let via { try via.encode(into: &writer) }
    }

    /// Reads one order, validating every code and bound.
    public init(from reader: inout ByteReader) throws(DecodeError) {
        let start = reader.offset
        let head = try reader.u8()
        guard let action = OrderAction(code: head & 0x0F) else {
            throw reader.error("unknown action code \(head & 0x0F)", at: start)
        }
        let maskAt = reader.offset
        let mask = try reader.u16()
        guard mask & ~Self.validUnitMask == 0 else {
            throw reader.error("unit mask 0x\(String(mask, radix: 16)) names units above 10", at: maskAt)
        }
        var units: [Int] = []
        for n in OrderBinaryLimits.unitNumbers where mask & (1 << UInt16(n - 1)) != 0 {
            units.append(n)
        }
        let facing = try head & Self.facingBit != 0 ? OrderTarget.readDirection(&reader) : nil
        let target = try head & Self.targetBit != 0 ? OrderTarget(from: &reader) : nil
        let via = try head & Self.viaBit != 0 ? OrderTarget(from: &reader) : nil
        self.init(
            units: units, action: action, target: target, via: via, facing: facing,
            queued: head & Self.queuedBit != 0)
    }
}

extension PlayerCommand {
    /// Appends the binary form; throws if the text or the order count is over its bound.
    public func encode(into writer: inout ByteWriter) throws(EncodeError) {
        guard isPrintableText(text) else { throw EncodeError("command text contains a control character") }
        guard orders.count <= OrderBinaryLimits.maxOrdersPerCommand else {
            throw EncodeError("a command has \(orders.count) orders, over the limit of \(OrderBinaryLimits.maxOrdersPerCommand)")
        }
        try writer.string(text, maxBytes: OrderBinaryLimits.maxCommandTextBytes, what: "command text")
        writer.varint(orders.count)
        for order in orders { try order.encode(into: &writer) }
    }

    /// Reads one command, validating every order.
    public init(from reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        let text = try reader.string(maxBytes: OrderBinaryLimits.maxCommandTextBytes, "command text")
        guard isPrintableText(text) else { throw reader.error("command text contains a control character", at: at) }
        let count = try reader.count(max: OrderBinaryLimits.maxOrdersPerCommand, "order count")
        var orders: [Order] = []
        orders.reserveCapacity(count)
        for _ in 0..<count { orders.append(try Order(from: &reader)) }
        self.init(text: text, orders: orders)
    }
}

extension FrameInput {
    /// Appends the binary form; throws for anything the decoder would refuse.
    public func encode(into writer: inout ByteWriter) throws(EncodeError) {
        guard commands.count == 2 else { throw EncodeError("a frame input has \(commands.count) players, not 2") }
        for (index, list) in commands.enumerated() {
            guard list.count <= OrderBinaryLimits.maxCommandsPerPlayer else {
                throw EncodeError(
                    "player \(index + 1) has \(list.count) commands in one frame, over the limit of \(OrderBinaryLimits.maxCommandsPerPlayer)")
            }
            writer.varint(list.count)
            for command in list { try command.encode(into: &writer) }
        }
    }

    /// Reads one frame's input, validating everything.
    public init(from reader: inout ByteReader) throws(DecodeError) {
        var lists: [[PlayerCommand]] = []
        for player in 1...2 {
            let count = try reader.count(max: OrderBinaryLimits.maxCommandsPerPlayer, "player \(player) command count")
            var list: [PlayerCommand] = []
            list.reserveCapacity(count)
            for _ in 0..<count { list.append(try PlayerCommand(from: &reader)) }
            lists.append(list)
        }
        self.init(player1: lists[0], player2: lists[1])
    }

    /// The binary form on its own.
    public func binaryEncoded() throws(EncodeError) -> [UInt8] {
        var writer = ByteWriter()
        try encode(into: &writer)
        return writer.bytes
    }

    /// Decodes a frame input that must fill `bytes` exactly.
    public init(binary bytes: ArraySlice<UInt8>) throws(DecodeError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
        try reader.expectEnd("the frame input")
    }

    /// Decodes a frame input that must fill `bytes` exactly.
    public init(binary bytes: [UInt8]) throws(DecodeError) {
        try self.init(binary: bytes[...])
    }
}
