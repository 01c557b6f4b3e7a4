import Foundation
import FoglineBot
import FoglineMatch
import Testing

@testable import FoglineSim

/// The shipped maps, found from this file's place in the repository.
func shippedMap(_ name: String) throws -> GameMap {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try MapLoader.load(path: root.appendingPathComponent("maps/\(name).toml").path)
}

@Suite("The built-in bot")
struct BotTests {
    func play(_ map: GameMap, seed: UInt64, p1: BotLevel, p2: BotLevel, frames: Int32) throws -> World {
        var match = LocalMatch(
            map: map, seed: seed, player1: .bot(Bot(player: 1, level: p1, seed: seed)),
            player2: .bot(Bot(player: 2, level: p2, seed: seed)))
        try match.run(untilFrame: frames)
        return match.world
    }

    @Test("normal beats easy in most seeds, from either side")
    func normalBeatsEasy() throws {
        let map = try shippedMap("duel")
        var normalWins = 0, games = 0
        for seed: UInt64 in [1, 2, 3] {
            let a = try play(map, seed: seed, p1: .normal, p2: .easy, frames: 6000)
            let b = try play(map, seed: seed, p1: .easy, p2: .normal, frames: 6000)
            normalWins += (a.result?.winner ?? a.leader) == 1 ? 1 : 0
            normalWins += (b.result?.winner ?? b.leader) == 2 ? 1 : 0
            games += 2
        }
        #expect(normalWins * 3 >= games * 2, "normal won \(normalWins) of \(games)")
    }

    @Test("the bot is not passive: it captures nodes and fights")
    func notPassive() throws {
        let world = try play(try shippedMap("duel"), seed: 4, p1: .normal, p2: .normal, frames: 4500)
        #expect(world.stats[0].captures > 0 && world.stats[1].captures > 0)
        #expect(world.stats[0].shots > 0 && world.stats[1].shots > 0)
        #expect(world.scores[0] + world.scores[1] > 0)
    }

    @Test("the bot only targets enemies its own player can see")
    func respectsFog() throws {
        let map = try shippedMap("duel")
        var world = World(map: map, seed: 8)
        var bot = Bot(player: 1, level: .normal, seed: 8)
        var enemy = Bot(player: 2, level: .normal, seed: 8)
        var checked = 0
        for _ in 0..<4000 {
            let view = world.view(for: 1)
            let visible = Set(view.visibleEnemies.map(\.number))
            let commands = bot.commands(for: view)
            for order in commands.flatMap(\.orders) {
                if case .enemy(let n)? = order.target {
                    #expect(visible.contains(n), "ordered an attack on unseen enemy \(n)")
                    checked += 1
                }
            }
            world.step(FrameInput(player1: commands, player2: enemy.commands(for: world.view(for: 2))))
        }
        #expect(checked > 0, "the bot attacked something it saw")
    }

    @Test("pulls hurt units back")
    func retreatsHurtUnits() throws {
        let map = try shippedMap("duel")
        let world = World(map: map, seed: 2)
        var bot = Bot(player: 1, level: .normal, seed: 2)
        // A view on a frame the bot thinks (player 1 thinks when frame + 7 is a multiple of 15)
        // in which tank 3 is badly hurt and far from home.
        var units = world.view(for: 1).ownUnits
        units[2].health = units[2].stats.maxHealth / 5
        units[2].position = Cell(map.width / 2, map.height / 2).center
        let view = PlayerView(
            map: map, player: 1, frame: 8, ownUnits: units, visibleEnemies: [], nodes: world.nodes, scores: [0, 0],
            result: nil)
        let orders = bot.commands(for: view).flatMap(\.orders).filter { $0.units.contains(3) }
        #expect(orders.contains { $0.action == .follow || $0.action == .retreat })
    }

    @Test("the same seed gives the same bot match")
    func deterministic() throws {
        let map = try shippedMap("duel")
        let a = try play(map, seed: 12, p1: .normal, p2: .easy, frames: 2000)
        let b = try play(map, seed: 12, p1: .normal, p2: .easy, frames: 2000)
        #expect(a.stateHash == b.stateHash)
    }
}

@Suite("The bot against a player who does nothing")
struct BotPressesTests {
    @Test("holding every node unopposed, the normal bot attack-moves on the other base and kills there")
    func pressesAnIdlePlayer() throws {
        let map = try shippedMap("duel")
        var match = LocalMatch(
            map: map, seed: 3, player1: .script(CommandScript(lines: [])),
            player2: .bot(Bot(player: 2, level: .normal, seed: 3)))
        var pressedAt: Int32?
        let base = map.bases[0]
        match.onFrame = { frame, input, _ in
            let press = input[player: 2].flatMap(\.orders).contains {
                $0.action == .attackMove && $0.target == .point(x: Int(base.x), y: Int(base.y))
            }
            if press && pressedAt == nil { pressedAt = frame }
        }
        var heldAllAt: Int32?
        while !match.isOver && match.world.frame < 9000 && (pressedAt == nil || match.world.stats[0].losses == 0) {
            try match.runFrame()
            if heldAllAt == nil && match.world.nodes.allSatisfy({ $0.owner == 2 }) { heldAllAt = match.world.frame }
        }
        let held = try #require(heldAllAt, "the bot never held every node")
        let pressed = try #require(pressedAt, "the bot held every node from frame \(held) but never went for the base")
        // It decides every 15 frames, and the command runs `Rules.inputDelay` later.
        #expect(pressed - held <= 15 + Rules.inputDelay + 1)
        #expect(match.world.stats[0].losses > 0, "the idle side lost nothing by frame \(match.world.frame)")
    }
}
