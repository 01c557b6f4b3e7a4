/// The fixed numbers of the rules that are not per archetype.
///
/// Version 2 (issue 14, a pace for typing): every unit has two and a half times the
/// health of version 1, so a fight lasts long enough for a typed order to matter; medics
/// heal and mines hit as much harder, keeping their share; a unit that dies comes back
/// with the orders it had; and a capture with an order queued after it lasts until the
/// node is taken. Benchmarks/README.md ("Pace") has the figures.
public enum Rules {
    /// Bumped whenever a rule or number changes what a match does; replays record it.
    public static let version: UInt16 = 2
    public static let framesPerSecond: Int32 = 30
    /// Frames between entering a command and it taking effect.
    public static let inputDelay: Int32 = 3
    public static let unitsPerPlayer = 10
    public static let defaultScoreLimit: Int32 = 1500
    public static let defaultTimeLimitFrames: Int32 = 20 * 60 * 30

    /// Frames a destroyed unit waits before it returns at its base.
    public static let respawnFrames: Int32 = 300
    /// Progress a lone unit adds to a node per frame (engineers add two); capture at `captureProgress`.
    public static let captureProgress: Int32 = 120
    /// Chebyshev radius, in cells, of the area that counts as standing on a node.
    public static let nodeRadius: Int32 = 1
    /// Frames between score ticks; each held node scores one point per tick.
    public static let scoreIntervalFrames: Int32 = 30

    /// Medics heal friends within this many cells by `healAmount` every `healIntervalFrames`.
    public static let healRadiusCells: Int32 = 3
    public static let healAmount: Int32 = 10
    public static let healIntervalFrames: Int32 = 10

    /// Frames an engineer needs to lay a mine, and how many a player may have armed.
    public static let mineLayFrames: Int32 = 45
    public static let minesPerPlayer = 6
    public static let mineDamage: Int32 = 225
    /// Chebyshev radius of a mine's blast, in sub-cell units.
    public static let mineBlast: Int32 = 384
    /// An enemy this close (Chebyshev, sub-cell units) sets a mine off.
    public static let mineTrigger: Int32 = 160

    /// Forest cells a line of sight may pass through before it is blocked.
    public static let forestSightDepth = 2
    /// A unit in forest is seen only from this close, in cells.
    public static let forestConcealCells: Int32 = 3
    /// Chance, in percent, that a shot hits; lower against a target in forest.
    public static let hitPercent: UInt64 = 85
    public static let hitPercentInForest: UInt64 = 60

    /// Cells a "move north" style order travels.
    public static let directionalMoveCells: Int32 = 10
    /// Frames between re-planning a path to a target that moves.
    public static let repathFrames: Int32 = 30
    /// Frames between folding what players see into what they have explored.
    public static let exploreIntervalFrames: Int32 = 10
}
