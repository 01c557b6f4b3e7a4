import CNCurses

/// The terminal colour of each role, for 8- and 256-colour terminals.
///
/// Numbers above 7 are xterm's 256-colour palette (not curses constants): greys for
/// fog and frames, a very dark grey for the vision-cone tint. With 8 colours there is
/// no tint (a coloured background would drown the terrain): the cones then stand out
/// because explored terrain is dim.
struct ColorPalette {
    let colors: Int
    /// The terminal's own colour (`use_default_colors` worked), or nil to use white on black.
    let defaultColor: Int32?

    init(colors: Int, defaultColors: Bool) {
        self.colors = colors
        self.defaultColor = defaultColors ? fogline_default_color() : nil
    }

    private var rich: Bool { colors >= 256 }

    func foreground(_ role: ColorRole) -> Int32 {
        if rich, let n = ColorPalette.extended[role] { return n }
        switch role {
        case .normal, .openGround, .explored: return defaultColor ?? Int32(COLOR_WHITE)
        case .team1: return Int32(COLOR_CYAN)
        case .team2: return Int32(COLOR_MAGENTA)
        case .neutral, .rock, .frame, .muted: return Int32(COLOR_WHITE)
        case .water: return Int32(COLOR_BLUE)
        case .forest, .good: return Int32(COLOR_GREEN)
        case .road, .bridge, .warning: return Int32(COLOR_YELLOW)
        case .danger: return Int32(COLOR_RED)
        case .accent: return Int32(COLOR_CYAN)
        case .visible: return defaultColor ?? Int32(COLOR_WHITE)
        }
    }

    func background(_ role: ColorRole) -> Int32 {
        switch role {
        case .normal: return defaultColor ?? Int32(COLOR_BLACK)
        case .visible: return rich ? 235 : (defaultColor ?? Int32(COLOR_BLACK))
        default: return foreground(role)
        }
    }

    /// xterm-256 colours for the roles that look better with them.
    private static let extended: [ColorRole: Int32] = [
        .team1: 51, .team2: 213, .neutral: 252, .openGround: 242, .rock: 250, .water: 33, .forest: 34,
        .road: 180, .bridge: 137, .explored: 240, .good: 77, .warning: 214, .danger: 196, .accent: 45,
        .muted: 244, .frame: 244,
    ]
}
