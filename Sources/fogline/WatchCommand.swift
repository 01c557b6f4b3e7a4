import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineOrders
import FoglineReplay
import FoglineSim

extension Fogline {
    /// `fogline watch HOST:PORT CODE`: a live match on a match server, as a spectator.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch a live match on a match server.",
            discussion: """
                The server sends the match so far in one transfer, then each frame as it may
                (a server can hold spectators some seconds behind the players). Spectators send
                no orders and nothing the players wait on. With --headless, the match is followed
                to its end and a JSON summary printed, with `joined_at_frame` (the frames of the
                first transfer) and `live_after_ms` (from asking to running the newest frame).
                The watch screen is not built yet: use --headless.
                """)

        @Argument(help: ArgumentHelp("The match server.", valueName: "HOST:PORT"))
        var server: String

        @Argument(help: ArgumentHelp("The code of the match to watch.", valueName: "CODE"))
        var code: String

        @Flag(help: "Follow the match without a terminal and print a JSON summary at the end.")
        var headless = false

        @Option(help: "Write your copy of the match to this replay file.")
        var record: String?

        @Option(help: ArgumentHelp("Give up when nothing has come from the server for this long.", valueName: "SECONDS"))
        var timeout: Int = 30

        func validate() throws {
            _ = try HostAddress(server)
            guard headless else {
                throw ValidationError("the watch screen is not built yet: add --headless to follow the match and get its summary")
            }
            if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        }

        func run() throws {
            let address = try HostAddress(server)
            let clock = ContinuousClock()
            let asked = clock.now
            let endpoint: ENetEndpoint
            let peer: ENetEndpoint.Peer
            do {
                endpoint = try ENetEndpoint()
                peer = try endpoint.connect(hostName: address.host, port: address.port)
            } catch {
                throw failure("cannot reach \(server): \(error)")
            }
            var world: World?
            var players: [String] = []
            var log: [FrameInput] = []
            var recorder: MatchRecorder?
            var joinedAt: Int32?
            var liveAfter: Duration?
            var end: String?
            var lastHeard = clock.now
            StopSignal.install()
            while end == nil {
                if StopSignal.requested {
                    if let bytes = try? WireMessage.leave(reason: .quit, text: "").encode() {
                        endpoint.send(bytes, to: peer, delivery: Delivery.of(.leave))
                    }
                    end = "quit"
                    break
                }
                var gotLog = false
                for event in endpoint.service(timeoutMilliseconds: 20) {
                    lastHeard = clock.now
                    switch event {
                    case .connected:
                        let hello = WireMessage.hello(
                            WireHello(mapHash: 0, playerName: "spectator", role: .spectator, seat: .join(code: code)))
                        if let bytes = try? hello.encode() { endpoint.send(bytes, to: peer, delivery: Delivery.of(hello.kind)) }
                    case .disconnected:
                        end = end ?? "connection_lost"
                    case .received(_, let bytes):
                        switch try? WireMessage.decode(bytes) {
                        case .refused(let text)?:
                            throw failure("\(server) refused: \(text)")
                        case .matchStart(let start)?:
                            guard world == nil else { break }
                            let map: GameMap
                            do {
                                map = try MapLoader.parse(text: start.mapText, file: "\(start.mapName) (sent by the server)")
                            } catch {
                                throw failure("the server's map does not load: \(error)")
                            }
                            world = World(map: map, seed: start.seed)
                            players = start.players.map(\.name)
                            if let record {
                                do {
                                    recorder = try MatchRecorder(
                                        path: record, world: world!,
                                        players: start.players.map { ReplayPlayer(name: $0.name, kind: "player") })
                                } catch {
                                    throw failure("cannot write the replay: \(error)")
                                }
                            }
                        case .frameLog(let first, let frames)?:
                            guard first <= Int32(log.count) else {
                                throw failure("the server skipped frames \(log.count) to \(first - 1)")
                            }
                            log.append(contentsOf: frames.dropFirst(log.count - Int(first)))
                            gotLog = true
                        case .leave(let reason, _)?:
                            end = reason == .matchOver ? "match_over" : "\(reason)"
                        default:
                            break
                        }
                    }
                }
                // Run what has come, at full speed: a spectator catches up at once.
                if var current = world {
                    while current.frame < Int32(log.count) && current.result == nil {
                        let frame = current.frame
                        current.step(log[Int(frame)])
                        do {
                            try recorder?.frameRan(frame, input: log[Int(frame)], world: current)
                        } catch {
                            throw failure("the replay could not be written: \(error)")
                        }
                    }
                    world = current
                }
                if gotLog && joinedAt == nil {
                    joinedAt = Int32(log.count)
                    liveAfter = clock.now - asked
                }
                if end == nil && clock.now - lastHeard > .seconds(timeout) { end = "connection_lost" }
            }
            endpoint.flush()
            guard let world else { throw failure("\(server) sent no match before the connection ended (\(end ?? "?"))") }
            do {
                try recorder?.finish(world: world)
            } catch {
                throw failure("the replay could not be written: \(error)")
            }
            var summary = MatchSummary(world: world, players: players, replay: record)
            summary.extraFields = [
                .init("code", json: JSONText.quote(code.uppercased())),
                .init("end", json: JSONText.quote(end ?? "connection_lost")),
                .init("joined_at_frame", json: "\(joinedAt ?? 0)"),
                .init("live_after_ms", json: "\(liveAfter.map { Int($0 / .milliseconds(1)) } ?? -1)"),
            ]
            print(summary.jsonLine)
        }
    }
}
