import Testing

@testable import FoglineSim

@Suite("Vision: cones, range, rock and forest")
struct VisionTests {
    /// A scout at (10, 10) facing east on an open field; sight 12 cells.
    func scoutWorld(_ rows: [String]? = nil) -> (World, Unit) {
        let map = rows.map { TestMap.make($0) } ?? TestMap.openField()
        var world = World(map: map, seed: 1)
        world.place(player: 1, number: 1, at: Cell(10, 10), facing: .east)
        return (world, world.unit(1, 1))
    }

    @Test("a target just inside the 60-degree edge is seen, just outside is not")
    func coneEdge() {
        let (world, scout) = scoutWorld()
        // Inside when 3*dx^2 >= dy^2: (4, 6) gives 48 >= 36, (4, 7) gives 48 < 49.
        #expect(world.canSee(scout, unitAt: Cell(14, 16).center))
        #expect(!world.canSee(scout, unitAt: Cell(14, 17).center))
        #expect(world.canSee(scout, unitAt: Cell(14, 4).center))
        #expect(!world.canSee(scout, unitAt: Cell(14, 3).center))
        // Behind the scout: nothing, however close (outside the one-cell awareness).
        #expect(!world.canSee(scout, unitAt: Cell(7, 10).center))
        #expect(world.canSee(scout, unitAt: Cell(9, 10).center), "adjacent cells are always noticed")
    }

    @Test("sight ends exactly at the archetype's range")
    func sightRange() {
        let (world, scout) = scoutWorld()
        #expect(scout.stats.sightCells == 12)
        #expect(world.canSee(scout, unitAt: Cell(22, 10).center))
        #expect(!world.canSee(scout, unitAt: Cell(23, 10).center))
    }

    @Test("rock blocks the line of sight")
    func rockBlocks() {
        var rows = Array(repeating: String(repeating: ".", count: 30), count: 20)
        rows[10] = "..........." + "..#" + String(repeating: ".", count: 16)
        rows[1] = "1" + String(repeating: ".", count: 28) + "2"
        rows[5] = "....A....B....C" + String(repeating: ".", count: 15)
        let (world, scout) = scoutWorld(rows)
        #expect(world.map.terrain(at: Cell(13, 10)) == .rock)
        #expect(!world.canSee(scout, unitAt: Cell(16, 10).center), "behind rock")
        #expect(world.canSee(scout, unitAt: Cell(16, 12).center), "beside the rock")
    }

    @Test("forest thins sight and hides units inside it from afar")
    func forest() {
        var rows = Array(repeating: String(repeating: ".", count: 30), count: 20)
        // Row 10: two forest cells at 12-13; row 12: three at 12-14; a forest cell at (17, 14).
        rows[10] = "............TT" + String(repeating: ".", count: 16)
        rows[12] = "............TTT" + String(repeating: ".", count: 15)
        rows[14] = ".................T" + String(repeating: ".", count: 12)
        rows[1] = "1" + String(repeating: ".", count: 28) + "2"
        rows[5] = "....A....B....C" + String(repeating: ".", count: 15)
        var (world, scout) = scoutWorld(rows)
        #expect(world.canSee(scout, unitAt: Cell(16, 10).center), "through two forest cells")
        world.place(player: 1, number: 1, at: Cell(10, 12), facing: .east)
        scout = world.unit(1, 1)
        #expect(!world.canSee(scout, unitAt: Cell(17, 12).center), "not through three")
        // A unit standing in forest: hidden at distance 7, seen from 3 cells.
        world.place(player: 1, number: 1, at: Cell(10, 14), facing: .east)
        scout = world.unit(1, 1)
        #expect(!world.canSee(scout, unitAt: Cell(17, 14).center))
        world.place(player: 1, number: 1, at: Cell(14, 14), facing: .east)
        scout = world.unit(1, 1)
        #expect(world.canSee(scout, unitAt: Cell(17, 14).center))
    }

    @Test("a player sees an enemy only through its own units, and explores what they see")
    func playerVisibilityAndExplored() {
        var world = World(map: TestMap.openField(), seed: 3)
        world.benchAll(except: [(1, 1), (2, 3)])
        world.place(player: 1, number: 1, at: Cell(10, 10), facing: .east)
        world.place(player: 2, number: 3, at: Cell(15, 10), facing: .east)
        world.run(1)
        let enemy = World.unitID(player: 2, number: 3)
        let me = World.unitID(player: 1, number: 1)
        #expect(world.sees(enemy: enemy, player: 1))
        #expect(!world.sees(enemy: me, player: 2), "the tank faces away")
        #expect(world.view(for: 1).visibleEnemies.map(\.id) == [enemy])
        #expect(world.view(for: 2).visibleEnemies.isEmpty)
        #expect(world.isExplored(Cell(20, 10), by: 1))
        #expect(!world.isExplored(Cell(5, 25), by: 1))
    }
}
