import FoglineSim

/// The host's side of the start: listen, answer each `hello`, offer the match to the
/// first player whose versions and map agree, and start once they answer.
///
/// Everyone else gets a `refused` naming what does not match (protocol version,
/// rules version, map) and is disconnected. Connections that say nothing within
/// a few seconds are dropped, so a port scanner cannot hold the seat. A match is
/// offered (the header sent) but only starts when the joiner's first packet of play
/// arrives: a joiner that gives up, leaves or falls silent before then is let go and
/// the lobby waits again, with nothing recorded.
public final class HostLobby {
    public let endpoint: ENetEndpoint
    /// Seconds a new connection has to send its `hello`.
    public static let helloTimeout = Duration.seconds(5)
    /// How long an offered match waits for the joiner's first packet of play.
    public static let offerTimeout = Duration.seconds(15)
    /// Peers the host's socket serves at once: the player, and room to turn others away.
    public static let peerLimit = 8
    /// Test only: accept this many hellos but never send them the header, as if every copy were lost.
    public var withholdStartForTesting = 0

    private var pending: [(peer: ENetEndpoint.Peer, since: Duration)] = []
    /// The match offered and not yet answered.
    private var offer: (peer: ENetEndpoint.Peer, hello: WireHello, since: Duration, start: WireMatchStart?)?

    /// Listens on `port` (0: any free port; see `endpoint.port` for the one chosen),
    /// behind a conditioner when `conditions` degrade what the host sends.
    public init(port: UInt16, conditions: NetConditions = .clean, seed: UInt64 = 1) throws {
        endpoint = try ENetEndpoint(listeningOn: port, peerLimit: Self.peerLimit, conditions: conditions, seed: seed)
    }

    /// What the lobby says to a `hello`: accept it with this match header, or refuse it.
    public enum Answer {
        case accept(WireMatchStart)
        case refuse(String)
    }

    /// The player who answered the offer: the link (holding the packets that came with
    /// the answer), their hello, and when their first packet arrived.
    public struct Joined {
        public var transport: ENetPeerTransport
        public var hello: WireHello
    }

    /// Waits for a player. `answer` decides on each well-formed hello of the right
    /// versions; `onEvent` hears what happens, for the screen or the log; `shouldStop`
    /// is asked between waits (nil return: stopped).
    public func waitForPlayer(
        clock: SessionClock = MonotonicClock(), answer: (WireHello, String) -> Answer,
        onEvent: (String) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> Joined? {
        while !shouldStop() {
            let now = clock.now
            let events = endpoint.service(timeoutMilliseconds: 100)
            for (index, event) in events.enumerated() {
                if let offer, Self.concerns(event, offer.peer) {
                    if let joined = settleOffer(event, rest: events[(index + 1)...], now: clock.now, onEvent: onEvent) {
                        return joined
                    }
                    continue
                }
                if offer != nil {
                    // The seat is spoken for: whoever else turns up is turned away.
                    busy(event)
                    continue
                }
                switch event {
                case .connected(let peer):
                    pending.append((peer, clock.now))
                case .disconnected(let peer, _):
                    pending.removeAll { $0.peer == peer }
                case .received(let peer, let bytes):
                    guard pending.contains(where: { $0.peer == peer }) else { continue }
                    pending.removeAll { $0.peer == peer }
                    consider(bytes, from: peer, now: clock.now, answer: answer, onEvent: onEvent)
                }
            }
            if offer != nil {
                for entry in pending { busy(.connected(entry.peer)) }
                pending.removeAll()
            }
            if let offer, now - offer.since > Self.offerTimeout {
                onEvent("\(offer.hello.playerName) never started the match; waiting for a player again")
                endpoint.disconnectNow(offer.peer)
                self.offer = nil
            }
            // A connection that says nothing is dropped.
            for entry in pending where now - entry.since > Self.helloTimeout { endpoint.disconnectNow(entry.peer) }
            pending.removeAll { now - $0.since > Self.helloTimeout }
        }
        if let offer { endpoint.disconnectNow(offer.peer) }
        return nil
    }

    /// Judges a first packet: refuse it, or offer the match.
    private func consider(
        _ bytes: [UInt8], from peer: ENetEndpoint.Peer, now: Duration, answer: (WireHello, String) -> Answer,
        onEvent: (String) -> Void
    ) {
        let address = endpoint.addressText(peer)
        switch Self.judge(bytes) {
        case .failure(let refusal):
            onEvent("refused \(address): \(refusal)")
            endpoint.refuse(peer, refusal.text)
        case .success(let hello):
            switch answer(hello, address) {
            case .refuse(let reason):
                onEvent("refused \(hello.playerName) at \(address): \(reason)")
                endpoint.refuse(peer, reason)
            case .accept(let start):
                guard let packet = try? WireMessage.matchStart(start).encode() else {
                    return endpoint.refuse(peer, "the host could not describe the match")
                }
                let withheld = withholdStartForTesting > 0
                if withheld {
                    withholdStartForTesting -= 1
                } else {
                    guard endpoint.send(packet, to: peer, delivery: .control) else {
                        onEvent("could not send the match to \(hello.playerName) at \(address)")
                        return endpoint.disconnectNow(peer)
                    }
                    endpoint.flush()
                }
                onEvent("offered the match to \(hello.playerName) at \(address)")
                offer = (peer, hello, now, withheld ? nil : start)
            }
        }
    }

    /// What the offered joiner did: started (its first packet of play), repeated its
    /// hello, or gave up. Returns the player once the match has started.
    private func settleOffer(
        _ event: ENetEndpoint.Event, rest: ArraySlice<ENetEndpoint.Event>, now: Duration, onEvent: (String) -> Void
    ) -> Joined? {
        guard let offer else { return nil }
        switch event {
        case .connected:
            return nil
        case .disconnected:
            onEvent("\(offer.hello.playerName) left before the match started; waiting for a player again")
            self.offer = nil
            return nil
        case .received(_, let bytes):
            switch try? WireMessage.decode(bytes) {
            case .hello?:
                // A repeat: the joiner has not seen the header yet. Send it again (it ignores a second).
                if let header = offer.start, let packet = try? WireMessage.matchStart(header).encode() {
                    endpoint.send(packet, to: offer.peer, delivery: .control)
                }
                return nil
            case .leave?:
                onEvent("\(offer.hello.playerName) gave up before the match started; waiting for a player again")
                endpoint.disconnect(offer.peer)
                self.offer = nil
                return nil
            default:
                // The joiner plays: this packet and whatever came with it are the session's.
                let early: [TransportEvent] =
                    [.packet(bytes)]
                    + rest.compactMap {
                        switch $0 {
                        case .received(let who, let bytes) where who == offer.peer: return .packet(bytes)
                        case .disconnected(let who, let why) where who == offer.peer: return .closed(why)
                        default: return nil
                        }
                    }
                let transport = ENetPeerTransport(endpoint: endpoint, peer: offer.peer, early: early)
                for other in rest where !Self.concerns(other, offer.peer) { transport.turnAway(other) }
                self.offer = nil
                return Joined(transport: transport, hello: offer.hello)
            }
        }
    }

    /// Whether `event` is about `peer`.
    private static func concerns(_ event: ENetEndpoint.Event, _ peer: ENetEndpoint.Peer) -> Bool {
        switch event {
        case .connected(let who), .received(let who, _), .disconnected(let who, _): who == peer
        }
    }

    /// Turns away a newcomer while a match is offered; what others send is dropped.
    private func busy(_ event: ENetEndpoint.Event) {
        if case .connected(let stranger) = event { endpoint.refuse(stranger, ENetPeerTransport.busyRefusal) }
    }

    /// Checks what a would-be player sent first: a hello of this build's protocol and rules.
    public static func judge(_ bytes: [UInt8]) -> Result<WireHello, RefusalText> {
        let message: WireMessage
        do {
            message = try WireMessage.decode(bytes)
        } catch {
            if case .unsupportedVersion(let version) = error.kind {
                return .failure(RefusalText(WireMessage.versionMismatch(peerVersion: version)))
            }
            return .failure(RefusalText("expected a Fogline hello: \(error.message)"))
        }
        guard case .hello(let hello) = message else {
            return .failure(RefusalText("expected a hello first, got \(message.kind)"))
        }
        guard hello.rulesVersion == Rules.version else {
            return .failure(RefusalText(WireMessage.rulesMismatch(peerVersion: hello.rulesVersion)))
        }
        return .success(hello)
    }

}

/// Why a hello was turned down, in words for the person who sent it.
public struct RefusalText: Error, Sendable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
}
