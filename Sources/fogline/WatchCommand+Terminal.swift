import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineTerminal

#if canImport(Glibc)
    import Glibc
#endif

extension Fogline.Watch {
    /// The list of live matches (without a code), then the watch screen, until the
    /// person leaves; the take-over key plays on from the copy against the bot.
    func runInTerminal(_ address: HostAddress) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw failure("fogline watch needs a terminal; use --headless CODE or --list --json instead")
        }
        let keys: Keymap
        do {
            keys = try Keymap.load(nameOrPath: keymap)
        } catch {
            throw failure("\(error)")
        }
        var said: String?
        do {
            let screen = try CursesScreen()
            defer { screen.restore() }
            var asked = code
            if asked == nil {
                asked = LiveMatchPicker(screen: screen, server: server) {
                    try SpectatorLink.liveMatches(host: address.host, port: address.port, timeout: .seconds(2))
                }.run()
            }
            guard let asked else { return }
            said = try watch(asked, at: address, keymap: keys, on: screen)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw failure("\(error)")
        }
        if let said { print(said) }
    }

    /// Connects, shows the match from the first transfer on, and runs the watch screen;
    /// returns the line to print once the terminal is back.
    private func watch(_ code: String, at address: HostAddress, keymap: Keymap, on screen: CursesScreen) throws -> String? {
        let link = try SpectatorLink(host: address.host, port: address.port, code: code)
        let room = WaitingRoom(screen: screen, server: server, quick: true)
        // Until the header: the frames that come with it are kept for the timeline.
        var early: [SpectatorLink.Event] = []
        var start: WireMatchStart?
        let clock = ContinuousClock()
        var lastHeard = clock.now
        while start == nil {
            if room.shouldCancel() {
                link.leave()
                return nil
            }
            for event in link.poll(timeoutMilliseconds: 20) {
                lastHeard = clock.now
                switch event {
                case .started(let header): start = header
                case .refused(let text): throw failure("\(server) refused: \(text)")
                case .ended(_, let text) where start == nil: throw failure("\(server): \(text)")
                case .ended, .frames: early.append(event)
                }
            }
            if start == nil && clock.now - lastHeard > .seconds(timeout) {
                throw failure("\(server) did not answer within \(timeout) s")
            }
        }
        let copy = try SpectatorCopy(
            start: start!, recordTo: try copyPath(map: start!.mapName, seed: start!.seed, code: code, defaultToFolder: true))
        let timeline = try ReplayTimeline(replay: copy.emptyReplay)
        let feed = SpectatorFeed(link: link, copy: copy, timeline: timeline)
        var viewer = ReplayViewer(
            liveTimeline: timeline, delaySeconds: start!.spectatorDelay, keymap: keymap, capabilities: screen.capabilities,
            perspective: perspectiveChoice ?? .all)
        feed.take(early, into: &viewer)
        let asked = ReplaySession(viewer: viewer, feed: feed).run(on: screen)
        feed.finish(timeline)
        var lines: [String] = []
        if let path = copy.path { lines.append("Your copy of match \(code.uppercased()): \(path)") }
        if let problem = copy.failure { lines.append("The copy is short: \(problem)") }
        if let asked {
            guard let path = copy.path, copy.failure == nil else {
                lines.append("No take-over: it plays on from your copy of the match, and there is none (--no-record).")
                return lines.joined(separator: "\n")
            }
            let played = try Fogline.Replay.playOn(from: path, at: asked.frame, side: asked.side, keymap: keymap, on: screen)
            lines.append("\(played.verdict). Replay: \(played.replay)")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
