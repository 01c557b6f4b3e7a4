import FoglineNet
import FoglineSim

/// Spectators: fed from the match's own frame log at their own pace, held the match's
/// spectator delay behind the players, and waited on by nothing.
///
/// They are fed after the pass's flush has sent the players' frames, only for the
/// matches that closed frames (so the work spreads over the passes as the matches'
/// closes do), every `spectatorBatch` frames, at most `spectatorSendsPerPass` sends a
/// pass, and never when a frame is due within `spectatorMargin`: a crowd on one match is
/// fed over a few passes, in the gaps between the players' frames. Spectators at the same frame share one encoded
/// message and one ENet packet.
///
/// A spectator acknowledges the frames it has (`ack` from sender 0). The server sends it
/// frames only while fewer than `spectatorWindow` sent frames are unacknowledged, so a
/// slow or frozen spectator has at most that much queued; once it acknowledges again, it
/// gets everything it missed from the log in one go. Its first transfer (the match so
/// far) is sent whole. ENet's own timeout lets go of one that never answers.
extension MatchServer {
    /// The whole frames in `duration` at the simulation's rate.
    static func frames(in duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let perSecond = Int64(Rules.framesPerSecond)
        return Int32(clamping: max(0, seconds * perSecond + attoseconds / (1_000_000_000_000_000_000 / perSecond)))
    }

    /// Sent frames a spectator may leave unacknowledged before it is sent no more: 10 s.
    static let spectatorWindow: Int32 = 10 * Rules.framesPerSecond
    /// Frames closed between two feeds of a match's spectators: a tenth of a second.
    static let spectatorBatch: Int32 = 3
    /// Packets to spectators queued in one pass of the loop at most.
    static let spectatorSendsPerPass = 64
    /// Spectators wait when a match's frame is due within this: players first...
    static let spectatorMargin = Duration.microseconds(500)
    /// ...but not longer than this: on a busy server the gaps between closes are short.
    static let spectatorPatience = Duration.milliseconds(30)

    /// One spectator's feed.
    struct Spectator {
        /// The next frame to send.
        var next: Int32 = 0
        /// The last frame it acknowledged (-1: none).
        var acked: Int32 = -1
        /// Packets refused from it.
        var refused = 0
        /// Whether its window is full and frames wait in the log for it.
        var held = false
    }

    /// A spectator's hello: `--match CODE` names the match to watch; `listMatches` asks
    /// for the list of live matches.
    func watch(_ hello: WireHello, peer: ENetEndpoint.Peer, address: String) {
        if case .listMatches? = hello.seat { return listMatches(to: peer, address: address) }
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
        var start = match.relay.matchStart(for: WireFormat.spectatorSlot)
        start.spectatorDelay = Int(match.spectatorDelayFrames / Rules.framesPerSecond)
        send(.matchStart(start), to: peer)
        places[peer] = .spectator(code)
        match.spectators[peer] = Spectator()
        running[code] = match
        logger.info("\(address) watches match \(code) from frame \(match.relay.lastClosed)")
        // The match so far, at once; from then on, with the others.
        var unbounded = Int.max
        _ = feedSpectators(code, force: true, budget: &unbounded)
    }

    /// Answers a would-be spectator with the live matches, most watched first, and hangs up.
    private func listMatches(to peer: ENetEndpoint.Peer, address: String) {
        let live = running.filter { $0.value.endedAt == nil }
        var visible: [String: Int32] = [:]
        for (code, match) in live { visible[code] = max(0, match.relay.lastClosed + 1 - match.spectatorDelayFrames) }
        let scores = archive.scores(asOf: visible)
        let listed = live.sorted { a, b in
            a.value.spectators.count != b.value.spectators.count
                ? a.value.spectators.count > b.value.spectators.count : a.key < b.key
        }
        .prefix(WireFormat.maxListedMatches)
        .map { code, match in
            let start = match.relay.matchStart(for: WireFormat.spectatorSlot)
            return WireLiveMatch(
                code: code, mapName: start.mapName, players: start.players, frame: visible[code] ?? 0, scores: scores[code],
                spectators: match.spectators.count,
                spectatorDelay: Int(match.spectatorDelayFrames / Rules.framesPerSecond))
        }
        send(.matchList(total: live.count, matches: Array(listed)), to: peer)
        logger.info("listed \(listed.count) of \(live.count) live matches for \(address)")
        places[peer] = nil
        endpoint.disconnect(peer)
    }

    /// Feeds the spectators owed frames, oldest match first, within a pass's sends;
    /// returns whether anything was sent. Sets `spectatorsWaitForGap` when a close due
    /// soon held them back (the loop then sleeps to that close rather than spin).
    func feedOwedSpectators() -> Bool {
        var budget = Self.spectatorSendsPerPass
        var finished = 0
        spectatorsWaitForGap = false
        for code in spectatorsOwed {
            let now = clock.now
            if let soonest = closes.soonest, soonest - now < Self.spectatorMargin,
                now - (running[code]?.owedSince ?? now) < Self.spectatorPatience
            {
                spectatorsWaitForGap = true
                break
            }
            guard budget > 0, feedSpectators(code, budget: &budget) else { break }
            running[code]?.owedSpectators = false
            finished += 1
        }
        spectatorsOwed.removeFirst(finished)
        return budget < Self.spectatorSendsPerPass
    }

    /// Sends spectators of `code` the frames they may have and have not had: every closed
    /// frame more than the delay old, or, once the match is over (`all`), every frame;
    /// none to a spectator with a full window (see the type's notes). A feed starts every
    /// `spectatorBatch` frames (or at once when `force`d or `all`) and sends at most
    /// `budget` packets, taking them from it; returns whether the feed is done (false: it
    /// goes on at the next call).
    func feedSpectators(_ code: String, all: Bool = false, force: Bool = false, budget: inout Int) -> Bool {
        guard let match = running[code], !match.spectators.isEmpty else { return true }
        let newest = all ? match.relay.lastClosed : match.relay.lastClosed - match.spectatorDelayFrames
        if all || force || !match.feedingSpectators {
            guard all || force || newest - match.spectatorsFedThrough >= Self.spectatorBatch else { return true }
            running[code]?.spectatorsFedThrough = newest
            running[code]?.feedingSpectators = true
        }
        // A feed under way goes on to the frame it started for.
        let through = all || force ? newest : running[code]?.spectatorsFedThrough ?? newest
        // Who gets what: spectators grouped by the first frame they lack.
        var byNext: [Int32: [ENetEndpoint.Peer]] = [:]
        var done = true
        for (peer, spectator) in match.spectators where spectator.next <= through {
            guard budget > 0 else {
                done = false
                break
            }
            // The first transfer goes whole; after it, a full window waits for an ack.
            guard all || spectator.next == 0 || spectator.next - 1 - spectator.acked < Self.spectatorWindow else {
                if !spectator.held {
                    running[code]?.spectators[peer]?.held = true
                    logger.notice(
                        "holding frames for a spectator of match \(code): \(Self.spectatorWindow) sent frames unacknowledged")
                }
                continue
            }
            byNext[spectator.next, default: []].append(peer)
            running[code]?.spectators[peer]?.next = through + 1
            budget -= 1
        }
        for (next, peers) in byNext {
            for message in match.relay.frameLogs(from: next, through: through) {
                guard let bytes = try? message.encode() else { continue }
                endpoint.send(bytes, to: peers, delivery: Delivery.of(message.kind))
            }
        }
        if done { running[code]?.feedingSpectators = false }
        return done
    }

    /// Tells the players how many watch, when that changed since they were last told.
    func announceSpectators(_ code: String) {
        guard var match = running[code], match.spectators.count != match.announcedSpectators else { return }
        match.announcedSpectators = match.spectators.count
        running[code] = match
        for peer in match.peers.compactMap({ $0 }) { send(.spectators(count: match.spectators.count), to: peer) }
    }

    /// Packets refused from one spectator before it is let go.
    static let spectatorRefusalLimit = 64

    /// What a spectator sends: an acknowledgement of frames it was sent opens its window;
    /// a goodbye ends its watch; anything else (orders above all) is refused and counted,
    /// and changes nothing. A spectator that keeps at it is let go.
    func heard(fromSpectator peer: ENetEndpoint.Peer, of code: String, _ bytes: [UInt8]) {
        let message = bytes.count <= WireFormat.maxPacketBytes ? try? WireMessage.decode(bytes) : nil
        if case .leave? = message { return stopWatching(peer, of: code) }
        // In place: a copy of the match would copy its spectators on every acknowledgement.
        guard let spectator = running[code]?.spectators[peer] else { return }
        if case .ack(WireFormat.serverSender, let through?)? = message, through < spectator.next {
            // Acknowledgements travel unsequenced: an older one arriving late is no fault.
            guard through > spectator.acked else { return }
            running[code]?.spectators[peer]?.acked = through
            running[code]?.spectators[peer]?.held = false
            return
        }
        running[code]?.refusedFromSpectators += 1
        running[code]?.spectators[peer]?.refused += 1
        let refused = spectator.refused + 1
        if refused == Self.spectatorRefusalLimit {
            logger.notice("let go of a spectator of match \(code): \(refused) packets refused (spectators send no orders)")
            send(.leave(reason: .kicked, text: "spectators send no orders"), to: peer)
            stopWatching(peer, of: code)
        }
    }

    private func stopWatching(_ peer: ENetEndpoint.Peer, of code: String) {
        places[peer] = nil
        running[code]?.spectators[peer] = nil
        endpoint.disconnect(peer)
    }
}
