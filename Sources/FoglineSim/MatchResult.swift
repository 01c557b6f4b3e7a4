/// How a match ended.
public struct MatchResult: Hashable, Sendable {
    public enum Reason: String, Sendable, CaseIterable {
        /// A player reached the map's score limit.
        case score
        /// One side had no unit alive at once.
        case elimination
        /// The time limit ran out; the higher score won.
        case time
        /// A player left or dropped (set by sessions, never by the rules).
        case forfeit
    }

    /// 1 or 2, or 0 for a draw.
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
