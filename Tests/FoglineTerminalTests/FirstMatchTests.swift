import Foundation
import FoglineOrders
@testable import FoglineSim
import Testing

@testable import FoglineTerminal

/// A new player's first match, without a terminal: the briefing, examples that work on
/// every shipped map, and Ctrl-C as in a shell.
@Suite("A first match")
struct FirstMatchTests {
    @Test("a unit back from the dead says in the log which order it takes up again")
    func respawnResumesInTheLog() throws {
        let map = try Repository.map("duel")
        var world = World(map: map, seed: 1)
        let node = map.nodes[0]
        world.step(FrameInput(player1: [PlayerCommand(text: "", orders: [Order(units: [3], action: .capture, target: .landmark(node.name))])]))
        let tank = World.unitID(player: 1, number: 3)
        var damage = [Int32](repeating: 0, count: world.units.count)
        damage[tank] = 10_000
        let nobody = [Int](repeating: -1, count: world.units.count)
        damage.withUnsafeBufferPointer { d in nobody.withUnsafeBufferPointer { world.applyDamage(d, firstHitBy: $0) } }
        var lines: [String] = []
        for _ in 0...Rules.respawnFrames {
            world.step()
            lines += LogEntry.entries(for: world.events, in: world, player: 1).map(\.text)
        }
        #expect(lines.contains("3 (tank) is back at base and resumes: capture \(node.name)"), "\(lines)")
    }

    /// Every map in the repository's maps folder.
    static let shipped: [String] = (try? FileManager.default.contentsOfDirectory(atPath: Repository.maps.path))?
        .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted() ?? []

    @Test("the briefing's three examples and the prompt's example resolve on every shipped map, for both sides")
    func examplesResolve() throws {
        #expect(Self.shipped.count >= 3, "\(Self.shipped)")
        for name in Self.shipped {
            let map = try Repository.map(name)
            for player in 1...2 {
                let briefing = Briefing(map: map, player: player)
                #expect(briefing.examples.count == 3, "\(name), player \(player): \(briefing.examples)")
                let context = ResolverContext(map: map, player: player)
                for example in briefing.examples {
                    let resolution = OfflineResolver().resolve(example, in: context)
                    #expect(!resolution.isError, "\(name), player \(player): \"\(example)\": \(resolution.orderSet.error ?? "")")
                    #expect(!resolution.orderSet.orders.isEmpty)
                }
                let placeholder = try #require(OrderExamples.placeholder(map, player: player))
                #expect(!OfflineResolver().resolve(placeholder, in: context).isError, "\(name): \(placeholder)")
                #expect(briefing.paragraphs.joined().contains("first to \(map.scoreLimit) points"))
            }
        }
        // The old fixed example is ambiguous on duel, which has four ridges.
        let duel = try Repository.map("duel")
        #expect(OfflineResolver().resolve("5,6 hold the ridge facing north", in: ResolverContext(map: duel, player: 1)).isError)
    }

    func press(_ model: inout GameScreenModel, _ key: Key, _ modifiers: KeyModifiers = []) -> ScreenRequest? {
        model.handle(.press(KeyPress(key, modifiers)), screenWidth: 120, screenHeight: 40)
    }

    func playing() throws -> GameScreenModel {
        var model = GameScreenModel(world: World(map: try Repository.map("duel"), seed: 1), player: 1)
        model.asksBeforeLeaving = true
        return model
    }

    @Test("Ctrl-C clears a line being typed; on an empty line it asks, y leaves, anything else stays")
    func ctrlCLikeAShell() throws {
        var model = try playing()
        for c in "tanks hold" { _ = press(&model, .character(c)) }
        #expect(press(&model, .character("c"), [.control]) == nil)
        #expect(model.prompt.text.isEmpty && !model.confirmingLeave)
        #expect(press(&model, .character("c"), [.control]) == nil)
        #expect(model.confirmingLeave)
        let asked = ReplayScenes.text(GameScreenRender.text(model))
        #expect(asked.contains("Leave the match? y/n"), "\(asked)")
        #expect(press(&model, .character("n")) == nil && !model.confirmingLeave)
        _ = press(&model, .character("c"), [.control])
        #expect(press(&model, .character("y")) == .quit)
        // With the help open, Ctrl-C closes it and asks all the same.
        var helped = try playing()
        _ = press(&helped, .function(1))
        #expect(press(&helped, .character("c"), [.control]) == nil && !helped.showHelp && helped.confirmingLeave)
        // Twice in a row leaves too, as a shell's second Ctrl-C would.
        var again = try playing()
        _ = press(&again, .character("c"), [.control])
        #expect(press(&again, .character("c"), [.control]) == .quit)
        // A network match says what leaving costs.
        var network = try playing()
        network.leavingForfeits = true
        _ = press(&network, .character("c"), [.control])
        #expect(ReplayScenes.text(GameScreenRender.text(network)).contains("Leave and forfeit? y/n"))
        // Where nothing asks (the replay viewer, after the match), quit quits.
        var plain = try playing()
        plain.asksBeforeLeaving = false
        #expect(press(&plain, .character("c"), [.control]) == .quit)
    }

    @Test("the briefing covers the battlefield; typing goes to the prompt; Enter starts and enters it")
    func briefing() throws {
        var model = try playing()
        model.briefing = Briefing(map: model.world.map, player: 1)
        let shown = ReplayScenes.text(GameScreenRender.text(model))
        #expect(shown.contains("Briefing: Duel") && shown.contains("Try typing:") && shown.contains("Enter starts the match"), "\(shown)")
        // At 80x24 the examples and the key that starts the match still show.
        var small = CellBuffer(width: 80, height: 24)
        GameScreen.render(model, into: &small)
        let smallText = ReplayScenes.text(small)
        #expect(smallText.contains("Try typing:") && smallText.contains("Enter starts"), "\(smallText)")
        for example in model.briefing!.examples { #expect(smallText.contains(example), "\(example) at 80x24") }
        #expect(press(&model, .enter) == .startMatch && model.briefing == nil)
        model.briefing = Briefing(map: model.world.map, player: 1)
        for c in "scouts capture the gap" { _ = press(&model, .character(c)) }
        #expect(model.briefing != nil && model.prompt.text == "scouts capture the gap")
        #expect(press(&model, .enter) == .submit("scouts capture the gap") && model.briefing == nil)
    }
}

extension FirstMatchTests {
    @Test("F1 while typing lists only keys that act then: no letter, digit, punctuation or space")
    func helpTellsTheTruth() throws {
        for keymap in [Keymap.builtIn, try Keymap.load(nameOrPath: "vi", directories: [Repository.keymaps.path])] {
            let typing = HelpOverlay(keymap: keymap, theme: Theme(capabilities: .full)).rows(for: .typing)
            let names = typing.flatMap(\.keys)
            // "alt-1...alt-0" is two key names.
            for name in names.flatMap({ $0.components(separatedBy: "...") }) {
                #expect(!(try KeyPress(name: name)).isPrintable, "\(keymap.name): \(name) types, it does not act")
            }
            #expect(typing.contains { $0.keys.contains("F1") } && typing.contains { $0.keys.contains("ctrl-c") })
            // With the prompt unfocused the printable keys act, and are listed.
            let unfocused = HelpOverlay(keymap: keymap, theme: Theme(capabilities: .full)).rows(for: .play).flatMap(\.keys)
            #expect(unfocused.contains("q") && unfocused.contains("?"), "\(keymap.name): \(unfocused)")
        }
    }
}

extension FirstMatchTests {
    @Test("the log: PgUp goes back and stays while lines come, PgDn returns, F5 keeps your orders, the last order pinned")
    func readableLog() throws {
        var model = try playing()
        model.appendLog(LogEntry(.understood, "3,4 hold the gap facing east", player: 1))
        for k in 1...40 { model.appendLog(LogEntry(.event, "event \(k)", player: 2)) }
        var screen = ReplayScenes.text(GameScreenRender.text(model))
        // 120x40: 9 lines of log under its rule, the last order pinned on the bottom one.
        #expect(screen.contains("event 40") && screen.contains("event 33") && !screen.contains("event 32"), "\(screen)")
        #expect(screen.contains("3,4 hold the gap facing east"), "pinned: \(screen)")
        _ = press(&model, .pageUp)
        screen = ReplayScenes.text(GameScreenRender.text(model))
        #expect(model.logScroll == 8 && screen.contains("event 32") && !screen.contains("event 33"), "\(screen)")
        #expect(screen.contains("8 newer below (pgdn)"), "\(screen)")
        // New lines do not move what is on screen while scrolled back.
        model.appendLog(LogEntry(.event, "event 41", player: 2))
        #expect(model.logScroll == 9 && ReplayScenes.text(GameScreenRender.text(model)).contains("event 32"))
        _ = press(&model, .pageDown)
        _ = press(&model, .pageDown)
        #expect(model.logScroll == 0 && ReplayScenes.text(GameScreenRender.text(model)).contains("event 41"))
        _ = press(&model, .function(5))
        screen = ReplayScenes.text(GameScreenRender.text(model))
        #expect(screen.contains("Log: your orders") && screen.contains("3,4 hold the gap") && !screen.contains("event 41"), "\(screen)")
    }
}

extension FirstMatchTests {
    @Test("the roster shows what a unit does next: move … → hold")
    func queuedOrders() throws {
        var world = World(map: try Repository.map("duel"), seed: 1)
        let orders = [
            Order(units: [1], action: .move, target: .direction(.north)),
            Order(units: [1], action: .hold, facing: .east, queued: true),
            Order(units: [1], action: .capture, target: .landmark("the gap"), queued: true),
        ]
        world.step(FrameInput(player1: [PlayerCommand(text: "1 move north then hold facing east then capture the gap", orders: orders)]))
        let unit = try #require(world.unit(player: 1, number: 1))
        #expect(unit.orders.count == 3)
        let phrase = OrderPhrase.short(unit, map: world.map)
        #expect(phrase.hasPrefix("move ") && phrase.hasSuffix(" \u{2192} hold +1"), "\(phrase)")
    }
}

extension FirstMatchTests {
    @Test("F6 puts unit numbers on the map; without colour the bases read 1 and 2")
    func findUnits() throws {
        var model = try playing()
        let letters = ReplayScenes.text(GameScreenRender.text(model))
        _ = press(&model, .function(6))
        #expect(model.showNumbers)
        let numbers = ReplayScenes.text(GameScreenRender.text(model))
        #expect(numbers != letters)
        // The battlefield (left of the roster) holds digits now, and no scout or tank letter.
        let field = numbers.split(separator: "\n").prefix(20).map { String($0.prefix(60)) }.joined()
        #expect(field.contains { $0.isNumber } && !field.contains("S") && !field.contains("T"), "\(field)")
        var mono = try playing()
        mono.capabilities = TerminalCapabilities(unicode: true, colors: false)
        let plain = ReplayScenes.text(GameScreenRender.text(mono))
        #expect(!plain.contains("\u{2302}") && letters.contains("\u{2302}"), "the base glyph gives way to the side's number")
    }
}

extension FirstMatchTests {
    @Test("the help has pages: keys, the order words with this map's places, and a legend of every glyph")
    func helpPages() throws {
        var model = try playing()
        _ = press(&model, .function(1))
        var screen = ReplayScenes.text(GameScreenRender.text(model))
        #expect(screen.contains("Help 1/3: default keys (tab: words)"))
        _ = press(&model, .tab)
        screen = ReplayScenes.text(GameScreenRender.text(model))
        #expect(screen.contains("Help 2/3: words (tab: legend)"))
        #expect(screen.contains("old mill (A)"))
        #expect(screen.contains("capture: "))
        #expect(screen.contains("sniper: health \(Archetype.sniper.stats.maxHealth)") && screen.contains("heals"))
        _ = press(&model, .tab)
        screen = ReplayScenes.text(GameScreenRender.text(model))
        #expect(screen.contains("Help 3/3: legend"))
        #expect(screen.contains("rock: blocks movement and sight"))
        _ = press(&model, .left)
        #expect(model.helpPage == .words && model.showHelp)
        _ = press(&model, .escape)
        #expect(!model.showHelp)
    }
}

extension FirstMatchTests {
    @Test("at 80x24 the roster abbreviates an order rather than cut it, and the map shows where more of it lies")
    func narrowScreens() throws {
        var world = World(map: try Repository.map("frontier"), seed: 1)
        let orders = [Order(units: [1], action: .capture, target: .landmark("the island")), Order(units: [1], action: .hold, queued: true)]
        world.step(FrameInput(player1: [PlayerCommand(text: "1 capture the island then hold", orders: orders)]))
        let unit = try #require(world.unit(player: 1, number: 1))
        let full = OrderPhrase.short(unit, map: world.map)
        #expect(full.hasPrefix("capture the island"), "\(full)")
        #expect(OrderPhrase.short(unit, map: world.map, width: 14) == "cap island\u{2192}hold")
        #expect(OrderPhrase.short(unit, map: world.map, width: 40) == full)
        // Frontier is larger than an 80x24 view: arrows say which ways it goes on.
        let model = GameScreenModel(world: world, player: 1)
        var buffer = CellBuffer(width: 80, height: 24)
        GameScreen.render(model, into: &buffer)
        let screen = ReplayScenes.text(buffer)
        #expect(screen.contains("\u{25B8}") || screen.contains("\u{25C2}"), "\(screen)")
        #expect(screen.contains("\u{25BE}") || screen.contains("\u{25B4}"), "\(screen)")
        #expect(screen.contains("cap island"), "the roster abbreviates: \(screen)")
    }
}

/// A model drawn at 120x40.
enum GameScreenRender {
    static func text(_ model: GameScreenModel) -> CellBuffer {
        var buffer = CellBuffer(width: 120, height: 40)
        GameScreen.render(model, into: &buffer)
        return buffer
    }
}
