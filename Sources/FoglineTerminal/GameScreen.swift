/// Draws a whole game screen from a model: the layout's areas, then any overlay.
public enum GameScreen {
    /// Renders `model` into `buffer`, filling all of it.
    ///
    /// Below 80x24 only the "make the terminal larger" message is drawn. The end screen
    /// covers the battlefield once the match has a result (while `showEndScreen`); the
    /// help overlay goes over everything.
    public static func render(_ model: GameScreenModel, into buffer: inout CellBuffer) {
        let theme = Theme(capabilities: model.capabilities)
        let layout = GameLayout(width: buffer.width, height: buffer.height)
        if layout.isTooSmall {
            TooSmallView(width: buffer.width, height: buffer.height, theme: theme).render(into: &buffer, in: buffer.bounds)
            return
        }
        BattlefieldView(model: model, theme: theme).render(into: &buffer, in: layout.battlefield)
        RosterView(model: model, theme: theme).render(into: &buffer, in: layout.roster)
        LogView(model: model).render(into: &buffer, in: layout.log)
        if model.mode == .play {
            PromptView(model: model).render(into: &buffer, in: layout.prompt)
        } else {
            buffer.fill(layout.prompt)
        }
        StatusView(model: model, theme: theme).render(into: &buffer, in: layout.status)
        if model.world.result != nil && model.showEndScreen {
            EndScreen(model: model).render(into: &buffer, in: layout.battlefield)
        } else if let briefing = model.briefing, model.mode == .play {
            BriefingView(briefing: briefing, keymap: model.keymap, theme: theme).render(into: &buffer, in: layout.battlefield)
        }
        if model.showHelp {
            HelpOverlay(keymap: model.keymap, theme: theme)
                .render(
                    into: &buffer, in: buffer.bounds,
                    context: model.mode == .play ? (model.promptFocused ? .typing : .play) : .replay, page: model.helpPage,
                    map: model.world.map)
        }
    }
}
