import FoglineNet
import FoglineSim
import Testing

@Suite("What a host says to a would-be player's first packet")
struct HostLobbyTests {
    @Test("A hello of this build's versions is accepted as it is")
    func acceptsHello() throws {
        let hello = WireHello(mapHash: 0, playerName: "Bo", role: .player)
        #expect(try HostLobby.judge(try WireMessage.hello(hello).encode()).get() == hello)
    }

    @Test("Another protocol version is refused naming both versions")
    func otherProtocol() throws {
        var packet = try WireMessage.hello(WireHello(mapHash: 0, playerName: "Bo", role: .player)).encode()
        packet[2] = 1
        packet[9] = 1
        guard case .failure(let refusal) = HostLobby.judge(packet) else {
            Issue.record("a version 1 hello was accepted")
            return
        }
        #expect(refusal.text == "protocol version mismatch: you speak version 1, this build speaks version 4")
    }

    @Test("Another rules version is refused naming both versions")
    func otherRules() throws {
        let packet = try WireMessage.hello(WireHello(rulesVersion: Rules.version + 1, mapHash: 0, playerName: "Bo", role: .player))
            .encode()
        guard case .failure(let refusal) = HostLobby.judge(packet) else {
            Issue.record("a hello of other rules was accepted")
            return
        }
        #expect(refusal.text == "rules version mismatch: you play rules version \(Rules.version + 1), this build plays version \(Rules.version)")
    }

    @Test("Garbage, and messages other than hello, are refused with a reason")
    func garbage() throws {
        for packet in [[], [0x46, 0x4C], Array(repeating: 0xEE, count: 40), try WireMessage.chat("hi").encode()] {
            guard case .failure(let refusal) = HostLobby.judge(packet) else {
                Issue.record("\(packet.prefix(4)) was accepted")
                continue
            }
            #expect(refusal.text.hasPrefix("expected a"), "\(refusal.text)")
        }
    }
}
