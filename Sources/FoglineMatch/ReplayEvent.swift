import FoglineReplay
import FoglineSim

/// Something that happened in a replay, at the frame the viewer shows it.
///
/// `frame` is the world's frame counter once the event has happened: a command in the
/// input of frame F takes effect while frame F runs, so it is shown at F + 1, together
/// with what the rules did in that frame (kills, captures). A desync is shown at the
/// frame it names.
public struct ReplayEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A command of `player` (1 or 2): the text typed and the orders it became.
        case command(player: Int, PlayerCommand)
        /// What the rules did: a unit destroyed, a node captured, a respawn, a mine going
        /// off, an order ignored. (Shots and mines laid are not kept.)
        case world(WorldEvent)
        /// The states parted: from a desync note, or a recorded hash the re-simulation missed.
        case desync(String)
        /// Any other note chunk's text.
        case note(String)
    }

    /// The kinds of event the timeline marks and next/previous event stop at.
    public enum Category: Hashable, Sendable, CaseIterable {
        case command
        case kill
        case capture
        case desync
    }

    public var frame: Int32
    public var kind: Kind

    public init(frame: Int32, kind: Kind) {
        self.frame = frame
        self.kind = kind
    }

    /// The mark this event gets on the timeline, or nil for events only the log shows.
    public var category: Category? {
        switch kind {
        case .command: return .command
        case .world(.destroyed): return .kill
        case .world(.captured): return .capture
        case .desync: return .desync
        case .world, .note: return nil
        }
    }

    /// The player the event belongs to, when it belongs to one: the commander, the side
    /// that captured, or the side whose unit was destroyed (`units` maps unit ids to owners).
    public func player(owners units: [Unit]) -> Int? {
        switch kind {
        case .command(let player, _): return player
        case .world(.captured(_, let by)): return by
        case .world(.destroyed(let id, _)): return id < units.count ? units[id].owner : nil
        case .world(.respawned(let id)): return id < units.count ? units[id].owner : nil
        case .world(.mineExploded(let owner, _)): return owner
        case .world(.orderIgnored(let player, _)): return player
        case .world, .desync, .note: return nil
        }
    }
}
