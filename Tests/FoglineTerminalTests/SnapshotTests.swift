import Foundation
import Testing

@testable import FoglineSim
@testable import FoglineTerminal

/// Whole screens and single views rendered into buffers and compared with golden text.
@Suite("Snapshots")
struct SnapshotTests {
    /// Renders the model at a size (camera updated first, as a render tick does).
    func screen(_ model: GameScreenModel, _ width: Int, _ height: Int) -> CellBuffer {
        var model = model
        model.updateCamera(screenWidth: width, screenHeight: height)
        var buffer = CellBuffer(width: width, height: height)
        GameScreen.render(model, into: &buffer)
        return buffer
    }

    @Test("game screen at 80x24: fog, cones, roster, log, prompt, status")
    func game80x24() throws {
        Snapshot.check(screen(try Scene.duelModel(), 80, 24), named: "game-80x24")
    }

    @Test("game screen at 120x40")
    func game120x40() throws {
        Snapshot.check(screen(try Scene.duelModel(), 120, 40), named: "game-120x40")
    }

    @Test("ASCII fallback at 80x24")
    func ascii() throws {
        let model = try Scene.duelModel(capabilities: TerminalCapabilities(unicode: false, colors: true))
        Snapshot.check(screen(model, 80, 24), named: "game-ascii-80x24")
    }

    @Test("monochrome at 80x24")
    func monochrome() throws {
        let model = try Scene.duelModel(capabilities: TerminalCapabilities(unicode: true, colors: false))
        Snapshot.check(screen(model, 80, 24), named: "game-monochrome-80x24")
    }

    @Test("ASCII and monochrome together at 80x24")
    func minimal() throws {
        Snapshot.check(screen(try Scene.duelModel(capabilities: .minimal), 80, 24), named: "game-minimal-80x24")
    }

    @Test("labels off, the camera scrolled")
    func labelsOff() throws {
        var model = try Scene.duelModel()
        model.showLabels = false
        _ = model.perform(.scrollRight, screenWidth: 80, screenHeight: 24)
        _ = model.perform(.scrollDown, screenWidth: 80, screenHeight: 24)
        Snapshot.check(screen(model, 80, 24), named: "game-nolabels-scrolled-80x24")
    }

    @Test("the replay viewer with no fog: frame N/TOTAL")
    func replay() throws {
        var model = GameScreenModel(
            world: try Scene.duelMidMatch(), player: 1, perspective: .all, mode: .replay, keymap: .builtIn)
        model.status.replayTotalFrames = 36_000
        model.status.speed = "2x"
        model.status.paused = true
        Snapshot.check(screen(model, 120, 40), named: "replay-all-120x40")
    }

    @Test("the status line while waiting on the network")
    func statusWaiting() throws {
        var model = try Scene.duelModel()
        model.status.roundTripMilliseconds = 48
        model.status.waitingFor = "player 2"
        model.status.resolver = "gpt-4o-mini"
        var buffer = CellBuffer(width: 120, height: 1)
        StatusView(model: model).render(into: &buffer, in: buffer.bounds)
        Snapshot.check(buffer, named: "status-waiting-120x1")
    }

    @Test("roster panel")
    func roster() throws {
        let model = try Scene.duelModel()
        var buffer = CellBuffer(width: 26, height: 17)
        RosterView(model: model).render(into: &buffer, in: buffer.bounds)
        Snapshot.check(buffer, named: "roster-26x17")
        var wide = CellBuffer(width: 40, height: 28)
        RosterView(model: model).render(into: &wide, in: wide.bounds)
        Snapshot.check(wide, named: "roster-40x28")
    }

    @Test("log panel: wrapping, newest at the bottom")
    func log() throws {
        var entries = try Scene.duelModel().log
        entries.append(LogEntry(
            .error,
            "I could not tell which place 'ridge' means: north ridge, south ridge, west ridge or east ridge (try: north ridge, south ridge)"))
        entries.append(LogEntry(.info, "squad alpha is 1-3"))
        var buffer = CellBuffer(width: 60, height: 6)
        LogView(entries: entries, theme: Theme(capabilities: .full)).render(into: &buffer, in: buffer.bounds)
        Snapshot.check(buffer, named: "log-60x6")
    }

    @Test("prompt with a completion cycle, and resolving")
    func prompt() throws {
        let model = try Scene.duelModel()
        var prompt = PromptState()
        prompt.insert("5,6 hold north r")
        prompt.complete(from: model.vocabulary)
        var buffer = CellBuffer(width: 80, height: 3)
        let theme = Theme(capabilities: .full)
        PromptView(prompt: prompt, focused: true, theme: theme).render(into: &buffer, in: buffer.bounds.row(0))
        var cycling = PromptState()
        cycling.insert("2 capture s")
        cycling.complete(from: model.vocabulary)
        cycling.complete(from: model.vocabulary)
        PromptView(prompt: cycling, focused: true, theme: theme).render(into: &buffer, in: buffer.bounds.row(1))
        var resolving = PromptState()
        resolving.resolving = true
        resolving.resolvingText = "scouts flank left then capture node C"
        PromptView(prompt: resolving, focused: true, theme: theme, tick: 9).render(into: &buffer, in: buffer.bounds.row(2))
        Snapshot.check(buffer, named: "prompt-completion-80x3")
    }

    @Test("help overlay at 80x24 and 120x40")
    func help() throws {
        var model = try Scene.duelModel()
        model.showHelp = true
        Snapshot.check(screen(model, 80, 24), named: "help-80x24")
        Snapshot.check(screen(model, 120, 40), named: "help-120x40")
        model.keymap = try Keymap.load(nameOrPath: Repository.keymaps.appendingPathComponent("vi.toml").path)
        Snapshot.check(screen(model, 120, 40), named: "help-vi-120x40")
    }

    @Test("end screen at 80x24 and 120x40")
    func endScreen() throws {
        var model = try Scene.duelModel()
        model.show(try Scene.finishedDuel())
        model.replayPath = "/home/player/.local/share/fogline/replays/2026-11-24-duel-seed7.fogrep"
        Snapshot.check(screen(model, 80, 24), named: "end-80x24")
        Snapshot.check(screen(model, 120, 40), named: "end-120x40")
        model.player = 2
        model.setPerspective(.player(2))
        Snapshot.check(screen(model, 80, 24), named: "end-defeat-80x24")
    }

    @Test("too small: the message instead of the game")
    func tooSmall() throws {
        let model = try Scene.duelModel()
        Snapshot.check(screen(model, 79, 24), named: "too-small-79x24")
        Snapshot.check(screen(model, 30, 8), named: "too-small-30x8")
    }

    @Test("a missing snapshot fails")
    func missingFails() {
        guard !Snapshot.updating else { return }
        withKnownIssue {
            Snapshot.check(CellBuffer(width: 2, height: 1), named: "no-such-snapshot")
        }
    }
}
