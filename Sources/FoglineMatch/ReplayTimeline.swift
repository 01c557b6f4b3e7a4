import FoglineReplay
import FoglineSim

/// Reaches any frame of a replay at once, backwards as well as forwards: the replay
/// viewer's seek engine.
///
/// The replay is re-simulated once from its own header ("indexing"). On the way the
/// timeline keeps a copy of the world every `snapshotInterval` frames, the events worth
/// showing (`ReplayEvent`: commands, kills, captures, desyncs, notes) and checks every
/// recorded state hash. Afterwards a frame is reached from the snapshot at or before it
/// in at most `snapshotInterval + lookBehind` steps, and the worlds stepped through stay
/// (the last `recentLimit` of them), so a step back or forward from there is a lookup.
///
/// Indexing can be done at once (`indexAll()`) or a slice at a time (`index(frames:)`),
/// so a viewer shows the first frame before the last one is simulated; asking for a frame
/// past the indexed part indexes up to it first (a viewer that must stay responsive asks
/// only for frames near `indexedFrame` and lets its slices reach the others).
///
/// Memory is bounded: when the snapshots' estimated size (`World.estimatedBytes`) would
/// pass `Configuration.memoryBudget` by the end of the replay, the interval doubles and
/// every other snapshot is dropped. The end is never taken past the map's time limit
/// (a damaged or crafted frames chunk may claim up to 2^31 - 1 frames), and at most
/// `recentLimit` (plus an eighth) recent worlds are held at any moment.
///
/// A live match (a spectator's) grows at its end: `append(_:)` adds the frames that came
/// in, and indexing goes on from where it was.
///
/// Not thread-safe: reading a frame updates the caches. Use it from one thread.
public final class ReplayTimeline {
    /// How densely to snapshot and how much to keep.
    public struct Configuration: Sendable {
        /// Frames between snapshots to start with (it doubles when memory runs short).
        public var snapshotInterval: Int32
        /// The most the snapshots may take, in estimated bytes.
        public var memoryBudget: Int
        /// Worlds kept from the last frames reached, for steps without re-simulating.
        public var recentLimit: Int
        /// Frames before a target that a jump steps through and keeps, so what led up to
        /// it (shots, deaths) can be shown without another jump.
        public var lookBehind: Int32

        public init(snapshotInterval: Int32 = 60, memoryBudget: Int = 64 << 20, recentLimit: Int = 512, lookBehind: Int32 = 45) {
            self.snapshotInterval = max(1, snapshotInterval)
            self.memoryBudget = max(0, memoryBudget)
            self.recentLimit = max(1, recentLimit)
            self.lookBehind = max(0, lookBehind)
        }
    }

    /// A recorded state hash that the re-simulation does not reproduce.
    public struct HashMismatch: Hashable, Sendable {
        public var frame: Int32
        public var recorded: UInt64
        public var actual: UInt64
    }

    /// The replay, with any frames appended since it was opened.
    public private(set) var replay: Replay
    public let configuration: Configuration
    /// The world before the first frame (units, owners and the map never change after it).
    public let initialWorld: World
    /// The last frame that can be shown: the replay's last readable frame, or the frame
    /// the match ended on when the re-simulation ends it sooner (known once reached), and
    /// never past the map's time limit, where the rules end every match.
    public private(set) var totalFrames: Int32
    /// The frame the re-simulation reached a result at, once reached.
    private var resultFrame: Int32?
    /// Frames between snapshots now.
    public private(set) var snapshotInterval: Int32
    /// Events found so far (everything up to `indexedFrame`), by frame.
    public private(set) var events: [ReplayEvent] = []
    /// The first recorded hash the re-simulation missed, if any.
    public private(set) var mismatch: HashMismatch?
    /// Told of every frame indexing runs, in order (frame, its input, the world after):
    /// how a spectator records its copy without simulating the match twice.
    public var frameIndexed: ((Int32, FrameInput, World) -> Void)?

    /// `snapshots[k]` is the world at frame `k * snapshotInterval`.
    private var snapshots: [World] = []
    private var snapshotBytes = 0
    /// The indexing world, at `indexedFrame`.
    private var frontier: World
    private var indexCursor: Replay.Cursor
    private var nextHash = 0
    /// Notes not yet placed among the events, by the frame they are shown at.
    private var pendingNotes: [ReplayEvent]
    /// Consecutive worlds last reached, oldest first.
    private var recent: [World] = []
    /// The most worlds `recent` has held at once.
    public private(set) var recentPeak = 0
    private var seekCursor: Replay.Cursor

    /// Prepares a replay for viewing: its initial world and first snapshot.
    ///
    /// Throws when the replay cannot be re-simulated here: another rules version, or a
    /// map text that does not load.
    public init(replay: Replay, configuration: Configuration = Configuration()) throws {
        self.replay = replay
        self.configuration = configuration
        initialWorld = try ReplayVerifier.initialWorld(of: replay)
        // A frames chunk may claim far more frames than any match can last.
        totalFrames = min(max(0, replay.endFrame), initialWorld.map.timeLimitFrames)
        snapshotInterval = configuration.snapshotInterval
        frontier = initialWorld
        frontier.settle(recorded: replay.result)
        indexCursor = replay.cursor()
        seekCursor = replay.cursor()
        pendingNotes = replay.notes.enumerated().map { k, note in
            let frame = note.desyncFrame ?? note.afterFrame.map { $0 + 1 } ?? 0
            return ReplayEvent(frame: frame, kind: note.desyncFrame != nil ? .desync(note.text) : .note(note.text))
        }
        // A stable sort: notes shown on the same frame keep their file order.
        pendingNotes = pendingNotes.enumerated().sorted { ($0.element.frame, $0.offset) < ($1.element.frame, $1.offset) }
            .map(\.element)
        if frontier.result != nil {
            totalFrames = 0
            resultFrame = 0
        }
        addSnapshot(frontier)
        checkHashes()
        placeNotes(through: isIndexed ? .max : 0)
        recent = [frontier]
        recentPeak = 1
    }

    // MARK: - Indexing

    /// The frame indexing has reached: everything up to it is known.
    public var indexedFrame: Int32 { frontier.frame }

    /// Whether the whole replay has been indexed.
    public var isIndexed: Bool { frontier.frame >= totalFrames || frontier.result != nil }

    /// Indexes up to `frames` more frames; returns whether the whole replay is now indexed.
    @discardableResult
    public func index(frames: Int) -> Bool {
        var left = frames
        while left > 0 && !isIndexed {
            stepFrontier()
            left -= 1
        }
        if isIndexed { placeNotes(through: Int32.max) }
        return isIndexed
    }

    /// Indexes the rest of the replay.
    public func indexAll() {
        while !index(frames: 4096) {}
    }

    /// Indexes up to `frame` (or the end). This runs every frame in between at once: a
    /// viewer keeps `frame` near `indexedFrame` and lets `index(frames:)` slices go further.
    public func index(through frame: Int32) {
        if frame > frontier.frame { index(frames: Int(frame - frontier.frame)) }
    }

    private func stepFrontier() {
        let frame = frontier.frame
        let input = indexCursor.input(at: frame)
        for player in 1...2 {
            for command in input[player: player] {
                events.append(ReplayEvent(frame: frame + 1, kind: .command(player: player, command)))
            }
        }
        frontier.step(input)
        frontier.settle(recorded: replay.result)
        frameIndexed?(frame, input, frontier)
        for event in frontier.events {
            switch event {
            case .shot, .mineLaid: continue
            default: events.append(ReplayEvent(frame: frontier.frame, kind: .world(event)))
            }
        }
        checkHashes()
        placeNotes(through: frontier.frame)
        if frontier.frame % snapshotInterval == 0 { addSnapshot(frontier) }
        if frontier.result != nil { reachedResult(at: frontier.frame) }
    }

    private func reachedResult(at frame: Int32) {
        totalFrames = min(totalFrames, frame)
        resultFrame = min(resultFrame ?? frame, frame)
    }

    // MARK: - A live match

    /// Adds the frames that followed the last one (a match still being played). Once the
    /// re-simulation has reached a result, or the map's time limit, more frames show nothing.
    public func append(_ inputs: [FrameInput]) {
        guard !inputs.isEmpty else { return }
        var frame = replay.endFrame
        for input in inputs {
            if !input.isEmpty { replay.inputs.append(FrameRecord(frame: frame, input: input)) }
            frame += 1
        }
        replay.endFrame = frame
        totalFrames = min(frame, initialWorld.map.timeLimitFrames, resultFrame ?? .max)
        // Cursors hold the inputs they walk: new ones see the new frames (and find their place by search).
        indexCursor = replay.cursor()
        seekCursor = replay.cursor()
    }

    /// Compares the recorded hashes up to the frontier's frame; the first miss becomes a desync event.
    private func checkHashes() {
        let hashes = replay.hashes
        while nextHash < hashes.count && hashes[nextHash].frame <= frontier.frame {
            let record = hashes[nextHash]
            nextHash += 1
            guard record.frame == frontier.frame, mismatch == nil else { continue }
            let actual = frontier.stateHash
            guard actual != record.hash else { continue }
            mismatch = HashMismatch(frame: record.frame, recorded: record.hash, actual: actual)
            let text = ReplayNote.desync(
                at: record.frame, "the recorded hash is \(record.hash.hex16), the re-simulation gives \(actual.hex16)")
            events.append(ReplayEvent(frame: record.frame, kind: .desync(text)))
        }
    }

    /// Moves the notes shown up to `frame` (clamped to the end) among the events.
    private func placeNotes(through frame: Int32) {
        var placed = 0
        for note in pendingNotes {
            guard note.frame <= frame else { break }
            var event = note
            event.frame = min(note.frame, totalFrames)
            events.append(event)
            placed += 1
        }
        pendingNotes.removeFirst(placed)
    }

    // MARK: - Snapshots and their budget

    /// Snapshots kept now.
    public var snapshotCount: Int { snapshots.count }

    /// The snapshots' estimated size in bytes.
    public var snapshotMemory: Int { snapshotBytes }

    /// The estimated size of everything kept: snapshots, recent worlds and the frontier.
    public var estimatedMemory: Int {
        snapshotBytes + recent.reduce(0) { $0 + $1.estimatedBytes } + frontier.estimatedBytes
    }

    private func addSnapshot(_ world: World) {
        snapshots.append(world)
        snapshotBytes += world.estimatedBytes
        // Would the snapshots, at this size each, pass the budget by the end? Then thin them.
        while snapshots.count > 1 {
            let expected = Int(totalFrames / snapshotInterval) + 1
            guard snapshotBytes / snapshots.count * expected > configuration.memoryBudget else { break }
            snapshotInterval *= 2
            snapshots = snapshots.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            snapshotBytes = snapshots.reduce(0) { $0 + $1.estimatedBytes }
        }
    }

    // MARK: - Seeking

    /// The world at `frame` (clamped to `0...totalFrames`): after that many frames ran.
    ///
    /// Its `frame` is the one reached, which is what a viewer should show: it is below
    /// the target when the re-simulation ends there.
    public func world(at frame: Int32) -> World {
        index(through: frame)
        let target = min(max(frame, 0), totalFrames)
        if let world = recentWorld(at: target) { return world }
        let reach = snapshotInterval + configuration.lookBehind
        if let last = recent.last, target > last.frame, target - last.frame <= reach {
            extendRecent(to: target)
        } else {
            let from = max(0, target - configuration.lookBehind)
            recent = [snapshots[Int(from / snapshotInterval)]]
            extendRecent(to: target)
        }
        return recent[recent.count - 1]
    }

    /// The input recorded for `frame` (empty for most frames).
    public func input(at frame: Int32) -> FrameInput { replay.input(at: frame) }

    private func recentWorld(at frame: Int32) -> World? {
        guard let first = recent.first?.frame, frame >= first else { return nil }
        let k = Int(frame - first)
        return k < recent.count ? recent[k] : nil
    }

    private func extendRecent(to target: Int32) {
        var world = recent[recent.count - 1]
        let limit = configuration.recentLimit
        while world.frame < target && world.result == nil {
            world.step(seekCursor.input(at: world.frame))
            world.settle(recorded: replay.result)
            recent.append(world)
            // Trim as it grows (a long jump must not hold every world it passes), and in
            // batches, so stepping forward does not shift the array every frame.
            if recent.count > limit + limit / 8 { recent.removeFirst(recent.count - limit) }
            recentPeak = max(recentPeak, recent.count)
        }
        // The match ends here, whatever the file claims after it.
        if world.result != nil { reachedResult(at: world.frame) }
    }

    /// Worlds kept from the last frames reached (at most `recentLimit` plus an eighth).
    public var recentCount: Int { recent.count }

    // MARK: - Events

    /// How many events happen at or before `frame` (the index of the first one after it).
    public func eventCount(through frame: Int32) -> Int {
        Replay.lowerBound(events.count) { events[$0].frame <= frame }
    }

    /// The first event after `frame` that `include` accepts (by default, any with a
    /// timeline mark). With `indexing`, indexes further until one turns up or the replay
    /// ends; without, looks among the events indexed so far only (nil then means "none
    /// yet" unless `isIndexed`), so a viewer can go on indexing in slices.
    public func nextEvent(
        after frame: Int32, indexing: Bool = true, where include: (ReplayEvent) -> Bool = { $0.category != nil }
    ) -> ReplayEvent? {
        if indexing { index(through: frame) }
        var k = eventCount(through: frame)
        while true {
            while k < events.count {
                if include(events[k]) { return events[k] }
                k += 1
            }
            if isIndexed || !indexing { return nil }
            index(frames: Int(Rules.framesPerSecond) * 60)
        }
    }

    /// The last event before `frame` that `include` accepts (by default, any with a mark).
    public func previousEvent(before frame: Int32, where include: (ReplayEvent) -> Bool = { $0.category != nil })
        -> ReplayEvent?
    {
        index(through: frame)
        var k = eventCount(through: frame - 1)
        while k > 0 {
            k -= 1
            if include(events[k]) { return events[k] }
        }
        return nil
    }
}
