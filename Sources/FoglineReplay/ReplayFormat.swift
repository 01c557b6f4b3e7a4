/// The fixed numbers of the replay file format (described byte by byte in docs/REPLAY.md).
public enum ReplayFormat {
    /// The first eight bytes of every replay: "FOGREPLY" in ASCII.
    public static let magic: [UInt8] = Array("FOGREPLY".utf8)
    /// The format version this build writes and reads.
    public static let version: UInt16 = 1
    /// Magic plus version.
    public static let preambleSize = 10

    /// Chunk framing: kind u8 + payload length u32 before the payload, CRC-32 u32 after.
    public static let chunkHeadSize = 5
    public static let chunkTailSize = 4

    /// The largest payload a reader accepts (and a writer writes).
    public static let maxPayloadBytes = 16 << 20
    /// The largest file a reader opens.
    public static let maxFileBytes = 256 << 20

    /// Frames a writer collects before it writes a frames chunk (one second).
    public static let framesPerChunk: Int32 = 30

    /// Bounds of header fields, in UTF-8 bytes.
    public static let maxMapNameBytes = 256
    public static let maxMapTextBytes = 1 << 20
    public static let maxPlayerNameBytes = 64
    public static let maxPlayerKindBytes = 64
    public static let maxCreatedAtBytes = 64
    public static let maxNoteBytes = 64 << 10
    /// Notes a reader keeps; later ones are skipped, so notes cannot grow memory without bound.
    public static let maxNotes = 4096

    /// Totals over one replay, so a crafted file cannot make a reader allocate without bound.
    public static let maxCommands = 1 << 19
    public static let maxOrders = 1 << 20
}

/// What a chunk holds. Kinds 128 and up are optional: readers skip those they do not know.
public enum ReplayChunkKind: UInt8, Sendable, CaseIterable {
    /// Match metadata; always the first chunk, exactly once.
    case header = 1
    /// A contiguous frame range: its non-empty inputs and the state hashes recorded meanwhile.
    case frames = 2
    /// How the match ended, and the final state hash.
    case result = 3
    /// Free UTF-8 text (optional: readers keep it in `Replay.notes` or skip it).
    case note = 128

    /// Whether a reader that does not know this kind may skip it.
    public static func isOptional(_ kind: UInt8) -> Bool { kind >= 128 }
}
