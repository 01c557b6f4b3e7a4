import Foundation
import FoglineMatch
import FoglineNet
import FoglineOrders
import FoglineSim
import FoglineTerminal

extension Fogline.Watch {
    /// `--headless`: follows the match to its end at full speed, then prints the summary.
    func runHeadless(_ address: HostAddress, code: String) throws {
        let clock = ContinuousClock()
        let asked = clock.now
        let link: SpectatorLink
        do {
            link = try SpectatorLink(host: address.host, port: address.port, code: code)
        } catch {
            throw failure("cannot reach \(server): \(error)")
        }
        var copy: SpectatorCopy?
        var world: World?
        var log: [FrameInput] = []
        var joinedAt: Int32?
        var liveAfter: Duration?
        var end: String?
        var ending: String?
        var lastHeard = clock.now
        let trace = FrameArrivalTrace(path: testTraceFrames)
        StopSignal.install()
        while end == nil {
            if StopSignal.requested {
                link.leave()
                end = "quit"
                break
            }
            let events = link.poll(timeoutMilliseconds: 20)
            if !events.isEmpty { lastHeard = clock.now }
            var gotFrames = false
            for event in events {
                switch event {
                case .refused(let text):
                    throw failure("\(server) refused: \(text)")
                case .started(let start):
                    do {
                        let opened = try SpectatorCopy(
                            start: start,
                            recordTo: try copyPath(map: start.mapName, seed: start.seed, code: code, defaultToFolder: true))
                        copy = opened
                        world = opened.initialWorld
                    } catch {
                        throw failure("cannot follow the match: \(error)")
                    }
                case .frames(_, let frames):
                    log += frames
                    gotFrames = true
                    trace?.arrived(through: Int32(log.count) - 1)
                case .ended(let reason, let text):
                    end = reason == .matchOver ? "match_over" : reason.map { "\($0)" } ?? "connection_lost"
                    ending = SpectatorFeed.words(reason, text)
                }
            }
            // Run what has come, at full speed: a spectator catches up at once.
            if var current = world, let copy {
                while current.frame < Int32(log.count) && current.result == nil {
                    let frame = current.frame
                    current.step(log[Int(frame)])
                    copy.frameRan(frame, input: log[Int(frame)], world: current)
                }
                world = current
            }
            if gotFrames && joinedAt == nil {
                joinedAt = Int32(log.count)
                liveAfter = clock.now - asked
            }
            if end == nil && clock.now - lastHeard > .seconds(timeout) {
                link.leave()
                end = "connection_lost"
            }
        }
        guard let world, let copy else {
            throw failure("\(server) sent no match before the connection ended (\(end ?? "?"))")
        }
        copy.finish(world: world, ending: ending)
        if let problem = copy.failure { throw failure("the replay could not be written: \(problem)") }
        var summary = MatchSummary(world: world, players: copy.playerNames, replay: copy.path)
        summary.extraFields = [
            .init("code", json: JSONText.quote(code.uppercased())),
            .init("end", json: JSONText.quote(end ?? "connection_lost")),
            .init("joined_at_frame", json: "\(joinedAt ?? 0)"),
            .init("live_after_ms", json: "\(liveAfter.map { Int($0 / .milliseconds(1)) } ?? -1)"),
        ]
        print(summary.jsonLine)
    }
}
