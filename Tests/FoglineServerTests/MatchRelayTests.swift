import FoglineNet
@testable import FoglineServer
import FoglineSim
import Testing

@Suite("The match relay: frames closed by the server's clock")
struct MatchRelayTests {
    /// A relay with no map worth simulating: for what it decides, not what the frames do.
    static func bareRelay() -> MatchRelay {
        MatchRelay(
            header: .init(code: "A", seed: 1, mapName: "m", mapText: "x", frameLimit: nil),
            players: [("one", Array(repeating: 1, count: 16)), ("two", Array(repeating: 2, count: 16))], start: .zero)
    }

    @Test("A spectator's frames from any frame to any later one come whole, in order, split to fit, and equal the log")
    func spectatorFrames() throws {
        let harness = try RelayHarness(frames: 600)
        #expect(harness.run())
        let everything = harness.relay.log.frames(0...599)
        for (first, last) in [(0, 599), (37, 100), (31, 32), (64, 64), (590, 599), (599, 599)] as [(Int32, Int32)] {
            let messages = harness.relay.frameLogs(from: first, through: last)
            var next = first
            var got: [FrameInput] = []
            for message in messages {
                guard case .frameLog(let start, let frames) = message else {
                    Issue.record("not a frame log: \(message)")
                    continue
                }
                #expect(start == next, "a chunk of \(first)...\(last) starts at \(start), not \(next)")
                #expect(try message.encode().count <= WireFormat.maxPacketBytes(for: .frameLog))
                got += frames
                next = start + Int32(frames.count)
            }
            #expect(got == Array(everything[Int(first)...Int(last)]), "\(first)...\(last)")
        }
        #expect(harness.relay.frameLogs(from: 600, through: 700).isEmpty, "nothing past the newest frame")
        #expect(harness.relay.frameLogs(from: 200, through: 100).isEmpty)
    }

    @Test("Two bots through the relay reach the local match's hash, with no late inputs and no stalls to speak of")
    func cleanMatch() throws {
        let harness = try RelayHarness(frames: 600)
        #expect(harness.run())
        let reference = try RelayHarness.localHash(frames: 600)
        for session in harness.sessions {
            #expect(session.ending == .frameLimit)
            #expect(session.world.frame == 600)
            #expect(session.world.stateHash == reference)
            #expect(session.lateNotices == 0)
            #expect(session.malformedPackets == 0)
            #expect(session.stallTime < .milliseconds(100), "\(session.stallTime)")
        }
        #expect(harness.relay.ending == .frameLimit)
        #expect(harness.relay.refusals.isEmpty, "\(harness.relay.refusals)")
        #expect(harness.relay.log.count == 600)
    }

    @Test("A player who freezes delays only themselves: the other never waits, the frozen one catches up, hashes agree")
    func frozenPlayer() throws {
        let harness = try RelayHarness(frames: 900)
        while harness.sessions[0].world.frame < 200 { harness.step() }
        // Player 2 is frozen for 5 s: it neither sends nor runs.
        harness.deaf = [2]
        for _ in 0..<5000 { harness.step() }
        #expect(harness.sessions[0].world.frame >= 200 + 140, "player 1 went on: \(harness.sessions[0].world.frame)")
        #expect(harness.sessions[1].world.frame < 220)
        harness.deaf = []
        #expect(harness.run())
        #expect(harness.sessions[0].stallTime < .milliseconds(200), "player 1 never waited: \(harness.sessions[0].stallTime)")
        #expect(harness.sessions[0].world.stateHash == harness.sessions[1].world.stateHash)
        #expect(harness.sessions.allSatisfy { $0.world.frame == 900 })
    }

    @Test("Commands that arrive after their frame closed land in the next open frame, and their sender is told")
    func lateCommands() throws {
        let relay = Self.bareRelay()
        _ = relay.tick(now: .milliseconds(340))  // frames 0...10 closed
        #expect(relay.lastClosed == 10)
        let command = PlayerCommand(text: "scouts hold", orders: [])
        var frames = Array(repeating: FrameInput(), count: 6)
        frames[5][player: 1] = [command]  // frames 3...8, a command in frame 8: late
        let actions = relay.receive(.inputs(player: 1, firstFrame: 3, frames: frames), from: 1, size: 40, now: .milliseconds(341))
        #expect(actions == [.send(seat: 1, .lateInput(asked: 8, landed: 11))])
        _ = relay.tick(now: .milliseconds(370))
        #expect(relay.log[11][player: 1] == [command])
        #expect(relay.log[8].isEmpty)
    }

    @Test("A seat speaking for the other, outside the window or acknowledging frames never closed is refused, then kicked")
    func hostileSeat() throws {
        let relay = Self.bareRelay()
        _ = relay.tick(now: .milliseconds(100))
        let empty = [FrameInput()]
        #expect(relay.receive(.inputs(player: 1, firstFrame: 3, frames: empty), from: 2, size: 20, now: .milliseconds(101)).isEmpty)
        #expect(relay.receive(.inputs(player: 2, firstFrame: 5000, frames: empty), from: 2, size: 20, now: .milliseconds(102)).isEmpty)
        #expect(relay.receive(.ack(player: 0, throughFrame: 900), from: 2, size: 15, now: .milliseconds(103)).isEmpty)
        #expect(relay.receive(.matchStart(relay.matchStart(for: 2)), from: 2, size: 99, now: .milliseconds(104)).isEmpty)
        #expect(relay.refusals.count == 4)
        #expect(relay.refusals[0] == "seat 2: inputs for player 1 from seat 2")
        var last: [MatchRelay.Action] = []
        // Four refused so far: the 21st refusal is the one that kicks.
        for _ in 0..<(MatchRelay.violationLimit - 3) {
            last = relay.receive(.inputs(player: 1, firstFrame: 3, frames: empty), from: 2, size: 20, now: .milliseconds(105))
        }
        guard case .kick(2, let reason)? = last.last else {
            Issue.record("seat 2 was not kicked: \(last)")
            return
        }
        #expect(reason.hasPrefix("kicked after 21 refused packets"))
        #expect(!relay.isConnected(2))
        #expect(relay.isConnected(1))
        #expect(relay.ending == nil, "the match goes on")
        // The kicked seat is heard no more.
        #expect(relay.receive(.inputs(player: 1, firstFrame: 3, frames: empty), from: 2, size: 20, now: .milliseconds(106)).isEmpty)
        #expect(relay.refusals.count == MatchRelay.violationLimit + 1)
    }

    @Test("Different state hashes end the match as a desync: each seat gets the other's hash, the dumps are kept, then both are told")
    func desync() throws {
        let relay = Self.bareRelay()
        _ = relay.tick(now: .milliseconds(1200))
        #expect(relay.receive(.stateHash(frame: 30, hash: 5), from: 1, size: 21, now: .seconds(1)).isEmpty)
        #expect(relay.receive(.stateHash(frame: 30, hash: 5), from: 2, size: 21, now: .seconds(1)).isEmpty)
        #expect(relay.ending == nil)
        _ = relay.receive(.stateHash(frame: 0, hash: 1), from: 1, size: 21, now: .seconds(1))
        let asked = relay.receive(.stateHash(frame: 0, hash: 2), from: 2, size: 21, now: .seconds(1))
        #expect(relay.ending == .desync(frame: 0))
        // Each seat gets the other's hash: one copy now, then one a tick, three in all, as
        // hashes travel unreliably and copies sent together would be lost together.
        #expect(asked == [.send(seat: 1, .stateHash(frame: 0, hash: 2)), .send(seat: 2, .stateHash(frame: 0, hash: 1))])
        // Not over until the dumps are in (or the wait runs out).
        #expect(!relay.allDelivered)
        let later = relay.tick(now: .milliseconds(1300))
        #expect(later.allSatisfy { if case .send(_, .leave) = $0 { false } else { true } })
        #expect(later.filter { if case .send(_, .stateHash) = $0 { true } else { false } }.count == 2)
        let kept = relay.receive(.stateDump(frame: 0, text: "one's state"), from: 1, size: 30, now: .milliseconds(1400))
        #expect(kept == [.keepDump(seat: 1, frame: 0, text: "one's state")])
        #expect(relay.receive(.stateDump(frame: 0, text: "again"), from: 1, size: 30, now: .milliseconds(1400)).isEmpty)
        #expect(relay.receive(.stateDump(frame: 7, text: "wrong frame"), from: 2, size: 30, now: .milliseconds(1400)).isEmpty)
        _ = relay.receive(.stateDump(frame: 0, text: "two's state"), from: 2, size: 30, now: .milliseconds(1500))
        let told = relay.tick(now: .milliseconds(1500))
        #expect(told.contains(.send(seat: 1, .leave(reason: .desync, text: "state hashes differ after frame 0"))))
        #expect(told.contains(.send(seat: 2, .leave(reason: .desync, text: "state hashes differ after frame 0"))))
    }

    @Test("A seat that never sends its dump delays the end of a desync by the dump wait only")
    func desyncWithoutDumps() throws {
        let relay = Self.bareRelay()
        _ = relay.tick(now: .milliseconds(100))
        _ = relay.receive(.stateHash(frame: 0, hash: 1), from: 1, size: 21, now: .milliseconds(100))
        _ = relay.receive(.stateHash(frame: 0, hash: 2), from: 2, size: 21, now: .milliseconds(100))
        #expect(!relay.tick(now: .milliseconds(100) + MatchRelay.dumpWait - .milliseconds(1)).contains { if case .send(_, .leave) = $0 { true } else { false } })
        #expect(relay.tick(now: .milliseconds(100) + MatchRelay.dumpWait).filter { if case .send(_, .leave) = $0 { true } else { false } }.count == 2)
    }

    @Test("The frame log stays small: a 20-minute match of empty frames in under 100 KB, every frame still at hand")
    func frameLogSize() {
        var log = FrameLog()
        for _ in 0..<36_000 { log.append(FrameInput()) }
        #expect(log.byteCount < 100_000, "\(log.byteCount)")
        #expect(log[35_999] == FrameInput())
        var busy = FrameLog()
        let command = PlayerCommand(text: "tanks hold", orders: [])
        func expected(_ frame: Int32) -> FrameInput { frame % 7 == 0 ? FrameInput(player1: [command]) : FrameInput() }
        for frame in Int32(0)..<1000 { busy.append(expected(frame)) }
        // Old frames decode from a checkpoint; the last few seconds are kept decoded; a range may span both.
        #expect(busy[63] == expected(63))
        #expect(busy[64] == FrameInput())
        #expect(busy.frames(60...64) == (60...64).map(expected))
        #expect(busy.frames(990...999) == (990...999).map(expected))
        #expect(busy.frames(700...999) == (700...999).map(expected))
    }

    @Test("A rejoin's transfer is cut into messages that each fit when a busy match outgrew one; together they hold every frame in order")
    func rejoinTransferInParts() throws {
        let relay = Self.bareRelay()
        let wordy = PlayerCommand(text: String(repeating: "snipers hold the north ridge facing the bridge ", count: 9), orders: [])
        // Seat 1 gives a long order every frame for three minutes, at its frame's time:
        // within the rate limits, and well over a megabyte of frames.
        let period = MatchRelay.framePeriod
        for frame in Int32(0)..<5400 {
            if frame >= Rules.inputDelay {
                let refused = relay.refusalCount
                _ = relay.receive(
                    .inputs(
                        player: 1, firstFrame: frame, frames: [FrameInput(player1: [wordy])], ackThrough: relay.lastClosed),
                    from: 1, size: 460, now: period * Int(frame) - .milliseconds(1))
                #expect(relay.refusalCount == refused, "\(relay.refusals.suffix(1))")
            }
            _ = relay.tick(now: period * Int(frame))
        }
        #expect(relay.lastClosed == 5399)
        let parts = relay.reconnected(2, now: period * 5400)
        #expect(parts.count >= 2, "\(parts.count) parts")
        var frames: [FrameInput] = []
        for part in parts {
            let bytes = try part.encode()
            #expect(bytes.count <= WireFormat.maxPacketBytes(for: .frameLog), "\(bytes.count) bytes")
            guard case .frameLog(let first, let inputs) = try WireMessage.decode(bytes) else {
                Issue.record("not a frame log: \(part.kind)")
                continue
            }
            #expect(first == Int32(frames.count))
            frames += inputs
        }
        #expect(frames == relay.log.frames(0...5399))
        #expect(frames[5399] == FrameInput(player1: [wordy]))
    }

    @Test("Coming back forgives no rule break, and a seat is not sent the whole match twice within a second")
    func rejoinKeepsCount() {
        let relay = Self.bareRelay()
        _ = relay.tick(now: .milliseconds(100))
        for _ in 0..<MatchRelay.violationLimit {
            #expect(relay.refuseUnreadable(from: 2, why: "junk", now: .milliseconds(100)).isEmpty)
        }
        relay.disconnected(2)
        #expect(relay.mayRejoin(2, now: .milliseconds(200)))
        _ = relay.reconnected(2, now: .milliseconds(200))
        #expect(!relay.mayRejoin(2, now: .milliseconds(700)))
        #expect(relay.mayRejoin(2, now: .milliseconds(1200)))
        // The twenty-first refusal kicks, rejoin or not.
        let last = relay.refuseUnreadable(from: 2, why: "junk", now: .milliseconds(300))
        #expect(last.contains { if case .kick(2, _) = $0 { true } else { false } }, "\(last)")
    }
}

@Suite("The relay's memory over a long match")
struct RelayMemoryTests {
    @Test("what the relay keeps per seat of frames sent stays bounded while the seats acknowledge")
    func sentRecordsBounded() throws {
        let harness = try RelayHarness(frames: 3000)
        #expect(harness.run())
        for seat in harness.relay.seats.indices {
            let sends = Mirror(reflecting: harness.relay.seats[seat].schedule).children.first { $0.label == "sends" }?.value as? [Any]
            #expect((sends?.count ?? -1) <= 512, "seat \(seat + 1) keeps \(sends?.count ?? -1) records of 3000 frames")
        }
    }

    @Test("a seat that keeps talking but acknowledges nothing is kicked after 30 s; a silent one keeps its seat")
    func silentSeatKicked() {
        let relay = MatchRelayTests.bareRelay()
        var kicked: [Int: Duration] = [:]
        for ms in stride(from: 0, through: 40_000, by: 10) {
            let now = Duration.milliseconds(ms)
            // Seat 1 sends a hash every 100 ms and never acknowledges; seat 2 says nothing.
            if ms % 100 == 0 { _ = relay.receive(.stateHash(frame: 0, hash: 1), from: 1, size: 12, now: now) }
            for action in relay.tick(now: now) {
                if case .kick(let seat, let reason) = action {
                    kicked[seat] = now
                    #expect(reason.contains("acknowledged no frame"), "\(reason)")
                }
            }
        }
        #expect(kicked.keys.sorted() == [1], "the silent seat 2 waits for its rejoin window instead")
        if let at = kicked[1] { #expect(at > .seconds(30) && at < .seconds(31), "\(at)") }
        #expect(relay.isKicked(1) && !relay.isKicked(2))
    }

    @Test("a frame a seat never sends holds its later inputs back only so long, then counts as empty")
    func missingFrameGivenUp() {
        let relay = MatchRelayTests.bareRelay()
        let order = PlayerCommand(text: "scouts stop", orders: [Order(units: [1, 2], action: .stop)])
        let period = MatchRelay.framePeriod
        // Seat 1 sends every frame's input but frame 10's, acknowledging as it goes.
        for frame in Int32(0)..<400 {
            let now = period * Int(frame)
            let ahead = frame + Rules.inputDelay
            if ahead != 10 {
                var input = FrameInput()
                if ahead % 50 == 0 { input[player: 1] = [order] }
                _ = relay.receive(
                    .inputs(player: 1, firstFrame: ahead, frames: [input], ackThrough: relay.lastClosed),
                    from: 1, size: 20, now: now - .milliseconds(1))
            }
            _ = relay.tick(now: now)
        }
        #expect(relay.refusals.contains { $0.contains("frames 10 to 10 never came") }, "\(relay.refusals)")
        // Orders after the gap ran, late by the wait at most, and none was lost.
        // (Those held back land together in the first open frame after the wait.)
        let ran = relay.log.frames(0...relay.lastClosed).reduce(0) { $0 + $1.commands[0].count }
        #expect(ran == (0...Int(relay.lastClosed)).filter { $0 % 50 == 0 && $0 != 0 }.count)
    }

    @Test("a seat that is gone keeps no record of frames; one that comes back keeps none of the log it was sent")
    func rejoinKeepsNoRecords() {
        let relay = MatchRelayTests.bareRelay()
        _ = relay.tick(now: .seconds(10))
        relay.disconnected(2)
        _ = relay.tick(now: .seconds(20))
        #expect(relay.seats[1].schedule.recordsKept == 0, "a gone seat is not recorded")
        let log = relay.reconnected(2, now: .seconds(20))
        #expect(!log.isEmpty)
        #expect(relay.seats[1].schedule.recordsKept == 0, "none for the log sent to seat 2")
        #expect(relay.seats[1].schedule.newest == relay.lastClosed)
        #expect(relay.seats[0].schedule.recordsKept == 601, "seat 1, there all along, has its own")
        // The next frame closed goes to seat 2 frame by frame, after the log.
        let next = relay.tick(now: .seconds(20) + MatchRelay.framePeriod)
        let fed = next.compactMap { action -> Int32? in
            if case .send(2, .inputs(_, let first, _, _)) = action { return first } else { return nil }
        }
        #expect(fed == [relay.lastClosed], "\(next)")
    }
}
