import FoglineMatch
import FoglineNet
import FoglineSim

/// You against another person: a `PeerMatch` whose session the play loop pumps.
public final class PeerMatchDriver: MatchDriver {
    public let match: PeerMatch
    private let inbox = CommandInbox()
    private let clock: MonotonicClock
    private var outcome: PeerMatch.Outcome?

    /// Drives `match`, whose session runs on `clock`.
    public init(match: PeerMatch, clock: MonotonicClock) {
        self.match = match
        self.clock = clock
        let inbox = self.inbox
        match.session.commandSource = { _ in inbox.take() }
    }

    public var world: World { outcome?.world ?? match.session.world }
    public var localPlayer: Int { match.localPlayer }
    public var isOver: Bool { match.session.isEnded }
    public var canPause: Bool { false }
    public var pollDescriptor: Int32? { match.session.pollDescriptor }
    public var roundTripMilliseconds: Int? { match.session.roundTripMilliseconds }
    public var waitingFor: String? { match.session.waitingFor }
    public var silentSeconds: Int? { match.session.silentFor.map { Int($0.wholeMilliseconds / 1000) } }
    public var inputDelayShown: Int? { Int(match.session.configuration.inputDelay) }

    public func runDueFrames(now: ContinuousClock.Instant) throws -> Int {
        let before = match.session.world.frame
        match.session.pump()
        return Int(match.session.world.frame - before)
    }

    public func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        clock.origin + match.session.nextWake
    }

    public func setPaused(_ paused: Bool, now: ContinuousClock.Instant) {}

    public func post(_ command: PlayerCommand) { inbox.post(command) }

    public func quit() { match.session.quit() }

    public func finish() throws -> (world: World, message: String?) {
        if !match.session.isEnded { match.session.quit() }
        let outcome = try match.finish()
        self.outcome = outcome
        return (outcome.world, outcome.message)
    }
}
