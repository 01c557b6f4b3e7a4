/// Where a replay stops being readable, and why.
public struct ReplayDamage: Hashable, Sendable, CustomStringConvertible {
    /// The byte offset of the first chunk that could not be read.
    public var offset: Int
    /// What is wrong, e.g. "chunk 12 at byte 40960: checksum mismatch".
    public var message: String
    /// The last frame whose input is known, or nil if no frames were readable.
    public var lastGoodFrame: Int32?

    public init(offset: Int, message: String, lastGoodFrame: Int32?) {
        self.offset = offset
        self.message = message
        self.lastGoodFrame = lastGoodFrame
    }

    /// Says how far the file reads in the viewer's numbering (`frame N/TOTAL`, the world
    /// after N frames): one past `lastGoodFrame`, the world its input leads to.
    public var description: String {
        if let lastGoodFrame {
            return "\(message); readable up to frame \(Int(lastGoodFrame) + 1)"
        }
        return "\(message); no frames readable"
    }
}
