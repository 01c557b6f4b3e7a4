/// Integer helpers for the simulation, which uses no floating point.
public enum FixedMath {
    /// The integer square root: the largest r with r*r <= n (n >= 0).
    ///
    /// Newton's method in integers from a power of two above the root, then a check
    /// that stays clear of overflow at the top of the range.
    @inlinable public static func isqrt(_ n: Int64) -> Int64 {
        if n <= 0 { return 0 }
        // 3,037,000,499 is the largest r whose square fits in an Int64.
        let top: Int64 = 3_037_000_499
        var x = min(Int64(1) << ((64 - n.leadingZeroBitCount + 1) / 2), top)
        while true {
            let y = (x + n / x) / 2
            if y >= x { break }
            x = y
        }
        while x * x > n { x -= 1 }
        while x < top && (x + 1) * (x + 1) <= n { x += 1 }
        return x
    }
}
