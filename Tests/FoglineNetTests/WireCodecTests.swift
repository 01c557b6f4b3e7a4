import FoglineNet
import FoglineSim
import Testing

/// A small seeded generator (SplitMix64), so failures reproduce.
private struct WireTestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let sampleCommand = PlayerCommand(
    text: "1 2 attack-move to the ford, then hold facing north",
    orders: [
        Order(units: [1, 2], action: .attackMove, target: .landmark("ford")),
        Order(units: [1, 2], action: .hold, facing: .north, queued: true),
        Order(units: [3], action: .patrol, target: .point(x: -3, y: 40), via: .direction(.southwest)),
        Order(units: [4], action: .attack, target: .nearestEnemy(nil)),
        Order(units: [5], action: .follow, target: .unit(6)),
    ])

private let sampleMatchStart = WireMatchStart(
    seed: 0xDEAD_BEEF_CAFE_F00D, mapName: "Twin Fords",
    mapText: "name = \"Twin Fords\"\n[[rows]]\n\tgrid = \"..~~..\"\r\n", players: [
        WirePlayer(number: 1, name: "Ada"), WirePlayer(number: 2, name: "Bot (normal) — ü"),
    ], inputDelay: 3, assignedPlayer: 1)

/// One message of every kind (and a few variants).
private let samples: [WireMessage] = [
    .hello(WireHello(mapHash: 0x0123_4567_89AB_CDEF, playerName: "Ada", role: .player)),
    .hello(WireHello(rulesVersion: 7, mapHash: 0, playerName: "x", role: .spectator)),
    .matchStart(sampleMatchStart),
    .matchStart(
        WireMatchStart(
            seed: 1, mapName: "m", mapText: "x", players: [WirePlayer(number: 2, name: "Solo")], inputDelay: 30,
            assignedPlayer: 0, frameLimit: 3000, spectatorDelay: 3600)),
    .inputs(player: 1, firstFrame: 3, frames: [FrameInput(), FrameInput(player1: [sampleCommand]), FrameInput()]),
    .inputs(player: 2, firstFrame: 0, frames: Array(repeating: FrameInput(), count: 64), ackThrough: 61),
    .inputs(player: 1, firstFrame: 9, frames: [FrameInput()], ackThrough: Int32.max),
    .inputs(
        player: 0, firstFrame: Int32.max - 1,
        frames: [FrameInput(player1: [sampleCommand], player2: [sampleCommand]), FrameInput()]),
    .hello(WireHello(mapHash: 0, playerName: "Quick", role: .player, seat: .quickMatch)),
    .hello(WireHello(mapHash: 0, playerName: "New", role: .player, seat: .newMatch(map: "frontier"))),
    .hello(WireHello(mapHash: 0, playerName: "Any", role: .player, seat: .newMatch(map: ""))),
    .hello(WireHello(mapHash: 0, playerName: "Held", role: .player, seat: .newMatch(map: "duel", spectatorDelay: 30))),
    .hello(WireHello(mapHash: 0, playerName: "Live", role: .player, seat: .newMatch(map: "", spectatorDelay: 0))),
    .hello(WireHello(mapHash: 0, playerName: "spectator", role: .spectator, seat: .listMatches)),
    .matchList(total: 0, matches: []),
    .matchList(
        total: 250,
        matches: [
            WireLiveMatch(
                code: "KX7-4QF", mapName: "Frontier", players: [WirePlayer(number: 1, name: "Ada"), WirePlayer(number: 2, name: "Bö")],
                frame: 27_000, scores: [812, 1_499], spectators: 65_535, spectatorDelay: 30),
            WireLiveMatch(
                code: "ABC-DEF", mapName: "duel", players: [WirePlayer(number: 2, name: "Solo")], frame: 0, scores: nil,
                spectators: 0, spectatorDelay: 0),
        ]),
    .spectators(count: 3),
    .spectators(count: 0),
    .hello(WireHello(mapHash: 0, playerName: "Code", role: .player, seat: .join(code: "KX7-4QF"))),
    .hello(WireHello(mapHash: 0, playerName: "Back", role: .player, seat: .rejoin(code: "KX7-4QF", token: Array(repeating: 0xAB, count: 16)))),
    .seated(WireSeated(code: "KX7-4QF", seat: 2, token: Array(0..<16), waiting: 3, map: "Duel")),
    .lateInput(asked: 100, landed: 104),
    .frameLog(firstFrame: 0, frames: [FrameInput(), FrameInput(player1: [sampleCommand]), FrameInput(player2: [sampleCommand])]),
    .frameLog(firstFrame: 7, frames: []),
    .ack(player: 1, throughFrame: 120),
    .ack(player: 0, throughFrame: nil),
    .ack(player: 2, throughFrame: Int32.max),
    .stateHash(frame: 30, hash: 0xFFFF_FFFF_FFFF_FFFF),
    .chat("gg — wp"),
    .leave(reason: .quit, text: ""),
    .leave(reason: .desync, text: "hash mismatch at frame 90"),
    .refused("room is full"),
    WireMessage.versionRefusal(peerVersion: 9),
    WireMessage.rulesRefusal(peerVersion: 2),
    .stateDump(frame: 90, text: "{\n  \"frame\": 90\n}\n"),
]

/// A packet with a hand-made header around `payload`.
private func packet(kind: UInt8, payload: [UInt8], version: UInt16 = WireFormat.version, length: UInt32? = nil) -> [UInt8] {
    var w = ByteWriter()
    w.raw(Array("FL".utf8))
    w.u16(version)
    w.u8(kind)
    w.u32(length ?? UInt32(payload.count))
    w.raw(payload)
    return w.bytes
}

/// Decodes and returns the error, or records a failure when decoding succeeds.
private func decodeError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> WireError? {
    do {
        let message = try WireMessage.decode(bytes)
        Issue.record("decoded \(message) from bad bytes", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Encodes, expecting a refusal.
private func encodeError(_ message: WireMessage, sourceLocation: SourceLocation = #_sourceLocation) -> WireError? {
    do {
        let bytes = try message.encode()
        Issue.record("encoded \(bytes.count) bytes for a bad message", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Decodes `bytes`: a `WireError` is fine, a message must re-encode to the same bytes.
private func checkNeverTraps(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let message = try WireMessage.decode(bytes)
        #expect(try message.encode() == bytes, sourceLocation: sourceLocation)
    } catch {
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
}

@Suite("Wire codec")
struct WireCodecTests {
    // MARK: Round trips

    @Test(arguments: samples)
    func roundTrip(_ message: WireMessage) throws {
        let bytes = try message.encode()
        #expect(Array(bytes[0..<2]) == Array("FL".utf8))
        #expect(bytes[2] == UInt8(WireFormat.version) && bytes[3] == 0)
        #expect(bytes[4] == message.kind.rawValue)
        let length = Int(bytes[5]) | Int(bytes[6]) << 8 | Int(bytes[7]) << 16 | Int(bytes[8]) << 24
        #expect(length == bytes.count - WireFormat.headerSize)
        #expect(try WireMessage.decode(bytes) == message)
    }

    @Test func everyKindHasASample() {
        let kinds = Set(samples.map(\.kind))
        #expect(kinds == Set(WireMessageKind.allCases))
    }

    @Test func fixedLayouts() throws {
        #expect(
            try WireMessage.stateHash(frame: 0x0102_0304, hash: 0x1122_3344_5566_7788).encode() == [
                0x46, 0x4C, 4, 0, 5, 12, 0, 0, 0, 4, 3, 2, 1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
            ])
        #expect(try WireMessage.ack(player: 2, throughFrame: nil).encode() == [0x46, 0x4C, 4, 0, 4, 2, 0, 0, 0, 2, 0])
        #expect(
            try WireMessage.ack(player: 1, throughFrame: 256).encode() == [
                0x46, 0x4C, 4, 0, 4, 6, 0, 0, 0, 1, 1, 0, 1, 0, 0,
            ])
        // Two empty frames of player 1 from frame 7, acknowledging player 2's through frame 5.
        #expect(
            try WireMessage.inputs(player: 1, firstFrame: 7, frames: [FrameInput(), FrameInput()], ackThrough: 5).encode()
                == [0x46, 0x4C, 4, 0, 3, 15, 0, 0, 0, 1, 7, 0, 0, 0, 2, 0, 0, 0, 0, 1, 5, 0, 0, 0])
        #expect(
            try WireMessage.inputs(player: 2, firstFrame: 1, frames: [FrameInput()]).encode()
                == [0x46, 0x4C, 4, 0, 3, 9, 0, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0])
        #expect(
            try WireMessage.hello(WireHello(rulesVersion: 1, mapHash: 2, playerName: "Al", role: .spectator)).encode()
                == [0x46, 0x4C, 4, 0, 1, 17, 0, 0, 0, 4, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0x41, 0x6C, 1, 0])
        // A quick-match hello ends in seat request 1; a rejoin carries its code and 16-byte token.
        #expect(
            try WireMessage.hello(WireHello(rulesVersion: 1, mapHash: 0, playerName: "A", role: .player, seat: .quickMatch))
                .encode().suffix(2) == [0, 1])
        let token = Array(UInt8(0)..<16)
        #expect(
            try WireMessage.hello(
                WireHello(rulesVersion: 1, mapHash: 0, playerName: "A", role: .player, seat: .rejoin(code: "KX7", token: token))
            ).encode().suffix(21) == [4, 3, 0x4B, 0x58, 0x37] + token)
        #expect(try WireMessage.lateInput(asked: 9, landed: 12).encode() == [0x46, 0x4C, 4, 0, 11, 8, 0, 0, 0, 9, 0, 0, 0, 12, 0, 0, 0])
    }

    @Test func spectatorLayouts() throws {
        // A new match's spectator delay follows the map name: 0xFFFF is "the server's default".
        #expect(
            try WireMessage.hello(WireHello(rulesVersion: 1, mapHash: 0, playerName: "A", role: .player, seat: .newMatch(map: "d")))
                .encode().suffix(5) == [2, 1, 0x64, 0xFF, 0xFF])
        #expect(
            try WireMessage.hello(
                WireHello(rulesVersion: 1, mapHash: 0, playerName: "A", role: .player, seat: .newMatch(map: "", spectatorDelay: 10))
            ).encode().suffix(4) == [2, 0, 10, 0])
        #expect(try WireMessage.spectators(count: 258).encode() == [0x46, 0x4C, 4, 0, 14, 2, 0, 0, 0, 2, 1])
        // A spectator count past a u16 is sent as the most it can say.
        #expect(try WireMessage.spectators(count: 100_000).encode().suffix(2) == [0xFF, 0xFF])
    }

    @Test func rejectsBadSpectatorMessages() throws {
        #expect(
            encodeError(.hello(WireHello(mapHash: 0, playerName: "A", role: .player, seat: .newMatch(map: "", spectatorDelay: 3601))))?
                .message == "cannot encode hello: spectator delay 3601 s is not 0...3600")
        // Seat request 2 with a delay of 3,601 s (0x0E11).
        #expect(
            decodeError(packet(kind: 1, payload: [4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x41, 0, 2, 0, 0x11, 0x0E]))?.message
                == "bad hello message: spectator delay 3601 s is not 0...3600")
        #expect(
            decodeError(packet(kind: 1, payload: [4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x41, 1, 6]))?.message
                == "bad hello message: unknown seat request 6 (0 none, 1 quick, 2 new, 3 join, 4 rejoin, 5 list)")
        // A list claiming more matches than its total, or more than a list may carry.
        #expect(
            decodeError(packet(kind: 13, payload: [1, 0, 0, 0, 2, 0]))?.message
                == "bad matchList message: a match list carries 2 of 1 matches (at most 200)")
        #expect(
            encodeError(.matchList(total: 300, matches: Array(repeating: WireLiveMatch(
                code: "A", mapName: "m", players: [WirePlayer(number: 1, name: "a")], frame: 0, scores: nil, spectators: 0,
                spectatorDelay: 0), count: 201)))?.message
                == "cannot encode matchList: a match list carries 201 of 300 matches (at most 200)")
        // A listed match with three players.
        #expect(
            decodeError(packet(kind: 13, payload: [1, 0, 0, 0, 1, 0, 1, 0x41, 1, 0x6D, 3]))?.message
                == "bad matchList message: listed match A has 3 players, not 1...2")
    }

    @Test func largestMatchStartFits() throws {
        let text = String(repeating: "#234567\n", count: WireFormat.maxMapTextBytes / 8)
        var start = sampleMatchStart
        start.mapText = text
        let bytes = try WireMessage.matchStart(start).encode()
        #expect(bytes.count > WireFormat.maxPacketBytes)
        #expect(bytes.count <= WireFormat.maxMatchStartPacketBytes)
        #expect(try WireMessage.decode(bytes) == .matchStart(start))
    }

    // MARK: Header rejections

    @Test func rejectsWrongMagic() throws {
        var bytes = try WireMessage.chat("hi").encode()
        bytes[0] = 0x46
        bytes[1] = 0x4D
        let error = decodeError(bytes)
        #expect(error?.kind == .badMagic)
        #expect(error?.message == "not a Fogline packet: starts with 0x46 0x4D, not \"FL\"")
    }

    @Test func rejectsUnknownVersionNamingBoth() throws {
        // Version 1 had no acknowledgement inside `inputs`, version 2 no spectator list,
        // version 3 no map in `seated`: their peers are refused by name.
        for old: UInt16 in [1, 2, 3] {
            let bytes = packet(kind: 6, payload: [2, 0x68, 0x69], version: old)
            let error = decodeError(bytes)
            #expect(error?.kind == .unsupportedVersion(old))
            #expect(error?.message == "protocol version \(old) is not supported (this build speaks version 4)")
        }
        #expect(
            WireMessage.versionRefusal(peerVersion: 1)
                == .refused("protocol version mismatch: you speak version 1, this build speaks version 4"))
    }

    @Test func rejectsUnknownKind() {
        for kind: UInt8 in [0, 15, 200, 255] {
            let error = decodeError(packet(kind: kind, payload: []))
            #expect(error?.kind == .unknownKind(kind))
            #expect(error?.message == "unknown message kind \(kind)")
        }
    }

    @Test func rejectsShortHeader() {
        for count in 0..<WireFormat.headerSize {
            let error = decodeError(Array([0x46, 0x4C, 4, 0, 6, 0, 0, 0, 0].prefix(count)))
            #expect(error?.kind == .lengthMismatch)
            #expect(error?.message == "truncated packet: \(count) bytes, shorter than the 9-byte header")
        }
    }

    @Test func rejectsLengthMismatch() throws {
        let payload: [UInt8] = [2, 0x68, 0x69]
        let short = decodeError(packet(kind: 6, payload: payload, length: 4))
        #expect(short?.kind == .lengthMismatch)
        #expect(short?.message == "truncated chat packet: header says 4 payload bytes but only 3 follow")

        let long = decodeError(packet(kind: 6, payload: payload + [0, 0], length: 3))
        #expect(long?.kind == .lengthMismatch)
        #expect(long?.message == "chat packet has 2 bytes after its 3-byte payload")
    }

    @Test func rejectsTrailingBytesInsidePayload() {
        let error = decodeError(packet(kind: 6, payload: [2, 0x68, 0x69, 0x21]))
        #expect(error?.kind == .trailingBytes)
        #expect(error?.message == "1 unexpected trailing bytes inside the chat payload")
        #expect(error?.offset == 12)
    }

    @Test func rejectsOverLimitPackets() throws {
        // A declared length over the kind's limit is refused before anything is read.
        let declared = decodeError(packet(kind: 6, payload: [], length: UInt32(WireFormat.maxPacketBytes)))
        #expect(declared?.kind == .tooLarge)
        #expect(declared?.message == "chat packet declares 65545 bytes, over the limit of 65536")

        let huge = decodeError(packet(kind: 2, payload: [], length: UInt32.max))
        #expect(huge?.kind == .tooLarge)

        let oversized = decodeError([UInt8](repeating: 0, count: WireFormat.maxMatchStartPacketBytes + 1))
        #expect(oversized?.kind == .tooLarge)
        #expect(oversized?.message == "packet is 1150977 bytes, over the limit of 1150976")

        // An inputs packet that would not fit is refused by the encoder.
        let big = PlayerCommand(text: String(repeating: "a", count: 500), orders: [])
        let frame = FrameInput(player1: Array(repeating: big, count: 8))
        let error = encodeError(.inputs(player: 1, firstFrame: 0, frames: Array(repeating: frame, count: 20)))
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.hasPrefix("inputs packet would be ") == true)
    }

    // MARK: Payload rejections

    @Test func rejectsBadStrings() throws {
        let control = decodeError(packet(kind: 6, payload: [3, 0x68, 0x1B, 0x69]))
        #expect(control?.kind == .malformed)
        #expect(control?.message == "bad chat message: chat text contains a control character")

        let invalidUTF8 = decodeError(packet(kind: 6, payload: [2, 0xC3, 0x28]))
        #expect(invalidUTF8?.message == "bad chat message: chat text is not valid UTF-8")

        let empty = decodeError(packet(kind: 6, payload: [0]))
        #expect(empty?.message == "bad chat message: chat text is empty")

        var long = ByteWriter()
        long.varint(201)
        long.raw([UInt8](repeating: 0x61, count: 201))
        let tooLong = decodeError(packet(kind: 6, payload: long.bytes))
        #expect(tooLong?.message == "bad chat message: chat text length 201 is over the limit of 200")

        let c1 = encodeError(.chat("a\u{9B}b"))
        #expect(c1?.message == "cannot encode chat: chat text contains a control character")
        let name = encodeError(.hello(WireHello(mapHash: 0, playerName: String(repeating: "é", count: 17), role: .player)))
        #expect(name?.message == "cannot encode hello: player name is 34 bytes long, over the limit of 32")
        let refusal = encodeError(.refused(""))
        #expect(refusal?.message == "cannot encode refused: refusal reason is empty")
        let mapNewline = encodeError(.matchStart(WireMatchStart(
            seed: 0, mapName: "a\nb", mapText: "x", players: [WirePlayer(number: 1, name: "A")], inputDelay: 3,
            assignedPlayer: 1)))
        #expect(mapNewline?.message == "cannot encode matchStart: map name contains a control character")
        let mapNul = encodeError(.matchStart(WireMatchStart(
            seed: 0, mapName: "a", mapText: "x\u{0}", players: [WirePlayer(number: 1, name: "A")], inputDelay: 3,
            assignedPlayer: 1)))
        #expect(mapNul?.message == "cannot encode matchStart: map text contains a control character")
    }

    @Test func rejectsBadHello() throws {
        var good = try WireMessage.hello(WireHello(mapHash: 5, playerName: "Ada", role: .player)).encode()
        good[good.count - 2] = 2
        #expect(decodeError(good)?.message == "bad hello message: unknown role 2 (0 player, 1 spectator)")
        var request = try WireMessage.hello(WireHello(mapHash: 5, playerName: "Ada", role: .player)).encode()
        request[request.count - 1] = 9
        #expect(
            decodeError(request)?.message
                == "bad hello message: unknown seat request 9 (0 none, 1 quick, 2 new, 3 join, 4 rejoin, 5 list)")
        let shortToken = try WireMessage.hello(
            WireHello(mapHash: 0, playerName: "A", role: .player, seat: .rejoin(code: "K", token: Array(repeating: 1, count: 16)))
        ).encode().dropLast(3)
        var fixedLength = Array(shortToken)
        fixedLength[5] -= 3
        #expect(decodeError(fixedLength)?.message == "bad hello message: truncated: the seat token needs 16 bytes but only 13 remain", "\(String(describing: decodeError(fixedLength)))")
        #expect(
            encodeError(.hello(WireHello(mapHash: 0, playerName: "A", role: .player, seat: .rejoin(code: "K", token: [1]))))?.message
                == "cannot encode hello: a seat token is 16 bytes, not 1")

        let mismatch = packet(kind: 1, payload: [2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x41, 0, 0])
        #expect(
            decodeError(mismatch)?.message
                == "bad hello message: hello names protocol version 2 but the packet header says 4")
        #expect(
            encodeError(.hello(WireHello(protocolVersion: 3, mapHash: 0, playerName: "A", role: .player)))?.message
                == "cannot encode hello: hello names protocol version 3 but this build writes 4")
    }

    @Test func rejectsBadMatchStart() throws {
        func start(players: [WirePlayer], delay: Int = 3, assigned: Int = 1) -> WireMessage {
            .matchStart(WireMatchStart(
                seed: 0, mapName: "m", mapText: "t", players: players, inputDelay: delay, assignedPlayer: assigned))
        }
        let a = WirePlayer(number: 1, name: "A")
        #expect(encodeError(start(players: []))?.message == "cannot encode matchStart: match has 0 players, not 1...2")
        #expect(encodeError(start(players: [a, a]))?.message == "cannot encode matchStart: player 1 is listed twice")
        #expect(
            encodeError(start(players: [WirePlayer(number: 3, name: "C")]))?.message
                == "cannot encode matchStart: player number 3 is not 1 or 2")
        #expect(
            encodeError(start(players: [a], delay: 0))?.message
                == "cannot encode matchStart: input delay 0 is not 1...30")
        #expect(
            encodeError(start(players: [a], assigned: 2))?.message
                == "cannot encode matchStart: assigned player 2 is neither 0 (spectator) nor a listed player")

        // The same checks on the decoding side, by editing a good packet.
        let bytes = try start(players: [a]).encode()
        // payload: seed(8) name(2) text(2) count(1) number(1) name(2) delay(1) assigned(1)
        let countAt = 9 + 12
        var twice = bytes
        twice[countAt] = 3
        #expect(decodeError(twice)?.message == "bad matchStart message: match has 3 players, not 1...2")
        var number = bytes
        number[countAt + 1] = 0
        #expect(decodeError(number)?.message == "bad matchStart message: player number 0 is not 1 or 2")
        var delay = bytes
        delay[countAt + 4] = 31
        #expect(decodeError(delay)?.message == "bad matchStart message: input delay 31 is not 1...30")
        var assigned = bytes
        assigned[countAt + 5] = 2
        #expect(
            decodeError(assigned)?.message
                == "bad matchStart message: assigned player 2 is neither 0 (spectator) nor a listed player")
    }

    @Test func rejectsBadInputs() throws {
        let noFrames = encodeError(.inputs(player: 1, firstFrame: 0, frames: []))
        #expect(noFrames?.message == "cannot encode inputs: inputs carry 0 frames, not 1...64")
        let tooMany = encodeError(.inputs(player: 1, firstFrame: 0, frames: Array(repeating: FrameInput(), count: 65)))
        #expect(tooMany?.message == "cannot encode inputs: inputs carry 65 frames, not 1...64")
        let sender = encodeError(.inputs(player: 3, firstFrame: 0, frames: [FrameInput()]))
        #expect(sender?.message == "cannot encode inputs: inputs player 3 is not 0 (server), 1 or 2")
        let negative = encodeError(.inputs(player: 1, firstFrame: -1, frames: [FrameInput()]))
        #expect(negative?.message == "cannot encode inputs: first frame -1 is negative")
        let overflow = encodeError(.inputs(player: 1, firstFrame: Int32.max, frames: [FrameInput(), FrameInput()]))
        #expect(overflow?.message == "cannot encode inputs: inputs run past frame 2147483647")
        let foreign = encodeError(
            .inputs(player: 2, firstFrame: 10, frames: [FrameInput(), FrameInput(player1: [sampleCommand])]))
        #expect(foreign?.message == "cannot encode inputs: inputs of player 2 carry commands of player 1 in frame 11")

        // Decoding side.
        #expect(
            decodeError(packet(kind: 3, payload: [1, 0, 0, 0, 0, 65] + [UInt8](repeating: 0, count: 130)))?.message
                == "bad inputs message: inputs carry 65 frames, not 1...64")
        #expect(
            decodeError(packet(kind: 3, payload: [1, 0, 0, 0, 0x80, 1, 0, 0]))?.message
                == "bad inputs message: first frame 2147483648 is over 2147483647")
        #expect(
            decodeError(packet(kind: 3, payload: [1, 0xFF, 0xFF, 0xFF, 0x7F, 2, 0, 0, 0, 0]))?.message
                == "bad inputs message: inputs run past frame 2147483647")
        #expect(
            decodeError(packet(kind: 3, payload: [9, 0, 0, 0, 0, 1, 0, 0]))?.message
                == "bad inputs message: inputs player 9 is not 0 (server), 1 or 2")
        let stolen = try WireMessage.inputs(player: 0, firstFrame: 4, frames: [FrameInput(player2: [sampleCommand])])
            .encode()
        var asPlayer1 = stolen
        asPlayer1[9] = 1
        #expect(
            decodeError(asPlayer1)?.message
                == "bad inputs message: inputs of player 1 carry commands of player 2 in frame 4")
        #expect(
            decodeError(packet(kind: 3, payload: [1, 5, 0, 0, 0, 1, 9, 0]))?.message
                == "bad inputs message: frame 5: player 1 command count 9 is over the limit of 8")
    }

    @Test func rejectsBadSmallMessages() {
        #expect(
            decodeError(packet(kind: 4, payload: [1, 2]))?.message
                == "bad ack message: ack has-frame flag must be 0 or 1, found 2")
        #expect(
            decodeError(packet(kind: 4, payload: [1, 1, 0, 0]))?.message
                == "bad ack message: truncated: a u32 needs 4 bytes but only 2 remain")
        #expect(
            encodeError(.ack(player: 1, throughFrame: -5))?.message
                == "cannot encode ack: acknowledged frame -5 is negative")
        #expect(
            decodeError(packet(kind: 5, payload: [0, 0, 0, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8]))?.message
                == "bad stateHash message: hash frame 4278190080 is over 2147483647")
        #expect(
            decodeError(packet(kind: 7, payload: [42, 0]))?.message == "bad leave message: unknown leave reason 42")
        #expect(
            encodeError(.leave(reason: .quit, text: "bye\n"))?.message
                == "cannot encode leave: leave text contains a control character")
    }

    // MARK: Robustness

    @Test func truncationAtEveryOffsetNeverTraps() throws {
        let messages: [WireMessage] = [
            samples[0], samples[2], samples[4], samples[6], samples[7], samples[13],
        ]
        for message in messages {
            let bytes = try message.encode()
            for cut in 0..<bytes.count {
                let error = decodeError(Array(bytes.prefix(cut)))
                #expect(error != nil)
                // Keep the header's length in step with the cut, so the payload decoder sees it too.
                if cut >= WireFormat.headerSize {
                    var w = ByteWriter()
                    w.raw(bytes.prefix(5))
                    w.u32(UInt32(cut - WireFormat.headerSize))
                    w.raw(bytes[WireFormat.headerSize..<cut])
                    checkNeverTraps(w.bytes)
                }
            }
        }
    }

    @Test func randomMutationsNeverTrap() throws {
        var rng = WireTestRandom(seed: 0x5EED)
        let encoded = try samples.map { try $0.encode() }
        var decodedCount = 0
        for _ in 0..<2_000 {
            var bytes = encoded[Int.random(in: 0..<encoded.count, using: &rng)]
            let edits = Int.random(in: 1...4, using: &rng)
            for _ in 0..<edits {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6 where !bytes.isEmpty:
                    // Flip or replace a byte, mostly inside the payload.
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[at] = Bool.random(using: &rng) ? bytes[at] ^ (1 << UInt8.random(in: 0..<8, using: &rng))
                        : UInt8.random(in: 0...255, using: &rng)
                case 6 where !bytes.isEmpty:
                    bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
                case 7:
                    bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                default:
                    break
                }
            }
            // Half the time, repair the length so the payload decoder is exercised.
            if Bool.random(using: &rng), bytes.count >= WireFormat.headerSize {
                var w = ByteWriter()
                w.raw(bytes.prefix(5))
                w.u32(UInt32(bytes.count - WireFormat.headerSize))
                w.raw(bytes[WireFormat.headerSize...])
                bytes = w.bytes
            }
            if (try? WireMessage.decode(bytes)) != nil { decodedCount += 1 }
            checkNeverTraps(bytes)
        }
        // Some mutations land on free fields (hashes, seeds, text) and still decode.
        #expect(decodedCount > 0)
    }
}
