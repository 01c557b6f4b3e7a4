/// A note chunk (kind 128) kept by the reader: free text, and where in the frame
/// stream it was written.
///
/// Notes carry what the format does not otherwise record, such as which server hosted
/// the match. One convention is read by the replay viewer: a note whose text begins
/// `desync at frame N:` reports that the peers' states parted at frame N.
public struct ReplayNote: Hashable, Sendable {
    /// The last frame whose input was recorded before the note, or nil when the note
    /// comes before any frames chunk.
    public var afterFrame: Int32?
    /// The note as written (it may hold any character, so escape it before showing it).
    public var text: String

    public init(afterFrame: Int32?, text: String) {
        self.afterFrame = afterFrame
        self.text = text
    }

    /// The text every desync note begins with, before the frame number.
    public static let desyncPrefix = "desync at frame "

    /// N, for a note that begins `desync at frame N:`; nil for any other note.
    public var desyncFrame: Int32? {
        guard text.hasPrefix(Self.desyncPrefix) else { return nil }
        let rest = text.dropFirst(Self.desyncPrefix.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 10, rest.dropFirst(digits.count).first == ":",
            let frame = Int32(digits)
        else { return nil }
        return frame
    }

    /// The text of a desync note for `frame`, followed by `detail` (what differed).
    public static func desync(at frame: Int32, _ detail: String) -> String {
        "\(desyncPrefix)\(frame): \(detail)"
    }
}
