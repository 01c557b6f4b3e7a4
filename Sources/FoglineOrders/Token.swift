/// One word, number or mark of a command line.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case word(String)
        case number(Int)
        /// Punctuation that separates: , ; . ! ? ( ) - : and /.
        case mark(Character)
    }

    var kind: Kind
    /// The token as the player wrote it, for error messages.
    var text: String

    var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    var number: Int? {
        if case .number(let n) = kind { return n }
        return nil
    }

    func isMark(_ c: Character) -> Bool { kind == .mark(c) }

    /// Splits a line into lower-case tokens. Apostrophes stay inside words; anything
    /// else that is neither a letter, a digit nor a known mark is dropped.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var currentIsNumber = false
        func flush() {
            guard !current.isEmpty else { return }
            if currentIsNumber, let n = Int(current.prefix(6)) {
                tokens.append(Token(kind: .number(n), text: current))
            } else {
                tokens.append(Token(kind: .word(current), text: current))
            }
            current = ""
        }
        for ch in text.lowercased() {
            let c: Character = ch == "\u{2019}" ? "'" : ch
            if c.isNumber && c.isASCII {
                if !current.isEmpty && !currentIsNumber { flush() }
                currentIsNumber = true
                current.append(c)
            } else if c.isLetter || (c == "'" && !current.isEmpty && !currentIsNumber) {
                if !current.isEmpty && currentIsNumber { flush() }
                currentIsNumber = false
                current.append(c)
            } else {
                flush()
                if ",;.!?()-:/#&".contains(c) { tokens.append(Token(kind: .mark(c), text: String(c))) }
            }
        }
        flush()
        return tokens
    }
}
