/// What one player knows: its own units in full, and of the enemy only what it sees.
///
/// The bot plays from this, never from the world, so it cannot see through fog.
public struct PlayerView: Sendable {
    public let map: GameMap
    public let player: Int
    public let frame: Int32
    public let ownUnits: [Unit]
    public let visibleEnemies: [SeenEnemy]
    /// Node owners and progress are shown to both players.
    public let nodes: [NodeState]
    public let scores: [Int32]
    public let result: MatchResult?

    /// An enemy unit as the player sees it.
    public struct SeenEnemy: Hashable, Sendable {
        public var id: Int
        public var number: Int
        public var archetype: Archetype
        public var position: Position
        public var health: Int32
        public var cell: Cell { position.cell }
    }

    public var enemy: Int { 3 - player }
    public var ownBase: Cell { map.bases[player - 1] }
    public var enemyBase: Cell { map.bases[enemy - 1] }
}

extension World {
    /// The game as `player` sees it now.
    public func view(for player: Int) -> PlayerView {
        let enemies = units(of: 3 - player).filter { $0.isAlive && sees(enemy: $0.id, player: player) }.map {
            PlayerView.SeenEnemy(
                id: $0.id, number: $0.number, archetype: $0.archetype, position: $0.position, health: $0.health)
        }
        return PlayerView(
            map: map, player: player, frame: frame, ownUnits: Array(units(of: player)), visibleEnemies: enemies,
            nodes: nodes, scores: scores, result: result)
    }
}
