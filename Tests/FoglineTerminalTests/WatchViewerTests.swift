import Foundation
import FoglineMatch
import FoglineNet
import FoglineReplay
import FoglineSim
import Testing

@testable import FoglineTerminal

/// The watch screen without a server: a live viewer fed a real bot match's frames in
/// runs, as a spectator's link hands them over.
@Suite("Watch screen")
struct WatchViewerTests {
    /// Bots on duel for 2,400 frames, with no result before the last.
    static let long = try! ReplayScenes.record(seed: 8, frames: 2_400).replay
    let source = WatchViewerTests.long

    /// A live viewer on an empty timeline of the source's match.
    func liveViewer(delay: Int = 0) throws -> ReplayViewer {
        let timeline = try ReplayTimeline(replay: Replay(header: source.header))
        return ReplayViewer(liveTimeline: timeline, delaySeconds: delay)
    }

    /// The next `count` frames of the source after what the viewer has.
    func frames(after viewer: ReplayViewer, _ count: Int32) -> [FrameInput] {
        let first = viewer.timeline.replay.endFrame
        return (first..<min(first + count, source.endFrame)).map { source.input(at: $0) }
    }

    /// Appends frames and lets the viewer catch up, indexing in slices as the session does.
    func feed(_ viewer: inout ReplayViewer, _ count: Int32) {
        viewer.timeline.append(frames(after: viewer, count))
        viewer.framesArrived()
        while viewer.pending != nil { viewer.index(frames: 64) }
    }

    func press(_ viewer: inout ReplayViewer, _ keys: String) {
        for key in keys { _ = viewer.handle(.character(key), screenWidth: 120, screenHeight: 40) }
    }

    @Test("following: each run of frames moves the screen to the newest, on the status line LIVE")
    func following() throws {
        var viewer = try liveViewer()
        let whole = try ReplayTimeline(replay: source)
        // A first transfer of 1,500 frames, then a frame or a few at a time.
        feed(&viewer, 1_500)
        #expect(viewer.frame == 1_500 && viewer.totalFrames == 1_500)
        for run: Int32 in [1, 1, 3, 1, 30, 2] {
            feed(&viewer, run)
            #expect(viewer.frame == viewer.totalFrames)
            #expect(viewer.model.world.stateHash == whole.world(at: viewer.frame).stateHash, "frame \(viewer.frame)")
        }
        #expect(viewer.model.status.live == "LIVE" && !viewer.model.status.paused)
        let status = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40)).split(separator: "\n").last ?? ""
        #expect(status.contains("frame 1538/1538") && status.contains("LIVE"), "\(status)")
        var held = try liveViewer(delay: 30)
        feed(&held, 10)
        #expect(held.model.status.live == "LIVE \u{2212} 30 s")
    }

    @Test("a live rewind: keys step back while the match goes on; the end key returns to live")
    func rewind() throws {
        var viewer = try liveViewer()
        feed(&viewer, 900)
        press(&viewer, "[[[")
        #expect(viewer.frame == 810 && viewer.live?.following == false)
        #expect(viewer.model.status.live == "00:03 behind live, > for live", "\(viewer.model.status.live ?? "nil")")
        // The match goes on; the screen stays in the past.
        feed(&viewer, 300)
        #expect(viewer.frame == 810 && viewer.totalFrames == 1_200)
        #expect(viewer.model.status.live?.hasPrefix("00:13 behind live") == true)
        press(&viewer, ">")
        while viewer.pending != nil { viewer.index(frames: 64) }
        #expect(viewer.frame == 1_200 && viewer.live?.following == true && viewer.model.status.live == "LIVE")
        feed(&viewer, 5)
        #expect(viewer.frame == 1_205)
        // Space pauses the live edge; playing on from the past catches up and follows again.
        press(&viewer, " ")
        feed(&viewer, 20)
        #expect(viewer.frame == 1_205 && viewer.live?.following == false)
        press(&viewer, " ")
        #expect(viewer.playing)
        viewer.play(frames: 100)
        #expect(viewer.frame == 1_225 && viewer.live?.following == true && !viewer.playing)
        feed(&viewer, 3)
        #expect(viewer.frame == 1_228)
        // Opening the go-to line and leaving it with Esc, or stepping on at the edge, moves
        // nothing: still live.
        press(&viewer, "g")
        _ = viewer.handle(.press(KeyPress(.escape)), screenWidth: 120, screenHeight: 40)
        press(&viewer, ".")
        #expect(viewer.live?.following == true && viewer.frame == 1_228)
        // p changes whose fog is shown, at live.
        press(&viewer, "p")
        #expect(viewer.model.perspective == .player(1) && viewer.live?.following == true)
    }

    @Test("the match ends: without a result the end box says how, and the screen browses like a replay")
    func ending() throws {
        var viewer = try liveViewer()
        feed(&viewer, 600)
        viewer.liveEnded("ada forfeits")
        #expect(viewer.model.status.live == "match over")
        let screen = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
        #expect(screen.contains("The match is over: ada forfeits."), "\(screen)")
        // Over, the end key is the replay's again, and frames no longer follow.
        press(&viewer, "<")
        #expect(viewer.frame == 0)
        press(&viewer, ">")
        #expect(viewer.frame == 600)
        // A match played to its result ends with it, whatever frames follow, and the result box shows.
        let finished = ReplayScenes.finished.replay
        var whole = ReplayViewer(liveTimeline: try ReplayTimeline(replay: Replay(header: finished.header)), delaySeconds: 0)
        whole.timeline.append((0..<finished.endFrame).map { finished.input(at: $0) })
        whole.framesArrived()
        while whole.pending != nil { whole.index(frames: 256) }
        whole.liveEnded("the match is over")
        #expect(whole.model.world.result != nil && whole.isAtEnd && whole.frame == finished.result?.frame)
        let end = ReplayScenes.text(ReplayScenes.screen(whole, 120, 40))
        #expect(!end.contains("The match is over:"), "the result box, not the words")
    }

    @Test("the spectator's copy is written as the timeline indexes, and verifies as the source does")
    func copyThroughIndexing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watch-copy-\(UUID().uuidString).fogrep").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = WireMatchStart(
            seed: source.header.seed, mapName: source.header.mapName, mapText: source.header.mapText,
            players: [WirePlayer(number: 1, name: "ada"), WirePlayer(number: 2, name: "bo")], inputDelay: 3,
            assignedPlayer: 0)
        let copy = try SpectatorCopy(start: start, recordTo: path)
        let timeline = try ReplayTimeline(replay: copy.emptyReplay)
        // A link to a port nobody answers: the events are handed over by hand, as it would.
        let feed = SpectatorFeed(link: try SpectatorLink(host: "127.0.0.1", port: 9, code: "ABC-DEF"), copy: copy, timeline: timeline)
        var viewer = ReplayViewer(liveTimeline: timeline, delaySeconds: 0)
        var first: Int32 = 0
        for run: Int32 in [1_500, 1, 500, 77] {
            let inputs = (first..<(first + run)).map { source.input(at: $0) }
            feed.take([.frames(first: first, inputs)], into: &viewer)
            first += run
        }
        feed.take([.ended(.matchOver, "ada forfeits")], into: &viewer)
        feed.finish(timeline)
        #expect(copy.failure == nil)
        let written = try ReplayReader.read(path: path)
        #expect(written.endFrame == first && written.header.players.map(\.name) == ["ada", "bo"])
        #expect(written.notes.map(\.text) == ["watched to the end: ada forfeits"])
        let verdict = try ReplayVerifier.verify(written)
        #expect(verdict.isValid && verdict.hashesChecked > 60, "\(verdict.hashesChecked) hashes")
        #expect(verdict.world.stateHash == (try ReplayTimeline(replay: source)).world(at: first).stateHash)
    }
}
