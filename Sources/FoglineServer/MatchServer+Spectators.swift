import FoglineNet
import FoglineSim

/// Spectators: fed from the match's own frame log at their own pace, held
/// `Configuration.spectatorDelay` behind the players, and waited on by nothing.
extension MatchServer {
    /// Frames a spectator is held behind the players.
    var spectatorDelayFrames: Int32 {
        Int32(configuration.spectatorDelay / (Duration.seconds(1) / Int(Rules.framesPerSecond)))
    }

    /// A spectator's hello: `--match CODE` names the match to watch.
    func watch(_ hello: WireHello, peer: ENetEndpoint.Peer, address: String) {
        guard case .join(let asked)? = hello.seat else {
            return refuse(peer, address, "to watch, name a match: fogline watch HOST:PORT CODE")
        }
        let code = asked.uppercased()
        guard var match = running[code], match.endedAt == nil else {
            if lobbies[code] != nil { return refuse(peer, address, "match \(code) has not started yet: its second player is still awaited") }
            if usedCodes.contains(code) {
                return refuse(
                    peer, address,
                    "match \(code) has ended: its replay is \(code).fogrep in the server's data folder, \(archive.directory) "
                        + "(fogline serve --list shows it)")
            }
            return refuse(peer, address, "there is no live match \(code) on this server")
        }
        send(.matchStart(match.relay.matchStart(for: WireFormat.spectatorSlot)), to: peer)
        places[peer] = .spectator(code)
        match.spectators[peer] = 0
        running[code] = match
        logger.info("\(address) watches match \(code) from frame \(match.relay.lastClosed)")
        feedSpectators(code)
    }

    /// Sends each spectator of `code` the frames it may have and has not had: every closed
    /// frame more than the delay old, or, once the match is over (`all`), every frame.
    func feedSpectators(_ code: String, all: Bool = false) {
        guard var match = running[code], !match.spectators.isEmpty else { return }
        let through = all ? match.relay.lastClosed : match.relay.lastClosed - spectatorDelayFrames
        for (peer, next) in match.spectators where next <= through {
            for message in match.relay.frameLogs(from: next, through: through) { send(message, to: peer) }
            match.spectators[peer] = through + 1
        }
        running[code] = match
    }

    /// Packets refused from one spectator before it is let go.
    static let spectatorRefusalLimit = 64

    /// What a spectator sends: a goodbye ends its watch; anything else (orders above all)
    /// is refused and counted, and changes nothing. A spectator that keeps at it is let go.
    func heard(fromSpectator peer: ENetEndpoint.Peer, of code: String, _ bytes: [UInt8]) {
        if bytes.count <= WireFormat.maxPacketBytes, case .leave? = try? WireMessage.decode(bytes) {
            return stopWatching(peer, of: code)
        }
        guard var match = running[code] else { return }
        match.refusedFromSpectators += 1
        let refused = match.refusedBySpectator[peer, default: 0] + 1
        match.refusedBySpectator[peer] = refused
        running[code] = match
        if refused == Self.spectatorRefusalLimit {
            logger.notice("let go of a spectator of match \(code): \(refused) packets refused (spectators send no orders)")
            send(.leave(reason: .kicked, text: "spectators send no orders"), to: peer)
            stopWatching(peer, of: code)
        }
    }

    private func stopWatching(_ peer: ENetEndpoint.Peer, of code: String) {
        places[peer] = nil
        running[code]?.spectators[peer] = nil
        running[code]?.refusedBySpectator[peer] = nil
        endpoint.disconnect(peer)
    }
}
