import Foundation
import FoglineBot
import FoglineMatch
import FoglineOrders
import FoglineSim

/// A match in the terminal: the 30 Hz simulation and the (up to) 60 Hz screen on one
/// monotonic clock, independent of each other.
///
/// The frames come from a `MatchDriver`: the bot match on this machine, or a lock-step
/// session with another player. The loop sleeps in `poll(2)` until the next frame or
/// render is due, a key arrives or (on a network match) a packet does, so an idle game
/// costs next to nothing. Commands are resolved off the loop (`CommandResolver.submit`);
/// the screen keeps moving while they are.
public final class PlaySession {
    /// A match against the bot on this machine.
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
        /// What the match had to say at the end (a peer left, a desync), if anything.
        public var message: String?
    }

    let driver: MatchDriver
    let resolver: CommandResolver
    let replayPath: String?
    var player: Int { driver.localPlayer }
    private var model: GameScreenModel
    private var tickets: [(text: String, ticket: CommandResolver.Ticket)] = []
    /// Paused with the pause key; the match is also held while the briefing, the help
    /// or the leave question is up (against the bot only: another player cannot wait).
    private var paused = false
    private var held = false
    private var dirty = true
    private var finished: (world: World, message: String?)?
    /// Whether the match ended on its own (or the peer's doing) before the person left.
    private var endedByPlay = false

    static let renderPeriod = Duration.seconds(1) / 60

    /// You against the bot.
    public convenience init(settings: Settings) throws {
        let driver = try LocalMatchDriver(
            map: settings.map, seed: settings.seed, botLevel: settings.botLevel, replayPath: settings.replayPath,
            playerName: ProcessInfo.processInfo.environment["USER"] ?? "player")
        self.init(
            driver: driver, keymap: settings.keymap, resolver: settings.resolver, resolverName: settings.resolverName,
            replayPath: settings.replayPath)
    }

    /// You against the bot from the frame a recorded match was taken over at.
    public convenience init(settings: Settings, takeOver: TakeOver, side: Int) throws {
        let driver = try LocalMatchDriver(
            takeOver: takeOver, side: side, botLevel: settings.botLevel, replayPath: settings.replayPath,
            playerName: ProcessInfo.processInfo.environment["USER"] ?? "player")
        self.init(
            driver: driver, keymap: settings.keymap, resolver: settings.resolver, resolverName: settings.resolverName,
            replayPath: settings.replayPath)
    }

    /// Any match: `driver` runs the frames, this session the screen and the prompt.
    public init(
        driver: MatchDriver, keymap: Keymap, resolver: CommandResolver, resolverName: String, replayPath: String?
    ) {
        self.driver = driver
        self.resolver = resolver
        self.replayPath = replayPath
        model = GameScreenModel(world: driver.world, player: driver.localPlayer, keymap: keymap)
        model.status.resolver = resolverName
        model.replayPath = replayPath
        model.asksBeforeLeaving = true
        model.opponentName = driver.opponentName
        // Whom you play, said once: on a network match, also that they are here.
        if !driver.canPause {
            model.appendLog(LogEntry(.info, "\(driver.opponentName) joined: you play \(driver.opponentName) as player \(driver.localPlayer)"))
        }
        model.leavingForfeits = !driver.canPause
        let map = driver.world.map
        if let example = OrderExamples.placeholder(map, player: driver.localPlayer) { model.exampleOrder = example }
        // Against the bot the clock waits for the player to read the briefing.
        if driver.canPause && driver.world.frame == 0 { model.briefing = Briefing(map: map, player: driver.localPlayer) }
        refreshNetworkStatus()
    }

    /// Opens the terminal, plays, and gives the terminal back as it was, whatever happens.
    ///
    /// SIGINT and SIGTERM leave the match as the quit key does: the replay is closed
    /// and a peer is told (a second signal ends the process at once).
    public func runInTerminal() throws -> Outcome {
        SignalRestorer.setTerminationPolicy(.requestQuit)
        let screen = try CursesScreen()
        defer { screen.restore() }
        return try run(on: screen)
    }

    /// Plays until the player quits (or the match ends and they leave the end screen).
    public func run(on screen: CursesScreen) throws -> Outcome {
        model.capabilities = screen.capabilities
        let clock = ContinuousClock()
        var lastRender = clock.now - Self.renderPeriod
        var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        var quit = false
        // Whatever happens, the replay keeps what was played.
        defer { _ = try? finish() }
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
                case .togglePause: togglePause(now: clock.now)
                case .startMatch: break
                case .redraw: screen.invalidate()
                case .resized: buffer = CellBuffer(width: size.width, height: size.height)
                case .mapClicked(let cell): moveSelection(to: cell)
                default: break
                }
            }
            if SignalRestorer.terminationRequested != 0 { quit = true }
            if quit { break }
            holdWhileReading(now: clock.now)
            collectResolutions()
            if finished == nil {
                let ran = try driver.runDueFrames(now: clock.now)
                if ran > 0 {
                    model.advance(to: driver.world)
                    dirty = true
                }
                if refreshNetworkStatus() { dirty = true }
                for notice in driver.takeNotices() {
                    model.appendLog(LogEntry(.info, notice))
                    model.status.message = notice
                    dirty = true
                }
                if driver.isOver { try endOfMatch() }
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
            // Sleep until the next frame, a pending render, a key or a packet. Nothing due: a long sleep.
            var wake = finished != nil ? clock.now + .seconds(1) : driver.nextWake(now: clock.now)
            if dirty || model.prompt.resolving || !tickets.isEmpty || model.status.waitingFor != nil
                || model.status.silentSeconds != nil
            {
                // A spinner or an answer on its way: look again soon, but not in a spin.
                wake = min(wake, max(lastRender + Self.renderPeriod, clock.now + .milliseconds(10)))
            }
            switch TerminalWait.until(wake, clock: clock, also: driver.pollDescriptor) {
            case .ready, .timeout: break
            case .hangUp: quit = true  // the terminal is gone: save the replay and leave
            }
        }
        if !driver.isOver { driver.quit() }
        let end = try finish()
        return Outcome(world: end.world, replayPath: replayPath, quitEarly: !endedByPlay, message: end.message)
    }

    /// Holds the clock against the bot while the briefing, the help or the leave question
    /// is up, and lets it go when they close (unless paused by the pause key).
    private func holdWhileReading(now: ContinuousClock.Instant) {
        guard driver.canPause, finished == nil else { return }
        let reading = model.briefing != nil || model.showHelp || model.confirmingLeave
        guard reading != held else { return }
        held = reading
        if !paused { driver.setPaused(reading, now: now) }
        model.status.paused = paused || reading
    }

    private func togglePause(now: ContinuousClock.Instant) {
        guard driver.canPause else {
            model.status.message = "a match with another player cannot be paused"
            return
        }
        paused.toggle()
        model.status.paused = paused || held
        if !held { driver.setPaused(paused, now: now) }
    }

    /// The round trip, the input delay and whom a stalled frame waits for; true if any changed.
    @discardableResult
    private func refreshNetworkStatus() -> Bool {
        let before = model.status
        model.status.roundTripMilliseconds = driver.roundTripMilliseconds
        model.status.waitingFor = driver.waitingFor
        model.status.silentSeconds = driver.silentSeconds
        model.status.inputDelayFrames = driver.inputDelayShown
        model.status.spectators = driver.spectatorsWatching
        return model.status != before
    }

    /// The match is over: record it, show the end (a result, or why it stopped), free the keys.
    private func endOfMatch() throws {
        endedByPlay = true
        let end = try finish()
        model.advance(to: end.world)
        if let message = end.message {
            model.appendLog(LogEntry(.info, message))
            model.status.message = message
        }
        model.status.waitingFor = nil
        model.status.silentSeconds = nil
        // The end screen takes the keys: "q" leaves instead of typing, and nothing is lost by leaving.
        model.promptFocused = false
        model.prompt.clear()
        model.asksBeforeLeaving = false
        model.confirmingLeave = false
        model.briefing = nil
        dirty = true
    }

    private func finish() throws -> (world: World, message: String?) {
        if let finished { return finished }
        let end = try driver.finish()
        finished = end
        return end
    }

    /// Sends a line off to be resolved against what the player sees now.
    private func submit(_ text: String) {
        guard finished == nil else { return }
        let context = ResolverContext(
            view: driver.world.view(for: player), squads: model.squads, selection: model.selection)
        tickets.append((text, resolver.submit(text, in: context)))
    }

    /// Takes finished resolutions in the order they were asked for, and enters their orders.
    private func collectResolutions() {
        while let first = tickets.first, let resolution = first.ticket.result {
            tickets.removeFirst()
            model.record(resolution)
            if !resolution.isError && !resolution.orderSet.orders.isEmpty {
                driver.post(PlayerCommand(text: first.text, orders: resolution.orderSet.orders))
            }
            dirty = true
        }
    }

    /// A click on the map moves the selection there.
    private func moveSelection(to cell: FoglineSim.Cell) {
        guard !model.selection.isEmpty, finished == nil else { return }
        let order = Order(units: model.selection, action: .move, target: .point(x: Int(cell.x), y: Int(cell.y)))
        driver.post(PlayerCommand(text: "(click) move to \(cell.x) \(cell.y)", orders: [order]))
        model.record(Resolution(orderSet: OrderSet(orders: [order])))
    }
}
