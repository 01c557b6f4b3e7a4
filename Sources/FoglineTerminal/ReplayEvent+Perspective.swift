import FoglineMatch

extension ReplayEvent {
    /// Whether the replay viewer shows this event from a perspective: with one player's
    /// fog (`fog`), only that player's commands; with none (nil), everything. (What the
    /// log tells of kills and captures follows `LogEntry.entries(for:in:player:)`.)
    func isShown(withFogOf fog: Int?) -> Bool {
        guard let fog, case .command(let player, _) = kind else { return true }
        return player == fog
    }
}
