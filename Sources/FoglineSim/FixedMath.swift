/// Integer helpers for the simulation, whose results never depend on floating point.
public enum FixedMath {
    /// The integer square root: the largest r with r*r <= n (n >= 0).
    ///
    /// The hardware square root gives a first guess and integer steps correct it, so the
    /// answer is the exact integer one whatever the guess: floating point never decides it.
    @inlinable public static func isqrt(_ n: Int64) -> Int64 {
        if n <= 0 { return 0 }
        // 3,037,000,499 is the largest r whose square fits in an Int64.
        var x = min(Int64(Double(n).squareRoot()), 3_037_000_499)
        while x * x > n { x -= 1 }
        while x < 3_037_000_499 && (x + 1) * (x + 1) <= n { x += 1 }
        return x
    }
}
