#if os(Linux)
    import CLinux
#endif
import Foundation
import FoglineNet
import FoglineSim
import Logging

/// `fogline serve`: one ENet host on one UDP port holding every match.
///
/// One thread (the caller's) services the host and closes frames; each match is a
/// `MatchRelay`, and everything slow (replays, the index, re-simulation) goes to the
/// `MatchArchive`'s thread. Players meet by quick match (paired with the next one
/// waiting) or by a private match's code; each seat has a secret token. The log has
/// one line per connection, seating, match start and end, refusal and kick, and never
/// a token.
public final class MatchServer {
    public struct Configuration: Sendable {
        public var port: UInt16
        public var maxMatches: Int
        /// How long a dropped player's seat is kept.
        public var rejoinWindow: Duration
        /// Every match stops after this many frames (nil: at its own end).
        public var frameLimit: Int32?
        /// The map of a quick match, and of a new match that names none.
        public var defaultMap: String
        /// How often the log gets a line of load figures (nil: never).
        public var loadReport: Duration?
        /// How far behind the players spectators are held: no spectator gets a frame that
        /// closed more recently than this.
        public var spectatorDelay: Duration
        public init(
            port: UInt16, maxMatches: Int, rejoinWindow: Duration, frameLimit: Int32?, defaultMap: String,
            loadReport: Duration? = .seconds(60), spectatorDelay: Duration = .zero
        ) {
            self.spectatorDelay = spectatorDelay
            self.port = port
            self.maxMatches = maxMatches
            self.rejoinWindow = rejoinWindow
            self.frameLimit = frameLimit
            self.defaultMap = defaultMap
            self.loadReport = loadReport
        }
    }

    /// A connection that has not said hello yet must do so within this.
    public static let helloTimeout = Duration.seconds(5)
    /// ENet peers the host serves at once (ENet's own ceiling is 4,095).
    public static let peerLimit = 4000
    /// The first frame of a new match closes this long after its header is sent.
    static let startDelay = Duration.milliseconds(100)
    /// Packets taken per pass of the loop: a burst is worked through between frame
    /// closes, not ahead of them (about a tenth of a millisecond of work).
    static let eventsPerPass = 32
    /// How often the slower checks run: half-open connections, rejoin windows, results
    /// from the archive, the waiting count, matches that ended.
    static let housekeepingPeriod = Duration.milliseconds(100)

    public let configuration: Configuration
    public let endpoint: ENetEndpoint
    /// The socket's receive buffer asked for, and the least the kernel should report
    /// (Linux reports twice what is asked): at 500 matches some 200 ms of the players'
    /// packets, so a stall of the service thread (or of the machine) loses none of them.
    public static let receiveBufferBytes = 8 << 20
    /// The receive buffer the kernel reports.
    public let receiveBuffer: Int
    let archive: MatchArchive
    var logger: Logger
    let clock = MonotonicClock()
    let maps: (String) -> GameMap?

    /// A match waiting for its second player.
    struct Lobby {
        var code: String
        var map: GameMap
        var quick: Bool
        var name: String
        var token: [UInt8]
        var peer: ENetEndpoint.Peer
        /// Its spectators' delay, when the opener set one (`--new --spectator-delay`).
        var spectatorDelay: Duration?
    }

    /// A match that plays.
    struct Running {
        var relay: MatchRelay
        var peers: [ENetEndpoint.Peer?]
        /// Frames spectators are held behind the players.
        var spectatorDelayFrames: Int32
        var archivedThrough: Int32 = -1
        /// Each spectator's peer and its feed.
        var spectators: [ENetEndpoint.Peer: Spectator] = [:]
        /// Packets refused from this match's spectators.
        var refusedFromSpectators = 0
        /// When the match ended; the seats get their last frames for a moment more.
        var endedAt: Duration?
        /// The ending the archive was told.
        var recorded: MatchRelay.Ending?
        /// The spectator count the players were last told.
        var announcedSpectators = 0
        /// The last frame spectators were fed up to (they are fed every `spectatorBatch` frames).
        var spectatorsFedThrough: Int32 = -1
        /// Whether a feed of its spectators is under way, spread over passes.
        var feedingSpectators = false
        /// Whether it is in `spectatorsOwed`, and since when.
        var owedSpectators = false
        var owedSince = Duration.zero
    }

    /// How long an ended match keeps feeding a seat that is still catching up (a player
    /// who froze for a while runs the last frames after the server closed them).
    static let linger = Duration.seconds(30)

    enum Place { case lobby(String), seat(String, Int), spectator(String) }

    var pending: [ENetEndpoint.Peer: Duration] = [:]
    var places: [ENetEndpoint.Peer: Place] = [:]
    var lobbies: [String: Lobby] = [:]
    /// Codes of quick-match lobbies, oldest first.
    var quickQueue: [String] = []
    var running: [String: Running] = [:]
    /// Each running match's next close, soonest first.
    var closes = CloseQueue()
    /// Frames closed in this pass of the loop, by due time, and inputs that went into them:
    /// measured when the flush hands them to the socket.
    var closedThisPass: [Duration] = []
    /// Matches whose spectators are owed frames, oldest first: fed after each pass's flush,
    /// a bounded number of sends a pass.
    var spectatorsOwed: [String] = []
    /// Whether the spectators owed frames wait for a gap between closes.
    var spectatorsWaitForGap = false
    var arrivalsThisPass: [Duration] = []
    var load: ServerLoad
    /// Refused packets written to the log one by one, at most this many a second; the
    /// rest are counted (each match's own count is in its last line).
    static let refusalLinesPerSecond = 100
    var refusalLines = LogLimit(perSecond: refusalLinesPerSecond)
    /// Running matches the current housekeeping round has still to look after, in order.
    var housekeepingDue: [String] = []
    /// Frames at which the archive found matches over, not yet told to their relays.
    var archiveResults: [String: Int32] = [:]
    /// The waiting count the lobbies were last told, and when.
    var announcedWaiting = 0
    var announcedAt = Duration.zero

    /// Every code of a match that started, the index's included: a code names one match
    /// for good (its replay, its row in the index).
    var usedCodes: Set<String>

    /// A server on `configuration.port` keeping replays in `archive`; `maps` finds a map by
    /// name; `usedCodes` are the codes of matches already in the index, never given again.
    public init(
        configuration: Configuration, archive: MatchArchive, logger: Logger, usedCodes: Set<String> = [],
        maps: @escaping (String) -> GameMap?
    ) throws {
        self.usedCodes = usedCodes
        self.configuration = configuration
        self.archive = archive
        self.logger = logger
        self.maps = maps
        endpoint = try ENetEndpoint(listeningOn: configuration.port, peerLimit: Self.peerLimit)
        receiveBuffer = endpoint.requestReceiveBuffer(bytes: Self.receiveBufferBytes)
        load = ServerLoad(now: clock.now)
    }

    /// Serves until `shouldStop` says so, then ends every match (`server_shutdown`) and returns.
    ///
    /// Each pass: wait on the socket until the soonest frame close (or the next
    /// housekeeping), take what arrived, close and feed the matches that are due,
    /// flush. A match is ticked at its own closes only.
    public func run(shouldStop: () -> Bool) {
        Self.askForShortSlices()
        var nextHousekeeping = clock.now
        var nextReport = configuration.loadReport.map { clock.now + $0 }
        while !shouldStop() {
            // Spectators still owed frames, or matches still to look after: a quick pass, not a sleep.
            let wake =
                (spectatorsOwed.isEmpty || spectatorsWaitForGap) && housekeepingDue.isEmpty
                ? min(closes.soonest ?? nextHousekeeping, nextHousekeeping) : clock.now
            // ENet waits in whole milliseconds: round up, so a close less than a millisecond
            // away is a short sleep and not a spin (it goes out at most a millisecond late).
            let wait = max(.zero, wake - clock.now)
            let waitMilliseconds = wait == .zero ? 0 : (wait + .microseconds(999)).wholeMilliseconds
            let asked = clock.now
            let events = endpoint.service(timeoutMilliseconds: UInt32(min(50, waitMilliseconds)), maxEvents: Self.eventsPerPass)
            let serviced = clock.now
            // Past the wait asked for: ENet's own work (sends, up to 256 datagrams read) or a late wake.
            load.service.add(serviced - asked - .milliseconds(Int64(min(50, waitMilliseconds))))
            for event in events { handle(event, now: clock.now) }
            let now = clock.now
            load.handling.add(now - serviced)
            // The frames go out first; spectators and the slower checks after.
            closeDueFrames(now: now)
            load.closing.add(clock.now - now)
            if !spectatorsOwed.isEmpty && feedOwedSpectators() { endpoint.flush() }
            if now >= nextHousekeeping {
                startHousekeeping(now: now)
                nextHousekeeping = now + Self.housekeepingPeriod
            }
            if !housekeepingDue.isEmpty {
                continueHousekeeping(now: now)
                endpoint.flush()
                load.housekeeping.add(clock.now - now)
            }
            if let report = nextReport, now >= report, let period = configuration.loadReport {
                let line = load.report(now: now, matches: running.count, waiting: lobbies.count, peers: places.count + pending.count)
                // One walk for both memory figures.
                var logBytes = 0, records = 0
                for match in running.values {
                    logBytes += match.relay.log.byteCount
                    records += match.relay.sendRecordsKept
                }
                logger.info("\(line); frame logs \(logBytes / 1024) KB, \(records) send records; archive \(archive.backlog) frames behind")
                nextReport = now + period
            }
        }
        shutDown()
    }

    /// Closes and feeds every match whose frame is due at `now`, and flushes them out.
    private func closeDueFrames(now: Duration) {
        while let due = closes.popDue(now) {
            guard running[due.code]?.relay.nextClose == due.at else { continue }
            tick(due.code, now: now)
        }
        endpoint.flush()
        measureFlush()
    }

    /// Asks the scheduler for the shortest time slices for the service thread (0.1 ms,
    /// Linux 6.12 and later, at its niceness): a thread with a shorter slice than the one
    /// running may take the core the moment it wakes, so a frame close or a packet does not
    /// wait behind the archive's re-simulation. Older kernels ignore it.
    static func askForShortSlices() {
        #if os(Linux)
            errno = 0
            let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            if errno == 0 { _ = fogline_set_slice(nice, 100_000) }
        #endif
    }

    /// The frames and inputs of this pass left with the flush just done: how late.
    private func measureFlush() {
        guard !closedThisPass.isEmpty || !arrivalsThisPass.isEmpty else { return }
        let flushed = clock.now
        for due in closedThisPass { load.lateness.add(flushed - due) }
        for arrived in arrivalsThisPass { load.inputToBroadcast.add(flushed - arrived) }
        load.framesClosed += closedThisPass.count
        closedThisPass.removeAll(keepingCapacity: true)
        arrivalsThisPass.removeAll(keepingCapacity: true)
    }

    /// The server's clock: what a `MatchRelay` made for `adopt` counts from.
    public var now: Duration { clock.now }

    /// Takes in a match already under way, both seats away (to be taken back with their
    /// tokens): how a benchmark puts a rejoin at minute 15 without playing 15 minutes.
    /// Call before `run`; the match is not archived.
    public func adopt(_ relay: MatchRelay) {
        let code = relay.header.code
        usedCodes.insert(code)
        for seat in 1...2 { relay.disconnected(seat) }
        running[code] = Running(
            relay: relay, peers: [nil, nil], spectatorDelayFrames: Self.frames(in: configuration.spectatorDelay),
            archivedThrough: relay.lastClosed)
        if let next = relay.nextClose { closes.push(next, code) }
    }

    // MARK: Events

    private func handle(_ event: ENetEndpoint.Event, now: Duration) {
        switch event {
        case .connected(let peer):
            pending[peer] = now
            logger.info("connection from \(endpoint.addressText(peer))")
        case .disconnected(let peer, _):
            pending[peer] = nil
            left(peer, now: now)
        case .received(let peer, let bytes):
            if pending.removeValue(forKey: peer) != nil {
                hello(bytes, from: peer, now: now)
            } else if case .seat(let code, let seat)? = places[peer], let relay = running[code]?.relay {
                let refused = relay.refusalCount
                let actions: [MatchRelay.Action]
                // Nothing a player sends is larger than an ordinary packet: a bigger one is not decoded at all.
                if bytes.count > WireFormat.maxPacketBytes {
                    actions = relay.refuseUnreadable(from: seat, why: "a packet of \(bytes.count) bytes", now: now)
                } else {
                    do {
                        actions = relay.receive(try WireMessage.decode(bytes), from: seat, size: bytes.count, now: now)
                    } catch {
                        actions = relay.refuseUnreadable(from: seat, why: "an undecodable packet: \(error)", now: now)
                    }
                }
                // The refusal first, then what it led to (a kick).
                for why in relay.refusals.suffix(relay.refusalCount - refused) where refusalLines.admit(now: now) {
                    logger.notice("refused a packet of match \(code): \(why)")
                }
                perform(actions, code: code)
            } else if case .spectator(let code)? = places[peer] {
                heard(fromSpectator: peer, of: code, bytes)
            } else if case .lobby(let code)? = places[peer], bytes.count <= WireFormat.maxPacketBytes,
                case .leave? = try? WireMessage.decode(bytes)
            {
                closeLobby(code, why: "left while waiting")
                endpoint.disconnect(peer)
            }
        }
    }

    private func hello(_ bytes: [UInt8], from peer: ENetEndpoint.Peer, now: Duration) {
        let address = endpoint.addressText(peer)
        let hello: WireHello
        switch HostLobby.judge(bytes) {
        case .failure(let refusal): return refuse(peer, address, refusal.text)
        case .success(let judged): hello = judged
        }
        guard hello.role == .player else { return watch(hello, peer: peer, address: address) }
        switch hello.seat {
        case nil:
            refuse(peer, address, "this is a match server: ask for a seat (a quick match, --new, or --match CODE)")
        case .quickMatch:
            if let code = quickQueue.first, let lobby = lobbies[code] {
                quickQueue.removeFirst()
                startMatch(lobby, second: hello.playerName, peer: peer, now: now)
            } else {
                openLobby(quick: true, mapName: configuration.defaultMap, hello: hello, peer: peer, address: address)
            }
        case .newMatch(let map, let delay):
            openLobby(
                quick: false, mapName: map.isEmpty ? configuration.defaultMap : map, hello: hello, peer: peer, address: address,
                spectatorDelay: delay.map { .seconds($0) })
        case .listMatches:
            refuse(peer, address, "to list the live matches, ask as a spectator: fogline watch HOST:PORT")
        case .join(let code):
            let code = code.uppercased()
            if let lobby = lobbies[code], !lobby.quick {
                startMatch(lobby, second: hello.playerName, peer: peer, now: now)
            } else if running[code] != nil {
                refuse(peer, address, "match \(code) is full: both seats are taken")
            } else {
                refuse(peer, address, "there is no match \(code) waiting on this server")
            }
        case .rejoin(let code, let token):
            rejoin(code: code.uppercased(), token: token, hello: hello, peer: peer, address: address, now: now)
        }
    }

    func refuse(_ peer: ENetEndpoint.Peer, _ address: String, _ reason: String) {
        logger.notice("refused \(address): \(reason)")
        endpoint.refuse(peer, reason)
    }

    // MARK: Seating

    private func openLobby(
        quick: Bool, mapName: String, hello: WireHello, peer: ENetEndpoint.Peer, address: String,
        spectatorDelay: Duration? = nil
    ) {
        guard running.count + lobbies.count < configuration.maxMatches else {
            return refuse(peer, address, "server full: \(configuration.maxMatches) matches are playing; try again later")
        }
        guard let map = maps(mapName) else { return refuse(peer, address, "this server has no map named \"\(mapName)\"") }
        let code = newCode()
        let lobby = Lobby(
            code: code, map: map, quick: quick, name: hello.playerName, token: Self.newToken(), peer: peer,
            spectatorDelay: spectatorDelay)
        lobbies[code] = lobby
        places[peer] = .lobby(code)
        if quick { quickQueue.append(code) }
        send(.seated(WireSeated(code: code, seat: 1, token: lobby.token, waiting: lobbies.count, map: lobby.map.name)), to: peer)
        logger.info("seated \(hello.playerName) from \(address) in \(quick ? "a quick" : "a new") match \(code) on \(map.name), seat 1")
    }

    private func startMatch(_ lobby: Lobby, second name: String, peer: ENetEndpoint.Peer, now: Duration) {
        lobbies[lobby.code] = nil
        // Only a match that plays keeps its code for good (a replay and a row in the index).
        usedCodes.insert(lobby.code)
        let token = Self.newToken()
        let header = MatchRelay.Header(
            code: lobby.code, seed: UInt64.random(in: 0...UInt64(Int64.max)), mapName: lobby.map.name,
            mapText: lobby.map.source, frameLimit: configuration.frameLimit)
        let relay = MatchRelay(
            header: header, players: [(lobby.name, lobby.token), (name, token)], start: now + Self.startDelay)
        let delay = lobby.spectatorDelay ?? configuration.spectatorDelay
        running[lobby.code] = Running(relay: relay, peers: [lobby.peer, peer], spectatorDelayFrames: Self.frames(in: delay))
        if let first = relay.nextClose { closes.push(first, lobby.code) }
        places[peer] = .seat(lobby.code, 2)
        places[lobby.peer] = .seat(lobby.code, 1)
        send(.seated(WireSeated(code: lobby.code, seat: 2, token: token, waiting: lobbies.count, map: lobby.map.name)), to: peer)
        for seat in 1...2 { send(.matchStart(relay.matchStart(for: seat)), to: seat == 1 ? lobby.peer : peer) }
        archive.submit(
            .open(
                code: lobby.code,
                start: MatchArchiveStart(seed: header.seed, mapName: header.mapName, mapText: header.mapText, players: [lobby.name, name])))
        logger.info("seated \(name) from \(endpoint.addressText(peer)) in match \(lobby.code), seat 2")
        let held = delay > .zero ? "; spectators \(delay.components.seconds) s behind" : ""
        logger.info("match \(lobby.code) started on \(lobby.map.name): \(lobby.name) against \(name)\(held)")
    }

    private func rejoin(code: String, token: [UInt8], hello: WireHello, peer: ENetEndpoint.Peer, address: String, now: Duration) {
        guard var match = running[code] else {
            if var lobby = lobbies[code] {
                if lobby.token == token {
                    // The opener, back before anyone joined: its new connection waits instead.
                    places[lobby.peer] = nil
                    endpoint.disconnect(lobby.peer)
                    lobby.peer = peer
                    lobbies[code] = lobby
                    places[peer] = .lobby(code)
                    send(.seated(WireSeated(code: code, seat: 1, token: token, waiting: lobbies.count, map: lobby.map.name)), to: peer)
                    return
                }
                if !lobby.quick { return startMatch(lobby, second: hello.playerName, peer: peer, now: now) }
            }
            return refuse(peer, address, "match \(code) is not playing on this server")
        }
        guard let seat = (1...2).first(where: { match.relay.holds($0, token: token) }) else {
            return refuse(peer, address, "that token holds no seat of match \(code)")
        }
        guard !match.relay.isKicked(seat) else { return refuse(peer, address, "seat \(seat) of match \(code) was kicked") }
        guard match.relay.mayRejoin(seat, now: now) else {
            return refuse(peer, address, "seat \(seat) of match \(code) was taken back a moment ago; try again in a second")
        }
        if let old = match.peers[seat - 1] {
            places[old] = nil
            endpoint.disconnectNow(old)
        }
        match.peers[seat - 1] = peer
        let log = match.relay.reconnected(seat, now: now)
        running[code] = match
        places[peer] = .seat(code, seat)
        send(.seated(WireSeated(code: code, seat: seat, token: token, waiting: lobbies.count, map: match.relay.header.mapName)), to: peer)
        send(.matchStart(match.relay.matchStart(for: seat)), to: peer)
        for part in log { send(part, to: peer) }
        if !match.spectators.isEmpty { send(.spectators(count: match.spectators.count), to: peer) }
        logger.info("\(hello.playerName) from \(address) took back seat \(seat) of match \(code) at frame \(match.relay.lastClosed)")
    }

    private func left(_ peer: ENetEndpoint.Peer, now: Duration) {
        guard let place = places.removeValue(forKey: peer) else { return }
        switch place {
        case .lobby(let code):
            closeLobby(code, why: "disconnected while waiting")
        case .seat(let code, let seat):
            guard var match = running[code], match.peers[seat - 1] == peer else { return }
            match.peers[seat - 1] = nil
            match.relay.disconnected(seat)
            running[code] = match
            logger.notice("seat \(seat) of match \(code) dropped at frame \(match.relay.lastClosed); kept for a rejoin")
        case .spectator(let code):
            running[code]?.spectators[peer] = nil
        }
    }

    private func closeLobby(_ code: String, why: String) {
        guard let lobby = lobbies.removeValue(forKey: code) else { return }
        quickQueue.removeAll { $0 == code }
        places[lobby.peer] = nil
        logger.info("match \(code) closed before it started: \(lobby.name) \(why)")
    }

    // MARK: Time

    /// Starts a round of the slower checks, every `housekeepingPeriod`: the server-wide ones
    /// now, each running match's over the next passes (`continueHousekeeping`).
    private func startHousekeeping(now: Duration) {
        // Half-open connections go quickly.
        for (peer, since) in pending where now - since > Self.helloTimeout {
            pending[peer] = nil
            logger.notice("dropped \(endpoint.addressText(peer)): no hello within \(Self.helloTimeout)")
            endpoint.disconnectNow(peer)
        }
        announceWaiting(now: now)
        if let leftOut = refusalLines.takeLeftOut(now: now) { logRefusalsLeftOut(leftOut) }
        for failure in archive.takeFailures() { logger.error("\(failure)") }
        // Results not yet applied (a round still under way) stay.
        archiveResults.merge(archive.takeResults()) { _, newer in newer }
        // Matches a round has not reached yet keep their place; the rest come after them.
        let queued = Set(housekeepingDue)
        housekeepingDue += running.keys.filter { !queued.contains($0) }.sorted()
    }

    /// Matches looked after in one pass of the loop: a round over many matches is spread
    /// over passes, so the frames and packets that come meanwhile are never held up for
    /// long (a whole round at 500 matches took 1-3 ms, up to 7).
    static let housekeepingPerPass = 32

    /// Looks after the next `housekeepingPerPass` matches of the round: results from the
    /// archive, rejoin windows, new frames for the archive, the spectator count, and
    /// matches that ended.
    private func continueHousekeeping(now: Duration) {
        var toArchive: [MatchArchive.Job] = []
        defer { archive.submit(toArchive) }
        let batch = housekeepingDue.prefix(Self.housekeepingPerPass)
        housekeepingDue.removeFirst(batch.count)
        for code in batch {
            guard let match = running[code] else { continue }
            if let frame = archiveResults.removeValue(forKey: code) { match.relay.reportResult(frame: frame) }
            // A seat silent for the whole rejoin window (dropped, killed, or gone for good) forfeits;
            // when both are, nobody is left to win.
            let gone1 = now - match.relay.lastHeard(1) > configuration.rejoinWindow && !match.relay.hasFinished(1)
            let gone2 = now - match.relay.lastHeard(2) > configuration.rejoinWindow && !match.relay.hasFinished(2)
            if gone1 && gone2 {
                match.relay.abandon()
            } else if gone1 || gone2 {
                match.relay.forfeit(gone1 ? 1 : 2)
            }
            if let job = newFramesJob(code) { toArchive.append(job) }
            announceSpectators(code)
            // A match that ended has no more closes: it is fed from here until all is delivered.
            // Its frames go to the archive before the close its ending may send there.
            if match.relay.nextClose == nil {
                archive.submit(toArchive)
                toArchive.removeAll()
                tick(code, now: now)
            }
        }
        // Results for matches gone before their turn are dropped with them.
        if housekeepingDue.isEmpty { archiveResults = archiveResults.filter { running[$0.key] != nil } }
    }

    /// Closes the match's due frames, feeds its seats, and hands its new frames to the archive.
    private func tick(_ code: String, now: Duration) {
        guard let match = running[code] else { return }
        let before = match.relay.lastClosed
        let actions = match.relay.tick(now: now)
        for frame in stride(from: before + 1, through: match.relay.lastClosed, by: 1) {
            closedThisPass.append(match.relay.due(frame))
        }
        arrivalsThisPass += match.relay.takeInputArrivals()
        if !match.spectators.isEmpty && !match.owedSpectators {
            running[code]?.owedSpectators = true
            running[code]?.owedSince = now
            spectatorsOwed.append(code)
        }
        perform(actions, code: code)
        guard var after = running[code] else { return }
        after.relay.endIfBothFinished()
        if let next = after.relay.nextClose { closes.push(next, code) }
        guard let ending = after.relay.ending else { return }
        if after.endedAt == nil {
            after.endedAt = now
            after.recorded = ending
            running[code] = after
            record(code, ending)
        } else if case .desync(let frame) = ending, after.recorded != ending {
            // The last hashes, compared after the frame limit ended the match, differ: the
            // index is corrected, and the seats get the time a desync needs (their dumps).
            after.endedAt = now
            after.recorded = ending
            running[code] = after
            archive.submit(.amend(code: code, frames: Int(after.relay.lastClosed + 1), how: .noWinner(.desync)))
            logger.info("match \(code): after its end, a desync after frame \(frame)")
        }
        if after.relay.allDelivered || now - (after.endedAt ?? now) > Self.linger { finish(code) }
    }

    /// Tells everyone waiting how many are waiting, when that changed (at most once a second).
    private func announceWaiting(now: Duration) {
        guard lobbies.count != announcedWaiting, now - announcedAt >= .seconds(1) else { return }
        announcedWaiting = lobbies.count
        announcedAt = now
        for lobby in lobbies.values {
            send(.seated(WireSeated(code: lobby.code, seat: 1, token: lobby.token, waiting: lobbies.count, map: lobby.map.name)), to: lobby.peer)
        }
    }

    private func perform(_ actions: [MatchRelay.Action], code: String) {
        guard let match = running[code] else { return }
        for action in actions {
            switch action {
            case .send(let seat, let message):
                if let peer = match.peers[seat - 1] { send(message, to: peer) }
            case .keepDump(let seat, let frame, let text):
                logger.notice("match \(code): seat \(seat)'s state after frame \(frame) kept for the desync")
                archive.submit(.dump(code: code, seat: seat, text: text))
            case .kick(let seat, let reason):
                guard let peer = match.peers[seat - 1] else { continue }
                logger.warning("kicked seat \(seat) of match \(code) (\(endpoint.addressText(peer))): \(reason)")
                places[peer] = nil
                running[code]?.peers[seat - 1] = nil
                endpoint.flush()
                endpoint.disconnect(peer)
            }
        }
    }

    /// The frames closed since the last time, for the archive (a tenth of a second's,
    /// gathered for every match into one submission).
    private func newFramesJob(_ code: String) -> MatchArchive.Job? {
        guard var match = running[code], match.relay.lastClosed > match.archivedThrough else { return nil }
        let job = MatchArchive.Job.frames(
            code: code, EncodedFrames(match.relay.log.frames((match.archivedThrough + 1)...match.relay.lastClosed)))
        match.archivedThrough = match.relay.lastClosed
        running[code] = match
        return job
    }

    /// Hands the match's frames closed since the last time to the archive at once.
    private func archiveNewFrames(_ code: String) {
        if let job = newFramesJob(code) { archive.submit(job) }
    }

    /// Closes the match's replay and says how it ended; the seats still get their last frames.
    private func record(_ code: String, _ ending: MatchRelay.Ending) {
        archiveNewFrames(code)
        guard let match = running[code] else { return }
        let how: MatchArchiveEnd
        let words: String
        switch ending {
        case .frameLimit:
            how = .asPlayed
            words = "its frame limit"
        case .result(let frame):
            how = .asPlayed
            words = "its result, frame \(frame)"
        case .finished(let frame):
            how = .asPlayed
            words = "both players' last frame, \(frame)"
        case .forfeit(let seat):
            how = .forfeit(seat: seat)
            words = "a forfeit by seat \(seat)"
        case .abandoned:
            how = .noWinner(.connectionLost)
            words = "both seats gone past the rejoin window (connection_lost)"
        case .desync(let frame):
            how = .noWinner(.desync)
            words = "a desync after frame \(frame)"
        }
        archive.submit(.close(code: code, how: how))
        logger.info("match \(code) ended after \(match.relay.lastClosed + 1) frames: \(words)")
    }

    /// Says goodbye to the seats and forgets the match.
    private func finish(_ code: String) {
        var unbounded = Int.max
        _ = feedSpectators(code, all: true, budget: &unbounded)
        guard let match = running.removeValue(forKey: code) else { return }
        logPlayersRefused(code, match.relay)
        if match.refusedFromSpectators > 0 {
            logger.notice("match \(code): refused \(match.refusedFromSpectators) packets from spectators")
        }
        let names = match.relay.matchStart(for: 0).players
        func name(_ seat: Int) -> String { names.first { $0.number == seat }?.name ?? "player \(seat)" }
        // Spectators see the frames; what the frames cannot show is said in words.
        let words: String
        switch match.relay.ending {
        case .forfeit(let seat)?: words = "\(name(seat)) forfeits"
        case .abandoned?: words = "both players left and did not come back (connection_lost)"
        case .desync?: words = "the players' games went out of step (desync); there is no winner"
        case .frameLimit?: words = "the server's frame limit ended it after \(match.relay.lastClosed + 1) frames"
        case .finished?: words = "both players stopped after frame \(match.relay.lastClosed)"
        default: words = "the match is over"
        }
        for peer in match.spectators.keys {
            send(.leave(reason: .matchOver, text: words), to: peer)
            places[peer] = nil
            endpoint.disconnect(peer)
        }
        for (index, peer) in match.peers.enumerated() {
            guard let peer else { continue }
            if case .forfeit(let seat)? = match.relay.ending, seat != index + 1 {
                let name = match.relay.matchStart(for: 0).players.first { $0.number == seat }?.name ?? "the other player"
                send(.leave(reason: .quit, text: "\(name) forfeits"), to: peer)
            } else {
                send(.leave(reason: .matchOver, text: "the match is over"), to: peer)
            }
            places[peer] = nil
            endpoint.disconnect(peer)
        }
    }

    private func shutDown() {
        logger.notice("stopping: \(running.count) matches end as server_shutdown")
        for code in Array(lobbies.keys) {
            if let lobby = lobbies[code] { send(.leave(reason: .serverShutdown, text: "the server is stopping"), to: lobby.peer) }
            closeLobby(code, why: "the server stopped")
        }
        for (code, match) in running where match.endedAt == nil {
            for peer in match.peers.compactMap({ $0 }) + Array(match.spectators.keys) {
                send(.leave(reason: .serverShutdown, text: "the server is stopping"), to: peer)
                endpoint.disconnect(peer)
            }
            archiveNewFrames(code)
            archive.submit(.close(code: code, how: .noWinner(.serverShutdown)))
            logger.info("match \(code) ended after \(match.relay.lastClosed + 1) frames: server_shutdown")
            logPlayersRefused(code, match.relay)
        }
        running.removeAll()
        if let leftOut = refusalLines.takeAllLeftOut() { logRefusalsLeftOut(leftOut) }
        endpoint.flush()
        // Let the goodbyes out before the socket closes.
        let deadline = clock.now + .milliseconds(300)
        while clock.now < deadline { _ = endpoint.service(timeoutMilliseconds: 20) }
    }

    // MARK: Helpers

    /// A match's last word on its players' refused packets, which the log may not all show.
    private func logPlayersRefused(_ code: String, _ relay: MatchRelay) {
        guard relay.refusalCount > 0 else { return }
        logger.notice("match \(code): refused \(relay.refusalCount) packets from its players")
    }

    private func logRefusalsLeftOut(_ count: Int) {
        logger.notice(
            "left \(count) refused packets out of this log (more than \(Self.refusalLinesPerSecond) a second); each match's last line counts its own"
        )
    }

    func send(_ message: WireMessage, to peer: ENetEndpoint.Peer) {
        guard let bytes = try? message.encode() else { return }
        endpoint.send(bytes, to: peer, delivery: Delivery.of(message.kind))
    }

    /// A short code to share: three letters or digits, a dash, three more ("KX7-4QF"),
    /// from an alphabet without look-alikes (no 0/O, 1/I/L).
    private func newCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        while true {
            let letters = (0..<6).map { _ in alphabet.randomElement()! }
            let code = String(letters[0..<3]) + "-" + String(letters[3..<6])
            if !usedCodes.contains(code) && lobbies[code] == nil && running[code] == nil { return code }
        }
    }

    /// 128 bits from the system's secure generator.
    static func newToken() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<WireFormat.tokenBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
