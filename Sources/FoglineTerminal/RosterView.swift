import FoglineSim

/// The side panel: the player's ten units (number, type, health, current order, whether
/// selected, respawn countdown when dead), then the capture nodes and who holds them.
public struct RosterView {
    public let model: GameScreenModel
    public let theme: Theme

    /// The view of a model; the theme follows the model's capabilities unless given.
    public init(model: GameScreenModel, theme: Theme? = nil) {
        self.model = model
        self.theme = theme ?? Theme(capabilities: model.capabilities)
    }

    /// Health bar cells.
    static let barWidth = 5

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 3, area.height >= 1 else { return }
        let g = theme.glyphs
        buffer.fill(area)
        // A rule down the left edge separates the panel from the battlefield.
        for y in area.y..<area.maxY { buffer.setGlyph(g.vertical, at: area.x, y, style: theme.frame) }
        let content = Rect(x: area.x + 2, y: area.y, width: area.width - 2, height: area.height)
        let world = model.world
        let player = model.player

        var title = model.mode == .play ? "Your units" : "Player \(player)"
        if model.mode == .play && !model.selection.isEmpty { title += " (sel \(OrderPhrase.units(model.selection)))" }
        buffer.put(string: title, at: content.x, content.y, style: theme.title, clip: content)

        var row = 1
        for unit in world.units(of: player) where row < content.height {
            renderUnit(unit, into: &buffer, at: content.y + row, in: content)
            row += 1
        }
        row += 1
        renderNodes(into: &buffer, from: row, in: content)
    }

    private func renderUnit(_ unit: Unit, into buffer: inout CellBuffer, at y: Int, in content: Rect) {
        let g = theme.glyphs
        let selected = model.mode == .play && model.selection.contains(unit.number)
        var x = content.x
        let markStyle = selected ? theme.accent : theme.plain
        x = buffer.put(string: selected ? String(g.selected) : " ", at: x, y, style: markStyle, clip: content)
        let number = unit.number < 10 ? " \(unit.number)" : "\(unit.number)"
        let numberStyle = theme.team(unit.owner).adding(selected ? .reverse : [])
        x = buffer.put(string: number, at: x, y, style: numberStyle, clip: content)
        x += 1
        // Narrow panels show the unit's letter as the battlefield draws it; wide ones its type.
        let fullNames = content.width >= 32
        let letter = unit.owner == (model.fogPlayer ?? 1) ? unit.archetype.letter.uppercased() : String(unit.archetype.letter)
        let typeName = fullNames ? unit.archetype.rawValue : letter
        let typeWidth = fullNames ? 8 : 1
        buffer.put(string: typeName, at: x, y, style: unit.isAlive ? theme.plain : theme.muted, clip: content)
        x += typeWidth + 1
        if unit.isAlive {
            let maxHealth = Int(unit.stats.maxHealth)
            let permille = Int(unit.health) * 1000 / max(1, maxHealth)
            // Round up so a living unit never shows an empty bar.
            let filled = min(RosterView.barWidth, (Int(unit.health) * RosterView.barWidth + maxHealth - 1) / max(1, maxHealth))
            let barStyle = theme.health(fraction: permille)
            for k in 0..<RosterView.barWidth {
                let full = k < filled
                buffer.set(full ? g.barFull : g.barEmpty, at: x + k, y, style: full ? barStyle : theme.muted, clip: content)
            }
            x += RosterView.barWidth + 1
            var order = OrderPhrase.short(unit, map: model.world.map, width: content.maxX - x)
            if !theme.capabilities.unicode { order = order.replacingOccurrences(of: "\u{2192}", with: "->") }
            putTruncated(order, at: x, y, in: content, style: unit.currentOrder == nil ? theme.muted : theme.plain, into: &buffer)
        } else {
            x = buffer.put(string: "dead", at: x, y, style: theme.danger, clip: content)
            let seconds = (Int(unit.respawnIn) + Int(Rules.framesPerSecond) - 1) / Int(Rules.framesPerSecond)
            putTruncated(" back in \(seconds)s", at: x, y, in: content, style: theme.muted, into: &buffer)
        }
    }

    private func renderNodes(into buffer: inout CellBuffer, from firstRow: Int, in content: Rect) {
        let world = model.world
        let nodes = world.map.nodes
        guard !nodes.isEmpty, firstRow < content.height else { return }
        let perspective = model.fogPlayer ?? model.player
        var row = firstRow
        let roomForList = content.height - firstRow - 1 >= nodes.count
        if !roomForList {
            // Compact: one line of letters in their owners' styles.
            var x = buffer.put(string: "Nodes ", at: content.x, content.y + row, style: theme.title, clip: content)
            for (k, node) in nodes.enumerated() where k < world.nodes.count {
                buffer.set(node.letter, at: x, content.y + row, style: theme.node(owner: world.nodes[k].owner, perspective: perspective), clip: content)
                x += 2
            }
            return
        }
        buffer.put(string: "Nodes", at: content.x, content.y + row, style: theme.title, clip: content)
        row += 1
        for (k, node) in nodes.enumerated() where k < world.nodes.count {
            let state = world.nodes[k]
            let y = content.y + row
            buffer.set(node.letter, at: content.x, y, style: theme.node(owner: state.owner, perspective: perspective), clip: content)
            let (note, noteStyle) = describe(state, perspective: perspective)
            let noteWidth = CharacterWidth.of(note)
            let nameRoom = content.width - 2 - noteWidth - 1
            putTruncated(node.name, at: content.x + 2, y, in: Rect(x: content.x, y: y, width: 2 + max(0, nameRoom), height: 1), style: theme.plain, into: &buffer)
            buffer.put(string: note, at: content.maxX - noteWidth, y, style: noteStyle, clip: content)
            row += 1
        }
    }

    /// The right-hand note of a node line: who holds it, or who is taking it and how far.
    private func describe(_ state: NodeState, perspective: Int) -> (String, CellStyle) {
        func side(_ p: Int) -> String {
            model.fogPlayer == nil && model.mode != .play ? "P\(p)" : (p == perspective ? "you" : "enemy")
        }
        if state.contested { return ("contested", theme.warning) }
        if state.capturer != 0 && state.progress > 0 {
            let percent = Int(state.progress) * 100 / Int(Rules.captureProgress)
            return ("\(side(state.capturer)) \(percent)%", theme.team(state.capturer))
        }
        if state.owner == 0 { return ("free", theme.muted) }
        return (side(state.owner), theme.team(state.owner))
    }

    private func putTruncated(_ text: String, at x: Int, _ y: Int, in clip: Rect, style: CellStyle, into buffer: inout CellBuffer) {
        let room = clip.maxX - x
        guard room > 0 else { return }
        buffer.put(string: TextLayout.truncate(text, to: room, ellipsis: theme.glyphs.ellipsis), at: x, y, style: style, clip: clip)
    }
}
