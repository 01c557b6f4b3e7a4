import FoglineMatch
import FoglineReplay
import FoglineTerminal

extension Fogline.Replay {
    /// Prints the replay as JSON Lines; a damaged file prints what is readable and says so on stderr.
    func runDump(_ replay: FoglineReplay.Replay, path: String) {
        let first = from.flatMap(FramePosition.parse) ?? 0
        let last = to.flatMap(FramePosition.parse) ?? .max
        for line in ReplayDump.lines(replay, from: first, to: last) { print(line) }
        if let damage = replay.damage { note("fogline: \(path): damaged: \(damage)") }
    }
}
