import FoglineOrders
import FoglineSim

/// Everything one frame of the game screen shows, as plain data.
///
/// Whoever runs the match fills it: `advance(to:)` after each simulation step (it keeps
/// effects, event log lines and the fog), `record(_:)` when a command is resolved,
/// `handle(_:size:)` for each key. `GameScreen.render` draws it; nothing here touches a
/// terminal.
public struct GameScreenModel: Sendable {
    /// Whose fog the battlefield shows.
    public enum Perspective: Hashable, Sendable {
        case player(Int)
        /// Everything, as a replay viewer or spectator may choose.
        case all
    }

    /// What the screen is for; decides the prompt and the status line's frame counter.
    public enum Mode: Hashable, Sendable {
        case play
        case replay
        case spectate
    }

    public private(set) var world: World
    /// The player whose units the roster lists and the prompt commands (1 or 2; keep it so).
    public var player: Int
    public private(set) var perspective: Perspective
    public var mode: Mode
    /// Selected own unit numbers, sorted.
    public var selection: [Int] = []
    /// Squads the player named: lower-case name to unit numbers.
    public var squads: [String: [Int]] = [:]
    /// Oldest first; at most `logLimit` kept.
    public private(set) var log: [LogEntry] = []
    public var prompt = PromptState()
    /// Whether printable keys type into the prompt (see `Keymap`).
    public var promptFocused: Bool
    public var status = StatusInfo()
    public var camera = Camera()
    public var showLabels = true
    /// Whether units show their numbers on the map instead of their type letters.
    public var showNumbers = false
    public var showHelp = false
    /// The help's page while it is open.
    public var helpPage = HelpPages.Page.keys
    /// Whether the end screen covers the battlefield once the match has a result.
    public var showEndScreen = true
    /// Where the match's replay was written, for the end screen.
    public var replayPath: String?
    public var effects = ScreenEffects()
    public var capabilities: TerminalCapabilities
    public var keymap: Keymap
    /// Counts rendered frames; drives the spinner.
    public var tick = 0
    /// Cells in sight from `perspective`, one flag per map cell (for `.all`, either player's).
    public private(set) var visibleCells: [Bool]
    /// A unit (world id) the camera keeps in view and the battlefield highlights: the
    /// replay viewer's "follow a unit".
    public var followedUnit: Int?
    /// While the match runs, the quit key asks first (a shell's Ctrl-C clears the line).
    public var asksBeforeLeaving = false
    /// Leaving now forfeits (a match with another player).
    public var leavingForfeits = false
    /// Whether "Leave the match? y/n" is being asked.
    public internal(set) var confirmingLeave = false
    /// The briefing shown before a match against the bot starts, while it is shown.
    public var briefing: Briefing?
    /// Log entries (of those shown) hidden below the panel: the log scrolled back.
    public internal(set) var logScroll = 0
    /// Whether the log shows only your orders and what became of them.
    public internal(set) var logOrdersOnly = false
    /// The other side's name, for the score and the end box ("the bot", "Bo").
    public var opponentName: String?
    /// The prompt's example order, one that works on this map.
    public var exampleOrder = "5,6 hold facing north"

    public static let logLimit = 500

    public init(
        world: World, player: Int, perspective: Perspective? = nil, mode: Mode = .play,
        capabilities: TerminalCapabilities = .full, keymap: Keymap = .builtIn
    ) {
        self.world = world
        // Anything but 1 or 2 (a spectator, say) lists player 1's units.
        let commander = (1...2).contains(player) ? player : 1
        self.player = commander
        self.perspective = perspective ?? .player(commander)
        self.mode = mode
        self.promptFocused = mode == .play
        self.capabilities = capabilities
        self.keymap = keymap
        self.visibleCells = GameScreenModel.visibility(world, self.perspective)
        if mode == .play { status.resolver = "offline" }
    }

    /// The player whose fog is shown, or nil for everything.
    public var fogPlayer: Int? {
        if case .player(let p) = perspective { return p }
        return nil
    }

    /// Takes the world after a step: keeps its effects and event lines, refreshes the fog.
    public mutating func advance(to newWorld: World) {
        world = newWorld
        effects.record(newWorld)
        appendLog(LogEntry.entries(for: newWorld.events, in: newWorld, player: mode == .play ? player : (fogPlayer ?? 0)))
        selection.removeAll { !(1...Rules.unitsPerPlayer).contains($0) }
        visibleCells = GameScreenModel.visibility(newWorld, perspective)
    }

    /// Shows a world without taking its events (a replay jump); effects are forgotten.
    public mutating func show(_ newWorld: World) {
        world = newWorld
        effects.removeAll()
        visibleCells = GameScreenModel.visibility(newWorld, perspective)
    }

    /// Changes whose fog is shown.
    public mutating func setPerspective(_ p: Perspective) {
        perspective = p
        if case .player(let n) = p, (1...2).contains(n) { player = n }
        visibleCells = GameScreenModel.visibility(world, p)
    }

    /// Adds lines to the log, keeping at most `logLimit`.
    public mutating func appendLog(_ entries: [LogEntry]) {
        guard !entries.isEmpty else { return }
        // Scrolled back, the lines on screen stay put as new ones come.
        if logScroll > 0 { logScroll += entries.filter { !logOrdersOnly || $0.isOrder }.count }
        log += entries
        if log.count > GameScreenModel.logLimit { log.removeFirst(log.count - GameScreenModel.logLimit) }
    }

    public mutating func appendLog(_ entry: LogEntry) { appendLog([entry]) }

    /// Replaces the whole log (the replay viewer rebuilds it for the frame it shows).
    public mutating func replaceLog(_ entries: [LogEntry]) {
        log = Array(entries.suffix(GameScreenModel.logLimit))
    }

    /// The log entries the panel shows: all, or your orders only.
    public var shownLog: [LogEntry] { logOrdersOnly ? log.filter(\.isOrder) : log }

    /// Scrolls the log by `entries` (positive: older), within what there is.
    public mutating func scrollLog(by entries: Int) {
        logScroll = max(0, min(shownLog.count - 1, logScroll + entries))
    }

    /// Notes a resolved command: its log lines, the squads it named; stops the spinner.
    public mutating func record(_ resolution: Resolution) {
        prompt.resolving = false
        prompt.resolvingText = ""
        for squad in resolution.squads { squads[squad.name.lowercased()] = squad.units }
        // With an LLM configured either resolver may answer, so every order says which did.
        let namesSource = status.resolver.map { $0 != ResolverMode.offline.rawValue } ?? false
        appendLog(LogEntry.entries(for: resolution, player: player, namesSource: namesSource))
    }

    /// The words tab completion offers on this map.
    public var vocabulary: [String] {
        PromptState.vocabulary(map: world.map, squads: Array(squads.keys))
    }

    /// Where the camera looks: the followed unit while it lives, else the selected units'
    /// centroid, else all living own units'.
    public var focusCell: FoglineSim.Cell? {
        if let id = followedUnit, id >= 0, id < world.units.count, world.units[id].isAlive { return world.units[id].cell }
        let own = world.units(of: player).filter(\.isAlive)
        let chosen = own.filter { selection.contains($0.number) }
        let group = chosen.isEmpty ? own : chosen
        guard !group.isEmpty else { return world.map.bases[player - 1] }
        let sx = group.reduce(0) { $0 + Int($1.cell.x) }, sy = group.reduce(0) { $0 + Int($1.cell.y) }
        return FoglineSim.Cell(x: sx / group.count, y: sy / group.count)
    }

    /// Moves the camera for a screen of this size (follow and clamp); call before rendering.
    public mutating func updateCamera(screenWidth: Int, screenHeight: Int) {
        let layout = GameLayout(width: screenWidth, height: screenHeight)
        let view = layout.battlefield
        camera.update(
            focus: focusCell, mapWidth: Int(world.map.width), mapHeight: Int(world.map.height),
            viewWidth: view.width, viewHeight: view.height)
    }

    /// Updates the camera and the spinner, then draws the frame: what a render tick does.
    public mutating func renderFrame(into buffer: inout CellBuffer) {
        tick &+= 1
        updateCamera(screenWidth: buffer.width, screenHeight: buffer.height)
        GameScreen.render(self, into: &buffer)
    }

    static func visibility(_ world: World, _ perspective: Perspective) -> [Bool] {
        switch perspective {
        case .player(let p) where (1...2).contains(p): return world.visibleCells(of: p)
        default:
            let one = world.visibleCells(of: 1), two = world.visibleCells(of: 2)
            return zip(one, two).map { $0 || $1 }
        }
    }
}
