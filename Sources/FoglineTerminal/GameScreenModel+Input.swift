import FoglineSim

/// Keys and clicks: the model applies what it can and returns the rest as a request.
extension GameScreenModel {
    /// Applies one input event following `keymap`'s focus rule; returns what the caller must do.
    public mutating func handle(_ event: KeyEvent, screenWidth: Int, screenHeight: Int) -> ScreenRequest? {
        let layout = GameLayout(width: screenWidth, height: screenHeight)
        switch event {
        case .resize:
            return .resized
        case .mouse(let click):
            return handleClick(click, layout: layout)
        case .press(let press):
            let typing = mode == .play && promptFocused
            let action = keymap.action(for: press, promptFocused: typing)
            if confirmingLeave {
                // y (or the quit key again) leaves; anything else stays.
                confirmingLeave = false
                if action == .quit || press.key == .character("y") || press.key == .character("Y") { return .quit }
                return nil
            }
            if briefing != nil && !showHelp {
                switch action {
                case .submit?:
                    // Enter starts the match, and enters whatever was typed meanwhile.
                    briefing = nil
                    guard let line = prompt.submit() else { return .startMatch }
                    prompt.resolving = true
                    prompt.resolvingText = line
                    return .submit(line)
                case .help?, .quit?, .redraw?: break
                default:
                    if action == nil, typing, press.isPrintable, case .character(let c) = press.key { prompt.insert(c) }
                    if let action, action != .pause { return perform(action, layout: layout) }
                    return nil
                }
            }
            if showHelp {
                // Tab and the arrows turn the pages; any other key closes the help; quit still quits.
                if let turned = turnHelpPage(press) {
                    helpPage = turned
                    return nil
                }
                showHelp = false
                // Quit goes on as it does without the help: it asks, or clears a typed line.
                return action == .quit ? perform(.quit, layout: layout) : nil
            }
            guard let action else {
                if typing, press.isPrintable, case .character(let c) = press.key { prompt.insert(c) }
                return nil
            }
            return perform(action, layout: layout)
        }
    }

    /// Carries out one keymap action.
    public mutating func perform(_ action: KeymapAction, screenWidth: Int, screenHeight: Int) -> ScreenRequest? {
        perform(action, layout: GameLayout(width: screenWidth, height: screenHeight))
    }

    private mutating func perform(_ action: KeymapAction, layout: GameLayout) -> ScreenRequest? {
        let view = layout.battlefield
        func scroll(_ dx: Int, _ dy: Int) {
            camera.scroll(
                dx: dx * max(1, view.width / 4), dy: dy * max(1, view.height / 4), mapWidth: Int(world.map.width),
                mapHeight: Int(world.map.height), viewWidth: view.width, viewHeight: view.height)
        }
        let playing = mode == .play
        if let n = action.selectedUnit {
            if playing {
                if let i = selection.firstIndex(of: n) { selection.remove(at: i) } else { selection = (selection + [n]).sorted() }
            }
            return nil
        }
        switch action {
        case .quit:
            guard playing && asksBeforeLeaving else { return .quit }
            // As in a shell: the first Ctrl-C clears a line being typed; on an empty line it asks.
            if !prompt.characters.isEmpty {
                prompt.clear()
                return nil
            }
            confirmingLeave = true
        case .help:
            showHelp.toggle()
            helpPage = .keys
        case .pause: return .togglePause
        case .redraw: return .redraw
        case .scrollUp: scroll(0, -1)
        case .scrollDown: scroll(0, 1)
        case .scrollLeft: scroll(-1, 0)
        case .scrollRight: scroll(1, 0)
        case .follow: camera.following = true
        case .logOlder: scrollLog(by: max(1, layout.log.height - 2))
        case .logNewer: scrollLog(by: -max(1, layout.log.height - 2))
        case .logFilter:
            logOrdersOnly.toggle()
            logScroll = 0
        case .toggleLabels: showLabels.toggle()
        case .toggleNumbers: showNumbers.toggle()
        case .selectAll: if playing { selection = Array(1...Rules.unitsPerPlayer) }
        case .clearSelection: selection = []
        case .focusPrompt: if playing { promptFocused = true }
        case .leavePrompt: promptFocused = false
        case .cancel:
            if playing { prompt.clear() }
        case .submit:
            guard playing else { return nil }
            guard promptFocused else {
                promptFocused = true
                return nil
            }
            guard let line = prompt.submit() else { return nil }
            prompt.resolving = true
            prompt.resolvingText = line
            return .submit(line)
        case .historyPrevious: if playing { prompt.historyPrevious() }
        case .historyNext: if playing { prompt.historyNext() }
        case .complete: if playing { prompt.complete(from: vocabulary) }
        case .completePrevious: if playing { prompt.complete(from: vocabulary, backwards: true) }
        case .cursorLeft: if playing { prompt.moveLeft() }
        case .cursorRight: if playing { prompt.moveRight() }
        case .cursorHome: if playing { prompt.moveHome() }
        case .cursorEnd: if playing { prompt.moveEnd() }
        case .wordLeft: if playing { prompt.moveWordLeft() }
        case .wordRight: if playing { prompt.moveWordRight() }
        case .deleteBack: if playing { prompt.deleteBack() }
        case .deleteForward: if playing { prompt.deleteForward() }
        case .deleteWord: if playing { prompt.deleteWordBack() }
        case .killLine: if playing { prompt.killLine() }
        case .killToEnd: if playing { prompt.killToEnd() }
        case .stepForward: return .stepForward
        case .stepBack: return .stepBack
        case .faster: return .faster
        case .slower: return .slower
        case .jumpStart: return .jumpStart
        case .jumpEnd: return .jumpEnd
        case .switchPerspective:
            guard !playing else { return nil }
            switch perspective {
            case .player(1): setPerspective(.player(2))
            case .player: setPerspective(.all)
            case .all: setPerspective(.player(1))
            }
            return .perspectiveChanged
        default:
            break
        }
        return nil
    }

    /// The page a key turns the open help to, if it turns it: Tab and Right on, shift-Tab
    /// and Left back.
    public func turnHelpPage(_ press: KeyPress) -> HelpPages.Page? {
        switch press.key {
        case .tab: return press.modifiers.contains(.shift) ? helpPage.previous : helpPage.next
        case .right: return helpPage.next
        case .left: return helpPage.previous
        default: return nil
        }
    }

    private mutating func handleClick(_ click: MouseClick, layout: GameLayout) -> ScreenRequest? {
        guard !layout.isTooSmall else { return nil }
        if showHelp {
            showHelp = false
            return nil
        }
        let field = layout.battlefield
        if field.contains(x: click.x, y: click.y) {
            var view = camera
            view.clamp(mapWidth: Int(world.map.width), mapHeight: Int(world.map.height),
                       viewWidth: field.width, viewHeight: field.height)
            switch click.button {
            case .wheelUp: return perform(.scrollUp, layout: layout)
            case .wheelDown: return perform(.scrollDown, layout: layout)
            default: break
            }
            let cell = view.mapCell(atViewX: click.x - field.x, y: click.y - field.y)
            guard world.map.contains(cell) else { return nil }
            if mode == .play, let unit = world.units(of: player).first(where: { $0.isAlive && $0.cell == cell }) {
                selection = [unit.number]
                return nil
            }
            return .mapClicked(cell)
        }
        let roster = layout.roster
        if mode == .play, roster.contains(x: click.x, y: click.y) {
            // Rows 1...10 of the roster are units 1...10.
            let n = click.y - roster.y
            if (1...Rules.unitsPerPlayer).contains(n) {
                if let i = selection.firstIndex(of: n) { selection.remove(at: i) } else { selection = (selection + [n]).sorted() }
            }
        }
        return nil
    }
}
