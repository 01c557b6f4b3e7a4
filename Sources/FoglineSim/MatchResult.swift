/// How a match ended.
public struct MatchResult: Hashable, Sendable {
    public enum Reason: String, Sendable, CaseIterable {
        /// A player reached the map's score limit.
        case score
        /// One side had no unit alive at once.
        case elimination
        /// The time limit ran out; the higher score won.
        case time
        /// A player left on purpose (set by sessions, never by the rules).
        case forfeit
        /// The link between the players died for good: no winner (set by sessions).
        case connectionLost = "connection_lost"
        /// The match server stopped while the match ran: no winner.
        case serverShutdown = "server_shutdown"
        /// The players' states differed, so the match could not go on: no winner.
        case desync

        /// Whether a session decides this ending rather than the rules: re-simulating
        /// the inputs never reaches it, the recorded result says where it happened.
        public var isDecidedBySession: Bool { self != .score && self != .elimination && self != .time }

        /// Whether this ending has no winner at all (not a draw on points).
        public var hasNoWinner: Bool { self == .connectionLost || self == .serverShutdown || self == .desync }
    }

    /// 1 or 2, or 0 for a draw or a match with no winner (`connectionLost`).
    public var winner: Int
    public var reason: Reason
    /// The frame on which it ended.
    public var frame: Int32
    /// Scores of player 1 and 2 at the end.
    public var scores: [Int32]

    public init(winner: Int, reason: Reason, frame: Int32, scores: [Int32]) {
        self.winner = winner
        self.reason = reason
        self.frame = frame
        self.scores = scores
    }
}
