/// The CRC-32 checksum of zlib, PNG and Ethernet (IEEE 802.3, reflected polynomial 0xEDB88320).
///
/// Table-driven, one byte per step. `CRC32.checksum(of: "123456789".utf8)` is 0xCBF43926.
public struct CRC32: Sendable, Equatable {
    /// The running register, before the final inversion.
    private var register: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of everything fed so far.
    public var value: UInt32 { ~register }

    /// Feeds more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var r = register
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                r = table[Int((r ^ UInt32(byte)) & 0xFF)] ^ (r >> 8)
            }
        }
        register = r
    }

    /// Feeds more bytes.
    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds more bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds more bytes from any sequence (slower; for tests and small inputs).
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        var r = register
        for byte in bytes {
            r = Self.table[Int((r ^ UInt32(byte)) & 0xFF)] ^ (r >> 8)
        }
        register = r
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        checksum(bytes[...])
    }

    /// The checksum of any byte sequence.
    public static func checksum<S: Sequence>(of bytes: S) -> UInt32 where S.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The 256 remainders of each byte value, built once on first use.
    private static let table: [UInt32] = (0..<256).map { (n: UInt32) -> UInt32 in
        var c = n
        for _ in 0..<8 {
            c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }
}
