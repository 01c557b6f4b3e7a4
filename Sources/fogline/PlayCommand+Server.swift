import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineSim
import FoglineTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// `--as`: a side number (with --from), or who plays the seat (with --server --headless).
enum PlayAs: ExpressibleByArgument, Equatable {
    case side(Int)
    case player(SideOption)

    init?(argument: String) {
        if let n = Int(argument) {
            guard (1...2).contains(n) else { return nil }
            self = .side(n)
        } else if let player = SideOption(argument: argument) {
            self = .player(player)
        } else {
            return nil
        }
    }

    /// Who plays, when `--as` names a player rather than a side.
    var player: SideOption? {
        if case .player(let p) = self { return p }
        return nil
    }
}

/// `fogline play --server HOST:PORT`: the flags of a match through a server.
struct ServerPlayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Play through the match server at HOST:PORT: a quick match unless --new or --match.", valueName: "HOST:PORT"))
    var server: String?

    @Flag(name: .customLong("new"), help: "With --server: open a private match and get a code to share.")
    var newMatch = false

    @Option(name: .customLong("match"), help: ArgumentHelp("With --server: take the free seat of the match with this code.", valueName: "CODE"))
    var code: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "With --from: the side you play, 1 or 2. With --server --headless: who plays your seat: bot, bot:easy, bot:normal or script:FILE.",
            valueName: "side"))
    var side: PlayAs?

    @Option(
        name: .customLong("spectator-delay"),
        help: ArgumentHelp(
            "With --new: hold this match's spectators this many seconds behind (default: the server's).",
            valueName: "SECONDS"))
    var spectatorDelay: Int?

    @Option(help: "With --server: your name as the other player sees it (default: $USER).")
    var name: String?

    @Option(help: ArgumentHelp("With --match: the seat's token (32 hex digits), to rejoin from another machine.", valueName: "HEX"))
    var token: String?

    @Option(
        name: .customLong("peer-timeout"),
        help: ArgumentHelp("With --server: end the match when nothing has come from the server for this long.", valueName: "SECONDS"))
    var peerTimeout: Int = 30

    /// Test only: perturb this side's state after the frame, to force a desync.
    @Option(name: .customLong("test-desync-after"), help: .hidden)
    var testDesyncAfter: Int32?

    /// Test only: write when each of the server's frames arrived (`FrameArrivalTrace`).
    @Option(name: .customLong("test-trace-frames"), help: .hidden)
    var testTraceFrames: String?

    func validate(headless: Bool, map: String, takingOver: Bool) throws {
        guard server != nil else {
            if newMatch || code != nil || spectatorDelay != nil {
                throw ValidationError("--new, --match and --spectator-delay go with --server (or use --p1/--p2 for a local match)")
            }
            switch side {
            case nil: break
            case .side where takingOver: break
            case .side: throw ValidationError("--as 1 or 2 picks your side in a match taken over with --from")
            case .player: throw ValidationError("--as bot or script:FILE goes with --server (or use --p1/--p2 for a local match)")
            }
            return
        }
        if case .side = side { throw ValidationError("--as 1 or 2 goes with --from; with --server, --as names who plays: bot or script:FILE") }
        if newMatch && code != nil { throw ValidationError("--new opens a match and --match takes a seat in one: give one of them") }
        if let spectatorDelay {
            guard newMatch else { throw ValidationError("--spectator-delay goes with --new: it is set when a match is opened") }
            guard (0...WireFormat.maxSpectatorDelaySeconds).contains(spectatorDelay) else {
                throw ValidationError("--spectator-delay takes 0 to \(WireFormat.maxSpectatorDelaySeconds) seconds")
            }
        }
        if headless && side == nil { throw ValidationError("--server --headless needs --as bot or --as script:FILE") }
        if !headless && side != nil { throw ValidationError("--as is for --headless; in the terminal you play your seat") }
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
        if newMatch {
            return .newMatch(map: map == MapCatalog.defaultMapName ? "" : map, spectatorDelay: spectatorDelay)
        }
        return .quickMatch
    }
}

extension Fogline.Play {
    /// Plays one side of a match through a server: in the terminal (a waiting screen, then
    /// the game) or headless (a bot or a script, then the summary line).
    func runOnServer() throws {
        guard let address = serverOptions.server else { return }
        let target = try HostAddress(address)
        let request = serverOptions.seatRequest(map: map, server: target)
        let name = PlayerName.choose(serverOptions.name, fallback: "player")
        var screen: CursesScreen?
        var room: WaitingRoom?
        var keymap: Keymap?
        if headless {
            StopSignal.install()
        } else {
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                throw failure("a match in the terminal needs a terminal; use --headless --as bot to play without one")
            }
            do {
                keymap = try Keymap.load(nameOrPath: self.keymap)
                screen = try CursesScreen()
            } catch {
                throw failure("\(error)")
            }
            room = WaitingRoom(screen: screen!, server: address, quick: request == .quickMatch)
            if case .rejoin(let code, _) = request { room?.update(.rejoining(code: code)) }
        }
        // Whatever happens, the terminal is given back before anything is printed.
        defer { screen?.restore() }
        let clock = MonotonicClock()
        let joined: (transport: ENetPeerTransport, seated: WireSeated, start: WireMatchStart)
        var cancelled = false
        var heldSeat: String?
        do {
            joined = try ServerHandshake.join(
                hostName: target.host, port: target.port,
                hello: WireHello(mapHash: 0, playerName: name, role: .player, seat: request),
                onProgress: { progress in
                    guard case .seated(let seat) = progress else { return }
                    SeatTokens.save(seat.token, server: target, code: seat.code)
                    heldSeat = seat.code
                    if let room {
                        if case .rejoin = request { return }
                        room.update(.seated(code: seat.code, seat: seat.seat, waiting: seat.waiting))
                        // Briefed while the other player comes: the match cannot pause once it
                        // starts. The server names the map; one this machine lacks goes unbriefed.
                        if !seat.map.isEmpty, let map = try? MapCatalog.load(seat.map) {
                            room.brief(Briefing(map: map, player: seat.seat))
                        }
                    } else if case .rejoin = request {
                        note("fogline: took back seat \(seat.seat) of match \(seat.code); the match so far is on its way")
                    } else {
                        note("fogline: match \(seat.code), seat \(seat.seat); waiting for the other player (give them: fogline play --server \(address) --match \(seat.code))")
                    }
                },
                shouldStop: {
                    cancelled = room?.shouldCancel() ?? StopSignal.requested
                    return cancelled
                })
        } catch {
            screen?.restore()
            // A seat given up before its match began is gone; a seat being taken back is not.
            if cancelled, let code = heldSeat, request.isNewSeat { SeatTokens.forget(server: target, code: code) }
            if cancelled && room != nil {
                // The person pressed Esc: the server lets the seat go, and that is all.
                print("Stopped waiting; the match was not played.")
                return
            }
            throw failure("\(error)")
        }
        let start = joined.start
        let gameMap: GameMap
        do {
            gameMap = try MapLoader.parse(text: start.mapText, file: "\(start.mapName) (sent by the server)")
        } catch {
            screen?.restore()
            throw failure("the server's map does not load: \(error)")
        }
        let controller: PlayerController?
        do {
            controller = try serverOptions.side?.player?.controller(
                player: start.assignedPlayer, defaultLevel: bot, seed: start.seed, map: gameMap)
        } catch {
            screen?.restore()
            throw failure("\(error)")
        }
        let replayPath: String
        let match: ServerMatch
        do {
            replayPath = try record ?? Self.defaultReplayPath(map: gameMap.name, seed: start.seed, tag: joined.seated.code)
            match = try ServerMatch(
                map: gameMap, start: start, code: joined.seated.code, transport: joined.transport, frameLimit: frames,
                peerTimeout: .seconds(serverOptions.peerTimeout), replayPath: replayPath,
                localKind: controller?.kind ?? "human", clock: clock, askedAt: .zero,
                perturbAfterFrame: serverOptions.testDesyncAfter)
        } catch {
            screen?.restore()
            throw failure("cannot write the replay: \(error)")
        }
        let session = match.session
        if let trace = FrameArrivalTrace(path: serverOptions.testTraceFrames) {
            session.onServerFrames = { trace.arrived(through: $0) }
        }
        if let screen, let keymap {
            try playInTerminal(match, on: screen, keymap: keymap, clock: clock)
            screen.restore()
        } else if var controller {
            session.commandSource = { controller.commands(for: $0) }
            session.onLate = { asked, landed in note("fogline: \(Self.lateNotice(asked: asked, landed: landed))") }
            while !session.isEnded {
                if StopSignal.requested { session.quit() }
                session.pump()
                NetworkMatch.wait(for: session, clock: clock)
            }
            NetworkMatch.report(
                try NetworkMatch.finished(match.finish), players: (1...2).map { match.name(of: $0) }, replay: replayPath)
        }
        // A match that ended needs no rejoin; one that dropped keeps its token.
        if session.ending != .connectionLost { SeatTokens.forget(server: target, code: joined.seated.code) }
        switch session.ending {
        case .desync?, .peerLeft(.desync, _)?: throw ExitCode(2)
        default: break
        }
    }

    /// The person at this terminal plays `match` on `screen` (the one the waiting room used).
    private func playInTerminal(_ match: ServerMatch, on screen: CursesScreen, keymap: Keymap, clock: MonotonicClock) throws {
        let (resolver, cache) = resolverOptions.makeResolver { _ in }
        defer { cache?.flush() }
        let driver = NetworkMatchDriver(match: match, clock: clock)
        match.session.onLate = { asked, landed in driver.note(Self.lateNotice(asked: asked, landed: landed)) }
        let play = PlaySession(
            driver: driver, keymap: keymap, resolver: resolver, resolverName: resolverOptions.mode.rawValue,
            replayPath: match.replayPath)
        let outcome: PlaySession.Outcome
        do {
            outcome = try play.run(on: screen)
        } catch {
            screen.restore()
            throw failure("\(error)")
        }
        screen.restore()
        let verdict = NetworkMatch.verdict(outcome, me: match.localPlayer, other: match.name(of: 3 - match.localPlayer))
        print("Match \(match.code): \(verdict) Replay: \(match.replayPath)")
    }

    /// What the server's late-input notice means for the person who gave the orders.
    static func lateNotice(asked: Int32, landed: Int32) -> String {
        "the server closed frame \(asked) first; your orders run in frame \(landed)"
    }
}

extension WireSeatRequest {
    /// Whether this asks for a seat not held before (anything but a rejoin).
    var isNewSeat: Bool {
        if case .rejoin = self { return false }
        return true
    }
}
