/// Lines of sight: which depend only on the terrain, so the map answers them.
extension GameMap {
    /// Whether the straight line between two cells is clear: rock blocks it, and more
    /// than `Rules.forestSightDepth` forest cells between them block it too.
    /// The end cells themselves do not count.
    public func hasLineOfSight(from a: Cell, to b: Cell) -> Bool {
        if contains(a), contains(b), let line = sightLines.line(dx: b.x - a.x, dy: b.y - a.y) {
            return terrain.withUnsafeBufferPointer { terrain in
                sightLines.between.withUnsafeBufferPointer { between in
                    let origin = index(a)
                    var forest = 0
                    for k in line {
                        switch terrain[origin + Int(between[k])] {
                        case .rock: return false
                        case .forest:
                            forest += 1
                            if forest > Rules.forestSightDepth { return false }
                        default: break
                        }
                    }
                    return true
                }
            }
        }
        var forest = 0
        var clear = true
        SightLines.walk(from: a, to: b) { cell in
            switch terrain(at: cell) {
            case .rock: clear = false
            case .forest:
                forest += 1
                if forest > Rules.forestSightDepth { clear = false }
            default: break
            }
            return clear
        }
        return clear
    }
}
