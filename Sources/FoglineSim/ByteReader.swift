/// Why bytes could not be decoded, and where.
public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in words.
    public var message: String
    /// Where it went wrong: an index into the bytes the reader was given (for an
    /// `ArraySlice`, the slice's own indices, so offsets into a larger buffer stay true).
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

/// A bounds-checked little-endian cursor over bytes that throws instead of trapping.
///
/// Every read either returns a value and advances, or throws a `DecodeError` with the
/// offset of the value that failed and leaves the cursor where it was. It decodes
/// what `ByteWriter` encodes; varints must be minimal (one encoding per value).
public struct ByteReader: Sendable {
    /// The bytes being read; indices are the offsets reported in errors.
    public let buffer: ArraySlice<UInt8>
    /// The index of the next byte to read (kept internal so inlined reads can move it).
    @usableFromInline var position: Int

    /// The index of the next byte to read.
    @inlinable public var offset: Int { position }

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    public init(_ bytes: ArraySlice<UInt8>) {
        buffer = bytes
        position = bytes.startIndex
    }

    /// Bytes not read yet.
    @inlinable public var remaining: Int { buffer.endIndex - position }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { position >= buffer.endIndex }

    /// An error at the current offset (or a given one), for checks made by callers.
    public func error(_ message: String, at offset: Int? = nil) -> DecodeError {
        DecodeError(message, offset: offset ?? position)
    }

    @usableFromInline func truncated(_ what: String, needs: Int) -> DecodeError {
        DecodeError("truncated: \(what) needs \(needs) bytes but only \(remaining) remain", offset: position)
    }

    // MARK: Fixed-width integers

    /// One byte.
    @inlinable public mutating func u8() throws(DecodeError) -> UInt8 {
        guard position < buffer.endIndex else { throw truncated("a u8", needs: 1) }
        let b = buffer[position]
        position += 1
        return b
    }

    /// Two bytes, little-endian.
    @inlinable public mutating func u16() throws(DecodeError) -> UInt16 {
        guard remaining >= 2 else { throw truncated("a u16", needs: 2) }
        let v = UInt16(buffer[position]) | UInt16(buffer[position + 1]) &<< 8
        position += 2
        return v
    }

    /// Four bytes, little-endian.
    @inlinable public mutating func u32() throws(DecodeError) -> UInt32 {
        guard remaining >= 4 else { throw truncated("a u32", needs: 4) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(buffer[position + i]) &<< UInt32(8 * i) }
        position += 4
        return v
    }

    /// Eight bytes, little-endian.
    @inlinable public mutating func u64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { throw truncated("a u64", needs: 8) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(buffer[position + i]) &<< UInt64(8 * i) }
        position += 8
        return v
    }

    /// A two's-complement signed 32-bit value.
    @inlinable public mutating func i32() throws(DecodeError) -> Int32 {
        Int32(bitPattern: try u32())
    }

    /// A two's-complement signed 64-bit value.
    @inlinable public mutating func i64() throws(DecodeError) -> Int64 {
        Int64(bitPattern: try u64())
    }

    /// One byte that must be 0 or 1.
    public mutating func bool(_ what: String = "bool") throws(DecodeError) -> Bool {
        let start = position
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b:
            position = start
            throw error("\(what) must be 0 or 1, found \(b)")
        }
    }

    // MARK: Varints

    /// An unsigned LEB128 varint. Refuses more than 64 bits and zero padding.
    @inlinable public mutating func varint() throws(DecodeError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < buffer.endIndex else {
                let e = DecodeError("truncated: varint runs past the end", offset: start)
                position = start
                throw e
            }
            let b = buffer[position]
            position += 1
            // The tenth byte holds only the top bit of a 64-bit value.
            if shift == 63 && b > 1 {
                position = start
                throw DecodeError("over-long varint (more than 64 bits)", offset: start)
            }
            result |= UInt64(b & 0x7F) &<< shift
            if b & 0x80 == 0 {
                // A zero last byte after others is padding: the value has a shorter form.
                if b == 0 && shift > 0 {
                    position = start
                    throw DecodeError("non-minimal varint (zero padding)", offset: start)
                }
                return result
            }
            shift += 7
        }
    }

    /// A varint no larger than `max`, naming the field as `what` in the error.
    public mutating func varint(max: UInt64, _ what: String) throws(DecodeError) -> UInt64 {
        let start = position
        let v = try varint()
        guard v <= max else {
            position = start
            throw DecodeError("\(what) \(v) is over the limit of \(max)", offset: start)
        }
        return v
    }

    /// A count or length as a varint in `0...max`, as an `Int`.
    public mutating func count(max: Int, _ what: String) throws(DecodeError) -> Int {
        Int(try varint(max: UInt64(Swift.max(max, 0)), what))
    }

    /// A zigzag varint as a signed 64-bit value.
    @inlinable public mutating func zigzag() throws(DecodeError) -> Int64 {
        let u = try varint()
        return Int64(bitPattern: (u &>> 1) ^ (0 &- (u & 1)))
    }

    /// A zigzag varint that must fit `range`.
    public mutating func zigzag(in range: ClosedRange<Int64>, _ what: String) throws(DecodeError) -> Int64 {
        let start = position
        let v = try zigzag()
        guard range.contains(v) else {
            position = start
            throw DecodeError("\(what) \(v) is outside \(range.lowerBound)...\(range.upperBound)", offset: start)
        }
        return v
    }

    /// A zigzag varint that must fit in an `Int32`.
    public mutating func zigzag32(_ what: String = "value") throws(DecodeError) -> Int32 {
        Int32(try zigzag(in: Int64(Int32.min)...Int64(Int32.max), what))
    }

    // MARK: Bytes and strings

    /// The next `count` bytes, as a slice of the buffer (no copy).
    public mutating func raw(_ count: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        guard count >= 0 else { throw error("negative byte count \(count)") }
        guard remaining >= count else { throw truncated("a run of bytes", needs: count) }
        let slice = buffer[position..<(position + count)]
        position += count
        return slice
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int) throws(DecodeError) {
        _ = try raw(count)
    }

    /// A string written by `ByteWriter.string`: at most `maxBytes` bytes of valid UTF-8.
    public mutating func string(maxBytes: Int, _ what: String = "string") throws(DecodeError) -> String {
        let start = position
        let length = try count(max: maxBytes, "\(what) length")
        guard remaining >= length else {
            let e = truncated("\(what) (\(length) bytes)", needs: length)
            position = start
            throw e
        }
        let bytes = buffer[position..<(position + length)]
        guard let text = String(validating: bytes, as: UTF8.self) else {
            position = start
            throw DecodeError("\(what) is not valid UTF-8", offset: start)
        }
        position += length
        return text
    }

    /// Throws unless every byte has been read, naming what should have ended.
    public func expectEnd(_ what: String = "data") throws(DecodeError) {
        guard isAtEnd else {
            throw error("\(remaining) unexpected trailing bytes after \(what)")
        }
    }
}
