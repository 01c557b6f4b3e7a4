import FoglineSim

/// What runs the frames under the terminal game: the bot match on this machine, or a
/// lock-step session with another player.
///
/// The play loop asks it to run what is due, sleeps until `nextWake` (or a key, or a
/// packet on `pollDescriptor`), and shows its world; it never knows which it has.
public protocol MatchDriver: AnyObject {
    /// The world as of the last frame run.
    var world: World { get }
    /// The seat the person at this terminal plays.
    var localPlayer: Int { get }
    /// Whether no more frames will run (a result, the frame limit, or the session ended).
    var isOver: Bool { get }
    /// Whether the person may pause (only a match on this machine: a peer would have to agree).
    var canPause: Bool { get }
    /// Runs the frames due at `now`; returns how many ran.
    func runDueFrames(now: ContinuousClock.Instant) throws -> Int
    /// When frames next need attention.
    func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant
    /// Stops or restarts time (only when `canPause`).
    func setPaused(_ paused: Bool, now: ContinuousClock.Instant)
    /// A descriptor to wake on besides the keyboard (the network socket).
    var pollDescriptor: Int32? { get }
    /// The network round trip, when there is a network.
    var roundTripMilliseconds: Int? { get }
    /// Whom a stalled frame waits for.
    var waitingFor: String? { get }
    /// Seconds nothing at all has arrived from the other side, once that is long enough to show.
    var silentSeconds: Int? { get }
    /// Frames between entering a command and it running, shown on a network match.
    var inputDelayShown: Int? { get }
    /// How many spectators watch, on a server match.
    var spectatorsWatching: Int? { get }
    /// The other side's name as the screen shows it ("the bot", or the other player's).
    var opponentName: String { get }
    /// Notes for the log and the status line since the last call (a late order's new frame).
    func takeNotices() -> [String]
    /// Enters a command the person gave, for the next frame's input.
    func post(_ command: PlayerCommand)
    /// Leaves before the end (the person quit).
    func quit()
    /// Closes the match: the replay, the link. Returns the world to show at the end
    /// (with a forfeit if someone left) and what to tell the person, if anything.
    func finish() throws -> (world: World, message: String?)
}

extension MatchDriver {
    public func takeNotices() -> [String] { [] }
    public var spectatorsWatching: Int? { nil }
    public var opponentName: String { "the bot" }
}
