import FoglineSim

/// The box shown when the match is over: the result, the statistics of both sides, and
/// where the replay was written.
public struct EndScreen {
    public let world: World
    /// The player the result is told to ("Victory"/"Defeat"); nil tells it neutrally.
    public let player: Int?
    public let replayPath: String?
    public let keymap: Keymap
    public let theme: Theme
    /// The other side's name ("Bo", "the bot"), when the result is told to a player.
    public var opponentName: String?

    public init(world: World, player: Int?, replayPath: String?, keymap: Keymap, theme: Theme, opponentName: String? = nil) {
        self.opponentName = opponentName
        self.world = world
        self.player = player
        self.replayPath = replayPath
        self.keymap = keymap
        self.theme = theme
    }

    /// The view of a model, in the theme its capabilities call for.
    public init(model: GameScreenModel) {
        self.init(
            world: model.world, player: model.mode == .play ? model.player : model.fogPlayer,
            replayPath: model.replayPath, keymap: model.keymap, theme: Theme(capabilities: model.capabilities),
            opponentName: model.mode == .play ? model.opponentName : nil)
    }

    /// The headline: "Victory", "Defeat", "Draw", or "Player N wins".
    public var headline: String {
        guard let result = world.result else { return "Match in progress" }
        if result.reason == .connectionLost { return "Connection lost" }
        if result.reason.hasNoWinner { return "No winner" }
        if result.winner == 0 { return "Draw" }
        guard let player else { return "Player \(result.winner) wins" }
        return result.winner == player ? "Victory" : "Defeat"
    }

    /// How it ended, in words.
    public var reasonText: String {
        guard let result = world.result else { return "" }
        let when = "frame \(result.frame) (\(StatusView.clock(frame: result.frame)))"
        switch result.reason {
        case .score: return "score limit reached at \(when)"
        case .elimination: return "a side was wiped out at \(when)"
        case .time: return "time ran out at \(when)"
        case .forfeit: return "a player left at \(when)"
        case .connectionLost: return "the connection was lost at \(when); nobody wins"
        case .serverShutdown: return "the server stopped at \(when); nobody wins"
        case .desync: return "the two sides' states differed at \(when); nobody wins"
        }
    }

    /// The statistics table: a header row, then one row per statistic.
    public func table() -> [[String]] {
        let stats = world.stats
        func names(_ p: Int) -> String {
            guard let player else { return "player \(p)" }
            return p == player ? "you" : TextLayout.truncate(opponentName ?? "enemy", to: 10, ellipsis: theme.glyphs.ellipsis)
        }
        let order = player == 2 ? [2, 1] : [1, 2]
        func row(_ label: String, _ value: (PlayerStats) -> String) -> [String] {
            [label] + order.map { value(stats[$0 - 1]) }
        }
        return [
            [""] + order.map(names),
            row("score") { _ in "" }.enumerated().map { $0.offset == 0 ? $0.element : "\(world.scores[order[$0.offset - 1] - 1])" },
            row("kills") { "\($0.kills)" },
            row("losses") { "\($0.losses)" },
            row("shots / hits") { "\($0.shots) / \($0.hits)" },
            row("accuracy") { $0.shots == 0 ? "-" : "\(Int($0.hits) * 100 / Int($0.shots))%" },
            row("damage dealt") { "\($0.damage)" },
            row("captures") { "\($0.captures)" },
            row("mines laid") { "\($0.minesLaid)" },
        ]
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 20, area.height >= 6 else { return }
        let table = table()
        let labelWidth = 14, valueWidth = 11
        let tableWidth = labelWidth + 2 * valueWidth
        var lines: [(String, CellStyle)] = []
        lines.append((reasonText, theme.plain))
        lines.append(("", theme.plain))
        // Wide enough for the table, and for the replay's path on one line where the screen allows.
        let pathLine = replayPath.map { CharacterWidth.of("replay saved to \($0)") } ?? 0
        let innerWidth = min(area.width - 4, max(tableWidth, 52, min(pathLine, 96)))
        let quitKeys = keymap.keys(for: .quit).map(\.name)
        let footer = quitKeys.isEmpty ? "" : "press \(quitKeys.joined(separator: " or ")) to leave"
        var tail: [(String, CellStyle)] = [("", theme.plain)]
        if let replayPath {
            let whole = "replay saved to \(replayPath)"
            if CharacterWidth.of(whole) <= innerWidth {
                tail.append((whole, theme.plain))
            } else {
                tail.append(("replay saved to", theme.plain))
                tail.append(("  " + TextLayout.truncateLeft(replayPath, to: innerWidth - 2, ellipsis: theme.glyphs.ellipsis), theme.plain))
            }
        }
        if !footer.isEmpty {
            if area.height >= 2 + lines.count + table.count + tail.count + 2 { tail.append(("", theme.plain)) }
            tail.append((footer, theme.muted))
        }
        let height = min(area.height, 2 + lines.count + table.count + tail.count)
        let box = area.centered(width: innerWidth + 4, height: height)
        let headlineStyle: CellStyle
        switch headline {
        case "Victory": headlineStyle = theme.style(.good, .bold)
        case "Defeat": headlineStyle = theme.danger
        default: headlineStyle = theme.title
        }
        let inner = Box.draw(box, title: headline, theme: theme, into: &buffer)
        guard !inner.isEmpty else { return }
        buffer.restyle(Rect(x: box.x + 3, y: box.y, width: CharacterWidth.of(headline), height: 1)) { $0 = headlineStyle }
        var y = inner.y
        for (text, style) in lines {
            buffer.put(string: text, at: inner.x, y, style: style, clip: inner)
            y += 1
        }
        let tableX = inner.x + max(0, (inner.width - tableWidth) / 2)
        for (r, row) in table.enumerated() {
            buffer.put(string: row[0], at: tableX, y, style: r == 0 ? theme.title : theme.plain, clip: inner)
            for (c, value) in row.dropFirst().enumerated() {
                let w = CharacterWidth.of(value)
                let x = tableX + labelWidth + (c + 1) * valueWidth - w
                let style = r == 0 ? theme.team(player == 2 ? 2 - c : c + 1) : theme.plain
                buffer.put(string: value, at: x, y, style: style, clip: inner)
            }
            y += 1
        }
        for (text, style) in tail {
            buffer.put(string: text, at: inner.x, y, style: style, clip: inner)
            y += 1
        }
    }
}
