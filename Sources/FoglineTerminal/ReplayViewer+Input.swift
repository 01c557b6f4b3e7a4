import FoglineSim

/// Keys and clicks in the replay viewer. There is no prompt, so every bound key acts;
/// only the "go to" line, while open, takes digits and `:` as text.
extension ReplayViewer {
    /// Applies one input event; returns what the caller must do (quit, repaint, resize).
    public mutating func handle(_ event: KeyEvent, screenWidth: Int, screenHeight: Int) -> ScreenRequest? {
        notice = nil
        defer { refresh() }
        switch event {
        case .resize:
            return .resized
        case .mouse(let click):
            // A click on the timeline goes to that moment.
            let row = GameLayout(width: screenWidth, height: screenHeight).prompt
            if click.button == .left, row.contains(x: click.x, y: click.y), !model.showHelp, gotoField == nil {
                let view = timelineView(theme: Theme(capabilities: model.capabilities))
                let bar = view.bar(in: row)
                if (bar.x..<(bar.x + bar.width)).contains(click.x) {
                    if live?.isOver == false { live?.following = false }
                    seek(to: view.frame(atColumn: click.x - bar.x, width: bar.width))
                }
                return nil
            }
            // Clicks close the help, scroll with the wheel; a click on a unit follows it.
            guard case .mapClicked(let cell)? = model.handle(event, screenWidth: screenWidth, screenHeight: screenHeight)
            else { return nil }
            let world = model.world
            if let unit = followable.map({ world.units[$0] }).first(where: { $0.isAlive && $0.cell == cell }) {
                follow(unit: unit.id)
            }
            return nil
        case .press(let press):
            let action = model.keymap.action(for: press, promptFocused: false)
            // A key that moved through time, and did move the frame shown, leaves the live
            // edge (a live rewind).
            let before = frame
            let moves: Set<KeymapAction> = [.stepForward, .stepBack, .secondForward, .secondBack, .jumpStart, .nextEvent, .previousEvent]
            let moving = gotoField != nil || action.map(moves.contains) == true
            defer {
                if moving, live?.isOver == false, frame != before { live?.following = false }
            }
            if gotoField != nil { return typeGoto(press, action: action) }
            if model.showHelp {
                // Tab and the arrows turn the pages; any other key closes the help; quit still quits.
                if let turned = model.turnHelpPage(press) {
                    model.helpPage = turned
                    return nil
                }
                model.showHelp = false
                return action == .quit ? .quit : nil
            }
            guard let action else { return nil }
            // The end key goes back to live.
            if live?.isOver == false, action == .jumpEnd { return goLive() }
            return perform(action, screenWidth: screenWidth, screenHeight: screenHeight)
        }
    }

    /// Carries out one keymap action.
    public mutating func perform(_ action: KeymapAction, screenWidth: Int, screenHeight: Int) -> ScreenRequest? {
        if let n = action.selectedUnit {
            follow(unit: World.unitID(player: model.player, number: n))
            return nil
        }
        switch action {
        case .pause: togglePlaying()
        case .stepForward, .stepBack:
            playing = false
            step(by: action == .stepForward ? 1 : -1)
        case .secondForward: step(by: Rules.framesPerSecond)
        case .secondBack: step(by: -Rules.framesPerSecond)
        case .jumpStart: seek(to: 0)
        case .jumpEnd: seek(to: totalFrames)
        case .faster: setSpeed(speed.faster)
        case .slower: setSpeed(speed.slower)
        case .goto:
            playing = false
            gotoField = PromptState()
        case .nextEvent: seekNextEvent()
        case .previousEvent:
            if let target = eventFrame(next: false) {
                seek(to: target)
            } else {
                notice = "no earlier event"
            }
        case .switchPerspective:
            switch model.perspective {
            case .player(1): setPerspective(.player(2))
            case .player: setPerspective(.all)
            case .all: setPerspective(.player(1))
            }
        case .followUnit: followNextUnit()
        case .takeOver:
            playing = false
            if case .player(let side) = model.perspective { return .takeOver(frame: frame, side: side) }
            return .takeOver(frame: frame, side: 1)
        case .follow:
            // The camera follows the side again, not one unit.
            follow(unit: nil)
            model.camera.following = true
        case .cancel:
            // Esc stops waiting for a far jump; at the end it uncovers the battlefield
            // under the result (and covers it again).
            if cancelPending() {
                notice = "jump cancelled"
            } else if isAtEnd && model.world.result != nil {
                model.showEndScreen.toggle()
            }
        default:
            // Quit, help, redraw, the camera and labels: as in the game.
            return model.perform(action, screenWidth: screenWidth, screenHeight: screenHeight)
        }
        return nil
    }

    /// A key while the "go to" line is open: digits and `:` type, enter goes, esc cancels.
    private mutating func typeGoto(_ press: KeyPress, action: KeymapAction?) -> ScreenRequest? {
        guard var field = gotoField else { return nil }
        if press.modifiers.isEmpty, case .character(let c) = press.key, c.isASCII, c.isNumber || c == ":" {
            if field.characters.count < 12 { field.insert(c) }
            gotoField = field
            return nil
        }
        switch press.key {
        case .enter:
            gotoField = nil
            let text = field.text
            if let target = FramePosition.parse(text) {
                seek(to: target)
            } else if !text.isEmpty {
                notice = "not a frame or a time: \(text) (try 5400 or 3:00)"
            }
        case .escape:
            gotoField = nil
        default:
            switch action {
            // Ctrl-C still quits; a printable quit key (q) is ignored while typing.
            case .quit where !press.isPrintable: return .quit
            case .cancel: gotoField = nil
            case .deleteBack: field.deleteBack()
            case .cursorLeft: field.moveLeft()
            case .cursorRight: field.moveRight()
            default: break
            }
            if gotoField != nil { gotoField = field }
        }
        return nil
    }
}
