import FoglineSim

/// A lock-step session on a link, peer to peer (`LockstepSession`) or through a match
/// server (`ServerSession`): what the play loops (terminal and headless) drive.
///
/// The loop asks for commands through `commandSource`, calls `pump()` whenever
/// `nextWake` comes or the link's descriptor is readable, and reads the measures
/// shown on the status line.
public protocol NetworkSession: AnyObject {
    /// The world as of the last frame run.
    var world: World { get }
    /// Asked once per frame run for the commands this side enters now.
    var commandSource: (PlayerView) -> [PlayerCommand] { get set }
    /// Whether the session has finished (the link is closed).
    var isEnded: Bool { get }
    /// The link's descriptor, for poll(2).
    var pollDescriptor: Int32? { get }
    /// The round trip now, in milliseconds, once measured.
    var roundTripMilliseconds: Int? { get }
    /// Whom a stalled frame waits for, once the stall is long enough to show.
    var waitingFor: String? { get }
    /// How long nothing at all has arrived, once that is long enough to show.
    var silentFor: Duration? { get }
    /// Frames between entering a command and it running.
    var inputDelay: Int32 { get }
    /// How many spectators watch, when a server says (nil peer to peer).
    var spectatorsWatching: Int? { get }
    /// When `pump()` next has something to do, on the session's clock.
    var nextWake: Duration { get }
    /// Does whatever is due: takes in packets, runs the frames that are here and due, sends.
    func pump()
    /// The person here leaves; the other side (or the server) is told.
    func quit()
}

extension LockstepSession: NetworkSession {
    public var inputDelay: Int32 { configuration.inputDelay }
    public var spectatorsWatching: Int? { nil }
}

extension ServerSession: NetworkSession {
    public var inputDelay: Int32 { configuration.inputDelay }
    public var spectatorsWatching: Int? { spectatorCount }
}
