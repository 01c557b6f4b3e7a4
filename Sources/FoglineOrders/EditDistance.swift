/// Damerau-Levenshtein (optimal string alignment) distance, for typo tolerance.
enum EditDistance {
    static func between(_ a: String, _ b: String, limit: Int = .max) -> Int {
        // Called for every word against every word the resolver knows: ASCII words (nearly
        // all) are compared as bytes in scratch rows on the stack, with no allocation.
        var a = a, b = b
        if let d = a.withUTF8({ x in b.withUTF8({ y in ascii(x, y, limit: limit) }) }) { return d }
        return distance(Array(a), Array(b), limit: limit)
    }

    /// The distance of two ASCII words, or nil when either is not ASCII.
    private static func ascii(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) else { return nil }
        return distance(x, y, limit: limit)
    }

    private static func distance<C: RandomAccessCollection>(_ x: C, _ y: C, limit: Int) -> Int
    where C.Element: Equatable, C.Index == Int {
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let width = y.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var prev2 = rows.baseAddress!, prev = prev2 + width, cur = prev + width
            for j in 0..<width {
                prev2[j] = 0
                prev[j] = j
            }
            let x0 = x.startIndex, y0 = y.startIndex
            for i in 1...x.count {
                cur[0] = i
                var rowMin = cur[0]
                for j in 1...y.count {
                    let cost = x[x0 + i - 1] == y[y0 + j - 1] ? 0 : 1
                    var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                    if i > 1 && j > 1 && x[x0 + i - 1] == y[y0 + j - 2] && x[x0 + i - 2] == y[y0 + j - 1] {
                        v = min(v, prev2[j - 2] + 1)
                    }
                    cur[j] = v
                    rowMin = min(rowMin, v)
                }
                if rowMin > limit { return limit + 1 }
                (prev2, prev, cur) = (prev, cur, prev2)
            }
            return prev[y.count]
        }
    }

    /// How many edits a word of this length may have and still count as a typo of another.
    static func tolerance(for word: String) -> Int {
        word.count <= 3 ? 0 : (word.count <= 6 ? 1 : 2)
    }
}
