import FoglineSim
import Testing

@Suite("ByteWriter and ByteReader")
struct ByteCodecTests {
    @Test func fixedWidthIntegersAreLittleEndian() throws {
        var w = ByteWriter()
        w.u8(0xAB)
        w.u16(0x1234)
        w.u32(0xDEAD_BEEF)
        w.u64(0x0102_0304_0506_0708)
        w.i32(-2)
        w.i64(Int64.min)
        w.bool(true)
        #expect(
            w.bytes == [
                0xAB, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE, 8, 7, 6, 5, 4, 3, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF,
                0, 0, 0, 0, 0, 0, 0, 0x80, 1,
            ])
        var r = ByteReader(w.bytes)
        #expect(try r.u8() == 0xAB)
        #expect(try r.u16() == 0x1234)
        #expect(try r.u32() == 0xDEAD_BEEF)
        #expect(try r.u64() == 0x0102_0304_0506_0708)
        #expect(try r.i32() == -2)
        #expect(try r.i64() == Int64.min)
        #expect(try r.bool() == true)
        #expect(r.isAtEnd)
        try r.expectEnd()
    }

    static let knownVarints: [(UInt64, [UInt8])] = [
        (0, [0]), (1, [1]), (127, [0x7F]), (128, [0x80, 1]), (300, [0xAC, 2]),
        (16383, [0xFF, 0x7F]), (16384, [0x80, 0x80, 1]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1]),
    ]

    @Test(arguments: knownVarints)
    func varintKnownEncodings(value: UInt64, bytes: [UInt8]) throws {
        var w = ByteWriter()
        w.varint(value)
        #expect(w.bytes == bytes)
        var r = ByteReader(bytes)
        #expect(try r.varint() == value)
        #expect(r.isAtEnd)
    }

    @Test func varintRoundTripsAtEveryBitWidth() throws {
        var w = ByteWriter()
        var values: [UInt64] = []
        for shift in 0..<64 {
            let v = UInt64(1) << UInt64(shift)
            values += [v - 1, v, v + 1, v | (v >> 1)]
        }
        for v in values { w.varint(v) }
        var r = ByteReader(w.bytes)
        for v in values { #expect(try r.varint() == v) }
        #expect(r.isAtEnd)
    }

    @Test func zigzagRoundTripsAndStaysShort() throws {
        let values: [Int64] = [0, -1, 1, -2, 2, 63, -64, 64, -65, Int64(Int32.max), Int64(Int32.min), .max, .min]
        var w = ByteWriter()
        for v in values { w.zigzag(v) }
        #expect(Array(w.bytes.prefix(5)) == [0, 1, 2, 3, 4])
        var r = ByteReader(w.bytes)
        for v in values { #expect(try r.zigzag() == v) }
        #expect(r.isAtEnd)
    }

    @Test func overLongVarintsAreRefused() {
        // Eleven continuation bytes: more than 64 bits.
        var r = ByteReader([UInt8](repeating: 0xFF, count: 11) + [0])
        let e = #expect(throws: DecodeError.self) { try r.varint() }
        #expect(e?.message.contains("over-long") == true)
        #expect(e?.offset == 0)
        #expect(r.offset == 0)  // the cursor does not move on failure

        // Ten bytes whose last carries bits above 64.
        var r2 = ByteReader([UInt8](repeating: 0xFF, count: 9) + [0x02])
        #expect(throws: DecodeError.self) { try r2.varint() }
    }

    @Test func zeroPaddedVarintsAreRefused() {
        var r = ByteReader([0x80, 0x00])
        let e = #expect(throws: DecodeError.self) { try r.varint() }
        #expect(e?.message.contains("non-minimal") == true)
        var r2 = ByteReader([0x81, 0x80, 0x00])
        #expect(throws: DecodeError.self) { try r2.varint() }
    }

    @Test func truncationThrowsAtEveryLength() throws {
        var w = ByteWriter()
        w.u16(1)
        w.u32(2)
        w.u64(3)
        w.varint(UInt64(1) << 40)
        try w.string("héllo", maxBytes: 16)
        let full = w.bytes
        for cut in 0..<full.count {
            var r = ByteReader(Array(full[0..<cut]))
            let e = #expect(throws: DecodeError.self) {
                _ = try r.u16()
                _ = try r.u32()
                _ = try r.u64()
                _ = try r.varint()
                _ = try r.string(maxBytes: 16)
            }
            #expect(e?.message.contains("truncated") == true, "cut at \(cut): \(String(describing: e))")
            #expect((e?.offset ?? -1) <= cut)
        }
    }

    @Test func stringsAreBoundedAndValidated() throws {
        var w = ByteWriter()
        try w.string("", maxBytes: 0)
        try w.string("naïve ☃", maxBytes: 10)
        #expect(throws: EncodeError.self) { try w.string("too long", maxBytes: 3) }
        var r = ByteReader(w.bytes)
        #expect(try r.string(maxBytes: 0) == "")
        #expect(try r.string(maxBytes: 10) == "naïve ☃")

        // A length over the caller's bound is refused before any bytes are read.
        var long = ByteWriter()
        try long.string("abcdef", maxBytes: 10)
        var r2 = ByteReader(long.bytes)
        let e = #expect(throws: DecodeError.self) { try r2.string(maxBytes: 5, "name") }
        #expect(e?.message == "name length 6 is over the limit of 5")

        // A huge claimed length is refused, not allocated.
        var huge = ByteWriter()
        huge.varint(UInt64.max)
        var r3 = ByteReader(huge.bytes)
        #expect(throws: DecodeError.self) { try r3.string(maxBytes: 1 << 20) }
    }

    static let badUTF8: [[UInt8]] = [
        [0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x61, 0xC3],
    ]

    @Test(arguments: badUTF8)
    func invalidUTF8IsRefused(bytes: [UInt8]) {
        var w = ByteWriter()
        w.varint(bytes.count)
        w.raw(bytes)
        var r = ByteReader(w.bytes)
        let e = #expect(throws: DecodeError.self) { try r.string(maxBytes: 64) }
        #expect(e?.message.contains("UTF-8") == true)
    }

    @Test func slicesReportOffsetsOfTheWholeBuffer() throws {
        let buffer: [UInt8] = [9, 9, 9, 9, 0x80]
        var r = ByteReader(buffer[4...])
        #expect(r.offset == 4)
        let e = #expect(throws: DecodeError.self) { try r.varint() }
        #expect(e?.offset == 4)
        #expect(e?.description.contains("at byte 4") == true)
    }

    @Test func boundedReadsAndRaw() throws {
        var w = ByteWriter()
        w.varint(5)
        w.varint(11)
        w.zigzag(-9)
        w.raw([1, 2, 3])
        w.u8(2)
        var r = ByteReader(w.bytes)
        #expect(try r.count(max: 5, "count") == 5)
        #expect(throws: DecodeError.self) { try r.count(max: 10, "count") }
        #expect(try r.count(max: 11, "count") == 11)
        #expect(throws: DecodeError.self) { try r.zigzag(in: -8...8, "x") }
        #expect(try r.zigzag32("x") == -9)
        #expect(Array(try r.raw(3)) == [1, 2, 3])
        #expect(throws: DecodeError.self) { try r.bool() }
        #expect(throws: DecodeError.self) { try r.raw(-1) }
        #expect(throws: DecodeError.self) { try r.raw(2) }
        #expect(throws: DecodeError.self) { try r.expectEnd() }
        try r.skip(1)
        try r.expectEnd()
    }

    @Test func zigzag32RefusesValuesOutsideInt32() {
        var w = ByteWriter()
        w.zigzag(Int64(Int32.max) + 1)
        var r = ByteReader(w.bytes)
        #expect(throws: DecodeError.self) { try r.zigzag32() }
    }

    @Test func writerPatchAndTruncate() {
        var w = ByteWriter()
        w.u32(0)
        w.u8(7)
        w.setU32(0x0A0B_0C0D, at: 0)
        #expect(w.bytes == [0x0D, 0x0C, 0x0B, 0x0A, 7])
        w.truncate(to: 1)
        #expect(w.bytes == [0x0D])
        w.removeAll()
        #expect(w.count == 0)
    }

    @Test func randomBytesNeverTrapTheReader() {
        var rng = ReplayTestRandom(seed: 42)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var r = ByteReader(bytes)
            // Read until something fails; every failure must be a DecodeError inside the buffer.
            do throws(DecodeError) {
                while true {
                    switch Int.random(in: 0..<6, using: &rng) {
                    case 0: _ = try r.u32()
                    case 1: _ = try r.varint()
                    case 2: _ = try r.zigzag()
                    case 3: _ = try r.string(maxBytes: 8)
                    case 4: _ = try r.bool()
                    default: _ = try r.u64()
                    }
                }
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }
}
