@testable import FoglineNet
import Testing

@Suite("Which frames a packet repeats")
struct RepeatScheduleTests {
    @Test("A frame rides in four packets, then waits for the retransmission timeout")
    func quickRepeatsThenTimeout() {
        var schedule = RepeatSchedule(first: 3)
        schedule.append()  // frame 3
        let trip = Duration.milliseconds(200)
        for tick in 0..<4 {
            let now = Duration.milliseconds(33 * tick)
            #expect(schedule.firstToSend(now: now, roundTrip: trip) == 3)
            schedule.sent(3...3, now: now)
        }
        // Four sends done: nothing until 1.5 round trips after the last.
        #expect(schedule.firstToSend(now: .milliseconds(133), roundTrip: trip) == nil)
        #expect(schedule.firstToSend(now: .milliseconds(99 + 299), roundTrip: trip) == nil)
        #expect(schedule.firstToSend(now: .milliseconds(99 + 300), roundTrip: trip) == 3)
        // A newer frame starts the run at the oldest frame still due, not before.
        schedule.append()  // frame 4
        #expect(schedule.firstToSend(now: .milliseconds(140), roundTrip: trip) == 4)
    }

    @Test("Acknowledgements move forward only, name the round trip, and refuse frames never made")
    func acknowledgements() {
        var schedule = RepeatSchedule(first: 3)
        schedule.append()
        schedule.append()
        schedule.sent(3...4, now: .milliseconds(10))
        #expect(schedule.acknowledge(through: 9, now: .milliseconds(20)) == .unknown)
        #expect(schedule.acknowledge(through: 4, now: .milliseconds(60)) == .new(roundTrip: .milliseconds(50)))
        #expect(schedule.acknowledge(through: 3, now: .milliseconds(70)) == .old)
        #expect(schedule.ackedThrough == 4)
        #expect(schedule.firstToSend(now: .milliseconds(80), roundTrip: nil) == nil)
    }
}

extension RepeatScheduleTests {
    /// The records kept: what a long match holds per receiver.
    static func kept(_ schedule: RepeatSchedule) -> Int {
        (Mirror(reflecting: schedule).children.first { $0.label == "sends" }?.value as? [Any])?.count ?? -1
    }

    @Test("A long stream acknowledged as it goes keeps a bounded record, not one per frame")
    func boundedRecord() {
        var schedule = RepeatSchedule(first: 0)
        var now = Duration.zero
        for frame in Int32(0)..<36_000 {
            schedule.append()
            now += .milliseconds(33)
            if let first = schedule.firstToSend(now: now, roundTrip: nil) { schedule.sent(first...frame, now: now) }
            if frame >= 3 { _ = schedule.acknowledge(through: frame - 3, now: now) }
        }
        #expect(Self.kept(schedule) <= 2 * RepeatSchedule.forgetBatch, "\(Self.kept(schedule)) records kept")
    }
}
