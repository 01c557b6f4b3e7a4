import FoglineMatch
import FoglineReplay
import FoglineTerminal

#if canImport(Glibc)
    import Glibc
#endif

extension Fogline.Replay {
    /// The viewer in this terminal, until the player quits.
    func runInTerminal(_ replay: FoglineReplay.Replay, path: String) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw failure("fogline replay needs a terminal; use --dump json to print the replay instead")
        }
        let timeline: ReplayTimeline
        let keys: Keymap
        do {
            timeline = try ReplayTimeline(replay: replay)
            keys = try Keymap.load(nameOrPath: keymap)
        } catch {
            throw failure("\(path): \(error)")
        }
        var viewer = ReplayViewer(timeline: timeline, keymap: keys, perspective: perspectiveChoice ?? .all)
        if let start = at.flatMap(FramePosition.parse) { viewer.seek(to: start) }
        var played: (verdict: String, replay: String)?
        do {
            let screen = try CursesScreen()
            defer { screen.restore() }
            if let asked = ReplaySession(viewer: viewer).run(on: screen) {
                played = try Self.playOn(from: path, at: asked.frame, side: asked.side, keymap: keys, on: screen)
            }
        } catch {
            throw failure("\(error)")
        }
        if let played { print("\(played.verdict). Replay: \(played.replay)") }
    }

    /// The take-over key: a new match against the bot from `frame`, on the same screen
    /// (the replay viewer's, or the watch screen's with the spectator's copy).
    static func playOn(
        from path: String, at frame: Int32, side: Int, keymap: Keymap, on screen: CursesScreen
    ) throws -> (verdict: String, replay: String) {
        let takeOver = try TakeOver(source: path, frame: frame)
        let replayPath = try Fogline.Play.defaultReplayPath(
            map: takeOver.map.name, seed: takeOver.seed, tag: "from-\(frame)")
        let settings = PlaySession.Settings(
            map: takeOver.map, seed: takeOver.seed, botLevel: .normal, keymap: keymap, replayPath: replayPath)
        let outcome = try PlaySession(settings: settings, takeOver: takeOver, side: side).run(on: screen)
        let world = outcome.world
        let verdict = Fogline.Play.verdict(world, you: side)
        return ("\(verdict) at frame \(world.frame), taken over at frame \(frame), score \(Fogline.Play.score(world, you: side))", replayPath)
    }
}
