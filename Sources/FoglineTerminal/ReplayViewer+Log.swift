import FoglineMatch
import FoglineSim

/// The replay's log: what each player typed and the orders it became, and what happened,
/// each at the frame it took effect, as far as the perspective may know it.
extension ReplayViewer {
    /// Events kept in the log at most (the panel shows the newest dozen lines or so).
    static let logEvents = 40

    /// The log lines of the events up to `frame`, oldest first.
    ///
    /// With one player's fog, only that player's commands, and only the events
    /// `LogEntry.entries(for:in:player:)` lets that player know; with no fog, everything.
    func logEntries(through frame: Int32) -> [LogEntry] {
        let events = timeline.events
        var k = timeline.eventCount(through: frame)
        var groups: [[LogEntry]] = []
        while k > 0 && groups.count < Self.logEvents {
            k -= 1
            let lines = logEntries(for: events[k])
            if !lines.isEmpty { groups.append(lines) }
        }
        return groups.reversed().flatMap { $0 }
    }

    /// The lines one event gives: for a command, its words then each order.
    func logEntries(for event: ReplayEvent) -> [LogEntry] {
        let fog = model.fogPlayer
        guard event.isShown(withFogOf: fog, in: timeline.initialWorld) else { return [] }
        let clock = StatusView.clock(frame: event.frame) + " "
        switch event.kind {
        case .command(let player, let command):
            let words = command.text.isEmpty ? "(orders without words)" : "\"\(command.text)\""
            return [LogEntry(.event, "\(clock)P\(player) \(words)", player: player)]
                + command.orders.map { LogEntry(.understood, OrderPhrase.describe($0), player: player) }
        case .world(let happening):
            return LogEntry.entries(for: [happening], in: timeline.initialWorld, player: fog ?? 0).map {
                LogEntry($0.kind, clock + $0.text, player: $0.player)
            }
        case .desync(let text):
            return [LogEntry(.error, clock + Self.printable(text))]
        case .note(let text):
            return [LogEntry(.info, clock + "note: " + Self.printable(text))]
        }
    }

    /// Text from a file, safe to show: control characters (which could carry terminal
    /// escape sequences) become spaces.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? " " : $0
        }))
    }
}
