import Testing

@testable import FoglineOrders
@testable import FoglineSim
@testable import FoglineTerminal

@Suite("Screen model: input, events, orders in English")
struct ModelTests {
    func press(_ model: inout GameScreenModel, _ name: String) throws -> ScreenRequest? {
        model.handle(.press(try KeyPress(name: name)), screenWidth: 80, screenHeight: 24)
    }

    @Test("typing, editing and sending a command")
    func typing() throws {
        var model = try Scene.duelModel()
        _ = try press(&model, "ctrl-u")
        for c in "q hold" { _ = model.handle(.character(c), screenWidth: 80, screenHeight: 24) }
        #expect(model.prompt.text == "q hold", "q types while the prompt has focus")
        _ = try press(&model, "ctrl-w")
        #expect(model.prompt.text == "q ")
        _ = try press(&model, "backspace")
        _ = try press(&model, "backspace")
        for c in "5 hold the qu" { _ = model.handle(.character(c), screenWidth: 80, screenHeight: 24) }
        _ = try press(&model, "tab")
        #expect(model.prompt.text == "5 hold the quarry ")
        #expect(try press(&model, "enter") == .submit("5 hold the quarry"))
        #expect(model.prompt.resolving && model.prompt.text.isEmpty)
        let resolution = OfflineResolver().resolve("5 hold the quarry", in: ResolverContext(view: model.world.view(for: 1)))
        model.record(resolution)
        #expect(!model.prompt.resolving)
        #expect(model.log.last?.text == "5 hold the quarry")
        _ = try press(&model, "up")
        #expect(model.prompt.text == "5 hold the quarry")
        _ = try press(&model, "esc")
        #expect(model.prompt.text.isEmpty)
    }

    @Test("selection, camera, labels and help from keys")
    func keys() throws {
        var model = try Scene.duelModel()
        model.selection = []
        _ = try press(&model, "alt-3")
        _ = try press(&model, "alt-0")
        #expect(model.selection == [3, 10])
        _ = try press(&model, "alt-3")
        #expect(model.selection == [10])
        _ = try press(&model, "alt-a")
        #expect(model.selection == Array(1...10))
        _ = try press(&model, "alt-x")
        #expect(model.selection.isEmpty)
        _ = try press(&model, "shift-down")
        #expect(!model.camera.following)
        _ = try press(&model, "F3")
        #expect(model.camera.following)
        _ = try press(&model, "F4")
        #expect(!model.showLabels)
        _ = try press(&model, "F1")
        #expect(model.showHelp)
        _ = model.handle(.character("x"), screenWidth: 80, screenHeight: 24)
        #expect(!model.showHelp && model.prompt.text == "9 capture the g", "a key closes the help and types nothing")
        #expect(try press(&model, "ctrl-c") == .quit)
        #expect(try press(&model, "F2") == .togglePause)
        #expect(try press(&model, "ctrl-l") == .redraw)
        #expect(model.handle(.resize, screenWidth: 80, screenHeight: 24) == .resized)
    }

    @Test("the vi keymap: esc leaves the prompt, then letters act")
    func viModes() throws {
        var model = try Scene.duelModel()
        model.keymap = try Keymap.load(nameOrPath: "vi", directories: [Repository.keymaps.path])
        _ = try press(&model, "esc")
        #expect(!model.promptFocused)
        _ = try press(&model, "5")
        #expect(model.selection == [6])
        _ = try press(&model, "l")
        #expect(!model.camera.following)
        #expect(try press(&model, "q") == .quit)
        _ = try press(&model, "i")
        #expect(model.promptFocused)
        _ = try press(&model, "q")
        #expect(model.prompt.text.hasSuffix("q"))
    }

    @Test("the replay viewer: plain keys act, perspective cycles")
    func replayKeys() throws {
        var model = GameScreenModel(world: try Scene.duelMidMatch(), player: 1, mode: .replay)
        #expect(try press(&model, ".") == .stepForward)
        #expect(try press(&model, ",") == .stepBack)
        #expect(try press(&model, "space") == .togglePause)
        #expect(try press(&model, "q") == .quit)
        #expect(try press(&model, "p") == .perspectiveChanged)
        #expect(model.perspective == .player(2))
        _ = try press(&model, "p")
        #expect(model.perspective == .all && model.fogPlayer == nil)
        _ = try press(&model, "p")
        #expect(model.perspective == .player(1))
        _ = model.handle(.character("z"), screenWidth: 80, screenHeight: 24)
        #expect(model.prompt.text.isEmpty, "no prompt in the replay viewer")
    }

    @Test("clicks select units on the map and in the roster")
    func clicks() throws {
        var model = try Scene.duelModel()
        model.updateCamera(screenWidth: 80, screenHeight: 24)
        let unit = try #require(model.world.unit(player: 1, number: 4))
        let p = model.camera.screen(of: unit.cell)
        #expect(model.handle(.mouse(MouseClick(x: p.x, y: p.y, button: .left)), screenWidth: 80, screenHeight: 24) == nil)
        #expect(model.selection == [4])
        let empty = model.handle(.mouse(MouseClick(x: p.x, y: p.y + 2, button: .left)), screenWidth: 80, screenHeight: 24)
        #expect(empty == .mapClicked(Cell(unit.cell.x, unit.cell.y + 2)))
        _ = model.handle(.mouse(MouseClick(x: 60, y: 7, button: .left)), screenWidth: 80, screenHeight: 24)
        #expect(model.selection == [4, 7])
    }

    @Test("advancing the world keeps effects and logs events the player may know")
    func advance() throws {
        var model = try Scene.duelModel()
        model.effects.removeAll()
        var world = model.world
        world.events = [
            .shot(from: World.unitID(player: 1, number: 1), to: World.unitID(player: 2, number: 1), hit: true),
            .destroyed(unit: World.unitID(player: 2, number: 1), by: World.unitID(player: 1, number: 1)),
            .destroyed(unit: World.unitID(player: 2, number: 9), by: World.unitID(player: 2, number: 3)),
            .captured(node: 1, by: 1),
            .respawned(unit: World.unitID(player: 1, number: 8)),
            .mineExploded(owner: 2, at: Cell(3, 3)),
            .orderIgnored(player: 1, reason: "unit 8 is dead"),
        ]
        model.advance(to: world)
        let texts = model.log.suffix(4).map(\.text)
        #expect(texts == [
            "1 (scout) destroyed enemy 1 (scout)", "node B (the gap) taken by you", "8 (medic) is back at base",
            "unit 8 is dead",
        ])
        #expect(model.effects.active(at: world.frame).count == 4)
        #expect(model.effects.active(at: world.frame + ScreenEffects.deathFrames).isEmpty)
    }

    @Test("orders in short English")
    func phrases() {
        #expect(OrderPhrase.describe(Order(units: [5, 6], action: .hold, target: .landmark("the ridge"), facing: .north))
            == "5,6 hold the ridge facing north")
        #expect(OrderPhrase.describe(Order(units: [1, 2, 3, 7], action: .move, target: .direction(.west)))
            == "1-3,7 move west")
        #expect(OrderPhrase.describe(Order(units: Array(1...10), action: .attackMove, target: .point(x: 3, y: 4), queued: true))
            == "then all attack-move to (3,4)")
        #expect(OrderPhrase.describe(Order(units: [2], action: .patrol, target: .landmark("old mill"), via: .landmark("the gap")))
            == "2 patrol old mill and the gap")
        #expect(OrderPhrase.describe(Order(units: [4], action: .attack, target: .nearestEnemy(.tank))) == "4 attack the nearest enemy tank")
        #expect(OrderPhrase.describe(Order(units: [9], action: .stop)) == "9 stop")
        #expect(OrderPhrase.describe(Order(units: [9], action: .face, target: .direction(.east))) == "9 face east")
        #expect(OrderPhrase.describe(Order(units: [7], action: .heal, target: .unit(3))) == "7 heal unit 3")
    }

    @Test("resolutions become log lines: orders, errors with suggestions, squads")
    func resolutionLines() {
        let ok = Resolution(
            orderSet: OrderSet(orders: [Order(units: [1, 2], action: .capture, target: .landmark("the gap"))]),
            squads: [SquadDefinition(name: "alpha", units: [1, 2])], source: .fallback, notes: ["the LLM was slow"])
        #expect(LogEntry.entries(for: ok).map(\.text) == [
            "squad alpha is 1,2", "1,2 capture the gap [offline fallback]", "the LLM was slow",
        ])
        let bad = Resolution.failure("no place called 'quary'", suggestions: ["the quarry"])
        #expect(LogEntry.entries(for: bad) == [LogEntry(.error, "no place called 'quary' (try: the quarry)")])

        // With an LLM configured, an order the offline resolver read says so too.
        let offline = Resolution(orderSet: OrderSet(orders: [Order(units: [3], action: .stop)]))
        #expect(LogEntry.entries(for: offline).map(\.text) == ["3 stop"])
        #expect(LogEntry.entries(for: offline, namesSource: true).map(\.text) == ["3 stop [offline]"])
        var byLLM = offline
        byLLM.source = .llm
        #expect(LogEntry.entries(for: byLLM).map(\.text) == ["3 stop [LLM]"])
    }

    @Test("capabilities come from the locale, NO_COLOR, TERM and curses")
    func capabilities() {
        #expect(TerminalCapabilities.detect(environment: ["LANG": "en_US.UTF-8", "TERM": "xterm"]) == .full)
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "C", "TERM": "xterm"]).unicode)
        #expect(TerminalCapabilities.detect(environment: ["LC_ALL": "de_DE.utf8", "LANG": "C", "TERM": "xterm"]).unicode)
        #expect(!TerminalCapabilities.detect(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8", "TERM": "xterm"]).unicode)
        #expect(TerminalCapabilities.detect(environment: ["LC_ALL": "", "LC_CTYPE": "C.UTF-8", "TERM": "xterm"]).unicode)
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "C.UTF-8", "TERM": "xterm", "NO_COLOR": "1"]).colors)
        #expect(TerminalCapabilities.detect(environment: ["LANG": "C.UTF-8", "TERM": "xterm", "NO_COLOR": ""]).colors)
        #expect(!TerminalCapabilities.detect(environment: ["TERM": "vt100"]).colors)
        #expect(!TerminalCapabilities.detect(environment: ["TERM": "dumb"]).colors)
        #expect(!TerminalCapabilities.detect(environment: [:]).colors)
        #expect(!TerminalCapabilities.detect(environment: ["TERM": "xterm"], cursesHasColors: false).colors)
    }
}
