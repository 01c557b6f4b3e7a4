import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineSim

/// `fogline play --server HOST:PORT`: the flags of a match through a server.
struct ServerPlayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Play through the match server at HOST:PORT: a quick match unless --new or --match.", valueName: "HOST:PORT"))
    var server: String?

    @Flag(name: .customLong("new"), help: "With --server: open a private match and get a code to share.")
    var newMatch = false

    @Option(name: .customLong("match"), help: ArgumentHelp("With --server: take the free seat of the match with this code.", valueName: "CODE"))
    var code: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who plays this side with --server --headless: bot, bot:easy, bot:normal or script:FILE.", valueName: "side"))
    var side: SideOption?

    @Option(help: "With --server: your name as the other player sees it (default: $USER).")
    var name: String?

    @Option(help: ArgumentHelp("With --match: the seat's token (32 hex digits), to rejoin from another machine.", valueName: "HEX"))
    var token: String?

    @Option(
        name: .customLong("peer-timeout"),
        help: ArgumentHelp("With --server: end the match when nothing has come from the server for this long.", valueName: "SECONDS"))
    var peerTimeout: Int = 30

    func validate(headless: Bool, map: String) throws {
        guard server != nil else {
            if newMatch || code != nil || side != nil {
                throw ValidationError("--new, --match and --as go with --server (or use --p1/--p2 for a local match)")
            }
            return
        }
        if newMatch && code != nil { throw ValidationError("--new opens a match and --match takes a seat in one: give one of them") }
        if headless && side == nil { throw ValidationError("--server --headless needs --as bot or --as script:FILE") }
        if !headless { throw ValidationError("--server plays with --headless for now; the terminal client comes next") }
        _ = try HostAddress(server!)
        if let name, PlayerName.clean(name) == nil { throw ValidationError("--name must have 1 to 32 bytes of printable text") }
        if let token {
            guard code != nil else { throw ValidationError("--token goes with --match CODE") }
            guard SeatTokens.parse(token) != nil else { throw ValidationError("--token takes the seat's 32 hex digits") }
        }
    }

    /// What to ask the server for: a seat held on this machine (or named by --token) is taken back.
    func seatRequest(map: String, server: HostAddress) -> WireSeatRequest {
        if let code {
            let code = code.uppercased()
            if let token = token.flatMap(SeatTokens.parse) ?? SeatTokens.load(server: server, code: code) {
                return .rejoin(code: code, token: token)
            }
            return .join(code: code)
        }
        if newMatch { return .newMatch(map: map == MapCatalog.defaultMapName ? "" : map) }
        return .quickMatch
    }
}

extension Fogline.Play {
    /// Plays one side of a match through a server, headless, and prints the summary.
    func runOnServer() throws {
        guard let address = serverOptions.server, let side = serverOptions.side else { return }
        let target = try HostAddress(address)
        let name = PlayerName.choose(serverOptions.name, fallback: "player")
        StopSignal.install()
        let joined: (transport: ENetPeerTransport, seated: WireSeated, start: WireMatchStart)
        do {
            joined = try ServerHandshake.join(
                hostName: target.host, port: target.port,
                hello: WireHello(mapHash: 0, playerName: name, role: .player, seat: serverOptions.seatRequest(map: map, server: target)),
                onProgress: { progress in
                    if case .seated(let seat) = progress {
                        SeatTokens.save(seat.token, server: target, code: seat.code)
                        note("fogline: match \(seat.code), seat \(seat.seat); waiting for the other player (give them: fogline play --server \(address) --match \(seat.code))")
                    }
                },
                shouldStop: { StopSignal.requested })
        } catch {
            throw failure("\(error)")
        }
        let start = joined.start
        let gameMap: GameMap
        do {
            gameMap = try MapLoader.parse(text: start.mapText, file: "\(start.mapName) (sent by the server)")
        } catch {
            throw failure("the server's map does not load: \(error)")
        }
        var controller: PlayerController
        do {
            controller = try side.controller(player: start.assignedPlayer, defaultLevel: bot, seed: start.seed, map: gameMap)
        } catch {
            throw failure("\(error)")
        }
        let replayPath: String
        do {
            replayPath = try record ?? Self.defaultReplayPath(map: gameMap.name, seed: start.seed, tag: joined.seated.code)
        } catch {
            throw failure("cannot make the replay folder: \(error)")
        }
        let clock = MonotonicClock()
        let match: ServerMatch
        do {
            match = try ServerMatch(
                map: gameMap, start: start, code: joined.seated.code, transport: joined.transport, frameLimit: frames,
                peerTimeout: .seconds(serverOptions.peerTimeout), replayPath: replayPath, localKind: controller.kind, clock: clock)
        } catch {
            throw failure("cannot write the replay: \(error)")
        }
        let session = match.session
        session.commandSource = { controller.commands(for: $0) }
        session.onLate = { asked, landed in note("fogline: the server closed frame \(asked) first; your orders run in frame \(landed)") }
        while !session.isEnded {
            if StopSignal.requested { session.quit() }
            session.pump()
            let remaining = session.nextWake - clock.now
            if remaining > .zero {
                _ = ReadinessWait.wait(for: [session.pollDescriptor].compactMap { $0 }, timeout: min(remaining, .milliseconds(50)))
            }
        }
        let outcome = try NetworkMatch.finished(match.finish)
        // A match that ended needs no rejoin; one that dropped keeps its token.
        if session.ending != .connectionLost { SeatTokens.forget(server: target, code: joined.seated.code) }
        NetworkMatch.report(outcome, players: (1...2).map { match.name(of: $0) }, replay: replayPath)
    }
}
