import FoglineReplay
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    @Test func knownCheckValues() {
        #expect(CRC32.checksum(of: "123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(of: "The quick brown fox jumps over the lazy dog".utf8) == 0x414F_A339)
        #expect(CRC32.checksum([0]) == 0xD202_EF8D)
    }

    @Test func incrementalEqualsWhole() {
        var rng = ReplayTestRandom(seed: 3)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for split in [0, 1, 499, 999, 1000] {
            var crc = CRC32()
            crc.update(bytes[..<split])
            crc.update(Array(bytes[split...]))
            #expect(crc.value == CRC32.checksum(bytes))
        }
        #expect(CRC32.checksum(of: bytes) == CRC32.checksum(bytes))
    }
}
