import FoglineSim

/// Why a lock-step session ended.
public enum SessionEnding: Sendable, Equatable {
    /// The match reached its result (score, elimination or time) on both sides.
    case result
    /// The agreed number of frames ran.
    case frameLimit
    /// The person here left the match.
    case localQuit
    /// The peer left on purpose, saying why.
    case peerLeft(WireLeaveReason, String)
    /// Nothing at all arrived from the peer for the peer timeout, or the link broke:
    /// nobody is to blame, nobody wins.
    case connectionLost
    /// The two sides' states differ.
    case desync(DesyncReport)
    /// The peer broke the protocol beyond what can be ignored.
    case protocolError(String)

    /// A short phrase for summaries: `result`, `frame_limit`, `quit`, `peer_left`, `connection_lost`, `desync`, `protocol_error`.
    public var code: String {
        switch self {
        case .result: "result"
        case .frameLimit: "frame_limit"
        case .localQuit: "quit"
        case .peerLeft: "peer_left"
        case .connectionLost: "connection_lost"
        case .desync: "desync"
        case .protocolError: "protocol_error"
        }
    }

    /// Whether the other side left on purpose before the end (it forfeits). A lost
    /// connection is nobody's fault: it never makes a winner.
    public var peerForfeits: Bool {
        switch self {
        case .peerLeft(let reason, _): reason == .quit
        default: false
        }
    }
}

/// What both sides know of a desync: where, which hashes, and the two states.
public struct DesyncReport: Sendable, Equatable {
    /// The first frame after which the two states' hashes differed.
    public var frame: Int32
    /// This side's hash after `frame`, when it had one.
    public var localHash: UInt64?
    /// The peer's hash after `frame`, when it arrived.
    public var peerHash: UInt64?
    /// This side's `World.stateDump` after `frame` (or at the end, if that frame had passed out of memory).
    public var localDump: String
    /// The peer's dump, when it arrived in time.
    public var peerDump: String?
    /// The frame the peer's dump was taken after.
    public var peerDumpFrame: Int32?

    /// "state hashes differ after frame 1000 (here 0123..., peer 4567...)".
    public var summary: String {
        var text = "state hashes differ after frame \(frame)"
        if let localHash, let peerHash { text += " (here \(localHash.hex16), peer \(peerHash.hex16))" }
        return text
    }
}
