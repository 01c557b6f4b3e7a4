/// One unit on the battlefield and everything the rules remember about it.
public struct Unit: Hashable, Sendable {
    /// Index in `World.units`: player 1's units are 0...9, player 2's 10...19.
    public let id: Int
    /// 1 or 2.
    public let owner: Int
    /// The number its player calls it by, 1...10.
    public let number: Int
    public let archetype: Archetype

    public internal(set) var position: Position
    public internal(set) var facing: Facing
    /// Zero while dead.
    public internal(set) var health: Int32
    /// Frames until the weapon can fire again.
    public internal(set) var reload: Int32
    /// Frames until a dead unit returns; zero while alive.
    public internal(set) var respawnIn: Int32
    /// The current order first, then the queued ones.
    public internal(set) var orders: [UnitOrder]
    /// Cells still to walk through, and how far along them the unit is.
    public internal(set) var path: [Cell]
    public internal(set) var pathIndex: Int
    /// Frames until a path to a moving target is planned again.
    var repathIn: Int32
    /// Frames spent laying the current mine.
    public internal(set) var workFrames: Int32
    /// The facing an idle or holding unit turns back to.
    public internal(set) var heldFacing: CompassDirection?
    public internal(set) var kills: Int32
    public internal(set) var deaths: Int32

    @inlinable public var isAlive: Bool { health > 0 }
    @inlinable public var stats: ArchetypeStats { archetype.stats }
    @inlinable public var cell: Cell { position.cell }
    /// The order the unit is carrying out, if any.
    public var currentOrder: UnitOrder? { orders.first }

    init(id: Int, owner: Int, number: Int, archetype: Archetype, position: Position, facing: Facing) {
        self.id = id
        self.owner = owner
        self.number = number
        self.archetype = archetype
        self.position = position
        self.facing = facing
        self.health = archetype.stats.maxHealth
        self.reload = 0
        self.respawnIn = 0
        self.orders = []
        self.path = []
        self.pathIndex = 0
        self.repathIn = 0
        self.workFrames = 0
        self.heldFacing = nil
        self.kills = 0
        self.deaths = 0
    }

    /// Whether the unit still has cells to walk.
    @inlinable public var isMoving: Bool { pathIndex < path.count }
}

/// An order as one unit carries it out: the target resolved against the map.
public struct UnitOrder: Hashable, Sendable {
    public var action: OrderAction
    public var goal: Goal
    /// The patrol's second point.
    public var via: Cell?
    public var facing: CompassDirection?
    /// Which way a patrol is walking: false towards `goal`, true towards `via`.
    public var returning: Bool
    /// Whether the path for this order has been planned.
    public var planned: Bool

    public enum Goal: Hashable, Sendable {
        case none
        case cell(Cell)
        /// A friendly unit, by world id.
        case friend(Int)
        /// An enemy unit, by world id.
        case enemy(Int)
        case nearestEnemy(Archetype?)
    }

    public init(action: OrderAction, goal: Goal, via: Cell? = nil, facing: CompassDirection? = nil) {
        self.action = action
        self.goal = goal
        self.via = via
        self.facing = facing
        self.returning = false
        self.planned = false
    }
}

/// An armed mine, invisible to the other player.
public struct Mine: Hashable, Sendable {
    public var owner: Int
    public var position: Position
    /// Order of laying, so the oldest is removed when a player lays too many.
    public var serial: Int32
}

/// A capture node's state: who holds it and who is taking it.
public struct NodeState: Hashable, Sendable {
    /// 0 neutral, else 1 or 2.
    public var owner: Int
    /// The player whose lone units are filling `progress`, or 0.
    public var capturer: Int
    public var progress: Int32
    /// Whether both players stood on it this frame.
    public var contested: Bool
}

/// Running totals per player for summaries and end screens.
public struct PlayerStats: Hashable, Sendable {
    public var kills: Int32 = 0
    public var losses: Int32 = 0
    public var shots: Int32 = 0
    public var hits: Int32 = 0
    public var damage: Int32 = 0
    public var captures: Int32 = 0
    public var minesLaid: Int32 = 0
    public init() {}
}

/// Something that happened in the last frame, for the screen and the log; not part of the state.
public enum WorldEvent: Hashable, Sendable {
    case shot(from: Int, to: Int, hit: Bool)
    case destroyed(unit: Int, by: Int?)
    case respawned(unit: Int)
    case captured(node: Int, by: Int)
    case mineLaid(owner: Int, at: Cell)
    case mineExploded(owner: Int, at: Cell)
    case orderIgnored(player: Int, reason: String)
}
