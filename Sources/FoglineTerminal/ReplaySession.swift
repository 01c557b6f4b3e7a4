/// The replay viewer in the terminal: keys, playback at the chosen speed, indexing in
/// the background of the loop, and the screen, on one monotonic clock.
///
/// Playback keeps time against where it started (the frame and the instant), so it does
/// not drift; a jump, a pause or a new speed starts that count again. While the replay
/// is still being indexed, each pass indexes for a few milliseconds, so keys stay
/// responsive and the timeline's marks fill in. The screen is redrawn only when
/// something changed, at most 60 times a second; between passes the loop sleeps in
/// poll(2) until a key, the next frame due, or a second.
public final class ReplaySession {
    public private(set) var viewer: ReplayViewer
    /// On the watch screen, where a live match's frames come from.
    public let feed: LiveFeed?

    static let renderPeriod = Duration.seconds(1) / 60
    /// Indexing time per pass, so keys are read at least this often while indexing.
    static let indexSlice = Duration.milliseconds(8)
    /// Frames indexed between clock readings.
    static let indexBatch = 64
    /// Frames played per pass at most; a slower machine plays slower rather than freezing.
    static let maxFramesPerPass = 64

    public init(viewer: ReplayViewer, feed: LiveFeed? = nil) {
        self.viewer = viewer
        self.feed = feed
    }

    /// Runs until the viewer quits or the terminal goes away; or until the take-over key,
    /// whose frame and side it returns.
    @discardableResult
    public func run(on screen: CursesScreen) -> (frame: Int32, side: Int)? {
        viewer.setCapabilities(screen.capabilities)
        let clock = ContinuousClock()
        var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        var lastRender = clock.now - Self.renderPeriod
        var dirty = true
        // Playback's reference: the instant and frame it counts from, at a speed; and the
        // frame playback left the viewer on, to notice a jump made since.
        var base: (instant: ContinuousClock.Instant, frame: Int32, speed: ReplaySpeed)?
        var playedTo = viewer.frame
        while true {
            var quit = false
            var takeOver: (frame: Int32, side: Int)?
            while let event = screen.readKey() {
                dirty = true
                let size = screen.size
                switch viewer.handle(event, screenWidth: size.width, screenHeight: size.height) {
                case .quit?: quit = true
                case .takeOver(let frame, let side)?:
                    takeOver = (frame, side)
                    quit = true
                case .redraw?: screen.invalidate()
                case .resized?: buffer = CellBuffer(width: size.width, height: size.height)
                default: break
                }
            }
            if quit { return takeOver }

            // A live match: what came from the server joins the timeline.
            if let feed, feed.pump(&viewer) { dirty = true }

            // Playback: the frames due since `base`, a bounded number per pass.
            if viewer.playing {
                let now = clock.now
                if base == nil || base?.speed != viewer.speed || viewer.frame != playedTo {
                    base = (now, viewer.frame, viewer.speed)
                }
                if let start = base {
                    let due = Int64(start.frame) + start.speed.frames(in: now - start.instant)
                    let behind = due - Int64(viewer.frame)
                    if behind > 0 {
                        viewer.play(frames: Int(min(behind, Int64(Self.maxFramesPerPass))))
                        dirty = true
                    }
                    // Too far behind (a slow machine): count again from here.
                    if behind > Int64(Self.maxFramesPerPass) { base = (now, viewer.frame, viewer.speed) }
                }
                playedTo = viewer.frame
            } else {
                base = nil
            }

            // Indexing, a slice per pass.
            if !viewer.timeline.isIndexed {
                let until = clock.now + Self.indexSlice
                while clock.now < until && !viewer.index(frames: Self.indexBatch) {}
                dirty = true
            }

            if dirty && clock.now - lastRender >= Self.renderPeriod {
                let size = screen.size
                if size.width != buffer.width || size.height != buffer.height {
                    buffer = CellBuffer(width: size.width, height: size.height)
                }
                ReplayScreen.renderFrame(&viewer, into: &buffer)
                _ = screen.present(buffer)
                lastRender = clock.now
                dirty = false
            }

            // Sleep until a key, the next frame, a pending render, or a second.
            let now = clock.now
            var wake = now + .seconds(1)
            if viewer.playing { wake = min(wake, now + max(viewer.speed.framePeriod, Self.renderPeriod)) }
            if dirty { wake = min(wake, lastRender + Self.renderPeriod) }
            if !viewer.timeline.isIndexed { wake = now }
            switch TerminalWait.until(wake, clock: clock, also: feed?.pollDescriptor) {
            case .ready, .timeout: break
            case .hangUp: return nil
            }
        }
    }
}
