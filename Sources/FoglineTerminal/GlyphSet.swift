import FoglineSim

/// The characters the views draw with: one set for UTF-8 terminals, one for ASCII.
///
/// Every glyph is one column wide. Unit letters (upper case for player 1 or the
/// player's own side, lower case for the other) are not here: they are the same in
/// both sets.
public struct GlyphSet: Sendable {
    public var open: Character
    public var rock: Character
    public var water: Character
    public var forest: Character
    public var road: Character
    public var bridge: Character
    /// A player's base.
    public var base: Character
    /// An armed mine (shown only to its owner).
    public var mine: Character
    /// A shot that hit, at the target.
    public var hit: Character
    /// Where a unit was destroyed, for a moment.
    public var death: Character
    /// A mine going off.
    public var blast: Character
    /// Facing marks, indexed like `CompassDirection.allCases` (north first, clockwise).
    public var facing: [Character]
    /// Shot tracers: horizontal, vertical, rising (/), falling (\).
    public var tracer: [Character]
    public var barFull: Character
    public var barEmpty: Character
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Marks a selected unit in the roster.
    public var selected: Character
    /// Starts a log line that reports what a command became.
    public var understood: String
    /// Starts a log line that reports an error.
    public var failed: String
    /// Starts a log line that reports an event.
    public var event: String
    public var ellipsis: String
    /// The prompt's leading mark.
    public var prompt: String
    public var spinner: [Character]
    /// Separates fields in the status line.
    public var separator: String
    /// A dash inside a phrase ("connection lost — 12 s").
    public var dash: Character
    /// Capture progress around a node.
    public var progress: Character

    /// The glyph of a terrain type.
    public func terrain(_ t: Terrain) -> Character {
        switch t {
        case .open: return open
        case .rock: return rock
        case .water: return water
        case .forest: return forest
        case .road: return road
        case .bridge: return bridge
        }
    }

    /// The facing mark for a compass direction.
    public func facing(_ d: CompassDirection) -> Character {
        facing[Int(d.code)]
    }

    /// The glyph set the capabilities allow.
    public static func forCapabilities(_ caps: TerminalCapabilities) -> GlyphSet {
        caps.unicode ? .unicode : .ascii
    }

    public static let unicode = GlyphSet(
        open: "·", rock: "█", water: "≈", forest: "♣", road: "░", bridge: "╬", base: "⌂", mine: "¤",
        hit: "*", death: "X", blast: "✳",
        facing: ["↑", "↗", "→", "↘", "↓", "↙", "←", "↖"],
        tracer: ["─", "│", "╱", "╲"],
        barFull: "█", barEmpty: "░",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        selected: "▸", understood: "→ ", failed: "✗ ", event: "• ", ellipsis: "…", prompt: "❯ ",
        spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        separator: " │ ", dash: "—", progress: "▪")

    /// Plain ASCII. Forest is `%` here, not the map file's `T`, which would read as a tank.
    public static let ascii = GlyphSet(
        open: ".", rock: "#", water: "~", forest: "%", road: "=", bridge: "+", base: "H", mine: "o",
        hit: "*", death: "X", blast: "@",
        facing: ["^", "/", ">", "\\", "v", "/", "<", "\\"],
        tracer: ["-", "|", "/", "\\"],
        // Not "#": that is rock on the map beside it.
        barFull: "=", barEmpty: "-",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        selected: ">", understood: "-> ", failed: "!! ", event: "* ", ellipsis: "...", prompt: "> ",
        spinner: ["|", "/", "-", "\\"],
        separator: " | ", dash: "-", progress: ":")
}
