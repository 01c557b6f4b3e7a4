/// Screens TOML text for the slips toml++ cannot be trusted to reject cleanly.
///
/// Any TOML that reaches TOMLKit (maps, keymaps) must pass this guard first.
///
/// toml++ (the C++ parser inside TOMLKit) guards its internals with assertions, and
/// some malformed input reaches them: a `}` where an array expects a value
/// (`[1, }`), a table header whose key starts with a character no key starts with
/// (`[#x]`), and bare values that only look like numbers or dates (`1979-05-27 6`,
/// `1979-05-27true`). In debug builds those assertions abort the process; in
/// release builds they become compiler assumptions, which is undefined behaviour.
///
/// So before any text reaches the parser, this lexer follows its structure (keys,
/// headers, strings, comments, arrays, inline tables) and checks every bare value
/// against TOML's grammar for booleans, numbers, dates and times. It only ever
/// refuses text that is not valid TOML; the parser still reports everything else.
public struct TOMLGuard {
    /// A slip the guard found: where it is (1-based) and what to say about it.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { "\(line):\(column): \(message)" }
    }

    typealias Position = MapSourceIndex.Position

    private enum Container {
        case array
        /// An inline table, waiting for a key (`true`) or for a value or separator.
        case table(expectingKey: Bool)
    }

    private let lines: [[Character]]
    private var line = 0
    private var index = 0
    private var stack: [Container] = []

    init(lines: [[Character]]) {
        self.lines = lines
    }

    /// The first slip in the text, or nil when the parser may have it.
    ///
    /// Lines are split on LF and CRLF, the two newlines TOML knows.
    public static func firstProblem(in text: String) -> Problem? {
        firstProblem(in: MapSourceIndex.splitLines(text).map { Array($0) }).map {
            Problem(line: $0.position.line, column: $0.position.column, message: $0.message)
        }
    }

    /// The first slip in the text and what to say about it, or nil when the parser may have it.
    static func firstProblem(in lines: [[Character]]) -> (position: Position, message: String)? {
        var screen = TOMLGuard(lines: lines)
        return screen.run()
    }

    private var here: Position { Position(line: line + 1, column: index + 1) }

    private mutating func run() -> (position: Position, message: String)? {
        while line < lines.count {
            let chars = lines[line]
            index = skipBlanks(chars, from: 0)
            guard index < chars.count, chars[index] != "#" else {
                line += 1
                continue
            }
            if chars[index] == "[" {
                if let problem = checkHeader(chars) { return problem }
                line += 1
                continue
            }
            // A key: its value starts after the first '=' outside quotes.
            guard let equals = findEquals(chars, from: index) else {
                line += 1
                continue
            }
            index = equals + 1
            if let problem = scanValue() { return problem }
            line += 1
        }
        return nil
    }

    /// A header's key must start with a key character, a quote, or be empty (`[]`).
    private func checkHeader(_ chars: [Character]) -> (position: Position, message: String)? {
        var j = skipBlanks(chars, from: index + 1)
        if j < chars.count, chars[j] == "[" { j = skipBlanks(chars, from: j + 1) }
        if j < chars.count {
            let c = chars[j]
            if c == "]" || c == "\"" || c == "'" || TOMLGuard.isBareKeyCharacter(c) { return nil }
            return (Position(line: line + 1, column: j + 1), "expected a key in the table header, saw '\(c)'")
        }
        // The end of the file is reported cleanly by the parser; the end of a line is not.
        guard line + 1 < lines.count else { return nil }
        return (Position(line: line + 1, column: j + 1), "expected a key in the table header, saw the end of the line")
    }

    /// Follows one top-level value to the end of its (last) line.
    private mutating func scanValue() -> (position: Position, message: String)? {
        stack = []
        while line < lines.count {
            let chars = lines[line]
            guard index < chars.count else {
                if stack.isEmpty { return nil }
                line += 1
                index = 0
                continue
            }
            let c = chars[index]
            if c == " " || c == "\t" {
                index += 1
                continue
            }
            if c == "#" {
                index = chars.count
                continue
            }
            if case .table(expectingKey: true) = stack.last {
                switch c {
                case "}":
                    stack.removeLast()
                    index += 1
                case ",":
                    index += 1
                default:
                    // Skip the key to its '='; without one the parser reports the line.
                    if let equals = findEquals(chars, from: index) {
                        stack[stack.count - 1] = .table(expectingKey: false)
                        index = equals + 1
                    } else {
                        index = chars.count
                    }
                }
                continue
            }
            switch c {
            case "\"", "'":
                skipString()
                continue
            case "[":
                stack.append(.array)
            case "{":
                stack.append(.table(expectingKey: true))
            case "]":
                if !stack.isEmpty { stack.removeLast() }
            case "}":
                if case .array = stack.last {
                    return (here, "expected a value or ']' in the array, saw '}'")
                }
                if !stack.isEmpty { stack.removeLast() }
            case ",":
                if case .table = stack.last { stack[stack.count - 1] = .table(expectingKey: true) }
            default:
                let start = index
                let token = readToken(chars)
                if !TOMLGuard.isScalar(token) {
                    let shown = String(token.prefix(40))
                    return (Position(line: line + 1, column: start + 1), "invalid value '\(shown)'")
                }
                continue
            }
            index += 1
        }
        return nil
    }

    /// Reads a bare value up to the next terminator, joining a date to a time after a space.
    private mutating func readToken(_ chars: [Character]) -> [Character] {
        let start = index
        func runEnd(_ from: Int) -> Int {
            var j = from
            while j < chars.count, !TOMLGuard.isTerminator(chars[j]) { j += 1 }
            return j
        }
        var end = runEnd(start)
        // `1979-05-27 07:32:00` is one value; toml++ looks past the space whenever a digit follows.
        if TOMLGuard.isCalendarDay(chars[start..<end]), end + 1 < chars.count, chars[end] == " ",
           TOMLGuard.isDigit(chars[end + 1])
        {
            end = runEnd(end + 1)
        }
        index = end
        return Array(chars[start..<end])
    }

    /// Skips a string of any of TOML's four kinds, across lines for the multi-line ones.
    private mutating func skipString() {
        let chars = lines[line]
        let quote = chars[index]
        let isMulti = index + 2 < chars.count && chars[index + 1] == quote && chars[index + 2] == quote
        index += isMulti ? 3 : 1
        while line < lines.count {
            let current = lines[line]
            if index >= current.count {
                // A single-line string ends (badly, if unclosed) with its line.
                guard isMulti, line + 1 < lines.count else { return }
                line += 1
                index = 0
                continue
            }
            let c = current[index]
            if quote == "\"" && c == "\\" {
                index += 2
                continue
            }
            if c == quote {
                if !isMulti {
                    index += 1
                    return
                }
                if index + 2 < current.count, current[index + 1] == quote, current[index + 2] == quote {
                    index += 3
                    // Up to two more quotes close a multi-line string as part of its content.
                    var extra = 0
                    while extra < 2, index < current.count, current[index] == quote {
                        index += 1
                        extra += 1
                    }
                    return
                }
            }
            index += 1
        }
    }

    private func skipBlanks(_ chars: [Character], from: Int) -> Int {
        var j = from
        while j < chars.count, chars[j] == " " || chars[j] == "\t" || chars[j] == "\u{FEFF}" { j += 1 }
        return j
    }

    /// The index of the first '=' outside quotes on this line, if any.
    private func findEquals(_ chars: [Character], from: Int) -> Int? {
        var quote: Character?
        var j = from
        while j < chars.count {
            let c = chars[j]
            if let q = quote {
                if q == "\"" && c == "\\" {
                    j += 2
                    continue
                }
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                return j
            } else if c == "#" {
                return nil
            }
            j += 1
        }
        return nil
    }

    // MARK: - Characters and scalars

    private static func isTerminator(_ c: Character) -> Bool {
        c.isWhitespace || c == "," || c == "]" || c == "}" || c == "#"
    }

    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func isBareKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
    }

    /// Whether a bare value is a TOML boolean, integer, float, date, time or date-time.
    static func isScalar(_ token: [Character]) -> Bool {
        let text = String(token)
        if ["true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(text) { return true }
        if isBasedInteger(token) || isDecimalNumber(token) { return true }
        return isDateTimeLike(token)
    }

    /// `0x1F`, `0o17`, `0b101`, with single underscores between digits.
    private static func isBasedInteger(_ t: [Character]) -> Bool {
        guard t.count > 2, t[0] == "0" else { return false }
        let digits: (Character) -> Bool
        switch t[1] {
        case "x": digits = { $0.isASCII && $0.isHexDigit }
        case "o": digits = { $0 >= "0" && $0 <= "7" }
        case "b": digits = { $0 == "0" || $0 == "1" }
        default: return false
        }
        return isDigitRun(t[2...], digits)
    }

    /// Digits with single underscores between them: `1_000`.
    private static func isDigitRun(_ t: ArraySlice<Character>, _ accepts: (Character) -> Bool = isDigit) -> Bool {
        guard let first = t.first, let last = t.last, accepts(first), accepts(last) else { return false }
        var previousUnderscore = false
        for c in t {
            if c == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if accepts(c) {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    /// `[+-] int [. digits] [e [+-] digits]`, without leading zeros.
    private static func isDecimalNumber(_ t: [Character]) -> Bool {
        var rest = t[...]
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        let intEnd = rest.firstIndex { $0 == "." || $0 == "e" || $0 == "E" } ?? rest.endIndex
        let intPart = rest[rest.startIndex..<intEnd]
        guard isDigitRun(intPart), intPart.count == 1 || intPart.first != "0" else { return false }
        rest = rest[intEnd...]
        if rest.first == "." {
            rest = rest.dropFirst()
            let fracEnd = rest.firstIndex { $0 == "e" || $0 == "E" } ?? rest.endIndex
            guard isDigitRun(rest[rest.startIndex..<fracEnd]) else { return false }
            rest = rest[fracEnd...]
        }
        if let e = rest.first, e == "e" || e == "E" {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
            return isDigitRun(rest)
        }
        return rest.isEmpty
    }

    /// `dddd-dd-dd`.
    static func isCalendarDay(_ t: ArraySlice<Character>) -> Bool {
        let t = Array(t)
        guard t.count == 10, t[4] == "-", t[7] == "-" else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(t[$0]) }
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`.
    private static func isTime(_ t: ArraySlice<Character>) -> Bool {
        let t = Array(t)
        guard t.count >= 5, isDigit(t[0]), isDigit(t[1]), t[2] == ":", isDigit(t[3]), isDigit(t[4]) else {
            return false
        }
        if t.count == 5 { return true }
        guard t.count >= 8, t[5] == ":", isDigit(t[6]), isDigit(t[7]) else { return false }
        if t.count == 8 { return true }
        return t[8] == "." && t.count > 9 && t[9...].allSatisfy(isDigit)
    }

    /// A local date, a local time, or a date-time with an optional offset.
    private static func isDateTimeLike(_ t: [Character]) -> Bool {
        if isCalendarDay(t[...]) || isTime(t[...]) { return true }
        guard t.count > 11, isCalendarDay(t[0..<10]), t[10] == "T" || t[10] == "t" || t[10] == " " else { return false }
        var time = t[11...]
        if let last = time.last, last == "Z" || last == "z" {
            time = time.dropLast()
        } else if time.count > 6 {
            // An offset: +HH:MM or -HH:MM at the end.
            let offset = Array(time.suffix(6))
            if (offset[0] == "+" || offset[0] == "-") && isDigit(offset[1]) && isDigit(offset[2])
                && offset[3] == ":" && isDigit(offset[4]) && isDigit(offset[5])
            {
                time = time.dropLast(6)
            }
        }
        return isTime(time)
    }
}

/// The guard's first name, from when only maps were TOML; kept for the map loader's tests.
typealias MapTOMLGuard = TOMLGuard
