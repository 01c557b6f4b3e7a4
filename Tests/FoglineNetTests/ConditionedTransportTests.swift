import FoglineNet
import Testing

@Suite("The conditioner")
struct ConditionedTransportTests {
    /// Sends `count` numbered packets through a conditioner, one per millisecond, and returns
    /// what arrived on the other side with the arrival times.
    static func run(
        _ conditions: NetConditions, delivery: Delivery, count: Int = 1000, seed: UInt64 = 1
    ) -> [(number: Int, at: Int64)] {
        let clock = ManualClock()
        let (a, b) = MemoryTransport.pair()
        let link = ConditionedTransport(a, conditions: conditions, seed: seed, clock: clock)
        var arrived: [(Int, Int64)] = []
        for ms in 0..<(count + 2000) {
            if ms < count { link.send([UInt8(ms & 0xFF), UInt8(ms >> 8)], delivery: delivery) }
            _ = link.exchange(now: clock.now)
            for case .packet(let bytes) in b.exchange(now: clock.now) {
                arrived.append((Int(bytes[0]) | Int(bytes[1]) << 8, clock.now.wholeMilliseconds))
            }
            clock.advance(by: .milliseconds(1))
        }
        return arrived
    }

    @Test("Loss drops about the asked share of unreliable packets, the same ones for the same seed")
    func loss() {
        let conditions = NetConditions(lossPercent: 20)
        let first = Self.run(conditions, delivery: .inputs)
        #expect((740...860).contains(first.count), "\(first.count) of 1000 arrived")
        #expect(first.map(\.number) == Self.run(conditions, delivery: .inputs).map(\.number))
        #expect(first.map(\.number) != Self.run(conditions, delivery: .inputs, seed: 2).map(\.number))
    }

    @Test("Reliable packets are never lost and keep their order, arriving late instead")
    func reliable() {
        let arrived = Self.run(NetConditions(lossPercent: 20, delayMilliseconds: 30, jitterMilliseconds: 20), delivery: .control)
        #expect(arrived.map(\.number) == Array(0..<1000))
        #expect(arrived.allSatisfy { $0.at - Int64($0.number) >= 10 })
    }

    @Test("Delay and jitter stay within their bounds")
    func delay() {
        let arrived = Self.run(NetConditions(delayMilliseconds: 50, jitterMilliseconds: 10), delivery: .inputs)
        #expect(arrived.count == 1000)
        let delays = arrived.map { $0.at - Int64($0.number) }
        #expect(delays.min()! >= 40 && delays.max()! <= 60)
        #expect(Set(delays).count > 10, "the jitter varies")
    }

    @Test("Reordering lets later packets pass; duplication sends some twice")
    func reorderAndDuplicate() {
        let arrived = Self.run(NetConditions(reorderPercent: 10, duplicatePercent: 10), delivery: .inputs)
        let numbers = arrived.map(\.number)
        let overtaken = zip(numbers, numbers.dropFirst()).filter { $0 > $1 }.count
        #expect(overtaken > 20)
        #expect((1050...1150).contains(numbers.count))
        #expect(Set(numbers).count == 1000)
    }

    @Test("Conditions out of range are refused by name")
    func badConditions() {
        #expect(NetConditions(lossPercent: 120).problem?.contains("--net-loss") == true)
        #expect(NetConditions(delayMilliseconds: -5).problem?.contains("--net-delay") == true)
        #expect(NetConditions.clean.problem == nil)
        #expect(NetConditions(lossPercent: 5, delayMilliseconds: 50, jitterMilliseconds: 10, reorderPercent: 2).description
            == "5% loss, 50±10 ms, 2% reorder")
    }
}
