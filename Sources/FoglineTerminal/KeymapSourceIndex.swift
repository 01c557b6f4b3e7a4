/// Where each `action = [...]` line and each key string sits in a keymap's text.
///
/// TOMLKit returns values without positions, so the loader scans the text itself to
/// put a line number on every problem. It runs only on text the parser accepted.
struct KeymapSourceIndex {
    struct Entry {
        /// The table the key is in: `[]` for the top level, `["keys"]` for `[keys]`.
        var table: [String]
        var key: String
        var line: Int
        /// The line of each string inside the value, in order.
        var stringLines: [Int]
    }

    private(set) var entries: [Entry] = []
    /// Table headers and their lines.
    private(set) var headers: [(path: [String], line: Int)] = []

    init(text: String) {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map { Array($0) }
        var table: [String] = []
        var n = 0
        while n < lines.count {
            let chars = lines[n]
            var i = KeymapSourceIndex.skipBlanks(chars, 0)
            guard i < chars.count, chars[i] != "#" else {
                n += 1
                continue
            }
            if chars[i] == "[" {
                let close = chars[(i + 1)...].firstIndex(of: "]") ?? chars.count
                let inner = String(chars[(i + 1)..<close]).replacingBrackets
                table = KeymapSourceIndex.splitKeyPath(inner)
                headers.append((table, n + 1))
                n += 1
                continue
            }
            // key = value
            var keyChars: [Character] = []
            var quote: Character?
            while i < chars.count {
                let c = chars[i]
                if let q = quote {
                    if c == q { quote = nil } else { keyChars.append(c) }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "=" {
                    break
                } else {
                    keyChars.append(c)
                }
                i += 1
            }
            guard i < chars.count else {
                n += 1
                continue
            }
            // A dotted key (`keys.quit = ...`) sits in the table its prefix names.
            let path = KeymapSourceIndex.splitKeyPath(String(keyChars))
            let start = n
            var strings: [Int] = []
            (n, _) = KeymapSourceIndex.scanValue(lines, line: n, index: i + 1, strings: &strings)
            entries.append(Entry(table: table + path.dropLast(), key: path.last ?? "", line: start + 1, stringLines: strings))
            n += 1
        }
    }

    /// The entry for a key in a table.
    func entry(table: [String], key: String) -> Entry? {
        entries.first { $0.table == table && $0.key == key }
    }

    /// The line of a table's header.
    func headerLine(_ path: [String]) -> Int? {
        headers.first { $0.path == path }?.line
    }

    /// Follows a value to its end, noting the line of every string; returns the last line.
    private static func scanValue(_ lines: [[Character]], line: Int, index: Int, strings: inout [Int]) -> (Int, Int) {
        var n = line, i = index, depth = 0
        while n < lines.count {
            while i < lines[n].count {
                let c = lines[n][i]
                switch c {
                case "#":
                    i = lines[n].count
                    continue
                case "[", "{":
                    depth += 1
                case "]", "}":
                    depth -= 1
                case "\"", "'":
                    strings.append(n + 1)
                    let chars = lines[n]
                    if i + 2 < chars.count && chars[i + 1] == c && chars[i + 2] == c {
                        // A multi-line string: skip to the closing triple quote, maybe lines later.
                        i += 3
                        closing: while n < lines.count {
                            let cur = lines[n]
                            while i + 2 < cur.count {
                                if cur[i] == c && cur[i + 1] == c && cur[i + 2] == c {
                                    i += 2
                                    break closing
                                }
                                i += 1
                            }
                            n += 1
                            i = 0
                        }
                        if n >= lines.count { return (lines.count - 1, 0) }
                    } else {
                        i += 1
                        while i < chars.count, chars[i] != c {
                            if c == "\"" && chars[i] == "\\" { i += 1 }
                            i += 1
                        }
                    }
                default:
                    break
                }
                i += 1
            }
            if depth <= 0 { return (n, i) }
            n += 1
            i = 0
        }
        return (max(0, lines.count - 1), 0)
    }

    private static func skipBlanks(_ chars: [Character], _ from: Int) -> Int {
        var i = from
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{FEFF}" { i += 1 }
        return i
    }

    /// `a.b`, `"a b".c` into its parts.
    private static func splitKeyPath(_ s: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in s {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmingSpaces)
        return parts
    }
}

extension String {
    /// The text without `[` and `]` (an array-of-tables header's inner brackets).
    fileprivate var replacingBrackets: String {
        String(filter { $0 != "[" && $0 != "]" })
    }
}
