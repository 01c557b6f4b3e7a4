import FoglineSim

/// The fixed numbers of the lock-step wire protocol (described byte by byte in docs/PROTOCOL.md).
///
/// Every packet is a 9-byte header — magic "FL", protocol version u16, message kind u8,
/// payload length u32 — followed by exactly that many payload bytes. All integers are
/// little-endian. Encoder and decoder enforce the same bounds, so nothing is sent that a
/// peer would refuse.
public enum WireFormat {
    /// The first two bytes of every packet: "FL" in ASCII.
    public static let magic: [UInt8] = Array("FL".utf8)
    /// The protocol version this build writes.
    public static let version: UInt16 = 4
    /// The protocol versions this build reads (version 1 had no acknowledgement inside
    /// `inputs`; version 2 no list of live matches, spectator counts or spectator delays).
    public static let supportedVersions: ClosedRange<UInt16> = 4...4
    /// Magic u16 + version u16 + kind u8 + payload length u32.
    public static let headerSize = 9

    /// The largest packet (header included) of every kind but `matchStart`.
    public static let maxPacketBytes = 64 << 10
    /// The largest `matchStart` packet (header included): it carries the map text.
    public static let maxMatchStartPacketBytes = (1 << 20) + (100 << 10)

    /// Bounds of text fields, in UTF-8 bytes.
    public static let maxPlayerNameBytes = 32
    public static let maxMapNameBytes = 256
    public static let maxMapTextBytes = 1 << 20
    public static let maxChatBytes = 200
    public static let maxLeaveTextBytes = 200
    public static let maxRefusalBytes = 512
    public static let maxStateDumpBytes = 60_000

    /// A state dump cut to fit a `stateDump` message, saying so when it was cut.
    public static func fittedDump(_ text: String) -> String {
        guard text.utf8.count > maxStateDumpBytes else { return text }
        return String(decoding: text.utf8.prefix(maxStateDumpBytes - 40), as: UTF8.self) + "\n(cut short)\n"
    }

    /// Bytes of a seat's secret token (128 bits).
    public static let tokenBytes = 16
    /// Bounds of a match code ("KX7-4QF").
    public static let maxMatchCodeBytes = 16

    /// Frames one `frameLog` may carry: a 20-minute match and then some.
    public static let maxFramesPerLog = 200_000

    /// Matches one `matchList` may list (the rest are only counted).
    public static let maxListedMatches = 200
    /// The longest spectator delay a match may have, in seconds (an hour).
    public static let maxSpectatorDelaySeconds = 3600

    /// Frames one `inputs` packet may carry.
    public static let maxFramesPerPacket = 64
    /// Player numbers of a match.
    public static let playerNumbers: ClosedRange<Int> = 1...2
    /// The sender number of the server's authoritative frames (`inputs`, `ack`).
    public static let serverSender = 0
    /// The `assignedPlayer` of a spectator in `matchStart`.
    public static let spectatorSlot = 0
    /// Input delays, in frames, a `matchStart` may announce.
    public static let inputDelays: ClosedRange<Int> = 1...30
    /// Frame numbers the wire carries (the simulation counts frames in an `Int32`).
    public static let frames: ClosedRange<Int32> = 0...Int32.max

    /// The largest packet, header included, a message of `kind` may be.
    public static func maxPacketBytes(for kind: WireMessageKind) -> Int {
        kind == .matchStart || kind == .frameLog || kind == .matchList ? maxMatchStartPacketBytes : maxPacketBytes
    }
}

/// What a packet holds: the kind byte of the header.
public enum WireMessageKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case hello = 1
    case matchStart = 2
    case inputs = 3
    case ack = 4
    case stateHash = 5
    case chat = 6
    case leave = 7
    case refused = 8
    case stateDump = 9
    case seated = 10
    case lateInput = 11
    case frameLog = 12
    case matchList = 13
    case spectators = 14

    public var description: String {
        switch self {
        case .hello: "hello"
        case .matchStart: "matchStart"
        case .inputs: "inputs"
        case .ack: "ack"
        case .stateHash: "stateHash"
        case .chat: "chat"
        case .leave: "leave"
        case .refused: "refused"
        case .stateDump: "stateDump"
        case .seated: "seated"
        case .lateInput: "lateInput"
        case .frameLog: "frameLog"
        case .matchList: "matchList"
        case .spectators: "spectators"
        }
    }
}
