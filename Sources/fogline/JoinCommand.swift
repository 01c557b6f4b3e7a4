import ArgumentParser
import Foundation
import FoglineNet
import FoglineSim

extension Fogline {
    /// `fogline join HOST:PORT`: play the match someone else hosts.
    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join a match someone is hosting.",
            discussion: """
                The host chooses the map and the seed. A host that runs another protocol or rules \
                version refuses you and says which. The replay goes to the replay folder unless \
                --record says where.
                """)

        @Argument(help: "The host's address as HOST:PORT (the port defaults to 7777).")
        var address: String

        @OptionGroup var play: NetPlayOptions
        @OptionGroup var network: NetworkOptions
        @OptionGroup var resolverOptions: ResolverOptions

        func validate() throws {
            _ = try HostAddress(address)
        }

        func run() throws {
            let target = try HostAddress(address)
            let name = PlayerName.choose(play.name, fallback: "guest")
            let keymap = try play.terminalKeymap()
            if !play.headless { print("Connecting to \(target.host):\(target.port)...") }
            let joined: (transport: ENetPeerTransport, start: WireMatchStart)
            do {
                joined = try JoinHandshake.join(
                    hostName: target.host, port: target.port,
                    hello: WireHello(mapHash: 0, playerName: name, role: .player), conditions: network.conditions,
                    seed: UInt64(UInt32(bitPattern: getpid())), headerVersion: network.testProtocolVersion)
            } catch {
                throw failure("\(error)")
            }
            let start = joined.start
            guard WireFormat.playerNumbers.contains(start.assignedPlayer) else {
                throw failure("the host seated this side as a spectator; peer-to-peer matches have two players")
            }
            if let frames = play.frames, frames != start.frameLimit {
                joined.transport.close()
                let theirs = start.frameLimit.map { "\($0) frames" } ?? "to the end of the match"
                throw failure("the host plays \(theirs), but --frames asks for \(frames); leave --frames out to take the host's")
            }
            let gameMap: GameMap
            do {
                gameMap = try MapLoader.parse(text: start.mapText, file: "\(start.mapName) (sent by the host)")
            } catch {
                throw failure("the host's map does not load: \(error)")
            }
            let replayPath = try play.replayPath(map: gameMap.name, seed: start.seed, side: "join")
            let match = NetworkMatch(
                map: gameMap, start: start, transport: joined.transport, play: play, network: network,
                replayPath: replayPath, startDelay: .zero)
            try match.run(keymap: keymap, resolverOptions: resolverOptions)
        }
    }
}

/// `HOST:PORT` (or just `HOST`, port 7777) from the command line.
struct HostAddress {
    var host: String
    var port: UInt16

    static let defaultPort: UInt16 = 7777

    init(_ text: String) throws {
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
                throw ValidationError("\"\(text)\" is not HOST:PORT with a port from 1 to 65535")
            }
            self.port = port
        } else {
            host = text
            port = Self.defaultPort
        }
        guard !host.isEmpty else { throw ValidationError("\"\(text)\" names no host") }
    }
}
