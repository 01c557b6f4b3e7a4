import FoglineMatch
import FoglineNet
import FoglineSim

/// You against another person, peer to peer or through a server: a network session the
/// play loop pumps, and the notes it has for the screen.
public final class NetworkMatchDriver: MatchDriver {
    public let match: NetworkMatchSide
    private let inbox = CommandInbox()
    private let clock: MonotonicClock
    private var outcome: PeerMatch.Outcome?
    private var notices: [String] = []

    /// Drives `match`, whose session runs on `clock`.
    public init(match: NetworkMatchSide, clock: MonotonicClock) {
        self.match = match
        self.clock = clock
        let inbox = self.inbox
        match.networkSession.commandSource = { _ in inbox.take() }
    }

    private var session: NetworkSession { match.networkSession }

    public var world: World { outcome?.world ?? session.world }
    public var localPlayer: Int { match.localPlayer }
    public var isOver: Bool { session.isEnded }
    public var canPause: Bool { false }
    public var pollDescriptor: Int32? { session.pollDescriptor }
    public var roundTripMilliseconds: Int? { session.roundTripMilliseconds }
    public var waitingFor: String? { session.waitingFor }
    public var silentSeconds: Int? { session.silentFor.map { Int($0.wholeMilliseconds / 1000) } }
    public var inputDelayShown: Int? { Int(session.inputDelay) }
    public var spectatorsWatching: Int? { session.spectatorsWatching }
    public var opponentName: String { match.name(of: 3 - match.localPlayer) }

    /// Something for the log and the status line (a late order's new frame).
    public func note(_ text: String) { notices.append(text) }

    public func takeNotices() -> [String] {
        defer { notices.removeAll() }
        return notices
    }

    public func runDueFrames(now: ContinuousClock.Instant) throws -> Int {
        let before = session.world.frame
        session.pump()
        return Int(session.world.frame - before)
    }

    public func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        clock.origin + session.nextWake
    }

    public func setPaused(_ paused: Bool, now: ContinuousClock.Instant) {}

    public func post(_ command: PlayerCommand) { inbox.post(command) }

    public func quit() { session.quit() }

    public func finish() throws -> (world: World, message: String?) {
        if !session.isEnded { session.quit() }
        let outcome = try match.finish()
        self.outcome = outcome
        return (outcome.world, outcome.message)
    }
}
