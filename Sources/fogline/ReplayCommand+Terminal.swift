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
        do {
            let screen = try CursesScreen()
            defer { screen.restore() }
            ReplaySession(viewer: viewer).run(on: screen)
        } catch {
            throw failure("\(error)")
        }
    }
}
