/// The command line: its text, cursor, history, completion cycle and spinner state.
///
/// Plain value logic, so every editing rule is tested without a terminal. Any edit
/// ends a completion cycle; browsing history keeps the line being written as a draft
/// and gives it back after the newest entry.
public struct PromptState: Hashable, Sendable {
    /// The line as characters (graphemes), so the cursor never splits one.
    public private(set) var characters: [Character] = []
    /// Insertion point, 0...characters.count.
    public private(set) var cursor = 0
    /// Sent lines, oldest first.
    public private(set) var history: [String] = []
    /// The history entry shown, or nil while editing the draft.
    public private(set) var historyIndex: Int?
    /// The line being written when history browsing began.
    public private(set) var draft = ""
    /// The completion cycle in progress, if the last action was a completion.
    public private(set) var completion: CompletionCycle?
    /// Set while a sent command is being resolved: the prompt shows a spinner.
    public var resolving = false
    /// What the resolver is working on, shown beside the spinner.
    public var resolvingText = ""

    /// The most history kept.
    public static let historyLimit = 200
    /// The longest line accepted (the resolver refuses more than 512 bytes anyway).
    public static let maxLength = 512

    public init(history: [String] = []) {
        self.history = Array(history.suffix(PromptState.historyLimit))
    }

    /// The line as a string.
    public var text: String { String(characters) }

    /// One completion cycle: the span it replaces and the candidates it steps through.
    public struct CompletionCycle: Hashable, Sendable {
        /// Where the replaced span starts.
        public var start: Int
        public var candidates: [String]
        /// The candidate shown now.
        public var index: Int
    }

    // MARK: - Editing

    /// Inserts text at the cursor (control characters are dropped).
    public mutating func insert(_ string: String) {
        let accepted = string.filter { CharacterWidth.of($0) > 0 }
        guard !accepted.isEmpty else { return }
        let room = PromptState.maxLength - characters.count
        guard room > 0 else { return }
        edit()
        let chars = Array(accepted.prefix(room))
        characters.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
    }

    public mutating func insert(_ c: Character) { insert(String(c)) }

    public mutating func moveLeft() { endCompletion(); cursor = max(0, cursor - 1) }
    public mutating func moveRight() { endCompletion(); cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { endCompletion(); cursor = 0 }
    public mutating func moveEnd() { endCompletion(); cursor = characters.count }

    /// To the start of the word left of the cursor.
    public mutating func moveWordLeft() {
        endCompletion()
        cursor = wordStart(before: cursor)
    }

    /// To the end of the word right of the cursor.
    public mutating func moveWordRight() {
        endCompletion()
        var i = cursor
        while i < characters.count, characters[i] == " " { i += 1 }
        while i < characters.count, characters[i] != " " { i += 1 }
        cursor = i
    }

    /// Deletes the character before the cursor.
    public mutating func deleteBack() {
        guard cursor > 0 else { return }
        edit()
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        edit()
        characters.remove(at: cursor)
    }

    /// Deletes the word before the cursor and the spaces after it (ctrl-w).
    public mutating func deleteWordBack() {
        let start = wordStart(before: cursor)
        guard start < cursor else { return }
        edit()
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Deletes the whole line (ctrl-u).
    public mutating func killLine() {
        guard !characters.isEmpty else { return }
        edit()
        characters = []
        cursor = 0
    }

    /// Deletes from the cursor to the end of the line (ctrl-k).
    public mutating func killToEnd() {
        guard cursor < characters.count else { return }
        edit()
        characters.removeSubrange(cursor...)
    }

    /// Replaces the whole line, cursor at its end.
    public mutating func setText(_ text: String) {
        endCompletion()
        characters = Array(text.filter { CharacterWidth.of($0) > 0 }.prefix(PromptState.maxLength))
        cursor = characters.count
    }

    /// Empties the line and leaves history browsing.
    public mutating func clear() {
        endCompletion()
        characters = []
        cursor = 0
        historyIndex = nil
        draft = ""
    }

    // MARK: - History

    /// Shows the previous (older) history entry; the first step keeps the line as the draft.
    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        endCompletion()
        let next: Int
        if let i = historyIndex {
            guard i > 0 else { return }
            next = i - 1
        } else {
            draft = text
            next = history.count - 1
        }
        historyIndex = next
        load(history[next])
    }

    /// Shows the next (newer) entry, or the draft after the newest.
    public mutating func historyNext() {
        guard let i = historyIndex else { return }
        endCompletion()
        if i + 1 < history.count {
            historyIndex = i + 1
            load(history[i + 1])
        } else {
            historyIndex = nil
            load(draft)
        }
    }

    /// Takes the line to send: trimmed, non-empty. It goes into history (not twice in a
    /// row) and the prompt empties.
    public mutating func submit() -> String? {
        let line = text.trimmingSpaces
        clear()
        guard !line.isEmpty else { return nil }
        if history.last != line {
            history.append(line)
            if history.count > PromptState.historyLimit { history.removeFirst(history.count - PromptState.historyLimit) }
        }
        return line
    }

    // MARK: - Helpers

    private mutating func load(_ line: String) {
        characters = Array(line)
        cursor = characters.count
    }

    /// Every edit ends history browsing (the edited line becomes the draft) and completion.
    private mutating func edit() {
        endCompletion()
        historyIndex = nil
    }

    mutating func endCompletion() { completion = nil }

    mutating func setCompletion(_ cycle: CompletionCycle?, characters newCharacters: [Character], cursor newCursor: Int) {
        historyIndex = nil
        characters = newCharacters
        cursor = newCursor
        completion = cycle
    }

    /// Where the word that ends at `index` starts (skipping spaces first).
    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1] == " " { i -= 1 }
        while i > 0, characters[i - 1] != " " { i -= 1 }
        return i
    }
}
