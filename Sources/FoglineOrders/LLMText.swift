/// Small text helpers for the LLM path, kept apart so their names cannot clash with the
/// offline resolver's own helpers.
enum LLMText {
    /// `text` without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ text: String) -> String {
        // `isWhitespace`, not a list of characters: "\r\n" is one Character in Swift.
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// At most `limit` characters of `text`, with an ellipsis when cut; control characters become spaces,
    /// so a server's words cannot break a log line or the terminal.
    static func clipped(_ text: String, to limit: Int = 160) -> String {
        var out = ""
        for (k, ch) in text.enumerated() {
            if k == limit {
                out += "…"
                break
            }
            out.append(ch.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? ch : " ")
        }
        return out
    }

    /// Lower case, spaces collapsed, trailing full stops and exclamation marks dropped:
    /// "Scouts  move North." and "scouts move north" are the same command.
    static func normalizedCommand(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while let last = words.last, last == "." || last == "!" { words.removeLast() }
        return trimmed(words)
    }

    /// Whole milliseconds of a duration, rounded down.
    static func milliseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
