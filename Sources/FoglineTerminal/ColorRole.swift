/// What a colour means on screen; the terminal picks the actual colour.
///
/// Views name roles, never colours, so one theme table (in `CursesScreen`) decides
/// how a role looks on 8- and 256-colour terminals, and monochrome output simply
/// ignores them.
public enum ColorRole: UInt8, Sendable, CaseIterable {
    /// The terminal's own foreground or background.
    case normal = 0
    case team1
    case team2
    case neutral
    case openGround
    case rock
    case water
    case forest
    case road
    case bridge
    /// Terrain once seen but not in sight now.
    case explored
    /// The background of cells in the player's vision cones.
    case visible
    case good
    case warning
    case danger
    case accent
    case muted
    /// Panel frames and titles.
    case frame

    /// A team's role: player 1 or 2, anything else neutral.
    public static func team(_ player: Int) -> ColorRole {
        player == 1 ? .team1 : (player == 2 ? .team2 : .neutral)
    }

    /// The short name used in snapshot legends.
    public var name: String {
        switch self {
        case .normal: return "normal"
        case .team1: return "team1"
        case .team2: return "team2"
        case .neutral: return "neutral"
        case .openGround: return "open"
        case .rock: return "rock"
        case .water: return "water"
        case .forest: return "forest"
        case .road: return "road"
        case .bridge: return "bridge"
        case .explored: return "explored"
        case .visible: return "visible"
        case .good: return "good"
        case .warning: return "warning"
        case .danger: return "danger"
        case .accent: return "accent"
        case .muted: return "muted"
        case .frame: return "frame"
        }
    }
}
