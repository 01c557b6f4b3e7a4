@testable import FoglineSim

/// Builds small hand-made maps for rule tests straight from grid rows:
/// terrain glyphs, `1`/`2` for the bases, `A`...`I` for capture nodes.
enum TestMap {
    static func make(
        _ rows: [String], landmarks: [(String, Int, Int)] = [], scoreLimit: Int32 = Rules.defaultScoreLimit,
        timeLimitFrames: Int32 = Rules.defaultTimeLimitFrames, roster: [Archetype] = Archetype.defaultRoster
    ) -> GameMap {
        let height = rows.count, width = rows[0].count
        var terrain: [Terrain] = []
        var bases = [Cell(0, 0), Cell(0, 0)]
        var nodes: [CaptureNode] = []
        for (y, row) in rows.enumerated() {
            precondition(row.count == width, "ragged test map")
            for (x, ch) in row.enumerated() {
                if let t = Terrain(glyph: ch) {
                    terrain.append(t)
                    continue
                }
                terrain.append(.open)
                switch ch {
                case "1": bases[0] = Cell(x: x, y: y)
                case "2": bases[1] = Cell(x: x, y: y)
                default: nodes.append(CaptureNode(letter: ch, name: "node \(ch)", cell: Cell(x: x, y: y)))
                }
            }
        }
        nodes.sort { $0.letter < $1.letter }
        var marks = [
            Landmark(name: "west base", cell: bases[0], kind: .base(player: 1)),
            Landmark(name: "east base", cell: bases[1], kind: .base(player: 2)),
        ]
        for (k, n) in nodes.enumerated() { marks.append(Landmark(name: n.name, cell: n.cell, kind: .node(index: k))) }
        for (name, x, y) in landmarks { marks.append(Landmark(name: name, cell: Cell(x: x, y: y), kind: .place)) }
        return GameMap(
            name: "test", width: Int32(width), height: Int32(height), terrain: terrain, bases: bases, nodes: nodes,
            landmarks: marks, roster: roster, scoreLimit: scoreLimit, timeLimitFrames: timeLimitFrames)
    }

    /// A 40x30 open field, bases in the far corners, one node in the middle.
    static func openField(nodes: String = "A", timeLimitFrames: Int32 = Rules.defaultTimeLimitFrames, scoreLimit: Int32 = 1500) -> GameMap {
        var rows = Array(repeating: String(repeating: ".", count: 40), count: 30)
        func put(_ ch: Character, _ x: Int, _ y: Int) {
            var chars = Array(rows[y])
            chars[x] = ch
            rows[y] = String(chars)
        }
        put("1", 1, 1)
        put("2", 38, 28)
        for (k, letter) in nodes.enumerated() { put(letter, 20 + 4 * k, 15) }
        return make(rows, scoreLimit: scoreLimit, timeLimitFrames: timeLimitFrames)
    }
}

extension World {
    /// Puts a unit on a cell, facing a direction, with its orders cleared.
    mutating func place(player: Int, number: Int, at cell: Cell, facing: CompassDirection = .east) {
        let id = World.unitID(player: player, number: number)
        units[id].position = cell.center
        units[id].facing = facing.vector
        clearOrders(id)
    }

    /// Removes every unit but the ones listed from play (dead with a long respawn timer).
    mutating func benchAll(except keep: [(Int, Int)]) {
        for id in units.indices {
            let u = units[id]
            if keep.contains(where: { $0.0 == u.owner && $0.1 == u.number }) { continue }
            units[id].health = 0
            units[id].respawnIn = 1_000_000
        }
        updateVisibility()
    }

    mutating func run(_ frames: Int, _ input: FrameInput = .empty) {
        step(input)
        for _ in 1..<max(frames, 1) { step() }
    }

    func unit(_ player: Int, _ number: Int) -> Unit { units[World.unitID(player: player, number: number)] }
}
