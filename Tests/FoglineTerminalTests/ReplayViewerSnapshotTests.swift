import Foundation
import FoglineMatch
import Testing

@testable import FoglineTerminal

/// The replay viewer's screens, against golden text (`Snapshots/replay-*.txt`).
@Suite("Replay viewer snapshots")
struct ReplayViewerSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    /// Checks the viewer at both sizes as `replay-NAME-WxH`.
    func check(_ viewer: ReplayViewer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (w, h) in Self.sizes {
            Snapshot.check(ReplayScenes.screen(viewer, w, h), named: "replay-\(name)-\(w)x\(h)", sourceLocation: sourceLocation)
        }
    }

    @Test("the first frame: frame 0/TOTAL, paused, the timeline with its marks")
    func start() throws {
        let viewer = try ReplayScenes.viewer()
        let text = ReplayScenes.text(ReplayScenes.screen(viewer, 80, 24))
        #expect(text.contains("frame 0/\(viewer.totalFrames)"))
        #expect(text.contains("PAUSED"))
        check(viewer, "start")
    }

    @Test("the middle, in each perspective: player 1's fog, player 2's, everything")
    func middle() throws {
        for (perspective, name) in [(GameScreenModel.Perspective.player(1), "p1"), (.player(2), "p2"), (.all, "all")] {
            var viewer = try ReplayScenes.viewer(perspective: perspective)
            viewer.seek(to: viewer.totalFrames / 2)
            viewer.setSpeed(.normal.faster)
            let text = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
            #expect(text.contains("frame \(viewer.totalFrames / 2)/\(viewer.totalFrames)"))
            #expect(text.contains(name == "all" ? "no fog" : "fog P\(name.last!)"))
            check(viewer, "middle-\(name)")
        }
    }

    @Test("the end: the result over the battlefield")
    func end() throws {
        var viewer = try ReplayScenes.viewer()
        viewer.seek(to: viewer.totalFrames)
        let text = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
        #expect(text.contains("wins") || text.contains("Draw"))
        #expect(text.contains("score limit reached"))
        check(viewer, "end")
    }

    @Test("a damaged replay: the banner, and at its end why it stops")
    func damaged() throws {
        var viewer = try ReplayScenes.viewer(try ReplayScenes.damaged())
        viewer.seek(to: viewer.totalFrames / 2)
        let text = ReplayScenes.text(ReplayScenes.screen(viewer, 80, 24))
        #expect(text.contains("Damaged replay"))
        check(viewer, "damaged")
        viewer.seek(to: viewer.totalFrames)
        let end = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
        #expect(end.contains("End of the replay") && end.contains("damaged after frame \(viewer.totalFrames)"))
        check(viewer, "damaged-end")
    }

    @Test("following a unit, the go-to line, ASCII and monochrome, the help")
    func details() throws {
        var viewer = try ReplayScenes.viewer(perspective: .player(1), capabilities: .minimal)
        viewer.seek(to: 400)
        _ = viewer.perform(.followUnit, screenWidth: 80, screenHeight: 24)
        _ = viewer.perform(.goto, screenWidth: 80, screenHeight: 24)
        for c in "1:0" { _ = viewer.handle(.character(c), screenWidth: 80, screenHeight: 24) }
        Snapshot.check(ReplayScenes.screen(viewer, 80, 24), named: "replay-follow-goto-minimal-80x24")
        var help = try ReplayScenes.viewer()
        _ = help.perform(.help, screenWidth: 120, screenHeight: 40)
        Snapshot.check(ReplayScenes.screen(help, 120, 40), named: "replay-help-120x40")
    }
}
