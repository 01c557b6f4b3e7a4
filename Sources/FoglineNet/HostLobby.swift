import FoglineSim

/// The host's side of the start: listen, answer each `hello`, and accept the first
/// player whose versions and map agree.
///
/// Everyone else gets a `refused` naming what does not match (protocol version,
/// rules version, map) and is disconnected. Connections that say nothing within
/// a few seconds are dropped, so a port scanner cannot hold the seat.
public final class HostLobby {
    public let endpoint: ENetEndpoint
    /// Seconds a new connection has to send its `hello`.
    public static let helloTimeout = Duration.seconds(5)
    /// Peers the host's socket serves at once: the player, and room to turn others away.
    public static let peerLimit = 8

    private var pending: [(peer: ENetEndpoint.Peer, since: Duration)] = []

    /// Listens on `port` (0: any free port; see `endpoint.port` for the one chosen).
    public init(port: UInt16) throws {
        endpoint = try ENetEndpoint(listeningOn: port, peerLimit: Self.peerLimit)
    }

    /// What the lobby says to a `hello`: accept it with this match header, or refuse it.
    public enum Answer {
        case accept(WireMatchStart)
        case refuse(String)
    }

    /// Waits for a player. `answer` decides on each well-formed hello of the right
    /// versions; `onEvent` hears what happens, for the screen or the log; `shouldStop`
    /// is asked between waits (nil return: stopped).
    public func waitForPlayer(
        clock: SessionClock = MonotonicClock(), answer: (WireHello, String) -> Answer,
        onEvent: (String) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> (transport: ENetPeerTransport, hello: WireHello)? {
        while !shouldStop() {
            let now = clock.now
            var accepted: (transport: ENetPeerTransport, hello: WireHello)?
            for event in endpoint.service(timeoutMilliseconds: 100) {
                if let accepted {
                    // The seat is taken: whoever else turns up in the same batch is turned away.
                    accepted.transport.turnAway(event)
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
                    let address = endpoint.addressText(peer)
                    switch Self.judge(bytes) {
                    case .failure(let refusal):
                        onEvent("refused \(address): \(refusal)")
                        refuse(peer, refusal.text)
                    case .success(let hello):
                        switch answer(hello, address) {
                        case .refuse(let reason):
                            onEvent("refused \(hello.playerName) at \(address): \(reason)")
                            refuse(peer, reason)
                        case .accept(let start):
                            guard let packet = try? WireMessage.matchStart(start).encode() else {
                                refuse(peer, "the host could not describe the match")
                                continue
                            }
                            guard endpoint.send(packet, to: peer, delivery: .control) else {
                                onEvent("could not send the match to \(hello.playerName) at \(address)")
                                endpoint.disconnectNow(peer)
                                continue
                            }
                            endpoint.flush()
                            accepted = (ENetPeerTransport(endpoint: endpoint, peer: peer), hello)
                        }
                    }
                }
            }
            if let accepted {
                for entry in pending { accepted.transport.turnAway(.connected(entry.peer)) }
                pending.removeAll()
                return accepted
            }
            // A connection that says nothing is dropped.
            for entry in pending where now - entry.since > Self.helloTimeout { endpoint.disconnectNow(entry.peer) }
            pending.removeAll { now - $0.since > Self.helloTimeout }
        }
        return nil
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

    private func refuse(_ peer: ENetEndpoint.Peer, _ reason: String) {
        let text = String(reason.utf8.prefix(WireFormat.maxRefusalBytes)) ?? "refused"
        if let packet = try? WireMessage.refused(text).encode() { endpoint.send(packet, to: peer, delivery: .control) }
        endpoint.disconnect(peer)
        endpoint.flush()
    }
}

/// Why a hello was turned down, in words for the person who sent it.
public struct RefusalText: Error, Sendable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
}
