/// What the pathfinder needs of each cell, worked out once per map: which of the eight steps
/// out of it are allowed, and what stepping onto it costs.
///
/// The rules live here so `Pathfinder` and the reachability flood agree: a step must stay on
/// the map and land on a passable cell, and a diagonal must not cut a corner past rock or water.
struct NavigationGrid: Sendable {
    /// Bit k is set when step `Pathfinder.neighbourSteps[k]` out of the cell is allowed.
    /// It does not depend on the cell itself being passable.
    let moves: [UInt8]
    /// Cost of stepping onto the cell straight (`Terrain.pathCost`) and diagonally (14/10 of
    /// it, rounded down), the same integer arithmetic the search always used.
    let straightCost: [UInt8]
    let diagonalCost: [UInt8]
    /// Each step of `Pathfinder.neighbourSteps`, in order, with its index offset on a map
    /// this wide.
    let steps: [Step]

    struct Step: Sendable {
        var dx: Int32
        var dy: Int32
        var offset: Int
    }

    init(width: Int32, height: Int32, terrain: [Terrain]) {
        let w = Int(width), h = Int(height)
        var moves = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var mask: UInt8 = 0
                for (k, (dx, dy)) in Pathfinder.neighbourSteps.enumerated() {
                    let nx = x + Int(dx), ny = y + Int(dy)
                    guard nx >= 0, ny >= 0, nx < w, ny < h, terrain[ny * w + nx].isPassable else { continue }
                    if dx != 0 && dy != 0 {
                        guard terrain[y * w + nx].isPassable, terrain[ny * w + x].isPassable else { continue }
                    }
                    mask |= 1 << UInt8(k)
                }
                moves[y * w + x] = mask
            }
        }
        self.moves = moves
        // At most 28: a byte each keeps the tables small.
        self.straightCost = terrain.map { UInt8($0.pathCost) }
        self.diagonalCost = terrain.map { UInt8($0.pathCost * 14 / 10) }
        self.steps = Pathfinder.neighbourSteps.map { Step(dx: $0.0, dy: $0.1, offset: Int($0.1) * w + Int($0.0)) }
    }

    /// Whether step `k` out of cell `index` is allowed.
    @inline(__always) func allows(_ k: Int, from index: Int) -> Bool {
        moves[index] & (1 << UInt8(k)) != 0
    }
}
