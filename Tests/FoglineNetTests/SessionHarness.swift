import Foundation
import FoglineBot
import FoglineMatch
import FoglineNet
import FoglineSim

/// The shipped duel map, found from this file's place in the repository.
func duelMap() throws -> GameMap {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try MapLoader.load(path: root.appendingPathComponent("maps/duel.toml").path)
}

/// Two lock-step sessions joined in memory, each side a bot, on one manual clock.
///
/// Time moves a millisecond at a time and both sessions are pumped after every step,
/// so a run is the same every time.
final class SessionPair {
    let clock = ManualClock()
    let links: (MemoryTransport, MemoryTransport)
    let conditioned: [ConditionedTransport]
    let sessions: [LockstepSession]
    /// The frames each side ran, with their inputs.
    var ran: [[FrameInput]] = [[], []]

    init(
        seed: UInt64 = 7, frames: Int32, secondFrames: Int32? = nil, conditions: NetConditions = .clean,
        perturb: (player: Int, frame: Int32)? = nil, secondStartsLate: Duration = .zero
    ) throws {
        let map = try duelMap()
        links = MemoryTransport.pair()
        let raw: [PeerTransport] = [links.0, links.1]
        var conditioned: [ConditionedTransport] = []
        var sessions: [LockstepSession] = []
        for player in 1...2 {
            let link = ConditionedTransport(raw[player - 1], conditions: conditions, seed: seed &+ UInt64(player), clock: clock)
            conditioned.append(link)
            let configuration = LockstepSession.Configuration(
                localPlayer: player, peerName: "player \(3 - player)", frameLimit: player == 2 ? secondFrames ?? frames : frames,
                perturbAfterFrame: perturb?.player == player ? perturb?.frame : nil)
            let session = LockstepSession(
                world: World(map: map, seed: seed), configuration: configuration, transport: link, clock: clock,
                startAt: player == 2 ? secondStartsLate : .zero)
            var bot = Bot(player: player, level: .normal, seed: seed)
            session.commandSource = { view in bot.commands(for: view) }
            sessions.append(session)
        }
        self.conditioned = conditioned
        self.sessions = sessions
        for index in 0..<2 {
            sessions[index].onFrame = { [unowned self] _, input, _ in self.ran[index].append(input) }
        }
    }

    /// Steps time until both sessions end (or `limit` passes).
    @discardableResult
    func run(limit: Duration = .seconds(600)) -> Bool {
        while clock.now < limit {
            for session in sessions { session.pump() }
            if sessions.allSatisfy(\.isEnded) { return true }
            clock.advance(by: .milliseconds(1))
        }
        return false
    }

    /// Runs until `frame` has run on side `index`.
    func run(side index: Int, untilFrame frame: Int32) {
        while sessions[index].world.frame < frame && clock.now < .seconds(600) {
            for session in sessions { session.pump() }
            clock.advance(by: .milliseconds(1))
        }
    }

    /// The same match played on one machine with `LocalMatch`: the reference hash.
    static func localHash(seed: UInt64 = 7, frames: Int32) throws -> UInt64 {
        let map = try duelMap()
        var match = LocalMatch(
            map: map, seed: seed, player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
        try match.run(untilFrame: frames)
        return match.world.stateHash
    }
}
