import FoglineSim

/// The map: terrain under three kinds of fog, vision cones, nodes, bases, units with
/// facing marks, labels, mines, and a moment of every shot and death.
///
/// Fog from the perspective's side: cells in sight show their terrain on the cone tint;
/// cells explored before show dim terrain (on monochrome terminals open ground there is
/// blank, so the cones stand out by their dots); unknown cells are blank. Own units (or
/// player 1's, when everything is shown) are upper-case archetype letters, the other
/// side's lower case, and only while seen. Each unit's facing mark sits in the next cell
/// the way it looks. Mines show to their owner only; tracers and blasts only in sight.
public struct BattlefieldView {
    public let model: GameScreenModel
    public let theme: Theme

    /// The view of a model; the theme follows the model's capabilities unless given.
    public init(model: GameScreenModel, theme: Theme? = nil) {
        self.model = model
        self.theme = theme ?? Theme(capabilities: model.capabilities)
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        let world = model.world
        let map = world.map
        var camera = model.camera
        camera.clamp(mapWidth: Int(map.width), mapHeight: Int(map.height), viewWidth: area.width, viewHeight: area.height)
        let g = theme.glyphs
        let fogPlayer = model.fogPlayer

        /// The screen position of a map cell, or nil when it is off the view.
        func screen(_ c: FoglineSim.Cell) -> (x: Int, y: Int)? {
            let p = camera.screen(of: c)
            let x = area.x + p.x, y = area.y + p.y
            return area.contains(x: x, y: y) ? (x, y) : nil
        }
        func inSight(_ c: FoglineSim.Cell) -> Bool {
            guard map.contains(c) else { return false }
            return fogPlayer == nil || model.visibleCells[map.index(c)]
        }

        // Which units show: all living ones of the fog's side, the other side's when seen.
        let shown = world.units.filter { u in
            guard u.isAlive else { return false }
            guard let fogPlayer else { return true }
            return u.owner == fogPlayer || world.sees(enemy: u.id, player: fogPlayer)
        }
        let occupied = Set(shown.map(\.cell))
        let special = Set(map.nodes.map(\.cell) + map.bases)
        // Facing marks: in the next cell the unit looks at, unless something stands there.
        let marks: [(cell: FoglineSim.Cell, unit: Unit)] = shown.compactMap { u in
            let step = u.facing.compass.step
            let mark = FoglineSim.Cell(u.cell.x + step.dx, u.cell.y + step.dy)
            guard map.contains(mark), !occupied.contains(mark), !special.contains(mark) else { return nil }
            return (mark, u)
        }
        let mines = world.mines.filter { fogPlayer == nil || $0.owner == fogPlayer }

        drawTerrain(&buffer, area, camera, fogPlayer)
        if model.showLabels {
            // Labels go only where they hide nothing that matters.
            var busy = occupied.union(special).union(marks.map(\.cell)).union(mines.map(\.position.cell))
            for node in map.nodes {
                for d in CompassDirection.allCases { busy.insert(FoglineSim.Cell(node.cell.x + d.step.dx, node.cell.y + d.step.dy)) }
            }
            drawLabels(&buffer, area, camera, busy: busy)
        }
        drawNodes(&buffer, area, camera, screen)

        // Mines: their owner's secret.
        for mine in mines {
            if let p = screen(mine.position.cell) {
                buffer.setGlyph(g.mine, at: p.x, p.y, style: theme.team(mine.owner, bold: false))
            }
        }

        let now = world.frame
        let active = model.effects.active(at: now)
        // Tracers and blasts first: units are drawn over them.
        for effect in active {
            switch effect.kind {
            case .shot(let from, let to, let owner, _):
                drawTracer(&buffer, from: from, to: to, owner: owner, screen: screen, inSight: inSight)
            case .death(let cell, let owner):
                if inSight(cell) || owner == fogPlayer, let p = screen(cell) {
                    buffer.setGlyph(g.death, at: p.x, p.y, style: theme.danger)
                }
            case .blast(let cell, let owner):
                if inSight(cell) || owner == fogPlayer, let p = screen(cell) {
                    buffer.setGlyph(g.blast, at: p.x, p.y, style: theme.warning)
                }
            }
        }

        for (cell, u) in marks {
            guard let p = screen(cell) else { continue }
            buffer.setGlyph(g.facing(u.facing.compass), at: p.x, p.y, style: theme.team(u.owner, bold: false))
        }
        let upperSide = fogPlayer ?? 1
        let nodeCells = Set(map.nodes.map(\.cell))
        var stacked: [FoglineSim.Cell: Int] = [:]
        for u in shown { stacked[u.cell, default: 0] += 1 }
        for u in shown {
            guard let p = screen(u.cell) else { continue }
            let selected = (model.mode == .play && u.owner == model.player && model.selection.contains(u.number))
                || u.id == model.followedUnit
            var style = theme.unit(owner: u.owner, selected: selected, inSight: true)
            let glyph: Character
            if nodeCells.contains(u.cell), let node = map.nodes.first(where: { $0.cell == u.cell }) {
                // A node's letter is never hidden: a unit on it colours it instead.
                glyph = node.letter
                style = style.adding(.reverse)
            } else if let count = stacked[u.cell], count > 1 {
                // Several units on one cell: how many, underlined.
                glyph = count > 9 ? "+" : Character("\(count)")
                style = style.adding(.underline)
            } else if model.showNumbers {
                glyph = Character("\(u.number % 10)")
            } else {
                let letter = u.archetype.letter
                glyph = u.owner == upperSide ? Character(letter.uppercased()) : letter
            }
            buffer.setGlyph(glyph, at: p.x, p.y, style: style)
        }

        // A hit flashes the target's cell.
        for effect in active {
            guard case .shot(_, let to, _, true) = effect.kind, now - effect.frame < 3, inSight(to),
                let p = screen(to)
            else { continue }
            buffer.restyle(Rect(x: p.x, y: p.y, width: 1, height: 1)) { $0 = theme.style(.danger, [.bold, .reverse]) }
        }
        drawMoreMarks(&buffer, area, camera, map)
    }

    /// Where more of the map lies off the view: an arrow at the middle of each edge it
    /// lies beyond, so a scrolled or small view does not hide that there is more.
    private func drawMoreMarks(_ buffer: inout CellBuffer, _ area: Rect, _ camera: Camera, _ map: GameMap) {
        let unicode = theme.capabilities.unicode
        let style = theme.style(.accent, [.bold, .reverse])
        if camera.originX > 0 {
            buffer.put(string: unicode ? "\u{25C2}" : "<", at: area.x, area.y + area.height / 2, style: style, clip: area)
        }
        if camera.originX + area.width < Int(map.width) {
            buffer.put(string: unicode ? "\u{25B8}" : ">", at: area.maxX - 1, area.y + area.height / 2, style: style, clip: area)
        }
        if camera.originY > 0 {
            buffer.put(string: unicode ? "\u{25B4}" : "^", at: area.x + area.width / 2, area.y, style: style, clip: area)
        }
        if camera.originY + area.height < Int(map.height) {
            buffer.put(string: unicode ? "\u{25BE}" : "v", at: area.x + area.width / 2, area.maxY - 1, style: style, clip: area)
        }
    }

    // MARK: - Layers

    private func drawTerrain(_ buffer: inout CellBuffer, _ area: Rect, _ camera: Camera, _ fogPlayer: Int?) {
        let world = model.world
        let map = world.map
        let g = theme.glyphs
        let width = Int(map.width), height = Int(map.height)
        let explored = fogPlayer.map { world.explored[$0 - 1] }
        let blankExploredGround = !theme.capabilities.colors
        // Styles per terrain, worked out once rather than per cell.
        let terrains = Terrain.allCases
        let glyphs = terrains.map { g.terrain($0) }
        let inSightStyles = terrains.map { theme.visibleTerrain($0) }
        let outOfConeStyles = terrains.map { theme.style(Theme.role(of: $0)) }
        let exploredStyles = terrains.map { theme.exploredTerrain($0) }
        let visible = model.visibleCells
        for row in 0..<area.height {
            let my = camera.originY + row
            let y = area.y + row
            for column in 0..<area.width {
                let mx = camera.originX + column
                let x = area.x + column
                guard mx >= 0, my >= 0, mx < width, my < height else {
                    buffer.setGlyph(" ", at: x, y, style: .plain)
                    continue
                }
                let i = my * width + mx
                let t = Int(map.terrain[i].rawValue)
                if visible[i] {
                    buffer.setGlyph(glyphs[t], at: x, y, style: inSightStyles[t])
                } else if let explored {
                    if explored[i >> 6] & (1 << UInt64(i & 63)) != 0 {
                        let blank = blankExploredGround && t == Int(Terrain.open.rawValue)
                        buffer.setGlyph(blank ? " " : glyphs[t], at: x, y, style: exploredStyles[t])
                    } else {
                        buffer.setGlyph(" ", at: x, y, style: .plain)
                    }
                } else {
                    buffer.setGlyph(glyphs[t], at: x, y, style: outOfConeStyles[t])
                }
            }
        }
    }

    /// Place names: centred on their cell, or on the row above or below when something
    /// stands there or another name is in the way; a node's name to the right of its ring.
    private func drawLabels(_ buffer: inout CellBuffer, _ area: Rect, _ camera: Camera, busy initial: Set<FoglineSim.Cell>) {
        let map = model.world.map
        var busy = initial
        for mark in map.landmarks {
            let w = CharacterWidth.of(mark.name)
            let starts: [FoglineSim.Cell]
            switch mark.kind {
            case .place:
                let x = mark.cell.x - Int32(w / 2)
                starts = [0, -1, 1].map { FoglineSim.Cell(x, mark.cell.y + $0) }
            case .node:
                starts = [FoglineSim.Cell(mark.cell.x + 2, mark.cell.y)]
            case .base:
                starts = []
            }
            let free = starts.first { start in
                (0..<Int32(w)).allSatisfy { !busy.contains(FoglineSim.Cell(start.x + $0, start.y)) }
            }
            guard let start = free else { continue }
            // A placed label keeps the next one a space away.
            for dx in -1...Int32(w) { busy.insert(FoglineSim.Cell(start.x + dx, start.y)) }
            let p = camera.screen(of: start)
            buffer.put(string: mark.name, at: area.x + p.x, area.y + p.y, style: theme.muted, clip: area)
        }
    }

    private func drawNodes(
        _ buffer: inout CellBuffer, _ area: Rect, _ camera: Camera, _ screen: (FoglineSim.Cell) -> (x: Int, y: Int)?
    ) {
        let world = model.world
        let map = world.map
        let g = theme.glyphs
        for (k, node) in map.nodes.enumerated() where k < world.nodes.count {
            let state = world.nodes[k]
            // The ring around a node fills clockwise from north as a side takes it.
            if state.capturer != 0, state.progress > 0 {
                let lit = min(8, (Int(state.progress) * 8 + Int(Rules.captureProgress) - 1) / Int(Rules.captureProgress))
                for d in CompassDirection.allCases.prefix(lit) {
                    let c = FoglineSim.Cell(node.cell.x + d.step.dx, node.cell.y + d.step.dy)
                    if map.contains(c), let p = screen(c) {
                        buffer.setGlyph(g.progress, at: p.x, p.y, style: theme.captureProgress(by: state.capturer))
                    }
                }
            }
            if let p = screen(node.cell) {
                var style = theme.node(owner: state.owner, perspective: model.fogPlayer ?? model.player)
                if state.contested { style = theme.style(.warning, [.reverse, .bold]) }
                buffer.setGlyph(node.letter, at: p.x, p.y, style: style)
            }
        }
        for (k, base) in map.bases.enumerated() {
            // Without colour the bases say whose they are.
            let glyph: Character = theme.capabilities.colors ? g.base : Character("\(k + 1)")
            if let p = screen(base) { buffer.setGlyph(glyph, at: p.x, p.y, style: theme.team(k + 1)) }
        }
    }

    private func drawTracer(
        _ buffer: inout CellBuffer, from: FoglineSim.Cell, to: FoglineSim.Cell, owner: Int,
        screen: (FoglineSim.Cell) -> (x: Int, y: Int)?, inSight: (FoglineSim.Cell) -> Bool
    ) {
        let dx = Int(to.x - from.x), dy = Int(to.y - from.y)
        let glyphs = theme.glyphs.tracer
        let glyph: Character
        if abs(dy) * 2 < abs(dx) {
            glyph = glyphs[0]
        } else if abs(dx) * 2 < abs(dy) {
            glyph = glyphs[1]
        } else {
            // Screen rows grow downwards: right-and-down is a falling stroke.
            glyph = (dx > 0) == (dy > 0) ? glyphs[3] : glyphs[2]
        }
        let style = theme.team(owner, bold: false)
        var x = Int(from.x), y = Int(from.y)
        let sx = dx > 0 ? 1 : -1, sy = dy > 0 ? 1 : -1
        let ax = abs(dx), ay = -abs(dy)
        var err = ax + ay
        while true {
            let e2 = 2 * err
            if e2 >= ay { err += ay; x += sx }
            if e2 <= ax { err += ax; y += sy }
            if x == Int(to.x) && y == Int(to.y) { break }
            if abs(x - Int(from.x)) > ax || abs(y - Int(from.y)) > -ay { break }
            let c = FoglineSim.Cell(x: x, y: y)
            if inSight(c), let p = screen(c) { buffer.setGlyph(glyph, at: p.x, p.y, style: style) }
        }
    }
}
