import FoglineNet
import FoglineSim
import Testing

@Suite("Lock-step session over a memory link")
struct LockstepSessionTests {
    @Test("A clean link: both sides reach the local match's hash, never stall, 3 frames from input to execution")
    func cleanLink() throws {
        let pair = try SessionPair(frames: 300)
        #expect(pair.run())
        let reference = try SessionPair.localHash(frames: 300)
        for session in pair.sessions {
            #expect(session.ending == .frameLimit)
            #expect(session.world.frame == 300)
            #expect(session.world.stateHash == reference)
            #expect(session.stalledFrames == 0)
            #expect(session.malformedPackets == 0)
            // One hash a second, each compared (the last may still be on its way at the end).
            #expect(session.hashesCompared >= 300 / Int(LockstepSession.hashInterval) - 1)
            // Every input ran exactly three frame periods (100 ms) after it was entered.
            #expect(session.inputLatencies.count == 297)
            #expect(session.inputLatencies.allSatisfy { (99...101).contains($0) })
        }
        #expect(pair.ran[0] == pair.ran[1])
    }

    @Test(
        "Loss, delay, jitter, reordering and duplication change nothing but timing",
        arguments: [
            NetConditions(lossPercent: 1, delayMilliseconds: 25),
            NetConditions(lossPercent: 5, delayMilliseconds: 50, jitterMilliseconds: 10, reorderPercent: 2),
            NetConditions(lossPercent: 20, delayMilliseconds: 100),
            NetConditions(lossPercent: 5, delayMilliseconds: 10, jitterMilliseconds: 30, reorderPercent: 10, duplicatePercent: 10),
        ])
    func degradedLink(conditions: NetConditions) throws {
        let pair = try SessionPair(frames: 600, conditions: conditions)
        #expect(pair.run())
        let reference = try SessionPair.localHash(frames: 600)
        for session in pair.sessions {
            #expect(session.ending == .frameLimit)
            #expect(session.world.stateHash == reference)
            #expect(session.malformedPackets == 0)
        }
        if conditions.lossPercent <= 5 && conditions.delayMilliseconds <= 60 {
            // The budget of DESIGN.md section 10: under 2% of frames stalled.
            for session in pair.sessions { #expect(session.stalledFrames * 50 < 600) }
        }
        if conditions.lossPercent > 0 { #expect(pair.conditioned.contains { $0.dropped > 0 }) }
    }

    @Test("A side that starts late is waited for, and the side ahead slows until they run together")
    func clockAlignment() throws {
        let pair = try SessionPair(frames: 900, secondStartsLate: .milliseconds(150))
        #expect(pair.run())
        // Ahead by 4.5 frames, side 1 would wait on every frame without slowing down.
        #expect(pair.sessions[0].stalledFrames < 90)
        #expect(pair.sessions[1].stalledFrames == 0)
        #expect(pair.sessions[0].world.stateHash == pair.sessions[1].world.stateHash)
    }

    @Test("A forced desync is found at the first hashed frame after it, and each side ends with both dumps")
    func desync() throws {
        // Hashes are taken once a second (frames 180, 210, ...): a change after 200 shows at 210.
        let pair = try SessionPair(frames: 600, perturb: (player: 2, frame: 200))
        #expect(pair.run())
        var reports: [DesyncReport] = []
        for session in pair.sessions {
            guard case .desync(let report)? = session.ending else {
                Issue.record("expected a desync, got \(String(describing: session.ending))")
                return
            }
            #expect(report.frame == 210)
            #expect(report.peerDump != nil)
            #expect(report.localDump.contains("\"frame\": 211"))
            #expect(session.world.frame < 260)
            reports.append(report)
        }
        #expect(reports[0].peerDump == reports[1].localDump)
        #expect(reports[1].peerDump == reports[0].localDump)
        #expect(reports[0].localDump != reports[1].localDump)
    }

    @Test("A link that breaks ends the match as a lost connection, which nobody wins")
    func peerVanishes() throws {
        let pair = try SessionPair(frames: 600)
        pair.run(side: 0, untilFrame: 100)
        pair.links.0.dropPeer()
        pair.sessions[0].pump()
        #expect(pair.sessions[0].ending == .connectionLost)
        #expect(pair.sessions[0].ending?.peerForfeits == false)
        #expect(pair.sessions[0].isEnded)
    }

    @Test("A peer that quits is told apart from one that finished")
    func peerQuits() throws {
        let pair = try SessionPair(frames: 600)
        pair.run(side: 1, untilFrame: 50)
        pair.sessions[1].quit()
        pair.clock.advance(by: .milliseconds(1))
        pair.sessions[0].pump()
        #expect(pair.sessions[1].ending == .localQuit)
        guard case .peerLeft(.quit, _)? = pair.sessions[0].ending else {
            Issue.record("expected the peer to have quit, got \(String(describing: pair.sessions[0].ending))")
            return
        }
        #expect(pair.sessions[0].ending?.peerForfeits == true)
    }

    @Test("Garbage, forged and impossible packets are counted and ignored; the match goes on")
    func malformedPackets() throws {
        let pair = try SessionPair(frames: 300)
        pair.run(side: 0, untilFrame: 100)
        let forged: [WireMessage] = [
            .inputs(player: 1, firstFrame: 110, frames: [FrameInput()]),  // player 1 speaking for itself to itself
            .ack(player: 2, throughFrame: 5),  // an ack of the wrong player's inputs
            .ack(player: 1, throughFrame: 100_000),  // an ack of frames never sent
            .inputs(player: 2, firstFrame: 5000, frames: [FrameInput()]),  // far beyond the horizon
            .refused("go away"),  // a refusal in the middle of a match
        ]
        for message in forged { pair.links.0.inject(try message.encode()) }
        // A repeated hello is the joiner's handshake arriving late: ignored, not counted.
        pair.links.0.inject(try WireMessage.hello(WireHello(mapHash: 0, playerName: "guest", role: .player)).encode())
        pair.links.0.inject([0x46, 0x4C, 1, 0, 3, 255, 255, 255, 255])  // a header promising 4 GiB
        pair.links.0.inject([])
        pair.links.0.inject(Array(repeating: 0xAB, count: 70_000))
        #expect(pair.run())
        #expect(pair.sessions[0].malformedPackets == forged.count + 3)
        #expect(pair.sessions[0].ending == .frameLimit)
        #expect(pair.sessions[0].world.stateHash == pair.sessions[1].world.stateHash)
        #expect(pair.sessions[0].world.stateHash == (try SessionPair.localHash(frames: 300)))
    }

    @Test("A stalled session says whom it waits for, and counts the frame once")
    func stallIsReported() throws {
        let pair = try SessionPair(frames: 600)
        pair.run(side: 0, untilFrame: 60)
        // Side 2 stops pumping: side 1 runs out of its inputs within the input delay.
        for _ in 0..<500 {
            pair.sessions[0].pump()
            pair.clock.advance(by: .milliseconds(1))
        }
        #expect(pair.sessions[0].waitingFor == "player 2")
        #expect(pair.sessions[0].stalledFrames == 1)
        #expect(pair.sessions[0].world.frame <= 60 + 4)
        #expect(pair.run())
        #expect(pair.sessions[0].waitingFor == nil)
        #expect(pair.sessions[0].world.stateHash == pair.sessions[1].world.stateHash)
    }

    @Test("A stalled session sleeps until something can happen instead of spinning")
    func stallDoesNotSpin() throws {
        let pair = try SessionPair(frames: 600)
        pair.run(side: 0, untilFrame: 60)
        for _ in 0..<200 {
            pair.sessions[0].pump()
            pair.clock.advance(by: .milliseconds(1))
        }
        #expect(pair.sessions[0].stalledFor != nil)
        #expect(pair.sessions[0].nextWake > pair.clock.now)
    }

    @Test("A peer that stays connected but sends nothing for the peer timeout is a lost connection, not before")
    func silentPeer() throws {
        let pair = try SessionPair(frames: 6000)
        pair.run(side: 0, untilFrame: 60)
        let silenceStarted = pair.clock.now
        var shown: [Int64] = []
        while !pair.sessions[0].isEnded && pair.clock.now < .seconds(60) {
            pair.sessions[0].pump()
            if let silent = pair.sessions[0].silentFor, shown.last != silent.wholeMilliseconds / 1000 {
                shown.append(silent.wholeMilliseconds / 1000)
            }
            pair.clock.advance(by: .milliseconds(5))
        }
        #expect(pair.sessions[0].ending == .connectionLost)
        let endedAfter = pair.clock.now - silenceStarted
        // Counted from the last packet side 1 sent, a frame or so before the loop started.
        #expect(endedAfter > LockstepSession.defaultPeerTimeout - .milliseconds(100), "\(endedAfter)")
        #expect(endedAfter <= LockstepSession.defaultPeerTimeout, "\(endedAfter)")
        // The silence was counted second by second from 1 s.
        #expect(shown.first == 1 && shown.last == 29, "\(shown)")
    }

    @Test("A silence shorter than the peer timeout is counted, then play resumes with equal hashes")
    func silenceSurvived() throws {
        let pair = try SessionPair(frames: 900)
        pair.run(side: 0, untilFrame: 150)
        // Side 1 goes quiet for 20 s (a frozen process, a dead radio); side 0 waits.
        let quietUntil = pair.clock.now + .seconds(20)
        var longestSilence = Duration.zero
        while pair.clock.now < quietUntil {
            pair.sessions[0].pump()
            longestSilence = max(longestSilence, pair.sessions[0].silentFor ?? .zero)
            pair.clock.advance(by: .milliseconds(5))
        }
        #expect(longestSilence >= .seconds(19))
        #expect(!pair.sessions[0].isEnded)
        #expect(pair.run())
        for session in pair.sessions {
            #expect(session.ending == .frameLimit)
            #expect(session.world.frame == 900)
            #expect(session.silentFor == nil)
        }
        #expect(pair.sessions[0].world.stateHash == pair.sessions[1].world.stateHash)
        #expect(pair.sessions[0].longestStall >= .seconds(19), "\(pair.sessions[0].longestStall)")
        // The time lost is about the silence (a few frames of it are caught up at once).
        #expect(pair.sessions[0].stallTime >= .seconds(19), "\(pair.sessions[0].stallTime)")
    }

    @Test("Stall time is the time lost: never more than the match lasted, and what it took beyond 10 s for 300 frames")
    func stallAccounting() throws {
        // 150 ms each way is more than the 100 ms input delay: every frame waits a little.
        let pair = try SessionPair(frames: 300, conditions: NetConditions(delayMilliseconds: 150))
        #expect(pair.run())
        for session in pair.sessions {
            let lasted = (session.playEndedAt ?? .zero) - session.startedAt
            #expect(session.stallTime > .zero)
            #expect(session.stallTime <= lasted, "\(session.stallTime) of \(lasted)")
            #expect(session.longestStall <= session.stallTime)
            // The 300 frames had 10 s of their own; the rest was spent waiting.
            let own = lasted - session.stallTime
            #expect(own > .seconds(10) - .milliseconds(1) && own < .seconds(10) + .milliseconds(1), "\(session.stallTime) of \(lasted)")
        }
    }

    @Test("A packet repeats at most the redundancy cap of unacknowledged frames, however long the backlog")
    func redundancyCap() throws {
        let pair = try SessionPair(frames: 600)
        // Side 1 is played by hand: its inputs arrive, its acknowledgements never do.
        let peerFrames = WireMessage.inputs(player: 2, firstFrame: 3, frames: Array(repeating: FrameInput(), count: 60))
        pair.links.0.inject(try peerFrames.encode())
        for _ in 0..<2000 {
            pair.sessions[0].pump()
            pair.clock.advance(by: .milliseconds(1))
        }
        #expect(pair.sessions[0].world.frame >= 55, "side 0 ran on the injected inputs")
        let frameCounts = pair.links.0.sentPackets.compactMap { sent -> Int? in
            guard case .inputs(_, _, let frames, _)? = try? WireMessage.decode(sent.packet) else { return nil }
            return frames.count
        }
        #expect(frameCounts.max() == Int(LockstepSession.redundancyCap), "\(frameCounts)")
    }

    @Test("A peer that stops early (says the match is over before it is) ends it with no winner, not a forfeit")
    func earlyMatchOver() throws {
        let pair = try SessionPair(frames: 300, secondFrames: 120)
        #expect(pair.run())
        #expect(pair.sessions[1].ending == .frameLimit)
        // Only a `leave(quit)` makes a winner; inputs that never come are a lost connection.
        #expect(pair.sessions[0].ending == .connectionLost)
        #expect(pair.sessions[0].ending?.peerForfeits == false)
        // It runs what the early leaver sent: up to its last frame plus the input delay.
        #expect((120...123).contains(pair.sessions[0].world.frame))
    }

    @Test("Leaving during the linger after the last frame leaves the peer's ending as it was")
    func quitWhileFinishing() throws {
        let pair = try SessionPair(frames: 120)
        pair.run(side: 0, untilFrame: 120)
        while pair.sessions[0].ending == nil {
            for session in pair.sessions { session.pump() }
            pair.clock.advance(by: .milliseconds(1))
        }
        #expect(!pair.sessions[0].isEnded, "still lingering for the peer")
        pair.sessions[0].quit()
        #expect(pair.run())
        #expect(pair.sessions[0].ending == .frameLimit)
        #expect(pair.sessions[1].ending == .frameLimit)
    }

    @Test("More than a frame can carry is spread over the next frames, and both sides still agree")
    func oversizedInput() throws {
        let pair = try SessionPair(frames: 200)
        let long = String(repeating: "é", count: 600)  // 1,200 bytes
        var sent = false
        pair.sessions[0].commandSource = { view in
            guard !sent, view.frame == 30 else { return [] }
            sent = true
            let order = Order(units: [1], action: .hold, target: nil, facing: .north)
            return (0..<12).map { _ in PlayerCommand(text: long, orders: Array(repeating: order, count: 20)) }
        }
        #expect(pair.run())
        #expect(pair.sessions[0].ending == .frameLimit && pair.sessions[1].ending == .frameLimit)
        #expect(pair.sessions[0].world.stateHash == pair.sessions[1].world.stateHash)
        #expect(pair.sessions[0].malformedPackets == 0 && pair.sessions[1].malformedPackets == 0)
        // 12 commands of 20 orders became 24 commands: 8 in each of three frames.
        let counts = pair.ran[1].map { $0[player: 1].count }.filter { $0 > 0 }
        #expect(counts == [8, 8, 8])
        #expect(pair.ran[1].flatMap { $0[player: 1] }.allSatisfy { $0.text.utf8.count <= 512 && $0.orders.count <= 16 })
    }
}
