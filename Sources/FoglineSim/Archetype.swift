/// The five kinds of unit, each with its own numbers.
public enum Archetype: String, Sendable, CaseIterable, Codable {
    case scout, tank, sniper, medic, engineer

    /// The default roster: units 1..10 of each player.
    public static let defaultRoster: [Archetype] = [
        .scout, .scout, .tank, .tank, .sniper, .sniper, .medic, .medic, .engineer, .engineer,
    ]

    /// The one-letter code used on the battlefield and in compact encodings.
    public var letter: Character {
        switch self {
        case .scout: return "s"
        case .tank: return "t"
        case .sniper: return "n"
        case .medic: return "m"
        case .engineer: return "e"
        }
    }

    /// A stable small code for binary encodings.
    public var code: UInt8 {
        switch self {
        case .scout: return 0
        case .tank: return 1
        case .sniper: return 2
        case .medic: return 3
        case .engineer: return 4
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 0: self = .scout
        case 1: self = .tank
        case 2: self = .sniper
        case 3: self = .medic
        case 4: self = .engineer
        default: return nil
        }
    }

    /// The numbers of this archetype.
    public var stats: ArchetypeStats {
        switch self {
        case .scout:
            return ArchetypeStats(maxHealth: 150, speed: 40, sightCells: 12, rangeCells: 5, damage: 7, reloadFrames: 15)
        case .tank:
            return ArchetypeStats(maxHealth: 550, speed: 15, sightCells: 7, rangeCells: 4, damage: 32, reloadFrames: 45)
        case .sniper:
            return ArchetypeStats(maxHealth: 175, speed: 20, sightCells: 7, rangeCells: 14, damage: 55, reloadFrames: 90)
        case .medic:
            return ArchetypeStats(maxHealth: 200, speed: 24, sightCells: 8, rangeCells: 4, damage: 4, reloadFrames: 20)
        case .engineer:
            return ArchetypeStats(maxHealth: 225, speed: 22, sightCells: 8, rangeCells: 4, damage: 8, reloadFrames: 20)
        }
    }

    /// Whether this archetype can carry out an action at all.
    public func canPerform(_ action: OrderAction) -> Bool {
        switch action {
        case .heal: return self == .medic
        case .mine: return self == .engineer
        default: return true
        }
    }
}

/// Fixed numbers of one archetype. Speeds are sub-cell units per frame.
public struct ArchetypeStats: Sendable, Equatable {
    public var maxHealth: Int32
    /// Sub-cell units per frame on open ground (256 make a cell, 30 frames a second).
    public var speed: Int32
    public var sightCells: Int32
    public var rangeCells: Int32
    public var damage: Int32
    public var reloadFrames: Int32

    /// Sight range in sub-cell units.
    @inlinable public var sight: Int32 { sightCells * Position.unit }
    /// Weapon range in sub-cell units.
    @inlinable public var range: Int32 { rangeCells * Position.unit }
}
