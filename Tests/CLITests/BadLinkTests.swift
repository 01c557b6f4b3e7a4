import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two processes of the built binary on a link degraded below ENet: each side's
/// datagram relay drops, delays, reorders, caps and cuts the raw UDP datagrams, so
/// ENet's own retransmissions, fragments and timeouts meet the loss.
@Suite("Network matches on a bad link")
struct BadLinkTests {
    static let reordering = ["--net-loss", "5", "--net-delay", "50", "--net-jitter", "10", "--net-reorder", "2"]

    @Test("50 quick joins at 5% loss, 50±10 ms and 2% reordering: every one joins and ends with equal hashes")
    func quickJoins() async throws {
        var failures: [String] = []
        // Three pairs at a time: enough to be quick, few enough not to starve the other tests of CPU.
        for batch in 0..<17 {
            let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<3 where batch * 3 + index < 50 {
                    let seed = batch * 3 + index
                    group.addTask {
                        let run = try await NetworkMatchRun.start(
                            "join\(seed)", shared: ["--as", "bot", "--frames", "60"] + Self.reordering,
                            host: ["--seed", "\(seed)"])
                        let statuses = try await run.finish(timeout: .seconds(60))
                        let host = NetworkMatchRun.summary(run.host), join = NetworkMatchRun.summary(run.join)
                        guard statuses == (0, 0), host["frames"] as? Int == 60, join["frames"] as? Int == 60,
                            let hash = host["hash"] as? String, hash == join["hash"] as? String
                        else {
                            return "join \(seed): statuses \(statuses), host \(host), join \(join); join said: \(run.join.stderr.suffix(300))"
                        }
                        return nil
                    }
                }
                var found: [String] = []
                for try await outcome in group { if let outcome { found.append(outcome) } }
                return found
            }
            failures += outcomes
        }
        #expect(failures.isEmpty, "\(failures.count) of 50 failed: \(failures.prefix(3))")
    }

    @Test("A 20 s outage mid-match is counted on both sides, then play resumes: equal hashes, both replays verify")
    func shortOutage() async throws {
        let run = try await NetworkMatchRun.start(
            "outage20", shared: ["--as", "bot", "--frames", "900", "--net-outage", "10:20"], host: ["--seed", "8"])
        let summaries = try await NetworkMatchTests.expectAgreement(run, frames: 900, statuses: try await run.finish())
        for (process, summary) in zip([run.host, run.join], summaries) {
            #expect(process.stderr.contains("connection lost — 15 s"), "\(process.stderr.suffix(500))")
            #expect(process.stderr.contains("connection back after"))
            // About 20 s lost to the outage, and a single wait that long.
            let stall = summary["stall_ms"] as? Int ?? 0, longest = summary["longest_stall_ms"] as? Int ?? 0
            #expect((18_000...26_000).contains(stall), "\(summary)")
            #expect((18_000...26_000).contains(longest), "\(summary)")
        }
    }

    @Test("An outage past the peer timeout ends both sides with connection_lost and no winner; both replays verify")
    func longOutage() async throws {
        let run = try await NetworkMatchRun.start(
            "outage60", shared: ["--as", "bot", "--frames", "3000", "--net-outage", "5:60"], host: ["--seed", "9"])
        let statuses = try await run.finish(timeout: .seconds(120))
        #expect(statuses == (0, 0), "\(run.host.stderr.suffix(300)) \(run.join.stderr.suffix(300))")
        for (process, name) in [(run.host, "host.fogrep"), (run.join, "join.fogrep")] {
            let summary = NetworkMatchRun.summary(process)
            #expect(summary["end"] as? String == "connection_lost", "\(summary)")
            #expect(summary["reason"] as? String == "connection_lost")
            #expect(summary["winner"] is NSNull, "\(summary)")
            #expect(process.stderr.contains("no winner"))
            #expect(!process.stderr.contains("you win"))
            let verify = try await FoglineBinary.run(["verify", run.path(name)], binary: NetworkMatchRun.binary)
            #expect(verify.status == 0, "\(name): \(verify.stdout) \(verify.stderr)")
            let verified = NetworkMatchRun.lastLineJSON(verify.stdout)
            #expect(verified["reason"] as? String == "connection_lost", "\(verify.stdout)")
            #expect(verified["winner"] is NSNull)
            #expect(verified["frames"] as? Int == summary["frames"] as? Int)
        }
    }

    @Test("A 32 kbit/s link plays at full speed: at least 29 frames a second over 1,800 frames")
    func thinLink() async throws {
        let run = try await NetworkMatchRun.start(
            "thin", shared: ["--as", "bot", "--frames", "1800", "--net-rate", "32"], host: ["--seed", "12"])
        let summaries = try await NetworkMatchTests.expectAgreement(run, frames: 1800, statuses: try await run.finish())
        for summary in summaries {
            #expect((summary["achieved_fps"] as? Double ?? 0) >= 29, "\(summary)")
            // What ENet put on the wire stays under 24 kbit/s (3,000 bytes a second).
            let seconds = 1800 / (summary["achieved_fps"] as? Double ?? 1)
            #expect(Double(summary["bytes_sent"] as? Int ?? .max) / seconds < 3000, "\(summary)")
        }
    }

    @Test("A joiner that never gets the header gives up and says so; the host waits again, records nothing, then plays the next")
    func joinerGivesUp() async throws {
        let directory = try NetworkMatchRun.makeDirectory("giveup")
        let (host, port) = try await NetworkMatchRun.startHost(
            ["--as", "bot", "--frames", "90", "--test-withhold-start", "1"], in: directory)
        let first = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--record", "first.fogrep"], binary: NetworkMatchRun.binary,
            directory: directory)
        #expect(try await first.wait(timeout: .seconds(30)) == 1)
        #expect(first.stderr.contains("gave up joining 127.0.0.1:\(port) after 10 s; last heard: the connection was accepted, but the hello got no answer"), "\(first.stderr)")
        #expect(NetworkMatchRun.summary(first).isEmpty)
        _ = try await host.waitForStderr(containing: "gave up before the match started; waiting for a player again", timeout: .seconds(10))
        #expect(host.poll() == nil)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/host.fogrep"), "no replay of a match never played")
        #expect(!host.stderr.contains("forfeit"))
        // The host is back in its lobby: the next joiner plays.
        let second = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--record", "second.fogrep"], binary: NetworkMatchRun.binary,
            directory: directory)
        #expect(try await second.wait(timeout: .seconds(60)) == 0, "\(second.stderr)")
        #expect(try await host.wait(timeout: .seconds(30)) == 0, "\(host.stderr)")
        #expect(NetworkMatchRun.summary(host)["frames"] as? Int == 90)
        #expect(NetworkMatchRun.summary(host)["hash"] as? String == NetworkMatchRun.summary(second)["hash"] as? String)
    }
}
