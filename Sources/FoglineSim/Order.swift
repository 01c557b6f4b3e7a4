/// What a player tells units to do: plain data, the only thing in the input stream.
///
/// Its canonical JSON form (DESIGN.md section 5) is produced by `Order+JSON.swift`
/// and its compact binary form by `Order+Binary.swift`.
public struct Order: Hashable, Sendable {
    /// Own unit numbers 1...10, sorted ascending.
    public var units: [Int]
    public var action: OrderAction
    public var target: OrderTarget?
    /// The second point of a patrol.
    public var via: OrderTarget?
    public var facing: CompassDirection?
    /// Runs after the unit's previous order instead of replacing it.
    public var queued: Bool

    public init(
        units: [Int], action: OrderAction, target: OrderTarget? = nil, via: OrderTarget? = nil,
        facing: CompassDirection? = nil, queued: Bool = false
    ) {
        self.units = units.sorted()
        self.action = action
        self.target = target
        self.via = via
        self.facing = facing
        self.queued = queued
    }
}

/// The twelve things a unit can be told to do.
public enum OrderAction: String, Sendable, CaseIterable, Codable {
    case move
    case attack
    case attackMove = "attack_move"
    case hold
    case patrol
    case stop
    case retreat
    case face
    case follow
    case capture
    case heal
    case mine

    public var code: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    public init?(code: UInt8) {
        guard Int(code) < Self.allCases.count else { return nil }
        self = Self.allCases[Int(code)]
    }
}

/// Where or at whom an order points.
public enum OrderTarget: Hashable, Sendable {
    /// A name exactly as the map declares it (capture nodes and bases included).
    case landmark(String)
    /// A cell.
    case point(x: Int, y: Int)
    case direction(CompassDirection)
    /// One of the player's own units, by number 1...10.
    case unit(Int)
    /// A visible enemy unit, by its number 1...10.
    case enemy(Int)
    /// The nearest visible enemy, of one archetype or of any.
    case nearestEnemy(Archetype?)
}

/// The orders one line of text became, or why it became none.
public struct OrderSet: Hashable, Sendable {
    public var orders: [Order]
    public var error: String?
    public var suggestions: [String]

    public init(orders: [Order], error: String? = nil, suggestions: [String] = []) {
        self.orders = orders
        self.error = error
        self.suggestions = suggestions
    }
}

/// One command a player gave in one frame: the text typed and the orders it became.
public struct PlayerCommand: Hashable, Sendable {
    /// The words as typed (empty for orders that came without text, from a bot say).
    public var text: String
    public var orders: [Order]

    public init(text: String, orders: [Order]) {
        self.text = text
        self.orders = orders
    }
}

/// Everything both players put into one frame. Empty for most frames.
public struct FrameInput: Hashable, Sendable {
    /// Commands by player: index 0 is player 1, index 1 is player 2.
    public var commands: [[PlayerCommand]]

    public init(player1: [PlayerCommand] = [], player2: [PlayerCommand] = []) {
        commands = [player1, player2]
    }

    public static let empty = FrameInput()

    public var isEmpty: Bool { commands[0].isEmpty && commands[1].isEmpty }

    /// The commands of player 1 or 2.
    public subscript(player player: Int) -> [PlayerCommand] {
        get { commands[player - 1] }
        set { commands[player - 1] = newValue }
    }
}
