/// One of the eight compass directions. North is up the screen (smaller y).
public enum CompassDirection: String, Sendable, CaseIterable, Codable {
    case north, northeast, east, southeast, south, southwest, west, northwest

    /// A unit step in cells.
    @inlinable public var step: (dx: Int32, dy: Int32) {
        switch self {
        case .north: return (0, -1)
        case .northeast: return (1, -1)
        case .east: return (1, 0)
        case .southeast: return (1, 1)
        case .south: return (0, 1)
        case .southwest: return (-1, 1)
        case .west: return (-1, 0)
        case .northwest: return (-1, -1)
        }
    }

    /// A facing vector of length about 1024 (diagonals 724, 724).
    @inlinable public var vector: Facing {
        switch self {
        case .north: return Facing(0, -1024)
        case .northeast: return Facing(724, -724)
        case .east: return Facing(1024, 0)
        case .southeast: return Facing(724, 724)
        case .south: return Facing(0, 1024)
        case .southwest: return Facing(-724, 724)
        case .west: return Facing(-1024, 0)
        case .northwest: return Facing(-724, -724)
        }
    }

    /// A stable small code for binary encodings.
    public var code: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    public init?(code: UInt8) {
        guard Int(code) < Self.allCases.count else { return nil }
        self = Self.allCases[Int(code)]
    }

    /// The direction closest to an arbitrary integer vector, or nil for zero.
    public static func nearest(dx: Int32, dy: Int32) -> CompassDirection? {
        if dx == 0 && dy == 0 { return nil }
        // Compare against each direction by the integer dot product of normalised vectors.
        var best = CompassDirection.north
        var bestScore = Int64.min
        for d in allCases {
            let v = d.vector
            let score = Int64(v.x) * Int64(dx) + Int64(v.y) * Int64(dy)
            if score > bestScore {
                bestScore = score
                best = d
            }
        }
        return best
    }
}

/// The way a unit looks: an integer vector, compared by integer dot products.
public struct Facing: Hashable, Sendable {
    public var x: Int32
    public var y: Int32

    @inlinable public init(_ x: Int32, _ y: Int32) {
        self.x = x
        self.y = y
    }

    /// A facing along `(dx, dy)`, scaled down so products stay small; nil for zero.
    @inlinable public static func along(dx: Int32, dy: Int32) -> Facing? {
        if dx == 0 && dy == 0 { return nil }
        var x = dx, y = dy
        while abs(x) > 4096 || abs(y) > 4096 {
            x /= 2
            y /= 2
        }
        return Facing(x, y)
    }

    /// The nearest compass word, for display.
    public var compass: CompassDirection { CompassDirection.nearest(dx: x, dy: y) ?? .north }
}
