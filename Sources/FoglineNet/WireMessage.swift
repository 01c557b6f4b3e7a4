import FoglineSim

/// What a peer joins as.
public enum WireRole: UInt8, Hashable, Sendable, CaseIterable {
    case player = 0
    case spectator = 1
}

/// Why a peer leaves. Unknown codes are refused.
public enum WireLeaveReason: UInt8, Hashable, Sendable, CaseIterable {
    /// The person quit.
    case quit = 0
    /// The match ended normally.
    case matchOver = 1
    /// The peer was silent for too long.
    case timeout = 2
    /// State hashes disagreed.
    case desync = 3
    /// The peer broke the protocol or the rules of the session.
    case protocolError = 4
    /// The server removed the peer.
    case kicked = 5
    /// The server is stopping.
    case serverShutdown = 6
}

/// The first message of a connection: who is asking, with what.
public struct WireHello: Hashable, Sendable {
    /// The protocol version of the sender; must equal the packet header's version.
    public var protocolVersion: UInt16
    /// `Rules.version` of the sender: a different one cannot play lock-step.
    public var rulesVersion: UInt16
    /// The map's content hash, so a mismatch is caught before the match.
    public var mapHash: UInt64
    /// 1...32 UTF-8 bytes, no control characters.
    public var playerName: String
    public var role: WireRole
    /// What a player asks of a match server; nil peer to peer.
    public var seat: WireSeatRequest?

    public init(
        protocolVersion: UInt16 = WireFormat.version, rulesVersion: UInt16 = Rules.version, mapHash: UInt64,
        playerName: String, role: WireRole, seat: WireSeatRequest? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.rulesVersion = rulesVersion
        self.mapHash = mapHash
        self.playerName = playerName
        self.role = role
        self.seat = seat
    }
}

/// The seat a player asks a match server for.
public enum WireSeatRequest: Hashable, Sendable {
    /// Pair me with the next player waiting.
    case quickMatch
    /// Open a private match on `map` (empty: the server's default) and give me its code;
    /// its spectators are held `spectatorDelay` seconds behind (nil: the server's default).
    case newMatch(map: String, spectatorDelay: Int? = nil)
    /// Take the free seat of the match with this code.
    case join(code: String)
    /// Take back my seat of the match `code`: `token` is the seat's secret.
    case rejoin(code: String, token: [UInt8])
    /// (A spectator) List the live matches; the server answers `matchList` and hangs up.
    case listMatches
}

/// The server's answer to a seat request: where the player sits.
public struct WireSeated: Hashable, Sendable {
    /// The match's short code to share ("KX7-4QF").
    public var code: String
    /// 1 or 2.
    public var seat: Int
    /// The seat's secret (`WireFormat.tokenBytes` random bytes): only it retakes the seat.
    public var token: [UInt8]
    /// Players waiting for a quick match on the server, this one included.
    public var waiting: Int
    /// The name of the map the match is on, so the seat can be briefed while it waits
    /// (since version 4); empty when the server does not say.
    public var map: String

    public init(code: String, seat: Int, token: [UInt8], waiting: Int, map: String = "") {
        self.code = code
        self.seat = seat
        self.token = token
        self.waiting = waiting
        self.map = map
    }
}

/// One seat of a match.
public struct WirePlayer: Hashable, Sendable {
    /// 1 or 2.
    public var number: Int
    /// 1...32 UTF-8 bytes, no control characters.
    public var name: String

    public init(number: Int, name: String) {
        self.number = number
        self.name = name
    }
}

/// One live match as a server lists it to would-be spectators.
public struct WireLiveMatch: Hashable, Sendable {
    /// The match's code ("KX7-4QF").
    public var code: String
    public var mapName: String
    /// Both seats.
    public var players: [WirePlayer]
    /// The newest frame a spectator may see now (the live frame less the delay).
    public var frame: Int32
    /// Player 1's and player 2's score at a frame no newer than `frame`, if known yet.
    public var scores: [Int32]?
    /// Spectators watching now.
    public var spectators: Int
    /// Seconds spectators are held behind the players.
    public var spectatorDelay: Int

    public init(
        code: String, mapName: String, players: [WirePlayer], frame: Int32, scores: [Int32]?, spectators: Int,
        spectatorDelay: Int
    ) {
        self.code = code
        self.mapName = mapName
        self.players = players
        self.frame = frame
        self.scores = scores
        self.spectators = spectators
        self.spectatorDelay = spectatorDelay
    }
}

/// Everything a peer needs to start (or rejoin) the match from frame 0.
public struct WireMatchStart: Hashable, Sendable {
    public var seed: UInt64
    /// 1...256 UTF-8 bytes, no control characters.
    public var mapName: String
    /// The map's TOML source, at most 1 MiB of UTF-8.
    public var mapText: String
    /// One or two seats, distinct numbers in 1...2.
    public var players: [WirePlayer]
    /// Frames between entering a command and it taking effect, 1...30.
    public var inputDelay: Int
    /// The recipient's own seat (1 or 2), or 0 for a spectator.
    public var assignedPlayer: Int
    /// The match stops after this many frames even without a result (nil: it runs to the end).
    public var frameLimit: Int32?
    /// Seconds the server holds spectators behind the players (told to spectators; 0 to players).
    public var spectatorDelay: Int

    public init(
        seed: UInt64, mapName: String, mapText: String, players: [WirePlayer], inputDelay: Int, assignedPlayer: Int,
        frameLimit: Int32? = nil, spectatorDelay: Int = 0
    ) {
        self.spectatorDelay = spectatorDelay
        self.seed = seed
        self.mapName = mapName
        self.mapText = mapText
        self.players = players
        self.inputDelay = inputDelay
        self.assignedPlayer = assignedPlayer
        self.frameLimit = frameLimit
    }
}

/// A message of the lock-step protocol. See docs/PROTOCOL.md for the bytes.
public enum WireMessage: Hashable, Sendable {
    /// Sent first by whoever connects.
    case hello(WireHello)
    /// The match header: sent to each player and spectator when the match starts or they (re)join.
    case matchStart(WireMatchStart)
    /// A run of consecutive frames' inputs, frames `firstFrame ..< firstFrame + frames.count`
    /// (1...64 frames). `player` 1 or 2 sends its own inputs (the other player's slot must be
    /// empty); `player` 0 is the server's authoritative, closed frames. The sender repeats
    /// every frame the receiver has not acknowledged. `ackThrough` acknowledges, in the
    /// same packet, the stream coming the other way (the other player's inputs, or the
    /// server's frames), as an `ack` would: one datagram a frame carries both.
    case inputs(player: Int, firstFrame: Int32, frames: [FrameInput], ackThrough: Int32? = nil)
    /// "Every frame of `player`'s inputs up to and including `throughFrame` has arrived"
    /// (`nil`: none yet). `player` 0 acknowledges the server's frames.
    case ack(player: Int, throughFrame: Int32?)
    /// The state hash after `frame` ran.
    case stateHash(frame: Int32, hash: UInt64)
    /// At most 200 UTF-8 bytes, no control characters.
    case chat(String)
    /// The sender is going away; `text` is at most 200 bytes, no control characters.
    case leave(reason: WireLeaveReason, text: String)
    /// The receiver's `hello` was refused; 1...512 bytes, no control characters.
    case refused(String)
    /// The sender's whole state after `frame` (`World.stateDump`), sent after a desync
    /// so each side can write both dumps; at most 60,000 bytes of text.
    case stateDump(frame: Int32, text: String)
    /// A match server has seated the receiver (the match header follows once both seats are taken).
    case seated(WireSeated)
    /// A match server closed frame `asked` before the receiver's commands for it came;
    /// they run in frame `landed` instead.
    case lateInput(asked: Int32, landed: Int32)
    /// Every closed frame from `firstFrame` on, in one reliable transfer: how a rejoining
    /// player (or, later, a spectator) gets the match so far. Up to 1.1 MiB.
    case frameLog(firstFrame: Int32, frames: [FrameInput])
    /// The live matches, answering `listMatches`: at most `WireFormat.maxListedMatches`
    /// of them, and how many there are in all.
    case matchList(total: Int, matches: [WireLiveMatch])
    /// (Server to players) How many spectators watch the match now; sent when it changes.
    case spectators(count: Int)

    /// The header's kind byte for this message.
    public var kind: WireMessageKind {
        switch self {
        case .hello: .hello
        case .matchStart: .matchStart
        case .inputs: .inputs
        case .ack: .ack
        case .stateHash: .stateHash
        case .chat: .chat
        case .leave: .leave
        case .refused: .refused
        case .stateDump: .stateDump
        case .seated: .seated
        case .lateInput: .lateInput
        case .frameLog: .frameLog
        case .matchList: .matchList
        case .spectators: .spectators
        }
    }

    /// The refusal a peer sends for a version it does not speak, naming both versions.
    public static func versionRefusal(peerVersion: UInt16) -> WireMessage {
        .refused(versionMismatch(peerVersion: peerVersion))
    }

    /// The refusal for a different rules version, naming both.
    public static func rulesRefusal(peerVersion: UInt16) -> WireMessage {
        .refused(rulesMismatch(peerVersion: peerVersion))
    }

    /// The words of `versionRefusal`.
    public static func versionMismatch(peerVersion: UInt16) -> String {
        "protocol version mismatch: you speak version \(peerVersion), \(WireFormat.versionPhrase)"
    }

    /// The words of `rulesRefusal`.
    public static func rulesMismatch(peerVersion: UInt16) -> String {
        "rules version mismatch: you play rules version \(peerVersion), this build plays version \(Rules.version)"
    }
}
