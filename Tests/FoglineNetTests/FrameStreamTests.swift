import Testing

@testable import FoglineNet

@Suite("A stream of frames that arrive out of order")
struct FrameStreamTests {
    @Test("Frames beyond a gap wait for it; repeats and frames past the horizon change nothing")
    func contiguous() {
        var stream = FrameStream<String>(initial: ["0", "1"])
        #expect(stream.through == 1)
        stream.take(4, "4")
        stream.take(3, "3")
        #expect(stream.through == 1, "2 is missing: 3 and 4 wait")
        stream.take(2, "2")
        #expect(stream.through == 4)
        #expect(stream.elements == ["0", "1", "2", "3", "4"])
        stream.take(3, "again")
        stream.take(1, "old")
        #expect(stream[3] == "3" && stream[1] == "1")
        stream.take(9, "far", horizon: 8)
        stream.take(5, "5")
        stream.take(6, "6")
        stream.take(7, "7")
        stream.take(8, "8")
        #expect(stream.through == 8, "frame 9 was past the horizon and never kept")
    }
}
