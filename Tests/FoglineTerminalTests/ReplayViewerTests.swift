import Foundation
import FoglineMatch
import FoglineReplay
import FoglineSim
import Testing

@testable import FoglineTerminal

/// The replay viewer's controls, log and playback, without a terminal.
@Suite("Replay viewer")
struct ReplayViewerTests {
    func press(_ viewer: inout ReplayViewer, _ keys: String) -> [ScreenRequest] {
        keys.compactMap { viewer.handle(.character($0), screenWidth: 120, screenHeight: 40) }
    }

    @Test("frames: . and , step and pause, [ and ] a second, < and > the ends, clamped")
    func stepping() throws {
        var viewer = try ReplayScenes.viewer()
        #expect(viewer.frame == 0 && !viewer.playing)
        _ = press(&viewer, ".....")
        #expect(viewer.frame == 5)
        _ = press(&viewer, ",,")
        #expect(viewer.frame == 3)
        _ = press(&viewer, ",,,,,")
        #expect(viewer.frame == 0, "no frame before the first")
        _ = press(&viewer, "]]")
        #expect(viewer.frame == 60)
        _ = press(&viewer, "[")
        #expect(viewer.frame == 30)
        _ = press(&viewer, ">")
        #expect(viewer.frame == viewer.totalFrames && viewer.isAtEnd)
        _ = press(&viewer, ".")
        #expect(viewer.frame == viewer.totalFrames, "no frame after the last")
        _ = press(&viewer, "<")
        #expect(viewer.frame == 0)
        // Stepping pauses playback.
        _ = press(&viewer, " ")
        #expect(viewer.playing)
        _ = press(&viewer, ".")
        #expect(!viewer.playing && viewer.frame == 1)
        #expect(viewer.model.status.replayTotalFrames == viewer.totalFrames)
        #expect(press(&viewer, "q") == [.quit])
    }

    @Test("stepping back shows exactly the world, effects and log that stepping forward showed")
    func backEqualsForward() throws {
        var forward = try ReplayScenes.viewer()
        var shown: [(hash: UInt64, effects: [ScreenEffects.Effect], log: [LogEntry])] = []
        for _ in 0..<600 {
            shown.append((forward.model.world.stateHash, forward.model.effects.active(at: forward.frame), forward.model.log))
            forward.step(by: 1)
        }
        var back = try ReplayScenes.viewer()
        back.seek(to: 599)
        for n in stride(from: 599, through: 0, by: -1) {
            #expect(back.frame == Int32(n))
            #expect(back.model.world.stateHash == shown[n].hash, "frame \(n)")
            #expect(back.model.effects.active(at: back.frame) == shown[n].effects, "effects at \(n)")
            #expect(back.model.log == shown[n].log, "log at \(n)")
            back.step(by: -1)
        }
    }

    @Test("playing runs to the end and stops; play at the end starts again")
    func playback() throws {
        var viewer = try ReplayScenes.viewer()
        viewer.togglePlaying()
        #expect(viewer.playing && viewer.model.status.paused == false)
        #expect(viewer.play(frames: 100) == 100 && viewer.frame == 100)
        let left = Int(viewer.totalFrames - viewer.frame)
        #expect(viewer.play(frames: left + 50) == left)
        #expect(!viewer.playing && viewer.isAtEnd)
        #expect(viewer.model.world.result != nil)
        viewer.togglePlaying()
        #expect(viewer.playing && viewer.frame == 0)
    }

    @Test("speeds from 1/4x to 16x, and the frames each plays in a second")
    func speeds() throws {
        #expect(ReplaySpeed.all.map(\.description) == ["1/4x", "1/2x", "1x", "2x", "4x", "8x", "16x"])
        #expect(ReplaySpeed.slowest.slower == .slowest && ReplaySpeed.fastest.faster == .fastest)
        #expect(ReplaySpeed.all.map { $0.frames(in: .seconds(2)) } == [15, 30, 60, 120, 240, 480, 960])
        #expect(ReplaySpeed.normal.framePeriod == .microseconds(33_333))
        var viewer = try ReplayScenes.viewer()
        _ = press(&viewer, "++++++++")
        #expect(viewer.speed == .fastest && viewer.model.status.speed == "16x")
        _ = press(&viewer, "--------")
        #expect(viewer.speed == .slowest && viewer.model.status.speed == "1/4x")
    }

    @Test("go to: a frame or a time, enter jumps, esc cancels, nonsense is refused")
    func goTo() throws {
        #expect(FramePosition.parse("5400") == 5_400)
        #expect(FramePosition.parse(" 3:00 ") == 5_400)
        #expect(FramePosition.parse("1:02:03") == 111_690)
        #expect(FramePosition.parse("0:05") == 150)
        for bad in ["", "3:5", "3:60", "-4", "1:2:3:4", "abc", "1e3", "99999999999", ":30"] {
            #expect(FramePosition.parse(bad) == nil, "\(bad)")
        }
        var viewer = try ReplayScenes.viewer()
        _ = press(&viewer, "g0:10")
        #expect(viewer.gotoField?.text == "0:10" && viewer.frame == 0)
        _ = viewer.handle(.key(.enter), screenWidth: 120, screenHeight: 40)
        #expect(viewer.gotoField == nil && viewer.frame == 300)
        _ = press(&viewer, "g123q")
        #expect(viewer.gotoField?.text == "123", "q types nothing and does not quit while the line is open")
        _ = viewer.handle(.key(.backspace), screenWidth: 120, screenHeight: 40)
        _ = viewer.handle(.key(.escape), screenWidth: 120, screenHeight: 40)
        #expect(viewer.gotoField == nil && viewer.frame == 300)
        _ = press(&viewer, "g99999")
        _ = viewer.handle(.key(.enter), screenWidth: 120, screenHeight: 40)
        #expect(viewer.frame == viewer.totalFrames, "past the end goes to the end")
        _ = press(&viewer, "g:")
        _ = viewer.handle(.key(.enter), screenWidth: 120, screenHeight: 40)
        #expect(viewer.notice?.contains("not a frame or a time") == true)
    }

    @Test("perspective: everything, player 1, player 2; the log keeps to the fog's side")
    func perspective() throws {
        var viewer = try ReplayScenes.viewer()
        viewer.seek(to: 900)
        let all = viewer.model.log.map(\.text)
        #expect(all.contains { $0.contains(" P1 \"") } && all.contains { $0.contains(" P2 \"") })
        _ = press(&viewer, "p")
        #expect(viewer.model.perspective == .player(1) && viewer.model.status.message == nil)
        #expect(viewer.model.log.allSatisfy { !$0.text.contains(" P2 \"") })
        #expect(viewer.model.log.contains { $0.text.contains(" P1 \"") })
        _ = press(&viewer, "p")
        #expect(viewer.model.perspective == .player(2))
        #expect(viewer.model.log.allSatisfy { !$0.text.contains(" P1 \"") })
        _ = press(&viewer, "p")
        #expect(viewer.model.perspective == .all)
    }

    @Test("next and previous event land on commands, kills, captures; none past the ends")
    func events() throws {
        var viewer = try ReplayScenes.viewer()
        let marked = Set(viewer.timeline.events.filter { $0.category != nil }.map(\.frame))
        var visited: [Int32] = []
        for _ in 0..<20 {
            _ = press(&viewer, "n")
            visited.append(viewer.frame)
        }
        #expect(visited == visited.sorted() && Set(visited).count == visited.count)
        #expect(visited.allSatisfy { marked.contains($0) })
        _ = press(&viewer, "N")
        #expect(viewer.frame == visited[18])
        _ = press(&viewer, ">n")
        #expect(viewer.notice == "no later event" && viewer.isAtEnd)
        _ = press(&viewer, "<N")
        #expect(viewer.notice == "no earlier event" && viewer.frame == 0)
    }

    @Test("follow a unit: u cycles, the select keys pick one, the camera keeps it in view")
    func follow() throws {
        var viewer = try ReplayScenes.viewer(perspective: .player(2))
        viewer.seek(to: 700)
        _ = press(&viewer, "u")
        #expect(viewer.model.followedUnit == World.unitID(player: 2, number: 1))
        _ = press(&viewer, "u")
        #expect(viewer.model.followedUnit == World.unitID(player: 2, number: 2))
        #expect(viewer.model.status.message?.contains("following P2 2") == true)
        // A unit alive now, so the camera has somewhere to go.
        let world = viewer.model.world
        let number = try #require((3...9).first { world.units[World.unitID(player: 2, number: $0)].isAlive }, "a living unit")
        _ = viewer.handle(.press(KeyPress(.character(Character("\(number)")), .alt)), screenWidth: 120, screenHeight: 40)
        #expect(viewer.model.followedUnit == World.unitID(player: 2, number: number))
        let unit = viewer.model.world.units[World.unitID(player: 2, number: number)]
        #expect(unit.isAlive && viewer.model.focusCell == unit.cell)
        // Player 1's fog cannot follow player 2's unit.
        viewer.setPerspective(.player(1))
        #expect(viewer.model.followedUnit == nil)
        _ = press(&viewer, "uf")
        #expect(viewer.model.followedUnit == nil)
    }

    @Test("the end: esc uncovers the battlefield under the result")
    func endScreen() throws {
        var viewer = try ReplayScenes.viewer()
        _ = press(&viewer, ">")
        #expect(viewer.model.world.result != nil && viewer.model.showEndScreen)
        _ = viewer.handle(.key(.escape), screenWidth: 120, screenHeight: 40)
        #expect(!viewer.model.showEndScreen)
        let text = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
        #expect(!text.contains("score limit reached"))
    }

    @Test("the timeline: columns for stretches of frames, the strongest mark wins, a click goes there")
    func timeline() throws {
        var viewer = try ReplayScenes.viewer()
        let view = viewer.timelineView(theme: Theme(capabilities: .full))
        let width = 50
        #expect(view.column(of: 0, width: width) == 0 && view.column(of: viewer.totalFrames, width: width) == width - 1)
        for c in [0, 1, 7, 25, 48, 49] { #expect(view.column(of: view.frame(atColumn: c, width: width), width: width) == c) }
        let marks = view.marks(width: width)
        let rank: [ReplayEvent.Category: Int] = [.command: 0, .kill: 1, .capture: 2, .desync: 3]
        var strongest: [Int: ReplayEvent.Category] = [:]
        for event in viewer.timeline.events {
            guard let category = event.category else { continue }
            let c = view.column(of: event.frame, width: width)
            if rank[category]! > rank[strongest[c] ?? .command]! || strongest[c] == nil { strongest[c] = category }
        }
        #expect(marks.enumerated().map { $0.element?.category } == (0..<width).map { strongest[$0] })
        #expect(marks.contains { $0?.category == .kill } && marks.contains { $0?.category == .capture })

        let row = GameLayout(width: 120, height: 40).prompt
        let bar = view.bar(in: row)
        _ = viewer.handle(.mouse(MouseClick(x: bar.x + bar.width - 1, y: row.y, button: .left)), screenWidth: 120, screenHeight: 40)
        #expect(viewer.isAtEnd)
        _ = viewer.handle(.mouse(MouseClick(x: bar.x, y: row.y, button: .left)), screenWidth: 120, screenHeight: 40)
        #expect(viewer.frame == 0)
        _ = viewer.handle(.mouse(MouseClick(x: bar.x + bar.width / 2, y: row.y, button: .left)), screenWidth: 120, screenHeight: 40)
        #expect(abs(Int(viewer.frame) - Int(viewer.totalFrames) / 2) <= Int(viewer.totalFrames) / bar.width + 1)
    }

    /// A viewer on a replay nothing of which is indexed yet, as the terminal opens it.
    static func unindexed(_ replay: Replay = ReplayScenes.finished.replay) throws -> ReplayViewer {
        ReplayViewer(timeline: try ReplayTimeline(replay: replay))
    }

    @Test("before indexing is done a far jump waits for the slices: keys act meanwhile, the status says where to")
    func pendingJump() throws {
        var viewer = try Self.unindexed()
        let total = viewer.totalFrames
        _ = press(&viewer, ">")
        #expect(viewer.frame == 0 && viewer.pending == .frame(total))
        #expect(viewer.timeline.indexedFrame < 100, "nothing re-simulated at once: \(viewer.timeline.indexedFrame)")
        #expect(viewer.model.status.message?.contains("indexing to \(StatusView.clock(frame: total))") == true)
        _ = press(&viewer, "p")
        #expect(viewer.model.perspective == .player(1) && viewer.pending == .frame(total))
        var slices = 0
        while viewer.pending != nil && slices < 1_000 {
            viewer.index(frames: 64)
            slices += 1
        }
        #expect(slices > 1 && viewer.frame == total && viewer.isAtEnd && viewer.model.world.frame == total)

        // Go to a time, then think better of it: esc stops waiting.
        var other = try Self.unindexed()
        _ = press(&other, "g0:30")
        _ = other.handle(.key(.enter), screenWidth: 120, screenHeight: 40)
        #expect(other.pending == .frame(900) && other.frame == 0)
        _ = other.handle(.key(.escape), screenWidth: 120, screenHeight: 40)
        #expect(other.pending == nil && other.frame == 0 && other.notice == "jump cancelled")
        other.index(frames: 2_000)
        #expect(other.frame == 0)
        // A near jump is made at once.
        _ = press(&other, "]")
        #expect(other.frame == 30 && other.pending == nil)
    }

    @Test("n with no event indexed yet waits for indexing to find one")
    func pendingNextEvent() throws {
        let expected = try #require(try ReplayScenes.viewer().eventFrame(next: true))
        var viewer = try Self.unindexed()
        _ = press(&viewer, "n")
        #expect(viewer.pending == .nextEvent(after: 0) && viewer.frame == 0)
        #expect(viewer.timeline.indexedFrame == 0)
        #expect(viewer.model.status.message?.contains("looking for the next event") == true)
        while viewer.pending != nil { viewer.index(frames: 16) }
        #expect(viewer.frame == expected && viewer.notice == nil)
        // At the last event, n waits to the end of indexing and then says there is none.
        let lastEvent = try #require(try ReplayScenes.viewer().timeline.events.last { $0.category != nil }).frame
        var last = try Self.unindexed()
        last.timeline.index(through: lastEvent)
        last.seek(to: lastEvent)
        _ = press(&last, "n")
        #expect(last.timeline.isIndexed || last.pending == .nextEvent(after: lastEvent))
        while last.pending != nil { last.index(frames: 16) }
        #expect(last.frame == lastEvent && last.notice == "no later event" && last.timeline.isIndexed)
    }

    @Test("past where the re-simulation ends: the frame is the one reached, , steps back, steps saturate")
    func pastTheResimulatedEnd() throws {
        // The file claims 1,000 frames more than the re-simulation runs (as a desync would).
        var replay = ReplayScenes.finished.replay
        let end = try #require(replay.result).frame
        replay.result = nil
        replay.finalHash = nil
        replay.endFrame = end + 1_000

        // A jump made at once, indexing just past the end.
        var near = try Self.unindexed(replay)
        near.index(frames: Int(end) - 30)
        #expect(near.totalFrames == end + 1_000, "the end is not known before indexing reaches it")
        near.seek(to: end + 50)
        #expect(near.frame == end && near.model.world.frame == end && near.totalFrames == end && near.isAtEnd)
        _ = press(&near, ",")
        #expect(near.frame == end - 1 && near.model.world.frame == end - 1)

        // A far jump, left pending, then reached.
        var far = try Self.unindexed(replay)
        far.seek(to: .max)
        while far.pending != nil { far.index(frames: 500) }
        #expect(far.frame == end && far.model.world.frame == end)
        _ = press(&far, ",")
        #expect(far.frame == end - 1, "a step, not a jump")
        far.step(by: .max)
        #expect(far.frame == end)
        far.step(by: .min)
        #expect(far.frame == 0)
        far.seek(to: end - 3)
        #expect(far.play(frames: 100) == 3 && far.frame == end && far.model.world.frame == end)
    }

    @Test("one player's fog: marks and n/N keep to what the log would tell that player")
    func fogKeepsEvents() throws {
        var viewer = try ReplayScenes.viewer(perspective: .player(1))
        let world = viewer.timeline.initialWorld
        let p1 = World.unitID(player: 1, number: 1), p2 = World.unitID(player: 2, number: 1)
        // A player 2 unit lost to a mine (no shooter): player 1 is not told, player 2 is.
        let unseen = ReplayEvent(frame: 50, kind: .world(.destroyed(unit: p2, by: nil)))
        #expect(!unseen.isShown(withFogOf: 1, in: world) && unseen.isShown(withFogOf: 2, in: world))
        #expect(unseen.isShown(withFogOf: nil, in: world))
        let shotDown = ReplayEvent(frame: 50, kind: .world(.destroyed(unit: p2, by: p1)))
        #expect(shotDown.isShown(withFogOf: 1, in: world) && shotDown.isShown(withFogOf: 2, in: world))
        let capture = ReplayEvent(frame: 50, kind: .world(.captured(node: 0, by: 2)))
        #expect(capture.isShown(withFogOf: 1, in: world))
        let theme = Theme(capabilities: .full)
        let bar = TimelineView(
            frame: 0, totalFrames: 100, indexedFrame: 100, events: [unseen], fogPlayer: 1, world: world, theme: theme)
        #expect(bar.marks(width: 20).allSatisfy { $0 == nil })
        let open = TimelineView(
            frame: 0, totalFrames: 100, indexedFrame: 100, events: [unseen], fogPlayer: nil, world: world, theme: theme)
        #expect(open.marks(width: 20).contains { $0?.category == .kill })

        // n walks exactly the frames of the marked events player 1 may know of.
        let known = viewer.timeline.events.filter { event in
            guard event.category != nil else { return false }
            switch event.kind {
            case .command(let player, _): return player == 1
            case .world(let happening): return !LogEntry.entries(for: [happening], in: world, player: 1).isEmpty
            default: return true
            }
        }
        var expected: [Int32] = []
        for event in known where event.frame > 0 && expected.last != event.frame { expected.append(event.frame) }
        var visited: [Int32] = []
        while true {
            _ = press(&viewer, "n")
            if viewer.notice == "no later event" { break }
            visited.append(viewer.frame)
        }
        #expect(visited == expected)
    }

    @Test("the help lists esc, which cancels the go-to line and uncovers the battlefield under the result")
    func helpListsCancel() {
        let rows = HelpOverlay(keymap: .builtIn, theme: Theme(capabilities: .full)).rows(for: .replay)
        let cancel = rows.first { $0.summary.contains("cancel") }
        #expect(cancel?.keys.contains("esc") == true, "\(rows.map(\.summary))")
    }

    @Test("at the end of a replay whose recorded result the re-simulation never reaches: a desync, said so")
    func unreachedResult() throws {
        var replay = ReplayScenes.finished.replay
        let end = try #require(replay.result).frame
        // The recorded result stays; the frames stop 100 short of it.
        replay.endFrame = end - 100
        replay.inputs = replay.inputs.filter { $0.frame < end - 100 }
        var viewer = try ReplayScenes.viewer(replay)
        _ = press(&viewer, ">")
        #expect(viewer.isAtEnd && viewer.model.world.result == nil)
        let text = ReplayScenes.text(ReplayScenes.screen(viewer, 120, 40))
        #expect(text.contains("Desync") && !text.contains("has no result"), "\(text)")
    }

    @Test("notes: control characters never reach the screen")
    func printable() {
        #expect(ReplayViewer.printable("a\u{1B}[31mb\nc\u{9B}d") == "a [31mb c d")
    }
}
