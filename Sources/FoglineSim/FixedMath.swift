/// Integer helpers for the simulation, which uses no floating point.
public enum FixedMath {
    /// The integer square root: the largest r with r*r <= n (n >= 0).
    @inlinable public static func isqrt(_ n: Int64) -> Int64 {
        if n <= 0 { return 0 }
        var x = Int64(1) << ((64 - n.leadingZeroBitCount + 1) / 2)
        while true {
            let y = (x + n / x) / 2
            if y >= x { break }
            x = y
        }
        while x * x > n { x -= 1 }
        while (x + 1) * (x + 1) <= n { x += 1 }
        return x
    }
}
