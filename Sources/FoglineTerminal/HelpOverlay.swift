import FoglineSim

/// The help box: every action of the active keymap with its keys, and the focus rule;
/// Tab turns to the order words and the legend (`HelpPages`).
public struct HelpOverlay {
    public let keymap: Keymap
    public let theme: Theme

    public init(keymap: Keymap, theme: Theme) {
        self.keymap = keymap
        self.theme = theme
    }

    /// Which actions matter where the help is shown.
    public enum Context: Sendable {
        /// The game with its prompt: no replay actions.
        case play
        /// The game while the prompt has focus: only keys that act then (a printable key
        /// types into the prompt instead, so it is not listed).
        case typing
        /// The replay viewer: no prompt editing; the `select_N` keys follow a unit.
        case replay
        /// Everything the keymap binds.
        case all
    }

    /// One line of help: what an action does and its keys.
    public struct Row: Hashable, Sendable {
        public var summary: String
        public var keys: [String]
    }

    static let replayActions: Set<KeymapAction> = [
        .stepForward, .stepBack, .faster, .slower, .jumpStart, .jumpEnd, .switchPerspective, .secondForward,
        .secondBack, .goto, .nextEvent, .previousEvent, .followUnit, .takeOver,
    ]
    static let playOnlyActions: Set<KeymapAction> = [
        .selectAll, .clearSelection, .historyPrevious, .historyNext, .complete, .completePrevious, .submit, .cancel,
        .cursorLeft, .cursorRight, .cursorHome, .cursorEnd, .wordLeft, .wordRight, .deleteBack, .deleteForward,
        .deleteWord, .killLine, .killToEnd, .focusPrompt, .leavePrompt, .select1, .select2, .select3, .select4,
        .select5, .select6, .select7, .select8, .select9, .select0,
    ]

    /// The rows, in the keymap's order; the ten `select_N` actions share one row.
    public func rows(for context: Context = .all) -> [Row] {
        var out: [Row] = []
        var selectDone = false
        for (action, bound) in keymap.bindings where !bound.isEmpty {
            let keys = context == .typing ? bound.filter { !$0.isPrintable } : bound
            guard !keys.isEmpty else { continue }
            // In the replay viewer the select_N keys follow a unit instead.
            let isSelect = action.selectedUnit != nil
            switch context {
            case .play where HelpOverlay.replayActions.contains(action), .typing where HelpOverlay.replayActions.contains(action):
                continue
            // Esc acts in the viewer too (the go-to line, a far jump, the result box).
            case .replay where HelpOverlay.playOnlyActions.contains(action) && !isSelect && action != .cancel: continue
            default: break
            }
            if isSelect {
                guard !selectDone else { continue }
                selectDone = true
                // While typing only the keys that act: vi's digits type into the prompt.
                func acting(_ action: KeymapAction) -> String? {
                    keymap.keys(for: action).first { context != .typing || !$0.isPrintable }?.name
                }
                guard let first = acting(.select1), let last = acting(.select0) else { continue }
                let what = context == .replay ? "follow unit 1...10" : "select unit 1...10"
                out.append(Row(summary: what, keys: ["\(first)...\(last)"]))
                continue
            }
            var summary = action.summary
            if context == .replay && action == .pause { summary = "play / pause" }
            if context == .replay && action == .follow { summary = "stop following a unit" }
            if context == .replay && action == .cancel { summary = "cancel go-to or jump, hide result" }
            // Inside the viewer, "replay:" goes without saying.
            if context == .replay && summary.hasPrefix("replay: ") { summary.removeFirst("replay: ".count) }
            out.append(Row(summary: summary, keys: keys.map(\.name)))
        }
        return out
    }

    /// The focus rule, as the box's footer says it.
    /// The replay viewer's footer: no prompt, every key acts.
    public static let replayRule =
        "The replay viewer has no prompt: every key listed acts. After the go-to key, type a frame (5400) or a time (3:00) and press enter."

    public static let focusRule =
        "While you type, letters, digits, punctuation and space go into the prompt; named keys and ctrl-/alt- keys act."

    /// The box's title: the page, and how to turn it.
    static func title(_ page: HelpPages.Page, keymap: Keymap) -> String {
        let n = HelpPages.Page.allCases.count
        return "Help \(page.rawValue + 1)/\(n): \(page == .keys ? "\(keymap.name) keys" : page.title) (tab: \(page.next.title))"
    }

    /// Draws the help: the keys page, or (with a map for the words) another page.
    public func render(
        into buffer: inout CellBuffer, in rect: Rect, context: Context = .all, page: HelpPages.Page, map: GameMap?
    ) {
        switch page {
        case .keys:
            render(into: &buffer, in: rect, context: context, title: Self.title(.keys, keymap: keymap))
        case .words:
            let lines = map.map { HelpPages.words(map: $0) } ?? [("No map: the words page needs one.", false)]
            renderText(lines.map { ($0.0, $0.isHeading ? theme.accent : theme.plain) }, title: Self.title(.words, keymap: keymap),
                       into: &buffer, in: rect)
        case .legend:
            let entries = HelpPages.legend(theme: theme)
            let width = (entries.map { CharacterWidth.of($0.glyph) }.max() ?? 1) + 2
            let lines = entries.map { entry in
                (entry.glyph + String(repeating: " ", count: max(1, width - CharacterWidth.of(entry.glyph))) + entry.meaning, theme.plain)
            }
            renderText(lines, title: Self.title(.legend, keymap: keymap), into: &buffer, in: rect)
        }
    }

    /// A page of text lines in a box, wrapped to fit.
    private func renderText(_ lines: [(String, CellStyle)], title: String, into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 24, area.height >= 6 else { return }
        let width = min(area.width - 4, 96)
        var wrapped: [(String, CellStyle)] = []
        for (line, style) in lines {
            if line.isEmpty { wrapped.append(("", style)) } else { wrapped += TextLayout.wrap(line, width: width).map { ($0, style) } }
        }
        let box = area.centered(width: width + 4, height: min(area.height, wrapped.count + 2))
        let inner = Box.draw(box, title: title, theme: theme, into: &buffer)
        let room = inner.height
        let clipped = wrapped.count > room
        for (k, (line, style)) in wrapped.prefix(clipped ? room - 1 : room).enumerated() {
            buffer.put(string: line, at: inner.x, inner.y + k, style: style, clip: inner)
        }
        if clipped {
            buffer.put(string: "(more than fits: make the terminal larger)", at: inner.x, inner.maxY - 1, style: theme.muted, clip: inner)
        }
    }

    /// Draws the keys page centred in `rect`, in as few columns as let every row fit.
    public func render(into buffer: inout CellBuffer, in rect: Rect, context: Context = .all, title: String? = nil) {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 24, area.height >= 6 else { return }
        let rows = rows(for: context)
        let maxInnerWidth = area.width - 4, maxInnerHeight = area.height - 2
        let minColumn = 28, maxColumn = 44, gap = 2
        // The fewest columns (up to three) that fit every row; else as many as fit across.
        var columns = 1, columnWidth = min(maxColumn, maxInnerWidth), footer: [String] = []
        for c in 1...3 {
            let w = min(maxColumn, (maxInnerWidth - gap * (c - 1)) / c)
            if c > 1 && w < minColumn { break }
            let rule = context == .replay ? HelpOverlay.replayRule : HelpOverlay.focusRule
            let f = TextLayout.wrap(rule, width: c * w + gap * (c - 1))
            columns = c
            columnWidth = w
            footer = f
            if (rows.count + c - 1) / c <= maxInnerHeight - f.count - 1 { break }
        }
        let perColumn = max(1, (rows.count + columns - 1) / columns)
        let innerWidth = columns * columnWidth + gap * (columns - 1)
        let innerHeight = min(maxInnerHeight, perColumn + 1 + footer.count)
        let box = area.centered(width: innerWidth + 4, height: innerHeight + 2)
        let inner = Box.draw(box, title: title ?? "Keys: \(keymap.name) keymap", theme: theme, into: &buffer)
        guard !inner.isEmpty else { return }
        let rowsRoom = max(0, inner.height - 1 - footer.count)
        let clipped = perColumn > rowsRoom
        let shown = clipped ? max(0, rowsRoom - 1) : perColumn
        for (k, row) in rows.enumerated() {
            let column = k / perColumn, line = k % perColumn
            guard line < shown else { continue }
            let x = inner.x + column * (columnWidth + gap)
            let y = inner.y + line
            let cell = Rect(x: x, y: y, width: columnWidth, height: 1).intersection(inner)
            // Whole key names, as many as fit beside a summary of at least 12 columns.
            var keys = ""
            for name in row.keys {
                let candidate = keys.isEmpty ? name : keys + " " + name
                if CharacterWidth.of(candidate) > columnWidth - 13 && !keys.isEmpty { break }
                keys = candidate
            }
            let keysWidth = CharacterWidth.of(keys)
            buffer.put(string: TextLayout.truncate(row.summary, to: columnWidth - keysWidth - 1, ellipsis: theme.glyphs.ellipsis),
                       at: x, y, style: theme.plain, clip: cell)
            buffer.put(string: keys, at: cell.maxX - keysWidth, y, style: theme.accent, clip: cell)
        }
        if clipped {
            buffer.put(string: "(more keys than fit: make the terminal larger)", at: inner.x, inner.y + shown,
                       style: theme.muted, clip: inner)
        }
        for (k, line) in footer.enumerated() {
            buffer.put(string: line, at: inner.x, inner.maxY - footer.count + k, style: theme.muted, clip: inner)
        }
    }
}
