import Testing

@testable import FoglineSim

@Suite("Movement, paths and orders")
struct MovementTests {
    @Test("paths go around water, over the bridge, never through water")
    func pathAroundWater() {
        // Close the river's ends so the bridge is the only way.
        var rows = [
            "......................",
            "..A..........~........",
            ".............~........",
            ".............~........",
            ".1...........+......2.",
            ".............~........",
            ".............~...B....",
            ".............~........",
            ".........C...~........",
            ".............~........",
        ]
        rows[0] = ".............~........"
        let map = TestMap.make(rows)
        let path = Pathfinder.path(on: map, from: Cell(3, 8), to: Cell(18, 8))
        #expect(!path.isEmpty)
        #expect(path.allSatisfy { map.terrain(at: $0).isPassable })
        #expect(path.contains(Cell(13, 4)), "crosses at the bridge")
        #expect(path.last == Cell(18, 8))
        // Same inputs, same path, every time.
        #expect(Pathfinder.path(on: map, from: Cell(3, 8), to: Cell(18, 8)) == path)
        // A unit ordered across gets there.
        var world = World(map: map, seed: 1)
        world.benchAll(except: [(1, 3), (2, 1)])
        world.place(player: 1, number: 3, at: Cell(3, 8))
        world.run(400, FrameInput(player1: [PlayerCommand(text: "", orders: [Order(units: [3], action: .move, target: .point(x: 18, y: 8))])]))
        #expect(world.unit(1, 3).cell == Cell(18, 8))
    }

    @Test("a group sent to one place spreads over distinct cells")
    func spreadAroundGoal() {
        var world = World(map: TestMap.openField(), seed: 1)
        let order = Order(units: [1, 2, 3, 4, 5], action: .move, target: .point(x: 20, y: 20))
        world.run(900, FrameInput(player1: [PlayerCommand(text: "", orders: [order])]))
        let cells = (1...5).map { world.unit(1, $0).cell }
        #expect(Set(cells).count == 5)
        #expect(cells.allSatisfy { $0.chebyshev(to: Cell(20, 20)) <= 1 })
    }

    @Test("queued orders run one after another")
    func queuedOrders() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(5, 5))
        let first = Order(units: [1], action: .move, target: .point(x: 15, y: 5))
        let second = Order(units: [1], action: .move, target: .point(x: 15, y: 15), queued: true)
        world.step(FrameInput(player1: [PlayerCommand(text: "", orders: [first, second])]))
        #expect(world.unit(1, 1).orders.count == 2)
        var visitedFirst = false
        for _ in 0..<400 {
            world.step()
            if world.unit(1, 1).cell == Cell(15, 5) { visitedFirst = true }
        }
        #expect(visitedFirst)
        #expect(world.unit(1, 1).cell == Cell(15, 15))
        #expect(world.unit(1, 1).orders.isEmpty)
    }

    @Test("patrol walks back and forth between two points")
    func patrol() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 1), (2, 1)])
        world.place(player: 1, number: 1, at: Cell(5, 20))
        let order = Order(units: [1], action: .patrol, target: .point(x: 15, y: 20), via: .point(x: 5, y: 20))
        world.step(FrameInput(player1: [PlayerCommand(text: "", orders: [order])]))
        var arrivals: [Int32] = []
        var last = world.unit(1, 1).cell
        for _ in 0..<900 {
            world.step()
            let c = world.unit(1, 1).cell
            if c != last && (c == Cell(15, 20) || c == Cell(5, 20)) { arrivals.append(c.x) }
            last = c
        }
        #expect(arrivals.count >= 4)
        #expect(Array(arrivals.prefix(4)) == [15, 5, 15, 5])
        #expect(world.unit(1, 1).currentOrder?.action == .patrol)
    }

    @Test("a hold order with facing turns the unit and keeps it there")
    func holdFacing() {
        var world = World(map: TestMap.openField(), seed: 1)
        world.benchAll(except: [(1, 5), (2, 1)])
        world.place(player: 1, number: 5, at: Cell(5, 5))
        let order = Order(units: [5], action: .hold, target: .point(x: 8, y: 5), facing: .south)
        world.run(200, FrameInput(player1: [PlayerCommand(text: "", orders: [order])]))
        #expect(world.unit(1, 5).cell == Cell(8, 5))
        #expect(world.unit(1, 5).facing == CompassDirection.south.vector)
        #expect(world.unit(1, 5).currentOrder?.action == .hold)
    }

    @Test("orders an archetype cannot carry out, or for missing units, are ignored")
    func invalidOrdersIgnored() {
        var world = World(map: TestMap.openField(), seed: 1)
        let before = world.stateHash
        var copy = world
        let tankHeals = Order(units: [3], action: .heal, target: .unit(1))
        let badNumber = Order(units: [11], action: .move, target: .point(x: 3, y: 3))
        let unknownPlace = Order(units: [1], action: .move, target: .landmark("nowhere"))
        world.step(FrameInput(player1: [PlayerCommand(text: "", orders: [tankHeals, badNumber, unknownPlace])]))
        copy.step(.empty)
        #expect(world.stateHash == copy.stateHash)
        #expect(world.stateHash != before)
        #expect(world.events.contains { if case .orderIgnored = $0 { return true } else { return false } })
    }
}
