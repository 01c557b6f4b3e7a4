import Foundation
import FoglineSim

/// Keeps a loop at 30 frames a second on the monotonic clock, sleeping between frames.
final class FramePacer {
    private let clock = ContinuousClock()
    private let period = Duration.seconds(1) / Int(Rules.framesPerSecond)
    private var deadline: ContinuousClock.Instant

    init() { deadline = clock.now }

    /// Sleeps until the next frame is due; after a long stall it does not try to catch up.
    func wait() {
        deadline += period
        let now = clock.now
        if deadline > now {
            let (seconds, attoseconds) = (deadline - now).components
            Thread.sleep(forTimeInterval: TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
        } else if now - deadline > period * 10 {
            deadline = now
        }
    }
}
