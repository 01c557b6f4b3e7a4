/// Where keys and table headers sit in a map file's raw text.
///
/// TOMLKit hands back values but not their positions, so the map loader scans the
/// text itself to point each issue at the right line and column. The scan assumes
/// the text already parsed as TOML; on anything odd it simply records less, and the
/// loader falls back to a coarser position.
struct MapSourceIndex {
    /// A 1-based line and column in the file.
    struct Position: Hashable, Comparable {
        var line: Int
        var column: Int

        static func < (a: Position, b: Position) -> Bool {
            a.line != b.line ? a.line < b.line : a.column < b.column
        }
    }

    /// One `key = value` line or `[table]` / `[[array]]` header.
    struct Entry {
        /// The full dotted path, table prefix included: `["landmarks", "name"]`.
        var path: [String]
        /// Which `[[array]]` table of its section the entry belongs to, counting from 0.
        var arrayIndex: Int?
        /// Where the key (or the header's opening bracket) starts.
        var position: Position
        /// Where the value starts and where it ends (exclusive); nil for headers.
        var valueStart: Position?
        var valueEnd: Position?
    }

    /// The file's lines without their terminators.
    let lines: [[Character]]
    private(set) var entries: [Entry] = []

    init(text: String) {
        lines = MapSourceIndex.splitLines(text).map { Array($0) }
        scan()
    }

    /// Splits on LF and CRLF only, the two newlines TOML knows (and counts lines by).
    static func splitLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// The entry at exactly this path, or failing that the first one inside it.
    func entry(_ path: [String], arrayIndex: Int? = nil) -> Entry? {
        let candidates = entries.filter { arrayIndex == nil || $0.arrayIndex == arrayIndex }
        return candidates.first { $0.path == path }
            ?? candidates.first { $0.path.count > path.count && Array($0.path.prefix(path.count)) == path }
    }

    /// Where the key at this path starts.
    func position(_ path: [String], arrayIndex: Int? = nil) -> Position? {
        entry(path, arrayIndex: arrayIndex)?.position
    }

    /// Where `needle` first occurs inside the value of the entry, if it does.
    func position(of needle: String, inValueOf entry: Entry) -> Position? {
        guard let start = entry.valueStart, let end = entry.valueEnd else { return nil }
        let target = Array(needle)
        guard !target.isEmpty else { return nil }
        var line = start.line
        while line <= end.line && line <= lines.count {
            let chars = lines[line - 1]
            let from = line == start.line ? start.column - 1 : 0
            let upTo = line == end.line ? min(end.column - 1, chars.count) : chars.count
            if from + target.count <= upTo {
                for i in from...(upTo - target.count) where chars[i..<(i + target.count)].elementsEqual(target) {
                    return Position(line: line, column: i + 1)
                }
            }
            line += 1
        }
        return nil
    }

    // MARK: - Scanning

    /// A read position: 0-based line and character index.
    private struct Cursor {
        var line: Int
        var index: Int
    }

    private mutating func scan() {
        var section: [String] = []
        var sectionArrayIndex: Int?
        var arrayCounts: [[String]: Int] = [:]
        var line = 0
        while line < lines.count {
            let chars = lines[line]
            let start = skipSpaces(chars, 0)
            guard start < chars.count, chars[start] != "#" else {
                line += 1
                continue
            }
            if chars[start] == "[" {
                let isArray = start + 1 < chars.count && chars[start + 1] == "["
                let (path, _) = parseKey(chars, start + (isArray ? 2 : 1))
                section = path
                if isArray {
                    let index = arrayCounts[path, default: 0]
                    arrayCounts[path] = index + 1
                    sectionArrayIndex = index
                } else {
                    sectionArrayIndex = nil
                }
                entries.append(Entry(path: path, arrayIndex: sectionArrayIndex,
                                     position: Position(line: line + 1, column: start + 1)))
                line += 1
                continue
            }
            let (key, afterKey) = parseKey(chars, start)
            guard !key.isEmpty, afterKey < chars.count, chars[afterKey] == "=" else {
                line += 1
                continue
            }
            let valueIndex = skipSpaces(chars, afterKey + 1)
            let end = skipValue(from: Cursor(line: line, index: valueIndex))
            entries.append(Entry(
                path: section + key, arrayIndex: sectionArrayIndex,
                position: Position(line: line + 1, column: start + 1),
                valueStart: Position(line: line + 1, column: valueIndex + 1),
                valueEnd: Position(line: end.line + 1, column: end.index + 1)))
            line = end.line + 1
        }
    }

    private func skipSpaces(_ chars: [Character], _ from: Int) -> Int {
        var i = from
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{FEFF}" { i += 1 }
        return i
    }

    /// Reads a dotted key (bare or quoted parts) and returns its parts and the index after it.
    private func parseKey(_ chars: [Character], _ from: Int) -> ([String], Int) {
        var parts: [String] = []
        var i = skipSpaces(chars, from)
        while i < chars.count {
            let c = chars[i]
            if c == "\"" || c == "'" {
                var part = ""
                var j = i + 1
                while j < chars.count, chars[j] != c {
                    if c == "\"", chars[j] == "\\", j + 1 < chars.count {
                        part.append(chars[j + 1])
                        j += 2
                        continue
                    }
                    part.append(chars[j])
                    j += 1
                }
                parts.append(part)
                i = min(j + 1, chars.count)
            } else if c.isLetter || c.isNumber || c == "_" || c == "-" {
                var part = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "-" {
                    part.append(chars[i])
                    i += 1
                }
                parts.append(part)
            } else {
                break
            }
            i = skipSpaces(chars, i)
            guard i < chars.count, chars[i] == "." else { break }
            i = skipSpaces(chars, i + 1)
        }
        return (parts, i)
    }

    /// Skips a value and the rest of its line: strings (multi-line ones too), nested
    /// arrays and inline tables, and comments. Returns where the value ended.
    private func skipValue(from start: Cursor) -> Cursor {
        var cur = start
        var depth = 0
        var valueEnd = start
        while cur.line < lines.count {
            let chars = lines[cur.line]
            if cur.index >= chars.count {
                // End of a physical line: the value ends here unless a bracket is open.
                if depth <= 0 { return valueEnd }
                cur = Cursor(line: cur.line + 1, index: 0)
                continue
            }
            let c = chars[cur.index]
            switch c {
            case "#":
                cur.index = chars.count
                continue
            case "\"", "'":
                cur = skipString(from: cur)
            case "[", "{":
                depth += 1
                cur.index += 1
            case "]", "}":
                depth -= 1
                cur.index += 1
            case " ", "\t", ",":
                cur.index += 1
                continue
            default:
                cur.index += 1
            }
            valueEnd = cur
        }
        return valueEnd
    }

    /// Skips one string literal of any of TOML's four kinds; returns the cursor after it.
    private func skipString(from start: Cursor) -> Cursor {
        let chars = lines[start.line]
        let quote = chars[start.index]
        let isMulti = start.index + 2 < chars.count && chars[start.index + 1] == quote && chars[start.index + 2] == quote
        let escapes = quote == "\""
        var cur = Cursor(line: start.line, index: start.index + (isMulti ? 3 : 1))
        while cur.line < lines.count {
            let line = lines[cur.line]
            if cur.index >= line.count {
                guard isMulti else { return cur }
                cur = Cursor(line: cur.line + 1, index: 0)
                continue
            }
            let c = line[cur.index]
            if escapes && c == "\\" {
                cur.index += 2
                continue
            }
            if c == quote {
                guard isMulti else { return Cursor(line: cur.line, index: cur.index + 1) }
                if cur.index + 2 < line.count, line[cur.index + 1] == quote, line[cur.index + 2] == quote {
                    // Up to two more quotes may close a multi-line string (they belong to its content).
                    var end = cur.index + 3
                    var extra = 0
                    while end < line.count, line[end] == quote, extra < 2 {
                        end += 1
                        extra += 1
                    }
                    return Cursor(line: cur.line, index: end)
                }
            }
            cur.index += 1
        }
        return cur
    }
}
