import FoglineSim

// The binary form of wire messages. Layouts are in docs/PROTOCOL.md; every bound is
// checked by both `encode()` and `decode(_:)` through the same helpers below.

/// Whether text is free of control characters (C0, DEL, C1), optionally allowing
/// tab, line feed and carriage return (for multi-line text such as a map file).
private func isPrintable(_ text: String, allowingLineBreaks: Bool = false) -> Bool {
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if allowingLineBreaks && (v == 0x09 || v == 0x0A || v == 0x0D) { continue }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return false }
    }
    return true
}

/// How a text field is bounded.
private struct TextRule {
    var what: String
    var maxBytes: Int
    var allowsEmpty: Bool
    var allowsLineBreaks = false

    static let playerName = TextRule(what: "player name", maxBytes: WireFormat.maxPlayerNameBytes, allowsEmpty: false)
    static let mapName = TextRule(what: "map name", maxBytes: WireFormat.maxMapNameBytes, allowsEmpty: false)
    static let mapText = TextRule(
        what: "map text", maxBytes: WireFormat.maxMapTextBytes, allowsEmpty: false, allowsLineBreaks: true)
    static let chat = TextRule(what: "chat text", maxBytes: WireFormat.maxChatBytes, allowsEmpty: false)
    static let leaveText = TextRule(what: "leave text", maxBytes: WireFormat.maxLeaveTextBytes, allowsEmpty: true)
    static let refusal = TextRule(what: "refusal reason", maxBytes: WireFormat.maxRefusalBytes, allowsEmpty: false)
    static let matchCode = TextRule(what: "match code", maxBytes: WireFormat.maxMatchCodeBytes, allowsEmpty: false)
    static let requestedMap = TextRule(what: "map name", maxBytes: WireFormat.maxMapNameBytes, allowsEmpty: true)
    static let stateDump = TextRule(
        what: "state dump", maxBytes: WireFormat.maxStateDumpBytes, allowsEmpty: false, allowsLineBreaks: true)

    /// Why `text` breaks the rule, or nil.
    func problem(_ text: String) -> String? {
        let length = text.utf8.count
        if length > maxBytes { return "\(what) is \(length) bytes long, over the limit of \(maxBytes)" }
        if length == 0 && !allowsEmpty { return "\(what) is empty" }
        if !isPrintable(text, allowingLineBreaks: allowsLineBreaks) { return "\(what) contains a control character" }
        return nil
    }

    func write(_ text: String, to writer: inout ByteWriter) throws(EncodeError) {
        if let problem = problem(text) { throw EncodeError(problem) }
        try writer.string(text, maxBytes: maxBytes, what: what)
    }

    func read(_ reader: inout ByteReader) throws(DecodeError) -> String {
        let at = reader.offset
        let text = try reader.string(maxBytes: maxBytes, what)
        if let problem = problem(text) { throw reader.error(problem, at: at) }
        return text
    }
}

// MARK: Field helpers shared by both directions

private func frameProblem(_ frame: Int32, _ what: String) -> String? {
    WireFormat.frames.contains(frame) ? nil : "\(what) \(frame) is negative"
}

private func readFrame(_ reader: inout ByteReader, _ what: String) throws(DecodeError) -> Int32 {
    let at = reader.offset
    let raw = try reader.u32()
    guard raw <= UInt32(Int32.max) else { throw reader.error("\(what) \(raw) is over \(Int32.max)", at: at) }
    return Int32(raw)
}

private func senderProblem(_ player: Int, _ what: String) -> String? {
    player == WireFormat.serverSender || WireFormat.playerNumbers.contains(player)
        ? nil : "\(what) \(player) is not 0 (server), 1 or 2"
}

private func readSender(_ reader: inout ByteReader, _ what: String) throws(DecodeError) -> Int {
    let at = reader.offset
    let player = Int(try reader.u8())
    if let problem = senderProblem(player, what) { throw reader.error(problem, at: at) }
    return player
}

/// An acknowledgement: a `bool` "has frame", then the frame if it has one.
private func writeAck(_ throughFrame: Int32?, to writer: inout ByteWriter) throws(EncodeError) {
    guard let throughFrame else { return writer.bool(false) }
    if let problem = frameProblem(throughFrame, "acknowledged frame") { throw EncodeError(problem) }
    writer.bool(true)
    writer.u32(UInt32(throughFrame))
}

private func readAck(_ reader: inout ByteReader) throws(DecodeError) -> Int32? {
    try reader.bool("ack has-frame flag") ? try readFrame(&reader, "acknowledged frame") : nil
}

/// A seat request: a `u8` tag (0 none, 1 quick match, 2 new match, 3 join a code,
/// 4 rejoin, 5 list the live matches), then the map name and the spectator delay (2: a
/// `u16` of seconds, `0xFFFF` for the server's default), the code (3, 4) and the token (4).
private func writeSeatRequest(_ request: WireSeatRequest?, to writer: inout ByteWriter) throws(EncodeError) {
    switch request {
    case nil:
        writer.u8(0)
    case .quickMatch:
        writer.u8(1)
    case .newMatch(let map, let delay):
        writer.u8(2)
        try TextRule.requestedMap.write(map, to: &writer)
        if let delay, let problem = spectatorDelayProblem(delay) { throw EncodeError(problem) }
        writer.u16(delay.map { UInt16($0) } ?? defaultSpectatorDelay)
    case .join(let code):
        writer.u8(3)
        try TextRule.matchCode.write(code, to: &writer)
    case .rejoin(let code, let token):
        writer.u8(4)
        try TextRule.matchCode.write(code, to: &writer)
        guard token.count == WireFormat.tokenBytes else {
            throw EncodeError("a seat token is \(WireFormat.tokenBytes) bytes, not \(token.count)")
        }
        writer.raw(token)
    case .listMatches:
        writer.u8(5)
    }
}

/// The `u16` of a new match's spectator delay that means "the server's default".
private let defaultSpectatorDelay: UInt16 = 0xFFFF

private func spectatorDelayProblem(_ seconds: Int) -> String? {
    (0...WireFormat.maxSpectatorDelaySeconds).contains(seconds)
        ? nil : "spectator delay \(seconds) s is not 0...\(WireFormat.maxSpectatorDelaySeconds)"
}

private func readSpectatorDelay(_ reader: inout ByteReader) throws(DecodeError) -> Int? {
    let at = reader.offset
    let raw = try reader.u16()
    if raw == defaultSpectatorDelay { return nil }
    if let problem = spectatorDelayProblem(Int(raw)) { throw reader.error(problem, at: at) }
    return Int(raw)
}

private func readSeatRequest(_ reader: inout ByteReader) throws(DecodeError) -> WireSeatRequest? {
    let at = reader.offset
    switch try reader.u8() {
    case 0: return nil
    case 1: return .quickMatch
    case 2: return .newMatch(map: try TextRule.requestedMap.read(&reader), spectatorDelay: try readSpectatorDelay(&reader))
    case 3: return .join(code: try TextRule.matchCode.read(&reader))
    case 4: return .rejoin(code: try TextRule.matchCode.read(&reader), token: try readToken(&reader))
    case 5: return .listMatches
    case let tag: throw reader.error("unknown seat request \(tag) (0 none, 1 quick, 2 new, 3 join, 4 rejoin, 5 list)", at: at)
    }
}

private func readToken(_ reader: inout ByteReader) throws(DecodeError) -> [UInt8] {
    guard reader.remaining >= WireFormat.tokenBytes else {
        throw reader.error("truncated: the seat token needs \(WireFormat.tokenBytes) bytes but only \(reader.remaining) remain")
    }
    return Array(try reader.raw(WireFormat.tokenBytes))
}

/// Why a run of inputs cannot be sent, or nil. Frame inputs' own bounds are checked by their codec.
private func inputsProblem(player: Int, firstFrame: Int32, frames: [FrameInput]) -> String? {
    if let problem = senderProblem(player, "inputs player") { return problem }
    if let problem = frameProblem(firstFrame, "first frame") { return problem }
    guard (1...WireFormat.maxFramesPerPacket).contains(frames.count) else {
        return "inputs carry \(frames.count) frames, not 1...\(WireFormat.maxFramesPerPacket)"
    }
    guard Int64(firstFrame) + Int64(frames.count) - 1 <= Int64(Int32.max) else {
        return "inputs run past frame \(Int32.max)"
    }
    return nil
}

/// Why one frame's input is not `player`'s alone, or nil (the server's frames may hold both).
private func foreignCommandsProblem(player: Int, frame: Int64, input: FrameInput) -> String? {
    guard WireFormat.playerNumbers.contains(player), input.commands.count == 2 else { return nil }
    let other = 3 - player
    return input[player: other].isEmpty
        ? nil : "inputs of player \(player) carry commands of player \(other) in frame \(frame)"
}

private func matchStartProblem(_ start: WireMatchStart) -> String? {
    if let problem = TextRule.mapName.problem(start.mapName) { return problem }
    if let problem = TextRule.mapText.problem(start.mapText) { return problem }
    if let problem = playersProblem(start.players, of: "match") { return problem }
    let seen = Set(start.players.map(\.number))
    guard WireFormat.inputDelays.contains(start.inputDelay) else {
        return "input delay \(start.inputDelay) is not \(WireFormat.inputDelays.lowerBound)...\(WireFormat.inputDelays.upperBound)"
    }
    guard start.assignedPlayer == WireFormat.spectatorSlot || seen.contains(start.assignedPlayer) else {
        return "assigned player \(start.assignedPlayer) is neither 0 (spectator) nor a listed player"
    }
    if let limit = start.frameLimit, limit <= 0 { return "frame limit \(limit) is not positive" }
    return spectatorDelayProblem(start.spectatorDelay)
}

/// Why a match's seats cannot be sent (1 or 2 of them, distinct numbers 1...2, good names), or nil.
private func playersProblem(_ players: [WirePlayer], of what: String) -> String? {
    guard (1...WireFormat.playerNumbers.count).contains(players.count) else {
        return "\(what) has \(players.count) players, not 1...\(WireFormat.playerNumbers.count)"
    }
    var seen = Set<Int>()
    for player in players {
        guard WireFormat.playerNumbers.contains(player.number) else { return "player number \(player.number) is not 1 or 2" }
        guard seen.insert(player.number).inserted else { return "player \(player.number) is listed twice" }
        if let problem = TextRule.playerName.problem(player.name) { return problem }
    }
    return nil
}

/// A match's seats: a `u8` count (1 or 2), then each seat's number (`u8`) and name.
private func writePlayers(_ players: [WirePlayer], of what: String, to writer: inout ByteWriter) throws(EncodeError) {
    if let problem = playersProblem(players, of: what) { throw EncodeError(problem) }
    writer.u8(UInt8(players.count))
    for player in players {
        writer.u8(UInt8(player.number))
        try TextRule.playerName.write(player.name, to: &writer)
    }
}

private func readPlayers(_ reader: inout ByteReader, of what: String) throws(DecodeError) -> [WirePlayer] {
    let countAt = reader.offset
    let count = Int(try reader.u8())
    guard (1...WireFormat.playerNumbers.count).contains(count) else {
        throw reader.error("\(what) has \(count) players, not 1...\(WireFormat.playerNumbers.count)", at: countAt)
    }
    var players: [WirePlayer] = []
    for _ in 0..<count {
        let numberAt = reader.offset
        let number = Int(try reader.u8())
        guard WireFormat.playerNumbers.contains(number) else {
            throw reader.error("player number \(number) is not 1 or 2", at: numberAt)
        }
        guard !players.contains(where: { $0.number == number }) else {
            throw reader.error("player \(number) is listed twice", at: numberAt)
        }
        players.append(WirePlayer(number: number, name: try TextRule.playerName.read(&reader)))
    }
    return players
}

/// A listed match: code, map name, player count (`u8`, 1 or 2) and each player's number
/// and name, the frame (`u32`), a `bool` "has scores" and then two `u32` scores, the
/// spectators (`u16`) and the spectator delay in seconds (`u16`).
private func writeLiveMatch(_ match: WireLiveMatch, to writer: inout ByteWriter) throws(EncodeError) {
    try TextRule.matchCode.write(match.code, to: &writer)
    try TextRule.mapName.write(match.mapName, to: &writer)
    try writePlayers(match.players, of: "listed match \(match.code)", to: &writer)
    if let problem = frameProblem(match.frame, "listed frame") { throw EncodeError(problem) }
    writer.u32(UInt32(match.frame))
    if let scores = match.scores {
        guard scores.count == 2, scores.allSatisfy({ $0 >= 0 }) else { throw EncodeError("scores must be two, not negative") }
        writer.bool(true)
        writer.u32(UInt32(scores[0]))
        writer.u32(UInt32(scores[1]))
    } else {
        writer.bool(false)
    }
    guard match.spectators >= 0 else { throw EncodeError("spectator count \(match.spectators) is negative") }
    writer.u16(UInt16(clamping: match.spectators))
    if let problem = spectatorDelayProblem(match.spectatorDelay) { throw EncodeError(problem) }
    writer.u16(UInt16(match.spectatorDelay))
}

private func readLiveMatch(_ reader: inout ByteReader) throws(DecodeError) -> WireLiveMatch {
    let code = try TextRule.matchCode.read(&reader)
    let mapName = try TextRule.mapName.read(&reader)
    let players = try readPlayers(&reader, of: "listed match \(code)")
    let frame = try readFrame(&reader, "listed frame")
    var scores: [Int32]?
    if try reader.bool("has-scores flag") {
        let first = try readFrame(&reader, "score")
        scores = [first, try readFrame(&reader, "score")]
    }
    let spectators = Int(try reader.u16())
    let delayAt = reader.offset
    let delay = Int(try reader.u16())
    if let problem = spectatorDelayProblem(delay) { throw reader.error(problem, at: delayAt) }
    return WireLiveMatch(
        code: code, mapName: mapName, players: players, frame: frame, scores: scores, spectators: spectators,
        spectatorDelay: delay)
}

// MARK: Encoding

extension WireMessage {
    /// The whole packet: header and payload. Throws `WireError` (kind `.malformed` or
    /// `.tooLarge`) for anything `decode(_:)` would refuse.
    public func encode() throws(WireError) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.raw(WireFormat.magic)
        writer.u16(WireFormat.version)
        writer.u8(kind.rawValue)
        writer.u32(0)  // payload length, filled in below
        do {
            try encodePayload(into: &writer)
        } catch {
            throw WireError(.malformed, "cannot encode \(kind): \(error.message)")
        }
        let limit = WireFormat.maxPacketBytes(for: kind)
        guard writer.count <= limit else {
            throw WireError(.tooLarge, "\(kind) packet would be \(writer.count) bytes, over the limit of \(limit)")
        }
        writer.setU32(UInt32(writer.count - WireFormat.headerSize), at: 5)
        return writer.bytes
    }

    private func encodePayload(into writer: inout ByteWriter) throws(EncodeError) {
        switch self {
        case .hello(let hello):
            guard hello.protocolVersion == WireFormat.version else {
                throw EncodeError("hello names protocol version \(hello.protocolVersion) but this build writes \(WireFormat.version)")
            }
            writer.u16(hello.protocolVersion)
            writer.u16(hello.rulesVersion)
            writer.u64(hello.mapHash)
            try TextRule.playerName.write(hello.playerName, to: &writer)
            writer.u8(hello.role.rawValue)
            try writeSeatRequest(hello.seat, to: &writer)
        case .matchStart(let start):
            if let problem = matchStartProblem(start) { throw EncodeError(problem) }
            writer.u64(start.seed)
            try TextRule.mapName.write(start.mapName, to: &writer)
            try TextRule.mapText.write(start.mapText, to: &writer)
            try writePlayers(start.players, of: "match", to: &writer)
            writer.u8(UInt8(start.inputDelay))
            writer.u8(UInt8(start.assignedPlayer))
            writer.u32(UInt32(start.frameLimit ?? 0))
            writer.u16(UInt16(start.spectatorDelay))
        case .inputs(let player, let firstFrame, let frames, let ackThrough):
            if let problem = inputsProblem(player: player, firstFrame: firstFrame, frames: frames) {
                throw EncodeError(problem)
            }
            writer.u8(UInt8(player))
            writer.u32(UInt32(firstFrame))
            writer.u8(UInt8(frames.count))
            for (index, input) in frames.enumerated() {
                let frame = Int64(firstFrame) + Int64(index)
                if let problem = foreignCommandsProblem(player: player, frame: frame, input: input) {
                    throw EncodeError(problem)
                }
                do {
                    try input.encode(into: &writer)
                } catch {
                    throw EncodeError("frame \(frame): \(error.message)")
                }
            }
            try writeAck(ackThrough, to: &writer)
        case .ack(let player, let throughFrame):
            if let problem = senderProblem(player, "ack player") { throw EncodeError(problem) }
            writer.u8(UInt8(player))
            try writeAck(throughFrame, to: &writer)
        case .stateHash(let frame, let hash):
            if let problem = frameProblem(frame, "hash frame") { throw EncodeError(problem) }
            writer.u32(UInt32(frame))
            writer.u64(hash)
        case .chat(let text):
            try TextRule.chat.write(text, to: &writer)
        case .leave(let reason, let text):
            writer.u8(reason.rawValue)
            try TextRule.leaveText.write(text, to: &writer)
        case .refused(let reason):
            try TextRule.refusal.write(reason, to: &writer)
        case .stateDump(let frame, let text):
            if let problem = frameProblem(frame, "dump frame") { throw EncodeError(problem) }
            writer.u32(UInt32(frame))
            try TextRule.stateDump.write(text, to: &writer)
        case .seated(let seated):
            try TextRule.matchCode.write(seated.code, to: &writer)
            guard WireFormat.playerNumbers.contains(seated.seat) else { throw EncodeError("seat \(seated.seat) is not 1 or 2") }
            guard seated.token.count == WireFormat.tokenBytes else {
                throw EncodeError("a seat token is \(WireFormat.tokenBytes) bytes, not \(seated.token.count)")
            }
            writer.u8(UInt8(seated.seat))
            writer.raw(seated.token)
            writer.u16(UInt16(clamping: seated.waiting))
            try TextRule.requestedMap.write(seated.map, to: &writer)
        case .lateInput(let asked, let landed):
            if let problem = frameProblem(asked, "late frame") ?? frameProblem(landed, "landing frame") {
                throw EncodeError(problem)
            }
            guard landed > asked else { throw EncodeError("landing frame \(landed) is not after \(asked)") }
            writer.u32(UInt32(asked))
            writer.u32(UInt32(landed))
        case .frameLog(let firstFrame, let frames):
            if let problem = frameProblem(firstFrame, "first frame") { throw EncodeError(problem) }
            guard frames.count <= WireFormat.maxFramesPerLog else {
                throw EncodeError("a frame log carries \(frames.count) frames, over the limit of \(WireFormat.maxFramesPerLog)")
            }
            writer.u32(UInt32(firstFrame))
            writer.u32(UInt32(frames.count))
            for (index, input) in frames.enumerated() {
                do {
                    try input.encode(into: &writer)
                } catch {
                    throw EncodeError("frame \(Int(firstFrame) + index): \(error.message)")
                }
            }
        case .matchList(let total, let matches):
            guard matches.count <= WireFormat.maxListedMatches, total >= matches.count else {
                throw EncodeError("a match list carries \(matches.count) of \(total) matches (at most \(WireFormat.maxListedMatches))")
            }
            writer.u32(UInt32(clamping: total))
            writer.u16(UInt16(matches.count))
            for match in matches { try writeLiveMatch(match, to: &writer) }
        case .spectators(let count):
            guard count >= 0 else { throw EncodeError("spectator count \(count) is negative") }
            writer.u16(UInt16(clamping: count))
        }
    }
}

// MARK: Decoding

extension WireMessage {
    /// Decodes one whole packet, refusing anything that is not exactly one valid message.
    ///
    /// Never traps: wrong magic, an unsupported version (the error names it and the
    /// versions this build speaks), an unknown kind, a payload length that disagrees with
    /// the packet, an oversized packet, bad fields and trailing bytes all throw `WireError`.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> WireMessage {
        guard bytes.count <= WireFormat.maxMatchStartPacketBytes else {
            throw WireError(
                .tooLarge, "packet is \(bytes.count) bytes, over the limit of \(WireFormat.maxMatchStartPacketBytes)")
        }
        guard bytes.count >= WireFormat.headerSize else {
            throw WireError(
                .lengthMismatch,
                "truncated packet: \(bytes.count) bytes, shorter than the \(WireFormat.headerSize)-byte header")
        }
        guard bytes[0] == WireFormat.magic[0], bytes[1] == WireFormat.magic[1] else {
            throw WireError(
                .badMagic,
                "not a Fogline packet: starts with 0x\(hex(bytes[0])) 0x\(hex(bytes[1])), not \"FL\"", offset: 0)
        }
        var header = ByteReader(bytes[2..<WireFormat.headerSize])
        // The header is known to be long enough, so these reads cannot fail.
        let version = (try? header.u16()) ?? 0
        let kindByte = (try? header.u8()) ?? 0
        let length = UInt64((try? header.u32()) ?? 0)
        guard WireFormat.supportedVersions.contains(version) else {
            var e = WireError.unsupportedVersion(version)
            e.offset = 2
            throw e
        }
        guard let kind = WireMessageKind(rawValue: kindByte) else {
            throw WireError(.unknownKind(kindByte), "unknown message kind \(kindByte)", offset: 4)
        }
        let limit = WireFormat.maxPacketBytes(for: kind)
        let declared = UInt64(WireFormat.headerSize) + length
        guard declared <= UInt64(limit) else {
            throw WireError(
                .tooLarge, "\(kind) packet declares \(declared) bytes, over the limit of \(limit)", offset: 5)
        }
        guard declared == UInt64(bytes.count) else {
            let actual = bytes.count - WireFormat.headerSize
            let detail =
                declared > UInt64(bytes.count)
                ? "truncated \(kind) packet: header says \(length) payload bytes but only \(actual) follow"
                : "\(kind) packet has \(UInt64(actual) - length) bytes after its \(length)-byte payload"
            throw WireError(.lengthMismatch, detail, offset: 5)
        }
        var reader = ByteReader(bytes[WireFormat.headerSize...])
        let message: WireMessage
        do {
            message = try decodePayload(kind: kind, version: version, from: &reader)
        } catch {
            throw WireError(.malformed, "bad \(kind) message: \(error.message)", offset: error.offset)
        }
        guard reader.isAtEnd else {
            throw WireError(
                .trailingBytes, "\(reader.remaining) unexpected trailing bytes inside the \(kind) payload",
                offset: reader.offset)
        }
        return message
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    private static func decodePayload(
        kind: WireMessageKind, version: UInt16, from reader: inout ByteReader
    ) throws(DecodeError) -> WireMessage {
        switch kind {
        case .hello:
            let at = reader.offset
            let protocolVersion = try reader.u16()
            guard protocolVersion == version else {
                throw reader.error(
                    "hello names protocol version \(protocolVersion) but the packet header says \(version)", at: at)
            }
            let rulesVersion = try reader.u16()
            let mapHash = try reader.u64()
            let name = try TextRule.playerName.read(&reader)
            let roleAt = reader.offset
            let roleByte = try reader.u8()
            guard let role = WireRole(rawValue: roleByte) else {
                throw reader.error("unknown role \(roleByte) (0 player, 1 spectator)", at: roleAt)
            }
            return .hello(
                WireHello(
                    protocolVersion: protocolVersion, rulesVersion: rulesVersion, mapHash: mapHash, playerName: name,
                    role: role, seat: try readSeatRequest(&reader)))

        case .matchStart:
            let seed = try reader.u64()
            let mapName = try TextRule.mapName.read(&reader)
            let mapText = try TextRule.mapText.read(&reader)
            let players = try readPlayers(&reader, of: "match")
            let delayAt = reader.offset
            let delay = Int(try reader.u8())
            guard WireFormat.inputDelays.contains(delay) else {
                throw reader.error(
                    "input delay \(delay) is not \(WireFormat.inputDelays.lowerBound)...\(WireFormat.inputDelays.upperBound)",
                    at: delayAt)
            }
            let assignedAt = reader.offset
            let assigned = Int(try reader.u8())
            guard assigned == WireFormat.spectatorSlot || players.contains(where: { $0.number == assigned }) else {
                throw reader.error(
                    "assigned player \(assigned) is neither 0 (spectator) nor a listed player", at: assignedAt)
            }
            let limit = try readFrame(&reader, "frame limit")
            let spectatorDelayAt = reader.offset
            let spectatorDelay = Int(try reader.u16())
            if let problem = spectatorDelayProblem(spectatorDelay) { throw reader.error(problem, at: spectatorDelayAt) }
            return .matchStart(
                WireMatchStart(
                    seed: seed, mapName: mapName, mapText: mapText, players: players, inputDelay: delay,
                    assignedPlayer: assigned, frameLimit: limit == 0 ? nil : limit, spectatorDelay: spectatorDelay))

        case .inputs:
            let player = try readSender(&reader, "inputs player")
            let firstFrame = try readFrame(&reader, "first frame")
            let countAt = reader.offset
            let count = Int(try reader.u8())
            guard (1...WireFormat.maxFramesPerPacket).contains(count) else {
                throw reader.error("inputs carry \(count) frames, not 1...\(WireFormat.maxFramesPerPacket)", at: countAt)
            }
            guard Int64(firstFrame) + Int64(count) - 1 <= Int64(Int32.max) else {
                throw reader.error("inputs run past frame \(Int32.max)", at: countAt)
            }
            var frames: [FrameInput] = []
            frames.reserveCapacity(count)
            for index in 0..<count {
                let frame = Int64(firstFrame) + Int64(index)
                let at = reader.offset
                let input: FrameInput
                do {
                    input = try FrameInput(from: &reader)
                } catch {
                    throw DecodeError("frame \(frame): \(error.message)", offset: error.offset)
                }
                if let problem = foreignCommandsProblem(player: player, frame: frame, input: input) {
                    throw reader.error(problem, at: at)
                }
                frames.append(input)
            }
            return .inputs(player: player, firstFrame: firstFrame, frames: frames, ackThrough: try readAck(&reader))

        case .ack:
            let player = try readSender(&reader, "ack player")
            return .ack(player: player, throughFrame: try readAck(&reader))

        case .stateHash:
            let frame = try readFrame(&reader, "hash frame")
            return .stateHash(frame: frame, hash: try reader.u64())

        case .chat:
            return .chat(try TextRule.chat.read(&reader))

        case .leave:
            let at = reader.offset
            let code = try reader.u8()
            guard let reason = WireLeaveReason(rawValue: code) else {
                throw reader.error("unknown leave reason \(code)", at: at)
            }
            return .leave(reason: reason, text: try TextRule.leaveText.read(&reader))

        case .refused:
            return .refused(try TextRule.refusal.read(&reader))

        case .stateDump:
            let frame = try readFrame(&reader, "dump frame")
            return .stateDump(frame: frame, text: try TextRule.stateDump.read(&reader))

        case .seated:
            let code = try TextRule.matchCode.read(&reader)
            let seatAt = reader.offset
            let seat = Int(try reader.u8())
            guard WireFormat.playerNumbers.contains(seat) else { throw reader.error("seat \(seat) is not 1 or 2", at: seatAt) }
            let token = try readToken(&reader)
            let waiting = Int(try reader.u16())
            return .seated(WireSeated(code: code, seat: seat, token: token, waiting: waiting, map: try TextRule.requestedMap.read(&reader)))

        case .lateInput:
            let asked = try readFrame(&reader, "late frame")
            let landedAt = reader.offset
            let landed = try readFrame(&reader, "landing frame")
            guard landed > asked else { throw reader.error("landing frame \(landed) is not after \(asked)", at: landedAt) }
            return .lateInput(asked: asked, landed: landed)

        case .frameLog:
            let firstFrame = try readFrame(&reader, "first frame")
            let countAt = reader.offset
            let count = Int(try reader.u32())
            guard count <= WireFormat.maxFramesPerLog, count <= reader.remaining / 2 else {
                throw reader.error("a frame log of \(count) frames cannot fit in \(reader.remaining) bytes", at: countAt)
            }
            guard Int64(firstFrame) + Int64(count) - 1 <= Int64(Int32.max) else {
                throw reader.error("the frame log runs past frame \(Int32.max)", at: countAt)
            }
            var frames: [FrameInput] = []
            frames.reserveCapacity(count)
            for index in 0..<count {
                do {
                    frames.append(try FrameInput(from: &reader))
                } catch {
                    throw DecodeError("frame \(Int(firstFrame) + index): \(error.message)", offset: error.offset)
                }
            }
            return .frameLog(firstFrame: firstFrame, frames: frames)

        case .matchList:
            let total = Int(try reader.u32())
            let countAt = reader.offset
            let count = Int(try reader.u16())
            guard count <= WireFormat.maxListedMatches, count <= total else {
                throw reader.error(
                    "a match list carries \(count) of \(total) matches (at most \(WireFormat.maxListedMatches))", at: countAt)
            }
            var matches: [WireLiveMatch] = []
            for _ in 0..<count { matches.append(try readLiveMatch(&reader)) }
            return .matchList(total: total, matches: matches)

        case .spectators:
            return .spectators(count: Int(try reader.u16()))
        }
    }
}
