import ArgumentParser
import Foundation
import FoglineNet
import FoglineSim
import FoglineTerminal

extension Fogline {
    /// `fogline host`: wait for another player and play them, peer to peer.
    struct Host: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Host a match and wait for another player to join.",
            discussion: """
                Shows the address to give the other player, who runs `fogline join ADDRESS:PORT`. \
                The map and the seed are chosen here. Both sides write the replay (to the replay \
                folder unless --record says where).

                With --headless, this side is a bot or a script (--as) and the run ends with one \
                JSON line, which adds stalled_frames, rtt_ms and how the match ended.
                """)

        @Option(help: "The UDP port to listen on (0: any free port, which is then shown).")
        var port: UInt16 = 7777

        @Option(help: "A map name (see `fogline maps`) or a path to a map file.")
        var map: String = MapCatalog.defaultMapName

        @Option(help: "The match seed (a whole number); random when left out.")
        var seed: UInt64?

        @OptionGroup var play: NetPlayOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var resolverOptions: ResolverOptions

        func run() throws {
            let gameMap = try loadMap(map)
            let seed = self.seed ?? randomSeed()
            let keymap = try play.terminalKeymap()
            let lobby: HostLobby
            do {
                lobby = try HostLobby(port: port, conditions: network.conditions, seed: seed ^ 1)
            } catch {
                throw failure("\(error)")
            }
            lobby.withholdStartForTesting = network.testWithholdStart
            let hostName = PlayerName.choose(play.name, fallback: "host")
            /// The match header as seat `seat` receives it, the joiner named `guest`.
            func header(guest: String, seat: Int) -> WireMatchStart {
                WireMatchStart(
                    seed: seed, mapName: gameMap.name, mapText: gameMap.source,
                    players: [WirePlayer(number: 1, name: hostName), WirePlayer(number: 2, name: guest)],
                    inputDelay: Int(Rules.inputDelay), assignedPlayer: seat, frameLimit: play.frames)
            }
            let port = lobby.endpoint.port
            announce(port: port, map: gameMap)
            StopSignal.install()
            let accepted = lobby.waitForPlayer(
                answer: { hello, _ in
                    if hello.role == .spectator {
                        return .refuse(
                            "this is a peer-to-peer match between two players; it takes no spectators. "
                                + "To watch matches live, play them through a match server (fogline serve)")
                    }
                    if hello.mapHash != 0 && hello.mapHash != gameMap.contentHash {
                        return .refuse("map mismatch: this host plays \(gameMap.name) and its file differs from yours")
                    }
                    return .accept(header(guest: hello.playerName, seat: 2))
                },
                onEvent: { note("fogline: \($0)") }, shouldStop: { StopSignal.requested })
            guard let accepted else { throw failure("stopped before anyone joined", code: 130) }
            note("fogline: \(accepted.hello.playerName) joined from \(accepted.transport.endpoint.addressText(accepted.transport.peer))")
            let start = header(guest: accepted.hello.playerName, seat: 1)
            // The joiner started on the header and said so at once; that took half a round
            // trip to arrive, so our first frame was due that long ago: start together.
            // ENet's estimate can be swollen by the header's own transfer on a thin link:
            // trust it for at most the input delay; the clocks align themselves after.
            let halfTrip = min(Duration.milliseconds(accepted.transport.roundTripMilliseconds ?? 0) / 2, .milliseconds(100))
            let match = NetworkMatch(
                map: gameMap, start: start, transport: accepted.transport, play: play, network: network,
                replayPath: try play.replayPath(map: gameMap.name, seed: seed, side: "host"),
                startDelay: .zero - halfTrip)
            try match.run(keymap: keymap, resolverOptions: resolverOptions)
        }

        /// Tells the person (or the log) where to point the other player.
        private func announce(port: UInt16, map: GameMap) {
            let addresses = LocalAddresses.ipv4().filter { $0 != "127.0.0.1" }
            let shown = (addresses.isEmpty ? ["127.0.0.1"] : addresses).map { "\($0):\(port)" }
            if play.headless {
                note("fogline: hosting \(map.name) on port \(port); waiting for a player (fogline join \(shown[0]))")
            } else {
                print("Hosting a match on \(map.name), listening on UDP port \(port).")
                print("Give the other player one of these addresses:")
                for address in shown { print("    fogline join \(address)") }
                print("Waiting for them to join... (Ctrl-C to stop)")
                // A network match cannot pause once it starts: the briefing is read now.
                let briefing = Briefing(map: map, player: 1)
                print("")
                print(briefing.title)
                for paragraph in briefing.paragraphs {
                    print("")
                    for line in TextLayout.wrap(paragraph, width: 78) { print(line) }
                }
                if !briefing.examples.isEmpty {
                    print("")
                    print("Try typing:")
                    for example in briefing.examples { print("    \(example)") }
                }
            }
        }
    }
}
