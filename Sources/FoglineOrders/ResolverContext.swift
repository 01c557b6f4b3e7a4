import FoglineSim

/// What the resolver may know when it reads a command: one player's view of the game,
/// plus the squads and selection the client keeps (never the simulation).
public struct ResolverContext: Sendable {
    public var map: GameMap
    public var player: Int
    /// Archetype of own units 1...10 (index 0 is unit 1).
    public var roster: [Archetype]
    /// Whether own units 1...10 are alive.
    public var alive: [Bool]
    /// Where own units 1...10 stand.
    public var cells: [Cell]
    /// Enemies this player can see now.
    public var visibleEnemies: [PlayerView.SeenEnemy]
    /// Named squads: lower-case name to unit numbers.
    public var squads: [String: [Int]]
    /// Units selected in the client, used when a command names none.
    public var selection: [Int]
    /// Who holds each capture node (0: nobody), as the player sees it.
    public var nodeOwners: [Int]
    /// Health of own units 1...10.
    public var health: [Int32]

    public init(view: PlayerView, squads: [String: [Int]] = [:], selection: [Int] = []) {
        map = view.map
        player = view.player
        roster = view.ownUnits.map(\.archetype)
        alive = view.ownUnits.map(\.isAlive)
        cells = view.ownUnits.map(\.cell)
        visibleEnemies = view.visibleEnemies
        nodeOwners = view.nodes.map(\.owner)
        health = view.ownUnits.map(\.health)
        self.squads = squads
        self.selection = selection
    }

    /// The context at the start of a match on `map`.
    public init(map: GameMap, player: Int, squads: [String: [Int]] = [:], selection: [Int] = []) {
        self.init(view: World(map: map, seed: 0).view(for: player), squads: squads, selection: selection)
    }

    public var ownBase: Landmark? { map.landmarks.first { $0.kind == .base(player: player) } }
    public var enemyBase: Landmark? { map.landmarks.first { $0.kind == .base(player: 3 - player) } }

    /// Unit numbers of one archetype.
    public func numbers(of type: Archetype) -> [Int] {
        roster.indices.filter { roster[$0] == type }.map { $0 + 1 }
    }

    /// The compass direction from own base towards the enemy's ("forward").
    public var forward: CompassDirection {
        let a = map.bases[player - 1], b = map.bases[2 - player]
        return CompassDirection.nearest(dx: b.x - a.x, dy: b.y - a.y) ?? .east
    }
}
