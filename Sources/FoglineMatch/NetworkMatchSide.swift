import FoglineNet

/// One side of a network match with its replay: `PeerMatch` (peer to peer) or
/// `ServerMatch` (through a server). The terminal driver plays either.
public protocol NetworkMatchSide: AnyObject {
    /// The seat played here.
    var localPlayer: Int { get }
    /// The session that runs the frames.
    var networkSession: NetworkSession { get }
    /// A seat's name as the match header gives it.
    func name(of player: Int) -> String
    /// Closes the replay according to how the session ended. Once.
    func finish() throws -> PeerMatch.Outcome
}

extension PeerMatch: NetworkMatchSide {
    public var networkSession: NetworkSession { session }
}

extension ServerMatch: NetworkMatchSide {
    public var networkSession: NetworkSession { session }
}
