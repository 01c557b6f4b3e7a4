import ArgumentParser
import FoglineMatch
import FoglineReplay
import FoglineSim

extension Fogline {
    /// `fogline verify FILE`: re-simulates a replay and checks every recorded hash.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a replay re-simulates exactly.",
            discussion: """
                Prints the same JSON summary line as a headless match. Exits 1 when a hash \
                differs (naming the first bad frame) or the file is damaged (verified up to \
                its last good chunk).
                """)

        @Argument(help: "The replay file.")
        var file: String

        func run() throws {
            let report: ReplayVerifier.Report
            do {
                report = try ReplayVerifier.verify(path: file)
            } catch {
                throw failure("\(file): \(error)")
            }
            print(MatchSummary(world: report.world, players: report.players, replay: file).jsonLine)
            if let damage = report.damage {
                note("fogline: \(file): damaged: \(damage); verified \(report.hashesChecked) hashes up to frame \(report.world.frame)")
            }
            if let m = report.mismatch, m.frame == report.takeOverFrame {
                throw failure(
                    "\(file): the match was taken over at frame \(m.frame), but the world there re-simulates to "
                        + "\(m.actual.hex16), not the recorded \(m.recorded.hex16)")
            }
            if let m = report.mismatch {
                throw failure(
                    "\(file): desync at frame \(m.frame): recorded hash \(m.recorded.hex16), re-simulated \(m.actual.hex16)")
            }
            if report.resultMatches == false {
                throw failure("\(file): the recorded result differs from the re-simulated one")
            }
            if report.damage != nil { throw ExitCode.failure }
            note("fogline: \(file): ok, \(report.hashesChecked) hashes checked over \(report.world.frame) frames")
            if let frame = report.takeOverFrame {
                note("fogline: \(file): taken over at frame \(frame) from another replay; the world there matches it")
            }
        }
    }
}
