import FoglineOrders
import FoglineSim

/// What a new player reads before a match: the map, how to win, their units, and three
/// orders that work on this very map (checked with the offline resolver).
public struct Briefing: Hashable, Sendable {
    public var title: String
    /// The paragraphs, in order.
    public var paragraphs: [String]
    /// Example orders, each one the resolver understands here.
    public var examples: [String]

    /// The briefing of `map` for `player`.
    public init(map: GameMap, player: Int) {
        title = "Briefing: \(map.name)"
        var text: [String] = []
        if !map.description.isEmpty { text.append(map.description) }
        let nodes = map.nodes.map { "\($0.letter) \($0.name)" }.joined(separator: ", ")
        let seconds = Int(map.timeLimitFrames / Rules.framesPerSecond)
        let perSecond = Rules.framesPerSecond / Rules.scoreIntervalFrames
        text.append(
            "How to win: hold the capture nodes (\(nodes)). Each node you hold scores \(perSecond) point"
                + "\(perSecond == 1 ? "" : "s") a second. The first to \(map.scoreLimit) points wins; at "
                + "\(StatusView.clock(frame: Int32(seconds) * Rules.framesPerSecond)) the higher score wins; a side with "
                + "no unit alive loses.")
        var counts: [(Archetype, [Int])] = []
        for (k, archetype) in map.roster.enumerated() {
            if let i = counts.firstIndex(where: { $0.0 == archetype }) { counts[i].1.append(k + 1) } else { counts.append((archetype, [k + 1])) }
        }
        let units = counts.map { "\($0.1.map(String.init).joined(separator: ",")) \($0.0.rawValue)\($0.1.count > 1 ? "s" : "")" }
        text.append("Your units: \(units.joined(separator: "; ")). Name them by number or by kind; they see in a 120-degree cone.")
        paragraphs = text
        examples = OrderExamples.forMap(map, player: player)
    }
}
