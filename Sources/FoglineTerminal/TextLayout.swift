/// Fitting text into columns: truncation with an ellipsis, and word wrapping.
public enum TextLayout {
    /// The text cut to `width` columns, ending in `ellipsis` when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        let ellipsisWidth = CharacterWidth.of(ellipsis)
        guard width > ellipsisWidth else { return String(text.prefix(width)) }
        var out = ""
        var used = 0
        for c in text {
            let w = CharacterWidth.of(c)
            if used + w > width - ellipsisWidth { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// The text cut to `width` columns from the left, starting with `ellipsis` when cut
    /// (for paths, whose end matters most).
    public static func truncateLeft(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        let ellipsisWidth = CharacterWidth.of(ellipsis)
        guard width > ellipsisWidth else { return String(text.suffix(width)) }
        var out = ""
        var used = 0
        for c in text.reversed() {
            let w = CharacterWidth.of(c)
            if used + w > width - ellipsisWidth { break }
            out.insert(c, at: out.startIndex)
            used += w
        }
        return ellipsis + out
    }

    /// The text broken into lines of at most `width` columns, at spaces where it can be;
    /// continuation lines start with `indent` spaces.
    public static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
        guard width > indent else { return [truncate(text, to: max(0, width))] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var limit = width
        func flush() {
            lines.append(line)
            line = String(repeating: " ", count: indent)
            lineWidth = indent
            limit = width
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let w = CharacterWidth.of(word)
            let needsSpace = lineWidth > (lines.isEmpty ? 0 : indent)
            if lineWidth + (needsSpace ? 1 : 0) + w <= limit {
                if needsSpace {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += w
                continue
            }
            if lineWidth > (lines.isEmpty ? 0 : indent) { flush() }
            // A word longer than a whole line is cut into pieces.
            var rest = Substring(word)
            while CharacterWidth.of(rest) > limit - lineWidth {
                var piece = ""
                var used = lineWidth
                while let c = rest.first, used + CharacterWidth.of(c) <= limit {
                    piece.append(c)
                    used += CharacterWidth.of(c)
                    rest.removeFirst()
                }
                if piece.isEmpty { rest.removeFirst() }
                line += piece
                lineWidth = used
                flush()
            }
            line += rest
            lineWidth += CharacterWidth.of(rest)
        }
        if lineWidth > (lines.isEmpty ? 0 : indent) || lines.isEmpty { lines.append(line) }
        return lines
    }
}
