import Testing

@testable import FoglineServer

@Suite("LogLimit: refusal lines a second, and a count of the rest")
struct LogLimitTests {
    /// Asks `limit` at each moment, in order: which were admitted.
    static func admit(_ limit: inout LogLimit, at moments: [Duration]) -> [Bool] {
        moments.map { limit.admit(now: $0) }
    }

    @Test("a burst past the cap is counted, said once when its second ends, and the next second writes again")
    func burst() {
        var limit = LogLimit(perSecond: 3)
        let start = Duration.seconds(100)
        let burst = Self.admit(&limit, at: (0..<10).map { start + .milliseconds($0) })
        #expect(burst == [true, true, true] + Array(repeating: false, count: 7))
        // Within the same second nothing is said yet: the count may still grow.
        let early = limit.takeLeftOut(now: start + .milliseconds(500))
        #expect(early == nil)
        let late = Self.admit(&limit, at: [start + .milliseconds(900)])
        #expect(late == [false])
        // The second is over: 8 left out, said once.
        let said = limit.takeLeftOut(now: start + .milliseconds(1000))
        #expect(said == 8)
        let again = limit.takeLeftOut(now: start + .milliseconds(1100))
        #expect(again == nil)
        let next = Self.admit(&limit, at: [start + .milliseconds(1200)])
        #expect(next == [true])
    }

    @Test("lines under the cap are all written and nothing is said of them")
    func quiet() {
        var limit = LogLimit(perSecond: 100)
        let moments = (0..<5).flatMap { second in (0..<100).map { Duration.seconds(second) + .milliseconds($0 * 9) } }
        let admitted = Self.admit(&limit, at: moments)
        #expect(admitted.allSatisfy { $0 })
        let leftOut = limit.takeLeftOut(now: .seconds(10))
        let all = limit.takeAllLeftOut()
        #expect(leftOut == nil && all == nil)
    }

    @Test("when the server stops, what the current second left out is said with what ended before")
    func stopping() {
        var limit = LogLimit(perSecond: 1)
        // A new second after the second line: its first line is written, its second is not.
        let admitted = Self.admit(
            &limit, at: [.seconds(1), .seconds(1) + .milliseconds(10), .seconds(2) + .milliseconds(10), .seconds(2) + .milliseconds(20)])
        #expect(admitted == [true, false, true, false])
        let all = limit.takeAllLeftOut()
        let none = limit.takeAllLeftOut()
        #expect(all == 2 && none == nil)
    }
}
