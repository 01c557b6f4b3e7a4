/// The whole state of a match at one frame.
///
/// A value: copying it is cheap (arrays are shared until written, the map is a shared
/// class), so viewers can keep snapshots. Only `step(_:)` changes it.
public struct World: Sendable {
    public let map: GameMap
    public let seed: UInt64
    /// Frames stepped so far; the next `step` runs frame `frame`.
    public internal(set) var frame: Int32
    public internal(set) var random: WorldRandom
    /// Every unit, ordered by id: player 1's 0...9, then player 2's 10...19.
    public internal(set) var units: [Unit]
    /// One per `map.nodes`, in the same order.
    public internal(set) var nodes: [NodeState]
    public internal(set) var mines: [Mine]
    /// Scores of player 1 and 2.
    public internal(set) var scores: [Int32]
    public internal(set) var stats: [PlayerStats]
    /// Cells each player has ever seen, one bit per cell.
    public internal(set) var explored: [[UInt64]]
    /// Enemy units each player can see now, one bit per unit id.
    public internal(set) var enemyVisible: [UInt32]
    public internal(set) var result: MatchResult?
    /// What happened in the last frame (for display; not part of the hashed state).
    public internal(set) var events: [WorldEvent]
    var mineSerial: Int32
    /// Set when the order being thought about ended this frame (scratch, not state).
    var orderEnded = false
    /// Each unit's pose at its last fold into `explored` (a shortcut, not state: not hashed).
    var lastFold: [FoldPose]

    /// A new match on `map`: units at their bases, nothing seen yet but what they see.
    public init(map: GameMap, seed: UInt64) {
        self.map = map
        self.seed = seed
        self.frame = 0
        self.random = WorldRandom(seed: seed)
        self.units = []
        self.nodes = map.nodes.map { _ in NodeState(owner: 0, capturer: 0, progress: 0, contested: false) }
        self.mines = []
        self.scores = [0, 0]
        self.stats = [PlayerStats(), PlayerStats()]
        let words = (map.terrain.count + 63) / 64
        self.explored = [[UInt64](repeating: 0, count: words), [UInt64](repeating: 0, count: words)]
        self.enemyVisible = [0, 0]
        self.result = nil
        self.events = []
        self.mineSerial = 0
        self.lastFold = [FoldPose](repeating: .none, count: 2 * Rules.unitsPerPlayer)
        for player in 1...2 {
            let base = map.bases[player - 1]
            let slots = spreadCells(around: base, count: Rules.unitsPerPlayer, reachableFrom: base)
            let enemyBase = map.bases[2 - player]
            for n in 0..<Rules.unitsPerPlayer {
                let cell = slots[min(n, slots.count - 1)]
                let facing = Facing.along(dx: enemyBase.x - base.x, dy: enemyBase.y - base.y) ?? Facing(1024, 0)
                units.append(
                    Unit(
                        id: (player - 1) * Rules.unitsPerPlayer + n, owner: player, number: n + 1,
                        archetype: map.roster[n], position: cell.center, facing: facing))
            }
        }
        updateVisibility()
        updateExplored()
    }

    /// The world id of a player's unit number (1...10).
    @inlinable public static func unitID(player: Int, number: Int) -> Int {
        (player - 1) * Rules.unitsPerPlayer + number - 1
    }

    /// The units of one player, by number.
    public func units(of player: Int) -> ArraySlice<Unit> {
        let start = (player - 1) * Rules.unitsPerPlayer
        return units[start..<(start + Rules.unitsPerPlayer)]
    }

    /// The player's unit with this number.
    public func unit(player: Int, number: Int) -> Unit? {
        guard (1...2).contains(player), (1...Rules.unitsPerPlayer).contains(number) else { return nil }
        return units[World.unitID(player: player, number: number)]
    }

    /// Whether `player` has explored `cell`.
    public func isExplored(_ cell: Cell, by player: Int) -> Bool {
        guard map.contains(cell) else { return false }
        let i = map.index(cell)
        return explored[player - 1][i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Whether `player` sees the enemy unit with world id `id` now.
    @inlinable public func sees(enemy id: Int, player: Int) -> Bool {
        enemyVisible[player - 1] & (1 << UInt32(id)) != 0
    }

    /// The leader now: 1 or 2, or 0 when level.
    public var leader: Int {
        scores[0] == scores[1] ? 0 : (scores[0] > scores[1] ? 1 : 2)
    }

    /// Distinct passable cells reachable from `origin`, nearest to `center` first,
    /// so a group sent to one place spreads out instead of stacking.
    public func spreadCells(around center: Cell, count: Int, reachableFrom origin: Cell) -> [Cell] {
        var found: [Cell] = []
        var radius: Int32 = 0
        let maxRadius = max(map.width, map.height)
        while found.count < count && radius <= maxRadius {
            var ring: [(Int64, Cell)] = []
            for dy in -radius...radius {
                for dx in -radius...radius where max(abs(dx), abs(dy)) == radius {
                    let c = Cell(center.x + dx, center.y + dy)
                    guard map.isPassable(c), map.isReachable(from: origin, to: c) else { continue }
                    ring.append((Int64(dx * dx + dy * dy), c))
                }
            }
            ring.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (_, c) in ring where found.count < count { found.append(c) }
            radius += 1
        }
        return found
    }
}
