/// Why a value could not be encoded: it breaks a bound the matching decoder enforces.
///
/// Encoders check the same limits as decoders, so nothing is ever written that a
/// reader would refuse.
public struct EncodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// An append-only little-endian byte buffer for binary encodings (replays, wire messages).
///
/// Integers are little-endian and fixed-width, or LEB128 varints (`varint`) and
/// zigzag varints (`zigzag`) for values that are usually small. Strings are a varint
/// byte count followed by their UTF-8 bytes. The matching reader is `ByteReader`.
public struct ByteWriter: Sendable {
    /// The bytes, internal so inlined writes can append to them.
    @usableFromInline var storage: [UInt8]

    /// Everything written so far.
    @inlinable public var bytes: [UInt8] { storage }

    public init(capacity: Int = 64) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Bytes written so far.
    @inlinable public var count: Int { storage.count }

    /// Forgets the contents but keeps the storage, for reuse in a hot loop.
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
    }

    /// Drops everything after the first `count` bytes, to undo a partly written value.
    ///
    /// - Precondition: `0 <= count <= self.count` (a programming error otherwise).
    public mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= storage.count, "truncate beyond the written bytes")
        storage.removeLast(storage.count - count)
    }

    // MARK: Fixed-width integers

    /// One byte.
    @inlinable public mutating func u8(_ value: UInt8) {
        storage.append(value)
    }

    /// Two bytes, little-endian.
    @inlinable public mutating func u16(_ value: UInt16) {
        storage.append(UInt8(truncatingIfNeeded: value))
        storage.append(UInt8(truncatingIfNeeded: value &>> 8))
    }

    /// Four bytes, little-endian.
    @inlinable public mutating func u32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    /// Eight bytes, little-endian.
    @inlinable public mutating func u64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    /// A signed 32-bit value as its two's-complement `u32`.
    @inlinable public mutating func i32(_ value: Int32) {
        u32(UInt32(bitPattern: value))
    }

    /// A signed 64-bit value as its two's-complement `u64`.
    @inlinable public mutating func i64(_ value: Int64) {
        u64(UInt64(bitPattern: value))
    }

    /// One byte, 0 or 1.
    @inlinable public mutating func bool(_ value: Bool) {
        storage.append(value ? 1 : 0)
    }

    /// Overwrites four storage already written, for a length known only afterwards.
    ///
    /// - Precondition: `offset + 4 <= count` (a programming error otherwise).
    public mutating func setU32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= storage.count, "setU32 outside the written storage")
        storage[offset] = UInt8(truncatingIfNeeded: value)
        storage[offset + 1] = UInt8(truncatingIfNeeded: value &>> 8)
        storage[offset + 2] = UInt8(truncatingIfNeeded: value &>> 16)
        storage[offset + 3] = UInt8(truncatingIfNeeded: value &>> 24)
    }

    // MARK: Varints

    /// An unsigned LEB128 varint: 7 bits a byte, low bits first, 1 to 10 storage, always minimal.
    @inlinable public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        storage.append(UInt8(truncatingIfNeeded: v))
    }

    /// A non-negative count or index as a varint.
    ///
    /// - Precondition: `value >= 0` (a programming error otherwise).
    @inlinable public mutating func varint(_ value: Int) {
        precondition(value >= 0, "varint of a negative Int; use zigzag")
        varint(UInt64(value))
    }

    /// A signed value as a zigzag varint, so small negative numbers stay short.
    @inlinable public mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value &<< 1) ^ (value &>> 63)))
    }

    // MARK: Bytes and strings

    /// Bytes as they are, with no length (the reader must know how many).
    @inlinable public mutating func raw(_ data: [UInt8]) {
        storage.append(contentsOf: data)
    }

    /// Bytes as they are, with no length (the reader must know how many).
    @inlinable public mutating func raw(_ data: ArraySlice<UInt8>) {
        storage.append(contentsOf: data)
    }

    /// Bytes as they are, with no length (the reader must know how many).
    @inlinable public mutating func raw(_ data: UnsafeRawBufferPointer) {
        storage.append(contentsOf: data)
    }

    /// A string as its UTF-8 byte count (varint) then its storage.
    ///
    /// Throws when the UTF-8 form is longer than `maxBytes`, naming the field as `what`.
    public mutating func string(_ value: String, maxBytes: Int, what: String = "string") throws(EncodeError) {
        let length = value.utf8.count
        guard length <= maxBytes else {
            throw EncodeError("\(what) is \(length) storage long, over the limit of \(maxBytes)")
        }
        varint(UInt64(length))
        storage.append(contentsOf: value.utf8)
    }
}
