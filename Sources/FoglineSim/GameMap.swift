/// A battlefield: the terrain grid, the two bases, the capture nodes and the named places.
///
/// Immutable once built, and a class so that copying a `World` shares it for free.
public final class GameMap: Sendable {
    public let name: String
    public let description: String
    public let width: Int32
    public let height: Int32
    /// Terrain, row by row.
    public let terrain: [Terrain]
    /// The base cell of player 1 (index 0) and player 2 (index 1).
    public let bases: [Cell]
    public let nodes: [CaptureNode]
    /// Every name a command may use: bases, capture nodes and landmarks.
    public let landmarks: [Landmark]
    /// Archetypes of units 1...10.
    public let roster: [Archetype]
    public let scoreLimit: Int32
    public let timeLimitFrames: Int32
    /// The map file's own text, so a replay can carry the map with it.
    public let source: String
    /// Connected region of every cell (-1 where impassable), for reachability.
    let regions: [Int32]
    /// Allowed steps and step costs per cell, for the pathfinder.
    let navigation: NavigationGrid
    /// The cells each short line of sight crosses.
    let sightLines: SightLines
    /// Paths planned on this map so far.
    let pathCache = PathCache()
    /// Per cell, bit k set when the cell counts as standing on node k (`Rules.nodeRadius`).
    let nodeCover: [UInt32]

    public init(
        name: String, description: String = "", width: Int32, height: Int32, terrain: [Terrain],
        bases: [Cell], nodes: [CaptureNode], landmarks: [Landmark], roster: [Archetype] = Archetype.defaultRoster,
        scoreLimit: Int32 = Rules.defaultScoreLimit, timeLimitFrames: Int32 = Rules.defaultTimeLimitFrames,
        source: String = ""
    ) {
        precondition(terrain.count == Int(width * height), "terrain must be width x height")
        precondition(bases.count == 2, "a map has two bases")
        precondition(roster.count == Rules.unitsPerPlayer, "a roster has ten units")
        precondition(nodes.count <= 32, "a map has at most 32 capture nodes")
        // The pathfinder packs a cell index and path costs into one 64-bit heap key.
        precondition(Int(width) <= MapLoader.maxSide && Int(height) <= MapLoader.maxSide, "a map is at most 256 cells a side")
        self.name = name
        self.description = description
        self.width = width
        self.height = height
        self.terrain = terrain
        self.bases = bases
        self.nodes = nodes
        self.landmarks = landmarks
        self.roster = roster
        self.scoreLimit = scoreLimit
        self.timeLimitFrames = timeLimitFrames
        self.source = source
        let navigation = NavigationGrid(width: width, height: height, terrain: terrain)
        self.navigation = navigation
        self.sightLines = SightLines(width: width)
        self.regions = GameMap.floodRegions(terrain: terrain, navigation: navigation)
        var cover = [UInt32](repeating: 0, count: terrain.count)
        for (k, node) in nodes.enumerated() {
            let r = Rules.nodeRadius
            for y in max(0, node.cell.y - r)...min(height - 1, node.cell.y + r) {
                for x in max(0, node.cell.x - r)...min(width - 1, node.cell.x + r) {
                    cover[Int(y) * Int(width) + Int(x)] |= 1 << UInt32(k)
                }
            }
        }
        self.nodeCover = cover
    }

    @inlinable public func contains(_ c: Cell) -> Bool {
        c.x >= 0 && c.y >= 0 && c.x < width && c.y < height
    }

    @inlinable public func index(_ c: Cell) -> Int { Int(c.y) * Int(width) + Int(c.x) }

    /// The terrain at a cell; outside the map counts as rock.
    @inlinable public func terrain(at c: Cell) -> Terrain {
        contains(c) ? terrain[index(c)] : .rock
    }

    @inlinable public func isPassable(_ c: Cell) -> Bool { terrain(at: c).isPassable }

    /// Whether a unit standing on `a` can walk to `b`.
    public func isReachable(from a: Cell, to b: Cell) -> Bool {
        guard contains(a), contains(b) else { return false }
        let ra = regions[index(a)]
        return ra >= 0 && ra == regions[index(b)]
    }

    /// The landmark with exactly this name.
    public func landmark(named name: String) -> Landmark? {
        landmarks.first { $0.name == name }
    }

    /// The name of a player's base landmark.
    public func baseName(of player: Int) -> String {
        landmarks.first { $0.kind == .base(player: player) }?.name ?? "base \(player)"
    }

    /// Labels each passable cell with its region: the cells connected by the steps the
    /// pathfinder may take.
    private static func floodRegions(terrain: [Terrain], navigation: NavigationGrid) -> [Int32] {
        var regions = [Int32](repeating: -1, count: terrain.count)
        var next: Int32 = 0
        var stack: [Int] = []
        for start in terrain.indices where regions[start] < 0 && terrain[start].isPassable {
            regions[start] = next
            stack.append(start)
            while let i = stack.popLast() {
                for k in 0..<8 where navigation.allows(k, from: i) {
                    let j = i + navigation.steps[k].offset
                    guard regions[j] < 0 else { continue }
                    regions[j] = next
                    stack.append(j)
                }
            }
            next += 1
        }
        return regions
    }
}

/// A capture node: standing on it uncontested takes it, and holding it scores.
public struct CaptureNode: Hashable, Sendable {
    /// The node's letter in the map grid, A to I.
    public var letter: Character
    public var name: String
    public var cell: Cell

    public init(letter: Character, name: String, cell: Cell) {
        self.letter = letter
        self.name = name
        self.cell = cell
    }
}

/// A named place commands can refer to.
public struct Landmark: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case base(player: Int)
        case node(index: Int)
        case place
    }

    public var name: String
    public var cell: Cell
    public var kind: Kind

    public init(name: String, cell: Cell, kind: Kind) {
        self.name = name
        self.cell = cell
        self.kind = kind
    }
}
