import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineSim
import FoglineTerminal

/// One side of a network match after the handshake, as the command line runs it.
///
/// `host` and `join` differ only in how they get here; from the match header on,
/// both sides run this.
struct NetworkMatch {
    var map: GameMap
    var start: WireMatchStart
    var transport: PeerTransport
    var play: NetPlayOptions
    var network: NetworkOptions
    var replayPath: String
    /// How long after now the first frame is due (the host waits for the header to arrive).
    var startDelay: Duration

    /// The match around a session on `clock`, its replay opened.
    func makeMatch(localKind: String, clock: SessionClock) throws -> PeerMatch {
        do {
            return try PeerMatch(
                map: map, start: start, transport: transport, conditions: network.conditions,
                perturbAfterFrame: network.testDesyncAfter, replayPath: replayPath, startDelay: startDelay,
                peerTimeout: network.peerTimeoutDuration, localKind: localKind, clock: clock)
        } catch {
            throw failure("cannot write the replay: \(error)")
        }
    }

    /// Plays in the terminal with `keymap`, or headless without one (see `NetPlayOptions.terminalKeymap`).
    func run(keymap: Keymap?, resolverOptions: ResolverOptions) throws {
        if let keymap {
            try runInTerminal(keymap: keymap, resolverOptions: resolverOptions)
        } else {
            try runHeadless()
        }
    }

    /// Plays headless to the end and prints the summary line.
    func runHeadless() throws {
        guard let side = play.side else { throw failure("--headless needs --as") }
        var controller: PlayerController
        do {
            controller = try side.controller(player: start.assignedPlayer, defaultLevel: play.bot, seed: start.seed, map: map)
        } catch {
            throw failure("\(error)")
        }
        let clock = MonotonicClock()
        let match = try makeMatch(localKind: controller.kind, clock: clock)
        let session = match.session
        session.commandSource = { controller.commands(for: $0) }
        var refusals = 0
        session.onMalformed = { why in
            refusals += 1
            if refusals <= 5 { note("fogline: ignored a packet: \(why)") }
        }
        StopSignal.install()
        var announcedStall = false
        var silenceSaid: Int64 = 0
        while !session.isEnded {
            if StopSignal.requested { session.quit() }
            session.pump()
            if session.isRunning, let stalled = session.stalledFor, stalled >= .milliseconds(250) {
                if !announcedStall {
                    note("fogline: waiting for \(match.name(of: match.peerPlayer)) at frame \(session.world.frame)")
                    announcedStall = true
                }
            } else {
                announcedStall = false
            }
            // A silence is counted once a second, as the screen counts it; its end is said too.
            if let silent = session.silentFor {
                let seconds = silent.wholeMilliseconds / 1000
                if seconds > silenceSaid {
                    silenceSaid = seconds
                    note("fogline: connection lost — \(seconds) s (frame \(session.world.frame))")
                }
            } else if silenceSaid > 0, !session.isEnded {
                note("fogline: connection back after \(silenceSaid) s, at frame \(session.world.frame)")
                silenceSaid = 0
            }
            Self.wait(for: session, clock: clock)
        }
        Self.report(try Self.finished(match.finish), players: (1...2).map { match.name(of: $0) }, replay: replayPath)
        if case .desync = session.ending { throw ExitCode(2) }
    }

    /// The outcome of `finish`, or the command's failure when the replay cannot be closed.
    static func finished(_ finish: () throws -> PeerMatch.Outcome) throws -> PeerMatch.Outcome {
        do {
            return try finish()
        } catch {
            throw failure("the replay could not be written: \(error)")
        }
    }

    /// Says what happened on stderr and prints the headless summary line.
    static func report(_ outcome: PeerMatch.Outcome, players: [String], replay: String) {
        if let message = outcome.message { note("fogline: \(message)") }
        var summary = MatchSummary(world: outcome.world, players: players, replay: replay)
        summary.extraFields = outcome.fields
        print(summary.jsonLine)
    }

    /// Sleeps on the link until the session has something to do or a packet arrives.
    static func wait(for session: NetworkSession, clock: SessionClock) {
        let remaining = session.nextWake - clock.now
        guard remaining > .zero else { return }
        _ = ReadinessWait.wait(for: [session.pollDescriptor].compactMap { $0 }, timeout: remaining)
    }
}
