import Testing

@testable import FoglineSim

@Suite("Determinism in one process")
struct DeterminismTests {
    /// A fixed, busy stream of orders for both sides.
    func scripted(seed: UInt64, frames: Int) -> World {
        var world = World(map: TestMap.openField(nodes: "ABC"), seed: seed)
        for f in 0..<frames {
            var input = FrameInput()
            if f % 120 == 0 {
                let k = f / 120
                input[player: 1] = [PlayerCommand(text: "", orders: [
                    Order(units: [1, 2, 3, 4, 5, 6], action: .attackMove, target: .point(x: 20 + k % 3 * 4, y: 15)),
                    Order(units: [9, 10], action: .capture, target: .landmark("node \(["A", "B", "C"][k % 3])")),
                ])]
                input[player: 2] = [PlayerCommand(text: "", orders: [
                    Order(units: [1, 2, 3, 4, 5, 6, 7, 8], action: .attackMove, target: .point(x: 24, y: 15)),
                    Order(units: [9], action: .mine),
                ])]
            }
            world.step(input)
        }
        return world
    }

    @Test("the same seed and inputs give the same hash; another seed another match")
    func sameInputsSameHash() {
        let a = scripted(seed: 42, frames: 1500)
        let b = scripted(seed: 42, frames: 1500)
        #expect(a.stateHash == b.stateHash)
        #expect(a.stats.map(\.shots) == b.stats.map(\.shots))
        #expect(a.stats[0].shots + a.stats[1].shots > 0, "the units fought")
        let c = scripted(seed: 43, frames: 1500)
        #expect(c.stateHash != a.stateHash)
    }

    @Test("a copied world steps to the same state as the original")
    func copiesAreIndependentAndEqual() {
        var a = scripted(seed: 9, frames: 300)
        var b = a
        let snapshot = a.stateHash
        a.run(200)
        #expect(b.stateHash == snapshot, "stepping a copy leaves the original alone")
        b.run(200)
        #expect(a.stateHash == b.stateHash)
    }

    @Test("the hash covers positions, health and the random state")
    func hashSensitivity() {
        let base = World(map: TestMap.openField(), seed: 1)
        var moved = base
        moved.units[0].position.x += 1
        var hurt = base
        hurt.units[5].health -= 1
        var drawn = base
        _ = drawn.random.next()
        let hashes = [base.stateHash, moved.stateHash, hurt.stateHash, drawn.stateHash]
        #expect(Set(hashes).count == 4)
    }
}
