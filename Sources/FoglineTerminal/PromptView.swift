/// The command line: a mark, the text with its cursor (scrolled to keep it in view), a
/// spinner while a command is being resolved, and completion candidates when cycling.
public struct PromptView {
    public let prompt: PromptState
    public let focused: Bool
    public let theme: Theme
    /// Render ticks, for the spinner's phase.
    public let tick: Int
    /// Hint shown in an empty, focused prompt.
    public let placeholder: String
    /// Hint shown when the prompt does not have focus ("press i to type").
    public let unfocusedHint: String
    /// A question that takes the line ("Leave the match? y/n"), if one is asked.
    public var question: String?

    public init(
        prompt: PromptState, focused: Bool, theme: Theme, tick: Int = 0,
        placeholder: String = "type orders, e.g. \"5,6 hold the ridge facing north\"", unfocusedHint: String = ""
    ) {
        self.prompt = prompt
        self.focused = focused
        self.theme = theme
        self.tick = tick
        self.placeholder = placeholder
        self.unfocusedHint = unfocusedHint
    }

    /// The view of a model, in the theme its capabilities call for.
    public init(model: GameScreenModel) {
        let focusKey = model.keymap.keys(for: .focusPrompt).first?.name
        let helpKey = model.keymap.keys(for: .help).first?.name
        var placeholder = "type orders, e.g. \"\(model.exampleOrder)\""
        if let helpKey { placeholder += " (\(helpKey): help)" }

        self.init(
            prompt: model.prompt, focused: model.promptFocused, theme: Theme(capabilities: model.capabilities),
            tick: model.tick, placeholder: placeholder,
            unfocusedHint: focusKey.map { "press \($0) to type a command" } ?? "")
        if model.confirmingLeave { question = model.leavingForfeits ? "Leave and forfeit? y/n" : "Leave the match? y/n" }
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let g = theme.glyphs
        let y = area.y
        let markStyle = focused ? theme.accent : theme.muted
        let textX = buffer.put(string: g.prompt, at: area.x, y, style: markStyle, clip: area)
        if let question {
            buffer.put(string: question, at: textX + 1, y, style: theme.style(.warning, [.reverse, .bold]), clip: area)
            return
        }

        // The right side: spinner while resolving, else the completion cycle.
        var side = ""
        var sideStyle = theme.muted
        if prompt.resolving {
            let frame = g.spinner[(tick / 4) % g.spinner.count]
            let what = prompt.resolvingText.isEmpty ? "" : " " + TextLayout.truncate(prompt.resolvingText, to: 24, ellipsis: g.ellipsis)
            side = "\(frame) resolving\(what)"
            sideStyle = theme.accent
        } else if let cycle = prompt.completion {
            let others = cycle.candidates.enumerated().filter { $0.offset != cycle.index }.map(\.element)
            side = "[\(cycle.index + 1)/\(cycle.candidates.count)] " + others.joined(separator: " ")
        }
        let textRoom = area.maxX - textX
        // The side note gets at most half the line, and only what the text leaves free.
        let sideWidth = min(CharacterWidth.of(side), textRoom / 2)
        let textArea = Rect(x: textX, y: y, width: textRoom - (sideWidth > 0 ? sideWidth + 1 : 0), height: 1)
        if sideWidth > 0 {
            buffer.put(string: TextLayout.truncate(side, to: sideWidth, ellipsis: g.ellipsis),
                       at: area.maxX - sideWidth, y, style: sideStyle, clip: area)
        }

        if prompt.characters.isEmpty {
            // While a command is being resolved the spinner says enough.
            let hint = prompt.resolving ? "" : (focused ? placeholder : unfocusedHint)
            if focused { buffer.set(" ", at: textArea.x, y, style: CellStyle.plain.adding(.reverse), clip: textArea) }
            buffer.put(string: TextLayout.truncate(hint, to: textArea.width - 2, ellipsis: g.ellipsis),
                       at: textArea.x + 2, y, style: theme.muted, clip: textArea)
            return
        }
        // Scroll so the cursor stays in view, with a little context to its left.
        let chars = prompt.characters
        let widths = chars.map { max(1, CharacterWidth.of($0)) }
        let cursorColumn = widths[0..<prompt.cursor].reduce(0, +)
        let room = max(1, textArea.width - 1)
        let scroll = cursorColumn < room ? 0 : cursorColumn - room + 1
        var column = 0
        for (k, c) in chars.enumerated() {
            let x = textArea.x + column - scroll
            column += widths[k]
            guard x >= textArea.x else { continue }
            if x >= textArea.maxX { break }
            let isCursor = focused && k == prompt.cursor
            buffer.set(c, at: x, y, style: isCursor ? CellStyle.plain.adding(.reverse) : (focused ? theme.plain : theme.muted),
                       clip: textArea)
        }
        if focused && prompt.cursor == chars.count {
            buffer.set(" ", at: textArea.x + cursorColumn - scroll, y, style: CellStyle.plain.adding(.reverse), clip: textArea)
        }
    }
}
