import FoglineSim

/// Draws the replay viewer: the game screen of the frame shown (battlefield in the
/// chosen fog, roster, log, status line with `frame N/TOTAL`), the timeline bar where
/// the game has its prompt, a banner across the top for a damaged or desynced replay,
/// and at the last frame the result (or why there is none).
public enum ReplayScreen {
    /// Renders the viewer into `buffer`, filling all of it (below 80x24, only the
    /// "make the terminal larger" message).
    public static func render(_ viewer: ReplayViewer, into buffer: inout CellBuffer) {
        var model = viewer.model
        let help = model.showHelp
        model.showHelp = false
        GameScreen.render(model, into: &buffer)
        let layout = GameLayout(width: buffer.width, height: buffer.height)
        guard !layout.isTooSmall else { return }
        let theme = Theme(capabilities: model.capabilities)
        if let field = viewer.gotoField {
            let x = buffer.put(string: "go to ", at: layout.prompt.x + 1, layout.prompt.y, style: theme.accent, clip: layout.prompt)
            PromptView(
                prompt: field, focused: true, theme: theme,
                placeholder: "a frame (5400) or a time (3:00), then enter; esc cancels"
            ).render(into: &buffer, in: Rect(x: x, y: layout.prompt.y, width: layout.prompt.maxX - x, height: 1))
        } else {
            viewer.timelineView(theme: theme).render(into: &buffer, in: layout.prompt)
        }
        if let banner = viewer.banner {
            let row = Rect(x: 0, y: 0, width: buffer.width, height: 1)
            let style = theme.style(.warning, [.bold, .reverse])
            buffer.fill(row, style: style)
            let text = TextLayout.truncate(banner, to: row.width - 2, ellipsis: theme.glyphs.ellipsis)
            buffer.put(string: text, at: 1, 0, style: style, clip: row)
        }
        if viewer.isAtEnd && model.world.result == nil && viewer.live?.isOver != false {
            drawUnfinished(viewer, theme: theme, in: layout.battlefield, into: &buffer)
        }
        if help {
            HelpOverlay(keymap: model.keymap, theme: theme)
                .render(into: &buffer, in: buffer.bounds, context: .replay, page: model.helpPage, map: model.world.map)
        }
    }

    /// At the last frame of a replay without a result: a box saying why it ends there.
    static func drawUnfinished(_ viewer: ReplayViewer, theme: Theme, in area: Rect, into buffer: inout CellBuffer) {
        guard area.width >= 30, area.height >= 7 else { return }
        let replay = viewer.timeline.replay
        let why: String
        if let ending = viewer.live?.ending {
            why = ending == "the match is over" ? "The match is over." : "The match is over: \(ending)."
        } else if let damage = replay.damage {
            why = "The file is damaged after frame \(replay.endFrame): \(damage.message)."
        } else if let recorded = replay.result {
            // The file has a result; this re-simulation just never gets there.
            why = "Desync: the recorded match ended on frame \(recorded.frame), but this re-simulation does not reach "
                + "that result."
        } else if let left = replay.notes.last(where: { $0.text.contains(" left at frame ") }) {
            // Who left, and when, as the replay noted it.
            why = "The match did not finish: \(left.text)."
        } else {
            why = "The match did not finish here: the replay has no result."
        }
        let keys = viewer.model.keymap
        let start = keys.keyName(for: .jumpStart)
        let quit = keys.keys(for: .quit).map(\.name).joined(separator: " or ")
        var hint = start.isEmpty ? "" : "\(start) goes to the start"
        if !quit.isEmpty { hint += (hint.isEmpty ? "" : ", ") + "\(quit) leaves" }
        let width = min(area.width - 4, 56)
        var lines = TextLayout.wrap(why, width: width - 4).map { ($0, theme.plain) }
        if !hint.isEmpty { lines += [("", theme.plain)] + TextLayout.wrap(hint, width: width - 4).map { ($0, theme.muted) } }
        let box = area.centered(width: width, height: lines.count + 2)
        let inner = Box.draw(box, title: viewer.live == nil ? "End of the replay" : "End of the match", theme: theme, into: &buffer)
        for (k, (line, style)) in lines.enumerated() {
            buffer.put(string: line, at: inner.x, inner.y + k, style: style, clip: inner)
        }
    }

    /// Updates the camera and the spinner, then draws: what a render tick does.
    public static func renderFrame(_ viewer: inout ReplayViewer, into buffer: inout CellBuffer) {
        viewer.model.tick &+= 1
        viewer.model.updateCamera(screenWidth: buffer.width, screenHeight: buffer.height)
        render(viewer, into: &buffer)
    }
}
