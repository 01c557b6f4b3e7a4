import Foundation
import FoglineBot
import FoglineMatch
import FoglineOrders
import FoglineReplay
import FoglineSim

#if canImport(Glibc)
    import Glibc
#endif

/// A match against the bot in the terminal: the 30 Hz simulation and the (up to) 60 Hz
/// screen on one monotonic clock, independent of each other.
///
/// The loop sleeps in `poll(2)` until the next frame or render is due or a key
/// arrives, so an idle game costs next to nothing. Commands are resolved off the
/// loop (`CommandResolver.submit`); the screen keeps moving while they are.
public final class PlaySession {
    public struct Settings: Sendable {
        public var map: GameMap
        public var seed: UInt64
        public var botLevel: BotLevel
        public var keymap: Keymap
        public var replayPath: String?
        public var resolver: CommandResolver
        public var resolverName: String

        public init(
            map: GameMap, seed: UInt64, botLevel: BotLevel, keymap: Keymap, replayPath: String?,
            resolver: CommandResolver = CommandResolver(), resolverName: String = "offline"
        ) {
            self.map = map
            self.seed = seed
            self.botLevel = botLevel
            self.keymap = keymap
            self.replayPath = replayPath
            self.resolver = resolver
            self.resolverName = resolverName
        }
    }

    /// How the session ended.
    public struct Outcome: Sendable {
        public var world: World
        public var replayPath: String?
        public var quitEarly: Bool
    }

    let settings: Settings
    let player = 1
    private let inbox = CommandInbox()
    private var match: LocalMatch
    private var recorder: MatchRecorder?
    private var model: GameScreenModel
    private var tickets: [(text: String, ticket: CommandResolver.Ticket)] = []
    private var paused = false
    private var dirty = true

    static let framePeriod = Duration.seconds(1) / Int(Rules.framesPerSecond)
    static let renderPeriod = Duration.seconds(1) / 60

    public init(settings: Settings) throws {
        self.settings = settings
        match = LocalMatch(
            map: settings.map, seed: settings.seed, player1: .human(inbox),
            player2: .bot(Bot(player: 2, level: settings.botLevel, seed: settings.seed)))
        model = GameScreenModel(world: match.world, player: player, keymap: settings.keymap)
        model.status.resolver = settings.resolverName
        model.replayPath = settings.replayPath
        if let path = settings.replayPath {
            recorder = try MatchRecorder(
                path: path, world: match.world,
                players: [
                    ReplayPlayer(name: ProcessInfo.processInfo.environment["USER"] ?? "player", kind: "human"),
                    ReplayPlayer(name: "bot", kind: "bot:\(settings.botLevel.rawValue)"),
                ])
            let rec = recorder
            match.onFrame = { frame, input, world in try rec?.frameRan(frame, input: input, world: world) }
        }
    }

    /// Plays until the player quits (or the match ends and they leave the end screen).
    public func run(on screen: CursesScreen) throws -> Outcome {
        model.capabilities = screen.capabilities
        let clock = ContinuousClock()
        var nextFrame = clock.now + Self.framePeriod
        var lastRender = clock.now - Self.renderPeriod
        var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        var quit = false
        // Whatever happens, the replay keeps what was played.
        defer { try? finishRecording() }
        while !quit {
            // Keys first, so a command typed now is entered on this frame.
            while let event = screen.readKey() {
                dirty = true
                let size = screen.size
                guard let request = model.handle(event, screenWidth: size.width, screenHeight: size.height) else {
                    continue
                }
                switch request {
                case .quit: quit = true
                case .submit(let text): submit(text)
                case .togglePause:
                    paused.toggle()
                    model.status.paused = paused
                    if !paused { nextFrame = clock.now + Self.framePeriod }
                case .redraw: screen.invalidate()
                case .resized: buffer = CellBuffer(width: size.width, height: size.height)
                case .mapClicked(let cell): moveSelection(to: cell)
                default: break
                }
            }
            if quit { break }
            collectResolutions()
            // The simulation: one frame per period; after a stall at most a few to catch up.
            let now = clock.now
            if paused || match.isOver {
                nextFrame = now + Self.framePeriod
            } else {
                var ran = 0
                while clock.now >= nextFrame && ran < 5 {
                    try match.runFrame()
                    model.advance(to: match.world)
                    nextFrame += Self.framePeriod
                    ran += 1
                    dirty = true
                }
                if ran == 5 && clock.now >= nextFrame { nextFrame = clock.now + Self.framePeriod }
                if match.isOver {
                    try finishRecording()
                    // The end screen takes the keys: "q" leaves instead of typing.
                    model.promptFocused = false
                    model.prompt.clear()
                }
            }
            // The screen: only when something changed, and at most 60 times a second.
            if (dirty || model.prompt.resolving) && clock.now - lastRender >= Self.renderPeriod {
                let size = screen.size
                if size.width != buffer.width || size.height != buffer.height {
                    buffer = CellBuffer(width: size.width, height: size.height)
                }
                model.renderFrame(into: &buffer)
                _ = screen.present(buffer)
                lastRender = clock.now
                dirty = false
            }
            // Sleep until the next frame, a pending render, or a key. Nothing due: a long sleep.
            var wake = paused || match.isOver ? clock.now + .seconds(1) : nextFrame
            if dirty || model.prompt.resolving || !tickets.isEmpty {
                // A spinner or an answer on its way: look again soon, but not in a spin.
                wake = min(wake, max(lastRender + Self.renderPeriod, clock.now + .milliseconds(10)))
            }
            switch waitForInput(until: wake, clock: clock) {
            case .ready, .timeout: break
            case .hangUp: quit = true  // the terminal is gone: save the replay and leave
            }
        }
        try finishRecording()
        return Outcome(world: match.world, replayPath: settings.replayPath, quitEarly: !match.isOver)
    }

    /// Sends a line off to be resolved against what the player sees now.
    private func submit(_ text: String) {
        let context = ResolverContext(view: match.world.view(for: player), squads: model.squads, selection: model.selection)
        tickets.append((text, settings.resolver.submit(text, in: context)))
    }

    /// Takes finished resolutions in the order they were asked for, and enters their orders.
    private func collectResolutions() {
        while let first = tickets.first, let resolution = first.ticket.result {
            tickets.removeFirst()
            model.record(resolution)
            if !resolution.isError && !resolution.orderSet.orders.isEmpty {
                inbox.post(PlayerCommand(text: first.text, orders: resolution.orderSet.orders))
            }
            dirty = true
        }
    }

    /// A click on the map moves the selection there.
    private func moveSelection(to cell: FoglineSim.Cell) {
        guard !model.selection.isEmpty else { return }
        let order = Order(units: model.selection, action: .move, target: .point(x: Int(cell.x), y: Int(cell.y)))
        inbox.post(PlayerCommand(text: "(click) move to \(cell.x) \(cell.y)", orders: [order]))
        model.record(Resolution(orderSet: OrderSet(orders: [order])))
    }

    private func finishRecording() throws {
        guard let recorder else { return }
        self.recorder = nil
        match.onFrame = nil
        try recorder.finish(world: match.world)
    }

    enum Wait { case ready, timeout, hangUp }

    /// Blocks in poll(2) on standard input until `deadline` or a key.
    private func waitForInput(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Wait {
        let remaining = deadline - clock.now
        guard remaining > .zero else { return .timeout }
        let ms = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let n = poll(&fds, 1, max(ms, 1))
        if n > 0 && fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hangUp }
        return n > 0 ? .ready : .timeout
    }
}
