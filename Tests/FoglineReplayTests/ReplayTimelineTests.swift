import Foundation
import FoglineMatch
import FoglineReplay
import FoglineSim
import Testing

/// The replay viewer's seek engine: any frame, reached by any route, is the same world.
@Suite("Replay timeline")
struct ReplayTimelineTests {
    /// Small snapshots and caches, so a test crosses many of their boundaries.
    static let tight = ReplayTimeline.Configuration(snapshotInterval: 50, recentLimit: 40, lookBehind: 10)

    @Test("stepping back from N gives the world stepping forward to N gives, for many random N")
    func stepBackEqualsStepForward() throws {
        let replay = BotReplays.long
        let forward = try BotReplays.forwardHashes(replay)
        #expect(forward.count == Int(replay.endFrame) + 1)
        let timeline = try ReplayTimeline(replay: replay, configuration: Self.tight)
        timeline.indexAll()
        #expect(timeline.totalFrames == replay.endFrame)
        var rng = ReplayTestRandom(seed: 42)
        // Random frames, and frames on either side of snapshot boundaries.
        var targets = (0..<150).map { _ in Int32.random(in: 0...replay.endFrame, using: &rng) }
        for k in Int32(1)...8 { targets += [k * 50 - 1, k * 50, k * 50 + 1] }
        targets.shuffle(using: &rng)
        var checked = 0
        for n in targets {
            #expect(timeline.world(at: n).stateHash == forward[Int(n)], "jump to \(n)")
            // Step back across at least one snapshot and past the recent worlds kept.
            let back = Int32.random(in: 1...120, using: &rng)
            var frame = n
            while frame > 0 && frame > n - back {
                frame -= 1
                let world = timeline.world(at: frame)
                #expect(world.frame == frame)
                #expect(world.stateHash == forward[Int(frame)], "step back from \(n) to \(frame)")
                checked += 1
            }
            // And forward again a little, as a viewer does after looking back.
            for f in frame...min(frame + 5, replay.endFrame) {
                #expect(timeline.world(at: f).stateHash == forward[Int(f)], "step forward to \(f)")
            }
        }
        #expect(checked > 5_000)
    }

    @Test("a live timeline fed the frames in random runs reaches every frame and event the whole replay's does")
    func liveAppend() throws {
        let replay = BotReplays.long
        let forward = try BotReplays.forwardHashes(replay)
        let whole = try ReplayTimeline(replay: replay, configuration: Self.tight)
        whole.indexAll()
        // The frames as a spectator gets them: runs of 1 to 400, from an empty replay.
        let live = try ReplayTimeline(replay: Replay(header: replay.header), configuration: Self.tight)
        #expect(live.totalFrames == 0 && live.isIndexed)
        var indexed: [(Int32, UInt64)] = []
        live.frameIndexed = { frame, _, world in indexed.append((frame, world.stateHash)) }
        var rng = ReplayTestRandom(seed: 9)
        var next: Int32 = 0
        while next < replay.endFrame {
            let run = min(Int32.random(in: 1...400, using: &rng), replay.endFrame - next)
            live.append((next..<(next + run)).map { replay.input(at: $0) })
            next += run
            #expect(live.totalFrames == next && live.replay.endFrame == next)
            // Some of it indexed in slices, and a look back, as the watch screen does.
            live.index(frames: Int.random(in: 0...300, using: &rng))
            let look = Int32.random(in: 0...next, using: &rng)
            #expect(live.world(at: look).stateHash == forward[Int(look)], "frame \(look) of \(next)")
        }
        live.indexAll()
        #expect(live.totalFrames == whole.totalFrames)
        #expect(live.events == whole.events)
        #expect(live.replay.inputs == replay.inputs)
        // Every frame was told to the recorder's hook once, in order, with the world after it.
        #expect(indexed.map(\.0) == Array(0..<replay.endFrame))
        #expect(indexed.map(\.1) == Array(forward.dropFirst()))
        for n in [0, 1, 777, replay.endFrame - 1, replay.endFrame] {
            #expect(live.world(at: n).stateHash == forward[Int(n)])
        }
    }

    @Test("a frame past the indexed part is reached by indexing up to it; slices add up to the whole")
    func incrementalIndexing() throws {
        let replay = BotReplays.long
        let forward = try BotReplays.forwardHashes(replay)
        let timeline = try ReplayTimeline(replay: replay, configuration: Self.tight)
        #expect(timeline.indexedFrame == 0 && !timeline.isIndexed)
        #expect(!timeline.index(frames: 300))
        #expect(timeline.indexedFrame == 300)
        #expect(timeline.world(at: 1_234).stateHash == forward[1_234])
        #expect(timeline.indexedFrame == 1_234)
        #expect(timeline.world(at: 77).stateHash == forward[77])
        while !timeline.index(frames: 333) {}
        #expect(timeline.indexedFrame == replay.endFrame)
        let whole = try ReplayTimeline(replay: replay, configuration: Self.tight)
        whole.indexAll()
        #expect(whole.events == timeline.events)
        #expect(whole.snapshotCount == timeline.snapshotCount)
    }

    @Test("a small memory budget widens the snapshot interval and keeps seeking exact")
    func memoryBudget() throws {
        let replay = BotReplays.long
        let forward = try BotReplays.forwardHashes(replay)
        let roomy = try ReplayTimeline(replay: replay, configuration: Self.tight)
        roomy.indexAll()
        #expect(roomy.snapshotInterval == 50)
        #expect(roomy.snapshotCount == Int(replay.endFrame / 50) + 1)
        let perSnapshot = roomy.snapshotMemory / roomy.snapshotCount
        #expect(perSnapshot > 1_000, "a world is more than a kilobyte: \(perSnapshot)")

        let budget = perSnapshot * 10
        let tight = try ReplayTimeline(
            replay: replay, configuration: .init(snapshotInterval: 50, memoryBudget: budget, recentLimit: 40, lookBehind: 10))
        tight.indexAll()
        #expect(tight.snapshotInterval > 50)
        #expect(tight.snapshotMemory <= budget + budget / 4, "\(tight.snapshotMemory) against \(budget)")
        var rng = ReplayTestRandom(seed: 7)
        for _ in 0..<40 {
            let n = Int32.random(in: 0...replay.endFrame, using: &rng)
            #expect(tight.world(at: n).stateHash == forward[Int(n)])
        }
    }

    @Test("events: every command, kill and capture, at the frame it shows; next and previous walk them")
    func events() throws {
        let replay = BotReplays.long
        let timeline = try ReplayTimeline(replay: replay)
        timeline.indexAll()
        let end = timeline.world(at: timeline.totalFrames)
        let commands = replay.inputs.reduce(0) { $0 + $1.input.commands.joined().count }
        let byCategory = Dictionary(grouping: timeline.events.compactMap(\.category)) { $0 }.mapValues(\.count)
        #expect(commands > 10 && byCategory[.command] == commands)
        #expect(byCategory[.kill] == Int(end.stats.map(\.losses).reduce(0, +)))
        #expect(byCategory[.capture] == Int(end.stats.map(\.captures).reduce(0, +)))
        #expect((byCategory[.kill] ?? 0) > 0 && (byCategory[.capture] ?? 0) > 0, "the match has fighting and captures")
        #expect(byCategory[.desync] == nil && timeline.mismatch == nil)
        #expect(timeline.events.map(\.frame) == timeline.events.map(\.frame).sorted())
        // A command in the input of frame F shows at F + 1.
        let firstInput = try #require(replay.inputs.first)
        let firstCommand = try #require(timeline.events.first { $0.category == .command })
        #expect(firstCommand.frame == firstInput.frame + 1)

        let marked = timeline.events.filter { $0.category != nil }
        var walked: [ReplayEvent] = []
        var at: Int32 = 0
        while let next = timeline.nextEvent(after: at) {
            #expect(next.frame > at)
            walked.append(next)
            at = next.frame
        }
        // Next stops once per frame that has marks: the first mark of each frame.
        var firstPerFrame: [ReplayEvent] = []
        for event in marked where firstPerFrame.last?.frame != event.frame { firstPerFrame.append(event) }
        #expect(walked == firstPerFrame)
        let back = try #require(timeline.previousEvent(before: timeline.totalFrames + 1))
        #expect(back == marked.last)
        #expect(timeline.previousEvent(before: marked[0].frame) == nil)
        #expect(timeline.nextEvent(after: timeline.totalFrames) == nil)
        // Only one side's commands.
        let p2 = timeline.nextEvent(after: 0) {
            if case .command(2, _) = $0.kind { return true }
            return false
        }
        #expect(p2 != nil)
    }

    @Test("a desync note and a hash the re-simulation misses are both desync events")
    func desyncs() throws {
        let original = BotReplays.long
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: original.header, syncOnFinish: false)
        try writer.writeNote("hosted by test")
        var hashes = original.hashes[...]
        for frame in Int32(0)..<original.endFrame {
            while let h = hashes.first, h.frame <= frame {
                // One recorded hash off by one bit: the re-simulation cannot match it.
                try writer.recordHash(frame: h.frame, hash: h.frame == 600 ? h.hash ^ 1 : h.hash)
                hashes = hashes.dropFirst()
            }
            try writer.record(frame: frame, input: original.input(at: frame))
            if frame == 899 { try writer.writeNote(ReplayNote.desync(at: 870, "hash 0123456789abcdef against fedcba9876543210")) }
        }
        for h in hashes { try writer.recordHash(frame: h.frame, hash: h.hash) }
        try writer.close()

        let replay = try ReplayReader.read(path: path)
        #expect(replay.notes.map(\.text).first == "hosted by test")
        #expect(replay.notes.count == 2 && replay.notes[1].desyncFrame == 870)
        let timeline = try ReplayTimeline(replay: replay)
        timeline.indexAll()
        #expect(timeline.mismatch?.frame == 600)
        let desyncs = timeline.events.filter { $0.category == .desync }
        #expect(desyncs.map(\.frame) == [600, 870])
        #expect(timeline.events.first { if case .note = $0.kind { return true } else { return false } }?.frame == 0)
        #expect(timeline.nextEvent(after: 599) { $0.category == .desync }?.frame == 600)
    }

    @Test("a match that ends: the last frame is the result's, and shows it")
    func finishedMatch() throws {
        let (replay, _) = try BotReplays.record(seed: 5, frames: 20_000, scoreLimit: 30)
        let result = try #require(replay.result)
        let timeline = try ReplayTimeline(replay: replay)
        #expect(timeline.totalFrames == result.frame)
        let end = timeline.world(at: .max)
        #expect(end.frame == result.frame && end.result == result)
        #expect(end.stateHash == replay.finalHash)
        #expect(timeline.isIndexed)
    }

    @Test("a player who left: the recorded forfeit ends the match at its frame")
    func forfeit() throws {
        let original = BotReplays.long
        let path = temporaryReplayPath()
        defer { removeTemporary(path) }
        let writer = try ReplayWriter(path: path, header: original.header, syncOnFinish: false)
        var world = try ReplayVerifier.initialWorld(of: original)
        while world.frame < 600 {
            let input = original.input(at: world.frame)
            try writer.record(frame: world.frame, input: input)
            world.step(input)
        }
        let left = MatchResult(winner: 2, reason: .forfeit, frame: 600, scores: world.scores)
        try writer.finish(result: left, finalHash: world.stateHash)
        let timeline = try ReplayTimeline(replay: try ReplayReader.read(path: path))
        #expect(timeline.totalFrames == 600)
        #expect(timeline.world(at: 599).result == nil)
        #expect(timeline.world(at: 600).result == left)
        #expect(timeline.isIndexed && timeline.mismatch == nil)
    }

    @Test("a damaged replay is seekable up to its last good chunk")
    func damaged() throws {
        let (whole, bytes) = try BotReplays.record(seed: 4, frames: 600)
        let cut = try ReplayReader.read(bytes: Array(bytes.prefix(bytes.count * 2 / 3)))
        let damage = try #require(cut.damage)
        #expect(cut.endFrame < whole.endFrame)
        let timeline = try ReplayTimeline(replay: cut)
        #expect(timeline.totalFrames == cut.endFrame)
        #expect(damage.lastGoodFrame == cut.endFrame - 1)
        let forward = try BotReplays.forwardHashes(whole)
        #expect(timeline.world(at: .max).stateHash == forward[Int(cut.endFrame)])
    }

    @Test("a frames chunk claiming 2^31 - 1 frames: the end is the map's time limit; snapshots and seeks stay bounded")
    func craftedFrameSpan() throws {
        var replay = BotReplays.long
        replay.endFrame = .max
        let timeline = try ReplayTimeline(replay: replay, configuration: Self.tight)
        let limit = timeline.initialWorld.map.timeLimitFrames
        #expect(timeline.totalFrames == limit)
        // Snapshots are thinned for the match's real length, not for 2^31 frames, so a
        // jump still starts from a snapshot close before it.
        timeline.index(frames: 1_000)
        let perSnapshot = timeline.snapshotMemory / timeline.snapshotCount
        #expect(perSnapshot * (Int(limit) / 50 + 1) < Self.tight.memoryBudget, "the real length fits the budget")
        #expect(timeline.snapshotInterval == 50 && timeline.snapshotCount == 21)
        let forward = try BotReplays.forwardHashes(BotReplays.long)
        #expect(timeline.world(at: 999).stateHash == forward[999])
        #expect(timeline.recentCount <= 45)
        // The rules end the match by the time limit at the latest: that is the last frame.
        timeline.indexAll()
        let end = timeline.world(at: .max)
        #expect(end.result != nil && end.frame <= limit && timeline.totalFrames == end.frame)
    }

    @Test("a long jump keeps at most recentLimit (and an eighth) of the worlds it steps through")
    func recentWorldsBounded() throws {
        let replay = BotReplays.long
        let forward = try BotReplays.forwardHashes(replay)
        let sparse = ReplayTimeline.Configuration(snapshotInterval: 1_000, recentLimit: 40, lookBehind: 10)
        let timeline = try ReplayTimeline(replay: replay, configuration: sparse)
        timeline.indexAll()
        for target: Int32 in [999, 1_998, 2_399, 500, 1_500] {
            #expect(timeline.world(at: target).stateHash == forward[Int(target)], "jump to \(target)")
            #expect(timeline.world(at: target - 39).stateHash == forward[Int(target) - 39], "back from \(target)")
        }
        #expect(timeline.recentPeak <= 45, "held \(timeline.recentPeak) worlds at once")
        #expect(timeline.recentCount <= 45)
    }

    @Test("another rules version is refused with a message that says so")
    func otherRules() throws {
        var replay = BotReplays.long
        replay.header.rulesVersion = Rules.version + 1
        let error = #expect(throws: ReplayError.self) { try ReplayTimeline(replay: replay) }
        #expect(error?.message.contains("rules version \(Rules.version + 1)") == true)
    }
}
