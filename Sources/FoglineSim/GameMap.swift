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

    public init(
        name: String, description: String = "", width: Int32, height: Int32, terrain: [Terrain],
        bases: [Cell], nodes: [CaptureNode], landmarks: [Landmark], roster: [Archetype] = Archetype.defaultRoster,
        scoreLimit: Int32 = Rules.defaultScoreLimit, timeLimitFrames: Int32 = Rules.defaultTimeLimitFrames,
        source: String = ""
    ) {
        precondition(terrain.count == Int(width * height), "terrain must be width x height")
        precondition(bases.count == 2, "a map has two bases")
        precondition(roster.count == Rules.unitsPerPlayer, "a roster has ten units")
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
        self.regions = GameMap.floodRegions(width: width, height: height, terrain: terrain)
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

    /// Labels each passable cell with its 8-connected region (diagonals need both sides open).
    private static func floodRegions(width: Int32, height: Int32, terrain: [Terrain]) -> [Int32] {
        let w = Int(width), h = Int(height)
        var regions = [Int32](repeating: -1, count: w * h)
        var next: Int32 = 0
        var stack: [Int] = []
        for start in 0..<(w * h) where regions[start] < 0 && terrain[start].isPassable {
            regions[start] = next
            stack.append(start)
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                for (dx, dy) in Pathfinder.neighbourSteps {
                    let nx = x + Int(dx), ny = y + Int(dy)
                    guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                    let j = ny * w + nx
                    guard regions[j] < 0, terrain[j].isPassable else { continue }
                    if dx != 0 && dy != 0 {
                        guard terrain[y * w + nx].isPassable, terrain[ny * w + x].isPassable else { continue }
                    }
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
