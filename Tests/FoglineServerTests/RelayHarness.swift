import FoglineBot
import FoglineMatch
import FoglineNet
import FoglineServer
import FoglineSim
import Foundation

/// The shipped duel map, found from this file's place in the repository.
func duelMap() throws -> GameMap {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try MapLoader.load(path: root.appendingPathComponent("maps/duel.toml").path)
}

/// A `MatchRelay` and two `ServerSession`s, bots on both sides, joined in memory and
/// stepped a millisecond at a time on one manual clock: the server's loop, by hand.
final class RelayHarness {
    let clock = ManualClock()
    let relay: MatchRelay
    let sessions: [ServerSession]
    /// The server's ends of the two links (what the relay sends goes in, what the client sends comes out).
    let serverEnds: [PeerTransport]
    let clientEnds: [MemoryTransport]
    /// Seats whose packets the server does not see (a frozen or cut-off player).
    var deaf: Set<Int> = []
    var actions: [MatchRelay.Action] = []

    init(seed: UInt64 = 7, frames: Int32, conditions: NetConditions = .clean) throws {
        let map = try duelMap()
        let header = MatchRelay.Header(code: "KX7-4QF", seed: seed, mapName: map.name, mapText: map.source, frameLimit: frames)
        relay = MatchRelay(
            header: header, players: [("one", Array(repeating: 1, count: 16)), ("two", Array(repeating: 2, count: 16))],
            start: .zero)
        var sessions: [ServerSession] = []
        var serverEnds: [PeerTransport] = []
        var clientEnds: [MemoryTransport] = []
        for player in 1...2 {
            let (server, client) = MemoryTransport.pair()
            serverEnds.append(ConditionedTransport(server, conditions: conditions, seed: seed &+ UInt64(player), clock: clock))
            clientEnds.append(client)
            let link = ConditionedTransport(client, conditions: conditions, seed: seed &+ UInt64(player + 10), clock: clock)
            let session = ServerSession(
                world: World(map: map, seed: seed), configuration: .init(localPlayer: player, frameLimit: frames),
                transport: link, clock: clock)
            var bot = Bot(player: player, level: .normal, seed: seed)
            session.commandSource = { bot.commands(for: $0) }
            sessions.append(session)
        }
        self.sessions = sessions
        self.serverEnds = serverEnds
        self.clientEnds = clientEnds
    }

    /// One millisecond of the server's loop and of both clients.
    func step() {
        let now = clock.now
        for seat in 1...2 {
            for event in serverEnds[seat - 1].exchange(now: now) {
                guard case .packet(let bytes) = event, !deaf.contains(seat) else { continue }
                guard let message = try? WireMessage.decode(bytes) else { continue }
                deliver(relay.receive(message, from: seat, size: bytes.count, now: now))
            }
        }
        deliver(relay.tick(now: now))
        for (index, session) in sessions.enumerated() where !deaf.contains(index + 1) { session.pump() }
        clock.advance(by: .milliseconds(1))
    }

    func deliver(_ actions: [MatchRelay.Action]) {
        self.actions += actions
        for action in actions {
            if case .send(let seat, let message) = action, let bytes = try? message.encode() {
                serverEnds[seat - 1].send(bytes, delivery: Delivery.of(message.kind))
            }
        }
    }

    /// Steps until both sessions end, or `limit`.
    @discardableResult
    func run(limit: Duration = .seconds(600)) -> Bool {
        while clock.now < limit {
            step()
            if sessions.allSatisfy(\.isEnded) { return true }
        }
        return false
    }

    /// The same match on one machine: the reference hash.
    static func localHash(seed: UInt64 = 7, frames: Int32) throws -> UInt64 {
        var match = LocalMatch(
            map: try duelMap(), seed: seed, player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
        try match.run(untilFrame: frames)
        return match.world.stateHash
    }
}
