import FoglineSim

/// A player's side of a match through a server: the server decides every frame, this
/// side runs them as they arrive and sends its own commands.
///
/// The counterpart of `MatchRelay`. Frame F runs when the server's closed frame F has
/// arrived (both players' commands, as the server placed them); as it runs, this side
/// enters its commands for F + input delay and sends them, each frame repeated by a
/// `RepeatSchedule` until the server acknowledges it. After a hiccup the frames that
/// piled up run a little faster than 30 a second until the backlog is gone, so the
/// game catches up without jumping. State hashes go to the server once a second. Like
/// `LockstepSession`, it has no clock or socket of its own: `pump()` does what is due.
public final class ServerSession {
    public struct Configuration: Sendable {
        /// 1 or 2.
        public var localPlayer: Int
        public var inputDelay: Int32
        public var frameLimit: Int32?
        /// Nothing at all from the server for this long and the match is lost.
        public var peerTimeout: Duration
        /// How long to keep sending after the last frame, so the server gets the last inputs.
        public var lingerLimit: Duration
        /// Test only: perturb this side's state right after this frame runs, to force a desync.
        public var perturbAfterFrame: Int32?

        public init(
            localPlayer: Int, inputDelay: Int32 = Rules.inputDelay, frameLimit: Int32? = nil,
            peerTimeout: Duration = LockstepSession.defaultPeerTimeout, lingerLimit: Duration = .seconds(1),
            perturbAfterFrame: Int32? = nil
        ) {
            self.localPlayer = localPlayer
            self.inputDelay = inputDelay
            self.frameLimit = frameLimit
            self.peerTimeout = peerTimeout
            self.lingerLimit = lingerLimit
            self.perturbAfterFrame = perturbAfterFrame
        }
    }

    enum Phase: Equatable {
        case running
        case finishing(until: Duration)
        case ended
    }

    public static let framePeriod = LockstepSession.framePeriod
    /// With more than this many frames waiting to run, they run faster: catching up.
    static let catchUpBacklog = 2
    /// Frames back a hashed world is kept (ten seconds): the server compares hashes only once
    /// both seats have sent theirs, and one may be seconds behind.
    static let hashedWorldsKept: Int32 = 300
    /// With more than this many waiting (a rejoin, a long freeze), they run at full
    /// speed, this many a pass at most so the link is still served in between.
    static let resimulateBacklog = 90
    static let resimulateSlice = 3000
    /// How much faster: after a hiccup each waiting frame gets three quarters of a period;
    /// more than a second behind (a frozen process, a long stall), a quarter.
    static let catchUpPeriod = framePeriod * 3 / 4
    static let farBehindPeriod = framePeriod / 4

    public let configuration: Configuration
    let transport: PeerTransport
    let clock: SessionClock
    public private(set) var world: World
    /// Asked once per frame run for the commands this side enters now.
    public var commandSource: (PlayerView) -> [PlayerCommand] = { _ in [] }
    /// Called after every frame with its number, its inputs and the world after it.
    public var onFrame: ((Int32, FrameInput, World) -> Void)?
    /// Called for every packet the session could not use.
    public var onMalformed: ((String) -> Void)?
    /// Called when the server says commands meant for one frame landed in a later one.
    public var onLate: ((_ asked: Int32, _ landed: Int32) -> Void)?

    var phase: Phase = .running
    public private(set) var ending: SessionEnding?
    /// The server said the match is over: the frames held still run, no more will come.
    var serverDone = false
    /// An acknowledgement of inputs this side has not entered yet (after a rejoin).
    var acknowledgedAhead: Int32?

    /// The server's closed frames, contiguous from frame 0, and those beyond a gap.
    var serverFrames = FrameStream<FrameInput>()
    var localInputs: [[PlayerCommand]]
    var carried: [PlayerCommand] = []
    var schedule: RepeatSchedule
    var ackSent: (through: Int32, at: Duration)?
    var hashesToSend: [(frame: Int32, hash: UInt64, copiesLeft: Int)] = []
    /// The last few hashed frames' hashes and worlds: what a desync dump is made of.
    var hashedWorlds: [Int32: (hash: UInt64, world: World)] = [:]

    var nextFrameAt: Duration
    /// When the first frame came from the server (the session's start until then).
    public private(set) var startedAt: Duration
    /// Whether any frame has come: until then nothing is due and no wait is a stall.
    var begun = false
    public private(set) var endedAt: Duration?
    var lastHeardAt: Duration
    var stalledSince: Duration?
    var lastFrameRanAt: Duration = .zero
    var roundTrips = RoundTripLog()

    /// Stalls: times a due frame had not arrived from the server yet.
    public private(set) var stalledFrames = 0
    public private(set) var longestStall = Duration.zero
    public private(set) var malformedPackets = 0
    /// Late-input notices the server sent.
    public private(set) var lateNotices = 0
    /// How many spectators watch the match, as the server last said (0 until it says).
    public private(set) var spectatorCount = 0
    /// The most spectators the server reported at once.
    public private(set) var mostSpectators = 0
    /// Frames that came in one transfer (a rejoin's match so far), else 0.
    public private(set) var bulkFrames: Int32 = 0
    /// When this side first ran a frame at the server's frontier (after any bulk re-simulated).
    public private(set) var liveAt: Duration?
    /// Told the newest of the server's frames held in order, each time it grows (a test's trace).
    public var onServerFrames: ((Int32) -> Void)?
    /// Whether the frames held run at full speed, far behind, until nearly caught up.
    var racing = false

    public init(world: World, configuration: Configuration, transport: PeerTransport, clock: SessionClock) {
        precondition(configuration.localPlayer == 1 || configuration.localPlayer == 2)
        self.world = world
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        localInputs = Array(repeating: [], count: Int(configuration.inputDelay))
        schedule = RepeatSchedule(first: configuration.inputDelay)
        nextFrameAt = clock.now
        startedAt = clock.now
        lastHeardAt = clock.now
    }

    public var isEnded: Bool { phase == .ended }
    public var isRunning: Bool { phase == .running }
    public var pollDescriptor: Int32? { transport.pollDescriptor }
    public var traffic: LinkTraffic? { transport.traffic }
    /// The last frame the server has closed and this side holds.
    var serverThrough: Int32 { serverFrames.through }

    /// The time lost to waiting: wall time beyond 30 frames a second.
    public var stallTime: Duration {
        max(.zero, (endedAt ?? clock.now) - startedAt - Self.framePeriod * Int(world.frame))
    }

    /// How long nothing has come from the server, once that is worth showing.
    public var silentFor: Duration? {
        guard phase != .ended else { return nil }
        let silence = clock.now - lastHeardAt
        return silence >= LockstepSession.silenceShown ? silence : nil
    }

    /// The round trip to the server now (an input sent to its acknowledgement), in
    /// milliseconds: the median of the recent samples, once measured.
    public var roundTripMilliseconds: Int? { roundTrips.recentMilliseconds }

    /// The median round trip over the whole match, in milliseconds, once measured.
    public var matchRoundTripMilliseconds: Int? { roundTrips.matchMilliseconds }

    /// "the server" while a due frame has not come for longer than two frames, else nil.
    public var waitingFor: String? {
        guard phase == .running, let since = stalledSince, clock.now - since >= Self.framePeriod * 2 else { return nil }
        return "the server"
    }

    /// When `pump()` next has something to do.
    public var nextWake: Duration {
        switch phase {
        case .running: return serverThrough >= world.frame ? nextFrameAt : clock.now + Self.framePeriod
        case .finishing(let until): return min(until, clock.now + Self.framePeriod)
        case .ended: return clock.now + .seconds(1)
        }
    }

    /// Does whatever is due: takes in packets, runs the frames that are here and due, sends.
    public func pump() {
        guard phase != .ended else { return }
        let now = clock.now
        for event in transport.exchange(now: now) { take(event, now: now) }
        switch phase {
        case .running:
            runDueFrames(now: now)
            send(now: now)
        case .finishing(let until):
            send(now: now)
            if schedule.ackedThrough >= schedule.newest || now >= until { close() }
        case .ended:
            break
        }
        if phase != .ended {
            if now - lastHeardAt >= configuration.peerTimeout && !serverDone { return end(.connectionLost) }
            transport.flush()
        }
    }

    /// The person here leaves: the server is told.
    public func quit() {
        guard phase != .ended else { return }
        if ending == nil { ending = .localQuit }
        sendMessage(.leave(reason: .quit, text: ""))
        close()
    }

    // MARK: Frames

    private func runDueFrames(now: Duration) {
        // The server closes frame 0 a little after its header: the schedule starts when it comes.
        if !begun {
            guard serverThrough >= 0 else { return }
            begun = true
            startedAt = now
            nextFrameAt = now
        }
        resimulate(now: now)
        while phase == .running && now >= nextFrameAt {
            let frame = world.frame
            if world.result != nil { return finish(.result, now: now) }
            if let limit = configuration.frameLimit, frame >= limit { return finish(.frameLimit, now: now) }
            guard serverThrough >= frame else {
                if serverDone { return end(.connectionLost) }
                // A frame arrives when the server closes it, a little after this side's clock
                // says it is due: only a wait of a whole frame counts as a stall.
                if stalledSince == nil && now - nextFrameAt >= Self.framePeriod {
                    stalledSince = max(nextFrameAt, lastFrameRanAt)
                    stalledFrames += 1
                }
                return
            }
            if let since = stalledSince {
                longestStall = max(longestStall, now - since)
                stalledSince = nil
            }
            // What is typed while frame F is current is for F + input delay, as peer to peer.
            enterLocalInput()
            let input = serverFrames[frame]
            world.step(input)
            if configuration.perturbAfterFrame == frame { world.perturbForTesting() }
            onFrame?(frame, input, world)
            if frame % LockstepSession.hashInterval == 0 { keepHash(after: frame) }
            lastFrameRanAt = now
            if liveAt == nil && backlog <= Self.catchUpBacklog { liveAt = now }
            nextFrameAt +=
                backlog > Int(Rules.framesPerSecond)
                ? Self.farBehindPeriod : backlog > Self.catchUpBacklog ? Self.catchUpPeriod : Self.framePeriod
            // After a long wait, start again from now rather than racing through it.
            if now - nextFrameAt > Self.framePeriod * 3 && backlog <= Self.catchUpBacklog { nextFrameAt = now }
        }
    }

    /// Far behind the server (a rejoin, a long freeze): runs the frames held at full
    /// speed until nearly caught up, entering nothing for them (commands for frames long
    /// closed would only land late). A slice at a time, so the link is served in between.
    private func resimulate(now: Duration) {
        if backlog > Self.resimulateBacklog { racing = true }
        guard racing else { return }
        var ran = 0
        while phase == .running && backlog > Self.catchUpBacklog && ran < Self.resimulateSlice {
            let frame = world.frame
            if world.result != nil || configuration.frameLimit.map({ frame >= $0 }) == true { break }
            enterLocalInput(asking: false)
            let input = serverFrames[frame]
            world.step(input)
            onFrame?(frame, input, world)
            ran += 1
        }
        if ran < Self.resimulateSlice {
            racing = false
            if liveAt == nil && backlog <= Self.catchUpBacklog { liveAt = now }
        }
        if ran > 0 {
            stalledSince = nil
            nextFrameAt = now
            lastFrameRanAt = now
        }
    }

    /// Frames held and not run yet.
    var backlog: Int { Int(serverThrough - world.frame) + 1 }

    /// Commands entered while frame F is current are for frame F + input delay.
    private func enterLocalInput(asking: Bool = true) {
        let asked = asking ? commandSource(world.view(for: configuration.localPlayer)) : []
        let (fits, later) = PlayerCommand.fitted(carried + asked)
        carried = later
        localInputs.append(fits)
        schedule.append()
        if let ahead = acknowledgedAhead, ahead <= schedule.newest {
            _ = schedule.acknowledge(through: ahead, now: clock.now)
            acknowledgedAhead = nil
        }
    }

    private func finish(_ why: SessionEnding, now: Duration) {
        ending = why
        phase = .finishing(until: now + configuration.lingerLimit)
        sendMessage(.leave(reason: .matchOver, text: "the match is over at frame \(world.frame)"))
    }

    func end(_ why: SessionEnding) {
        if ending == nil { ending = why }
        close()
    }

    func close() {
        guard phase != .ended else { return }
        phase = .ended
        endedAt = clock.now
        if let since = stalledSince { longestStall = max(longestStall, clock.now - since) }
        transport.close()
    }

    // MARK: Sending

    private func sendMessage(_ message: WireMessage) {
        do {
            transport.send(try message.encode(), delivery: Delivery.of(message.kind))
        } catch {
            onMalformed?("could not encode \(message.kind): \(error)")
        }
    }

    /// Own frames not acknowledged (with the server's frames acknowledged inside), an
    /// acknowledgement alone now and then otherwise, and any hash owed.
    private func send(now: Duration) {
        let through = serverThrough
        if let first = schedule.firstToSend(now: now, roundTrip: roundTrips.recent) {
            let last = min(schedule.newest, first + LockstepSession.redundancyCap - 1)
            let frames = (first...last).map { frame -> FrameInput in
                var input = FrameInput()
                input[player: configuration.localPlayer] = localInputs[Int(frame)]
                return input
            }
            sendMessage(
                .inputs(player: configuration.localPlayer, firstFrame: first, frames: frames, ackThrough: through >= 0 ? through : nil))
            schedule.sent(first...last, now: now)
            ackSent = (through, now)
        } else if through >= 0, ackSent.map({ $0.through != through || now - $0.at >= .milliseconds(100) }) ?? true {
            sendMessage(.ack(player: 0, throughFrame: through))
            ackSent = (through, now)
        }
        for index in hashesToSend.indices {
            sendMessage(.stateHash(frame: hashesToSend[index].frame, hash: hashesToSend[index].hash))
            hashesToSend[index].copiesLeft -= 1
        }
        hashesToSend.removeAll { $0.copiesLeft <= 0 }
    }

    // MARK: Receiving

    private func take(_ event: TransportEvent, now: Duration) {
        switch event {
        case .closed:
            // After the server's goodbye the frames already here still run to the end.
            if !serverDone { end(.connectionLost) }
        case .packet(let bytes):
            lastHeardAt = now
            let message: WireMessage
            do {
                message = try WireMessage.decode(bytes)
            } catch {
                return refuse("undecodable packet: \(error)")
            }
            switch message {
            case .inputs(let player, let first, let frames, let ackThrough):
                guard player == 0 else { return refuse("inputs of player \(player) from the server") }
                takeFrames(first: first, frames: frames, horizon: serverThrough + 4097)
                if let ackThrough { acknowledge(ackThrough, now: now) }
            case .ack(let player, let through):
                guard player == configuration.localPlayer else { return refuse("an acknowledgement of player \(player)") }
                if let through { acknowledge(through, now: now) }
            case .lateInput(let asked, let landed):
                lateNotices += 1
                onLate?(asked, landed)
            case .leave(.matchOver, _):
                serverDone = true  // it saw the end; our own frames decide where we stop
            case .leave(let reason, let text):
                end(.peerLeft(reason, text))
            case .frameLog(let first, let frames):
                // A rejoin: the match so far in one transfer, re-simulated at full speed.
                takeFrames(first: first, frames: frames, horizon: .max)
                bulkFrames = max(bulkFrames, serverThrough + 1)
            case .stateHash(let frame, let theirs):
                // The server found the other seat's hash differs: it sends that hash back.
                checkHash(frame: frame, theirs: theirs)
            case .spectators(let count):
                spectatorCount = count
                mostSpectators = max(mostSpectators, count)
            case .matchStart, .hello, .seated, .chat, .stateDump, .matchList:
                break  // repeats of the start, or nothing this side acts on
            case .refused(let text):
                end(.protocolError(text))
            }
        }
    }

    /// After every hashed frame: the hash goes to the server (three copies, unreliably),
    /// and the world is kept a few seconds in case the server reports a desync there.
    private func keepHash(after frame: Int32) {
        let hash = world.stateHash
        hashesToSend.append((frame, hash, 3))
        hashedWorlds[frame] = (hash, world)
        hashedWorlds[frame - Self.hashedWorldsKept] = nil
    }

    /// The other seat's hash for `frame`, from the server: if it differs from ours the
    /// match is out of step; our dump goes to the server, which keeps both.
    private func checkHash(frame: Int32, theirs: UInt64) {
        guard phase != .ended, let mine = hashedWorlds[frame], mine.hash != theirs else { return }
        let report = DesyncReport(
            frame: frame, localHash: mine.hash, peerHash: theirs, localDump: mine.world.stateDump, peerDump: nil,
            peerDumpFrame: nil)
        sendMessage(.stateDump(frame: frame, text: WireFormat.fittedDump(report.localDump)))
        sendMessage(.leave(reason: .desync, text: report.summary))
        end(.desync(report))
    }

    private func takeFrames(first: Int32, frames: [FrameInput], horizon: Int32) {
        let before = serverThrough
        for (offset, input) in frames.enumerated() { serverFrames.take(first + Int32(offset), input, horizon: horizon) }
        if serverThrough > before { onServerFrames?(serverThrough) }
    }

    private func acknowledge(_ through: Int32, now: Duration) {
        switch schedule.acknowledge(through: through, now: now) {
        case .old: break
        case .unknown:
            // After a rejoin the server already has this seat's inputs far beyond what this
            // new session has entered: they count as acknowledged once entered.
            acknowledgedAhead = max(acknowledgedAhead ?? through, through)
        case .new(let roundTrip):
            if let roundTrip { roundTrips.add(roundTrip) }
        }
    }

    private func refuse(_ why: String) {
        malformedPackets += 1
        onMalformed?(why)
    }
}
