import FoglineMatch
import FoglineSim

extension ReplayEvent {
    /// Whether the replay viewer shows this event from a perspective: with one player's
    /// fog (`fog`), only that player's commands, and only what the rules did that
    /// `LogEntry.entries(for:in:player:)` lets that player know (so the timeline's marks
    /// and next/previous event give nothing away); with none (nil), everything. `world`
    /// names the units and nodes (the replay's initial world will do).
    func isShown(withFogOf fog: Int?, in world: World) -> Bool {
        guard let fog else { return true }
        switch kind {
        case .command(let player, _): return player == fog
        // The log's own rule, so what is marked and what is told never disagree.
        case .world(let happening): return !LogEntry.entries(for: [happening], in: world, player: fog).isEmpty
        case .desync, .note: return true
        }
    }
}
