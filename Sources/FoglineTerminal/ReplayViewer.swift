import FoglineMatch
import FoglineReplay
import FoglineSim

/// The replay viewer's state: where it is in the match, whether it plays and how fast,
/// whose fog it shows, which unit the camera follows, and the screen model drawn from it.
///
/// Every move goes through the `ReplayTimeline`, so a step back or a jump anywhere is a
/// lookup or a short re-simulation from a snapshot. A step forward hands the screen the
/// next world (`GameScreenModel.advance`), so shots and deaths linger as in a live game;
/// a jump rebuilds them from the frames just before. The log is rebuilt for every frame
/// shown: each player's words and the orders they became, and what happened, up to now.
///
/// While the replay is still being indexed, a jump far past the indexed part is not made
/// at once (that would re-simulate everything in between while no key is read): it
/// becomes `pending`, and the indexing slices `ReplaySession` runs between keys reach it.
///
/// `handle(_:screenWidth:screenHeight:)` (in `ReplayViewer+Input.swift`) takes keys;
/// `ReplaySession` runs the clock; `ReplayScreen` draws it. Nothing here touches a terminal.
public struct ReplayViewer {
    /// A move waiting for indexing to reach it.
    public enum Pending: Hashable, Sendable {
        /// A jump to this frame.
        case frame(Int32)
        /// The next event (that the perspective shows) after this frame.
        case nextEvent(after: Int32)
    }

    /// Frames past the indexed part a move may index at once: about a tenth of a second
    /// of re-simulation, so a step or a second on stays immediate.
    static let syncIndexLimit: Int32 = 90

    public let timeline: ReplayTimeline
    /// What the screen shows; `mode` is `.replay`.
    public internal(set) var model: GameScreenModel
    /// The frame shown: the world after this many frames.
    public private(set) var frame: Int32 = 0
    /// Whether the replay is playing (else paused).
    public internal(set) var playing = false
    public internal(set) var speed = ReplaySpeed.normal
    /// The "go to" line while a frame or time is being typed, else nil.
    public internal(set) var gotoField: PromptState?
    /// A short note for the status line, cleared by the next key.
    public internal(set) var notice: String?
    /// The move indexing has yet to reach, if any; the next move replaces it.
    public internal(set) var pending: Pending?
    /// On the watch screen, the live match the timeline grows with; nil for a replay.
    public internal(set) var live: LiveWatch?

    /// Opens the viewer on the first frame, paused.
    public init(
        timeline: ReplayTimeline, keymap: Keymap = .builtIn, capabilities: TerminalCapabilities = .full,
        perspective: GameScreenModel.Perspective = .all
    ) {
        self.timeline = timeline
        let first = timeline.world(at: 0)
        model = GameScreenModel(
            world: first, player: 1, perspective: perspective, mode: .replay, capabilities: capabilities, keymap: keymap)
        refresh()
    }

    /// The last frame there is.
    public var totalFrames: Int32 { timeline.totalFrames }

    /// Whether the last frame is shown.
    public var isAtEnd: Bool { frame >= timeline.totalFrames }

    /// A line across the top of the screen when the file is not all it should be: damage
    /// (shown up to the last good chunk) or a recorded hash the re-simulation misses.
    public var banner: String? {
        if let damage = timeline.replay.damage {
            return "Damaged replay: \(damage.message); showing frames up to \(timeline.replay.endFrame)"
        }
        if let mismatch = timeline.mismatch {
            return "Desync: from frame \(mismatch.frame) this re-simulation differs from the recorded match"
        }
        return nil
    }

    public mutating func setCapabilities(_ capabilities: TerminalCapabilities) {
        model.capabilities = capabilities
    }

    // MARK: - Moving

    /// Shows `target` (clamped to the replay): one frame on is a step, anything else a jump.
    /// A target far past the indexed part becomes `pending` instead (see the type's notes).
    public mutating func seek(to target: Int32) {
        let target = max(target, 0)
        if !timeline.isIndexed, target > timeline.indexedFrame, target - timeline.indexedFrame > Self.syncIndexLimit {
            pending = .frame(target)
        } else {
            pending = nil
            show(target)
        }
        refresh()
    }

    /// Shows the world at `target` (the timeline clamps it), at once.
    private mutating func show(_ target: Int32) {
        let world = timeline.world(at: target)
        // The frame reached, which is below the target when the re-simulation ends sooner.
        let reached = world.frame
        if reached == frame + 1 {
            model.advance(to: world)
        } else if reached != frame {
            // The shots and deaths of the last moments, as stepping forward would have left them.
            var effects = ScreenEffects()
            let window = max(1, reached - ScreenEffects.deathFrames + 1)
            if reached >= window {
                for f in window...reached { effects.record(timeline.world(at: f)) }
            }
            model.show(world)
            model.effects = effects
        }
        frame = reached
        if isAtEnd { playing = false }
    }

    /// Moves `frames` frames on (negative: back), saturating rather than overflowing.
    public mutating func step(by frames: Int32) {
        let (sum, overflow) = frame.addingReportingOverflow(frames)
        seek(to: overflow ? (frames > 0 ? .max : 0) : sum)
    }

    /// Plays up to `frames` frames on; returns how many were played. Stops at the end, and
    /// waits (plays none) while a move is pending.
    @discardableResult
    public mutating func play(frames: Int) -> Int {
        var played = 0
        while pending == nil && played < frames && frame < timeline.totalFrames {
            let world = timeline.world(at: frame + 1)
            guard world.frame > frame else { break }
            frame = world.frame
            model.advance(to: world)
            played += 1
        }
        if isAtEnd {
            playing = false
            // Playing on from the past of a live match catches up with it: follow it again.
            if live?.isOver == false { live?.following = true }
        }
        refresh()
        return played
    }

    /// Plays or pauses; playing from the last frame starts again from the first.
    public mutating func togglePlaying() {
        if live?.isOver == false {
            // A live match at its edge plays by itself; pausing leaves the edge.
            if live?.following == true {
                live?.following = false
                playing = false
                return refresh()
            }
            if isAtEnd {
                goLive()
                return
            }
        }
        if !playing && isAtEnd { seek(to: 0) }
        playing.toggle()
        refresh()
    }

    public mutating func setSpeed(_ newSpeed: ReplaySpeed) {
        speed = newSpeed
        refresh()
    }

    /// Indexes a slice more of the replay, then makes the pending move if indexing has
    /// reached it; returns whether the whole replay is indexed.
    @discardableResult
    public mutating func index(frames: Int) -> Bool {
        let done = timeline.index(frames: frames)
        switch pending {
        case .frame(let target)?:
            if done || target <= timeline.indexedFrame {
                pending = nil
                show(target)
            }
        case .nextEvent(let after)?:
            if let target = eventFrame(next: true, after: after) {
                pending = nil
                show(target)
            } else if done {
                pending = nil
                notice = "no later event"
            }
        case nil:
            break
        }
        refresh()
        return done
    }

    /// Goes to the next event the perspective shows; when it lies past the indexed part,
    /// the move waits for indexing (`pending`).
    public mutating func seekNextEvent() {
        if let target = eventFrame(next: true) {
            seek(to: target)
        } else if timeline.isIndexed {
            notice = "no later event"
        } else {
            pending = .nextEvent(after: frame)
            refresh()
        }
    }

    /// Stops waiting for a pending move; returns whether one was pending.
    @discardableResult
    public mutating func cancelPending() -> Bool {
        guard pending != nil else { return false }
        pending = nil
        refresh()
        return true
    }

    /// The frame of the next (or previous) event the current perspective shows, among the
    /// events indexed so far; nil when none.
    public func eventFrame(next: Bool) -> Int32? {
        eventFrame(next: next, after: frame)
    }

    private func eventFrame(next: Bool, after start: Int32) -> Int32? {
        let fog = model.fogPlayer
        let world = timeline.initialWorld
        let include: (ReplayEvent) -> Bool = { $0.category != nil && $0.isShown(withFogOf: fog, in: world) }
        let event =
            next
            ? timeline.nextEvent(after: start, indexing: false, where: include)
            : timeline.previousEvent(before: start, where: include)
        return event?.frame
    }

    // MARK: - Whose view

    /// Shows player 1's fog, player 2's, or everything. A followed unit the new view
    /// would not show is let go.
    public mutating func setPerspective(_ perspective: GameScreenModel.Perspective) {
        model.setPerspective(perspective)
        if let id = model.followedUnit, !followable.contains(id) { model.followedUnit = nil }
        refresh()
    }

    /// The units the camera may follow from this perspective (world ids): the fog's side
    /// only, or both sides when nothing is hidden.
    public var followable: [Int] {
        let units = timeline.initialWorld.units
        guard let fog = model.fogPlayer else { return units.map(\.id) }
        return units.filter { $0.owner == fog }.map(\.id)
    }

    /// Has the camera follow a unit (by world id), or nothing in particular (nil).
    public mutating func follow(unit id: Int?) {
        if let id, followable.contains(id) {
            model.followedUnit = id
            // The roster lists the followed unit's side.
            model.player = timeline.initialWorld.units[id].owner
            model.camera.following = true
        } else {
            model.followedUnit = nil
        }
        refresh()
    }

    /// Follows the next unit that may be followed, after the one followed now.
    public mutating func followNextUnit() {
        let ids = followable
        guard !ids.isEmpty else { return }
        let next = model.followedUnit.flatMap { current in ids.first { $0 > current } } ?? ids[0]
        follow(unit: next)
    }

    /// The timeline bar of the frame shown.
    public func timelineView(theme: Theme) -> TimelineView {
        TimelineView(
            frame: frame, totalFrames: timeline.totalFrames, indexedFrame: timeline.indexedFrame, events: timeline.events,
            fogPlayer: model.fogPlayer, world: timeline.initialWorld, theme: theme)
    }

    // MARK: - The status line and the log

    /// Puts the viewer's state into the status line and rebuilds the log for the frame shown.
    mutating func refresh() {
        var status = model.status
        status.replayTotalFrames = timeline.totalFrames
        status.speed = speed.description
        status.paused = !playing && live?.following != true
        status.live = liveStatus
        var notes: [String] = []
        if let notice { notes.append(notice) }
        if let id = model.followedUnit {
            let unit = model.world.units[id]
            notes.append("following P\(unit.owner) \(unit.number) (\(unit.archetype.rawValue))" + (unit.isAlive ? "" : ", dead"))
        }
        switch pending {
        case .frame(let target)?:
            notes.append("indexing to \(StatusView.clock(frame: min(target, timeline.totalFrames)))")
        case .nextEvent?:
            notes.append("looking for the next event: indexed to \(StatusView.clock(frame: timeline.indexedFrame))")
        case nil:
            if !timeline.isIndexed, timeline.totalFrames > 0 {
                notes.append("indexing \(Int(timeline.indexedFrame) * 100 / Int(timeline.totalFrames))%")
            }
        }
        status.message = notes.isEmpty ? nil : notes.joined(separator: "; ")
        model.status = status
        model.replaceLog(logEntries(through: frame))
    }
}
