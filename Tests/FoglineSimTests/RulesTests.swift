import Testing

@testable import FoglineSim

@Suite("Rules: nodes, score, combat, respawn, mines, healing, victory")
struct RulesTests {
    func command(_ orders: Order...) -> [PlayerCommand] { [PlayerCommand(text: "", orders: orders)] }

    @Test("a lone unit captures a node; an engineer does it twice as fast")
    func capture() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (1, 9), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(20, 15))
        world.place(player: 1, number: 9, at: Cell(2, 25))
        world.run(Int(Rules.captureProgress) - 1)
        #expect(world.nodes[0].owner == 0)
        #expect(world.nodes[0].capturer == 1)
        world.run(1)
        #expect(world.nodes[0].owner == 1)
        #expect(world.stats[0].captures == 1)

        var fast = World(map: TestMap.openField(), seed: 1)
        fast.benchAll(except: [(1, 9), (2, 1)])
        fast.place(player: 1, number: 9, at: Cell(21, 16))
        fast.run(Int(Rules.captureProgress / 2))
        #expect(fast.nodes[0].owner == 1)
    }

    @Test("a contested node does not change hands")
    func contest() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 3), (2, 3)])
        world.place(player: 1, number: 3, at: Cell(19, 15), facing: .north)
        world.place(player: 2, number: 3, at: Cell(21, 15), facing: .north)
        // Keep them from killing each other: they face away and are tanks that cannot see behind.
        world.run(Int(Rules.captureProgress) * 2)
        #expect(world.nodes[0].owner == 0)
        #expect(world.nodes[0].progress == 0)
    }

    @Test("each held node scores a point a second")
    func scoring() {
        var world = World(map: TestMap.openField(nodes: "AB"), seed: 1)
        world.benchAll(except: [(1, 1), (1, 2), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(20, 15))
        world.place(player: 1, number: 2, at: Cell(24, 15))
        world.run(Int(Rules.captureProgress))
        #expect(world.nodes.map(\.owner) == [1, 1])
        let before = world.scores[0]
        world.run(300)
        #expect(world.scores[0] - before == 20, "two nodes for ten seconds")
        #expect(world.scores[1] == 0)
    }

    @Test("a destroyed unit returns at its base after the respawn delay, at full health")
    func respawn() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (1, 2), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(30, 20))
        var damage = [Int32](repeating: 0, count: world.units.count)
        damage[0] = 1000
        let nobody = [Int](repeating: -1, count: world.units.count)
        damage.withUnsafeBufferPointer { d in nobody.withUnsafeBufferPointer { world.applyDamage(d, firstHitBy: $0) } }
        #expect(!world.unit(1, 1).isAlive)
        #expect(world.stats[0].losses == 1)
        world.run(Int(Rules.respawnFrames) - 1)
        #expect(!world.unit(1, 1).isAlive)
        world.run(1)
        let u = world.unit(1, 1)
        #expect(u.isAlive)
        #expect(u.health == u.stats.maxHealth)
        #expect(u.cell.chebyshev(to: world.map.bases[0]) <= 2)
    }

    @Test("a unit that dies comes back with the orders it had, and carries them out from its base")
    func respawnResumesOrders() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (1, 2), (2, 1)])  // unit 2 keeps player 1 in the match
        world.place(player: 1, number: 1, at: Cell(30, 20))
        let node = world.map.nodes[0]
        world.run(1, FrameInput(player1: command(
            Order(units: [1], action: .capture, target: .landmark(node.name)),
            Order(units: [1], action: .hold, facing: .north, queued: true))))
        world.run(5)
        #expect(world.unit(1, 1).currentOrder?.action == .capture)
        var damage = [Int32](repeating: 0, count: world.units.count)
        damage[0] = 10_000
        let nobody = [Int](repeating: -1, count: world.units.count)
        damage.withUnsafeBufferPointer { d in nobody.withUnsafeBufferPointer { world.applyDamage(d, firstHitBy: $0) } }
        #expect(!world.unit(1, 1).isAlive)
        world.run(Int(Rules.respawnFrames))
        let back = world.unit(1, 1)
        #expect(back.isAlive)
        #expect(back.orders.map(\.action) == [.capture, .hold])
        #expect(world.events.contains(.respawned(unit: 0)))
        // It walks from its base to the node and takes it.
        let start = back.cell.chebyshev(to: node.cell)
        world.run(60)
        #expect(world.unit(1, 1).cell.chebyshev(to: node.cell) < start)
        world.run(3000)
        #expect(world.nodes[0].owner == 1, "\(world.unit(1, 1)) \(world.nodes[0])")
        #expect(world.unit(1, 1).currentOrder?.action == .hold)
    }

    @Test("orders given to a dead unit are ignored; \"stop\" before it died leaves it idle when back")
    func deadUnitsKeepWhatTheyHad() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (1, 2), (2, 1)])  // unit 2 keeps player 1 in the match
        world.place(player: 1, number: 1, at: Cell(30, 20))
        world.run(1, FrameInput(player1: command(Order(units: [1], action: .stop))))
        var damage = [Int32](repeating: 0, count: world.units.count)
        damage[0] = 10_000
        let nobody = [Int](repeating: -1, count: world.units.count)
        damage.withUnsafeBufferPointer { d in nobody.withUnsafeBufferPointer { world.applyDamage(d, firstHitBy: $0) } }
        world.run(1, FrameInput(player1: command(Order(units: [1], action: .move, target: .direction(.north)))))
        #expect(world.events.contains { if case .orderIgnored(1, _) = $0 { return true } else { return false } })
        world.run(Int(Rules.respawnFrames))
        #expect(world.unit(1, 1).isAlive)
        #expect(world.unit(1, 1).orders.isEmpty)
    }

    @Test("units in range and sight shoot, and damage kills")
    func combat() {
        var world = World(map: TestMap.openField(), seed: 5)
        world.benchAll(except: [(1, 3), (2, 1)])
        world.place(player: 1, number: 3, at: Cell(10, 10), facing: .east)
        world.place(player: 2, number: 1, at: Cell(13, 10), facing: .north)
        var shots = 0
        for _ in 0..<600 where world.unit(2, 1).isAlive {
            world.step()
            shots += world.events.filter { if case .shot(from: 2, _, _) = $0 { return true } else { return false } }.count
        }
        #expect(!world.unit(2, 1).isAlive || world.result != nil)
        #expect(shots > 0)
        #expect(world.stats[0].kills == 1)
        #expect(world.unit(1, 3).kills == 1)
    }

    @Test("an engineer lays a mine that blows up under an enemy")
    func mines() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 9), (2, 3)])
        world.place(player: 1, number: 9, at: Cell(10, 10))
        world.place(player: 2, number: 3, at: Cell(30, 25), facing: .south)
        world.run(Int(Rules.mineLayFrames) + 40, FrameInput(player1: command(Order(units: [9], action: .mine, target: .point(x: 12, y: 10)))))
        #expect(world.mines.count == 1)
        #expect(world.mines[0].position.cell == Cell(12, 10))
        #expect(world.stats[0].minesLaid == 1)
        // Walk the engineer away and the enemy tank over the mine.
        world.place(player: 1, number: 9, at: Cell(2, 28), facing: .west)
        let healthBefore = world.unit(2, 3).health
        world.place(player: 2, number: 3, at: Cell(12, 12), facing: .south)
        world.run(300, FrameInput(player2: command(Order(units: [3], action: .move, target: .point(x: 12, y: 8)))))
        #expect(world.mines.isEmpty)
        #expect(world.unit(2, 3).health <= healthBefore - Rules.mineDamage)
    }

    @Test("medics heal hurt friends nearby, not themselves")
    func healing() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 3), (1, 7), (2, 1)])
        world.place(player: 1, number: 3, at: Cell(10, 10))
        world.place(player: 1, number: 7, at: Cell(11, 11))
        world.units[World.unitID(player: 1, number: 3)].health = 100
        world.units[World.unitID(player: 1, number: 7)].health = 50
        world.run(30)
        #expect(world.unit(1, 3).health == 100 + 3 * Rules.healAmount)
        #expect(world.unit(1, 7).health == 50)
        // Out of reach, no healing.
        world.place(player: 1, number: 3, at: Cell(20, 20))
        let h = world.unit(1, 3).health
        world.run(30)
        #expect(world.unit(1, 3).health == h)
    }

    @Test("the score limit ends the match")
    func scoreVictory() {
        var world = World(map: TestMap.openField(scoreLimit: 5), seed: 1)
        world.benchAll(except: [(1, 1), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(20, 15))
        world.run(Int(Rules.captureProgress) + 200)
        #expect(world.result?.reason == .score)
        #expect(world.result?.winner == 1)
        #expect(world.scores[0] == 5)
        let frame = world.frame
        world.step()
        #expect(world.frame == frame, "a finished match does not step")
    }

    @Test("a side with no unit alive at once loses")
    func eliminationVictory() {
        var world = World(map: TestMap.openField(), seed: 1)
        var damage = [Int32](repeating: 0, count: world.units.count)
        for id in 10..<20 { damage[id] = 1000 }
        let nobody = [Int](repeating: -1, count: world.units.count)
        damage.withUnsafeBufferPointer { d in nobody.withUnsafeBufferPointer { world.applyDamage(d, firstHitBy: $0) } }
        world.step()
        #expect(world.result?.reason == .elimination)
        #expect(world.result?.winner == 1)
    }

    @Test("the time limit ends the match, higher score winning, level a draw")
    func timeVictory() {
        var level = World(map: TestMap.openField(timeLimitFrames: 90), seed: 1)
        level.run(89)
        #expect(level.result == nil)
        level.run(1)
        #expect(level.result?.reason == .time)
        #expect(level.result?.winner == 0)

        var ahead = World(map: TestMap.openField(timeLimitFrames: 400), seed: 1)
        ahead.benchAll(except: [(1, 1), (2, 1)])
        ahead.place(player: 1, number: 1, at: Cell(20, 15))
        ahead.run(400)
        #expect(ahead.result?.reason == .time)
        #expect(ahead.result?.winner == 1)
    }
}
