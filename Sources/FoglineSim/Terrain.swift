/// What one cell of the battlefield is made of.
public enum Terrain: UInt8, Sendable, CaseIterable {
    case open = 0
    case rock
    case water
    case forest
    case road
    case bridge

    /// Whether units can stand on and cross the cell.
    @inlinable public var isPassable: Bool { self != .rock && self != .water }

    /// Whether the cell stops a line of sight outright (forest only thins it).
    @inlinable public var blocksSight: Bool { self == .rock }

    /// Movement speed on this cell, in percent of the unit's base speed.
    @inlinable public var speedPercent: Int32 {
        switch self {
        case .forest: return 50
        case .road, .bridge: return 125
        default: return 100
        }
    }

    /// Path cost of stepping onto the cell straight (diagonal steps cost 14/10 of it).
    @inlinable public var pathCost: Int32 {
        switch self {
        case .forest: return 20
        case .road, .bridge: return 8
        default: return 10
        }
    }

    /// The glyph that stands for this terrain in a map file.
    public var glyph: Character {
        switch self {
        case .open: return "."
        case .rock: return "#"
        case .water: return "~"
        case .forest: return "T"
        case .road: return "="
        case .bridge: return "+"
        }
    }

    /// The terrain a map-file glyph stands for, or nil for glyphs that are not terrain.
    public init?(glyph: Character) {
        switch glyph {
        case ".": self = .open
        case "#": self = .rock
        case "~": self = .water
        case "T": self = .forest
        case "=": self = .road
        case "+": self = .bridge
        default: return nil
        }
    }
}
