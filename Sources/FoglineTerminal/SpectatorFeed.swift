import FoglineMatch
import FoglineNet
import FoglineSim

/// The watch screen's feed: a `SpectatorLink`'s frames into the viewer's timeline, and
/// the spectator's copy written as the timeline indexes them (so the match is
/// simulated once, not twice).
public final class SpectatorFeed: LiveFeed {
    public let link: SpectatorLink
    public let copy: SpectatorCopy
    /// How the watch ended, once it has.
    public private(set) var ending: String?

    public init(link: SpectatorLink, copy: SpectatorCopy, timeline: ReplayTimeline) {
        self.link = link
        self.copy = copy
        timeline.frameIndexed = { [copy] frame, input, world in copy.frameRan(frame, input: input, world: world) }
    }

    public var pollDescriptor: Int32? { link.pollDescriptor }

    public func pump(_ viewer: inout ReplayViewer) -> Bool {
        take(link.poll(), into: &viewer)
    }

    /// Hands `events` to the viewer; returns whether anything changed.
    @discardableResult
    public func take(_ events: [SpectatorLink.Event], into viewer: inout ReplayViewer) -> Bool {
        var changed = false
        for event in events {
            switch event {
            case .frames(_, let frames):
                viewer.timeline.append(frames)
                changed = true
            case .ended(let reason, let text):
                ending = Self.words(reason, text)
                viewer.liveEnded(ending!)
                changed = true
            case .refused(let text):
                ending = "the server refused: \(text)"
                viewer.liveEnded(ending!)
                changed = true
            case .started:
                break
            }
        }
        if changed { viewer.framesArrived() }
        return changed
    }

    /// How a watch ended, for the screen and the copy.
    public static func words(_ reason: WireLeaveReason?, _ text: String) -> String {
        switch reason {
        case .matchOver?: text.isEmpty ? "the match is over" : text
        case .serverShutdown?: "the server stopped"
        case .kicked?: "the server let this spectator go" + (text.isEmpty ? "" : ": \(text)")
        case nil: text
        case let other?: text.isEmpty ? "\(other)" : text
        }
    }

    /// Leaves the match (if still watching) and closes the copy at the last frame received.
    public func finish(_ timeline: ReplayTimeline) {
        link.leave()
        timeline.indexAll()
        copy.finish(world: timeline.world(at: timeline.totalFrames), ending: ending)
    }
}
