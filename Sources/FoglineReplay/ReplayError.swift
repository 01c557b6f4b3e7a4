/// Why a replay could not be written or opened at all.
///
/// Damage after a good header is not an error: the reader returns what it could read
/// and describes the rest in `ReplayDamage`.
public struct ReplayError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// The file's format version, when that version is what this build cannot read.
    public var unsupportedFormatVersion: UInt16?

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Whether the file was written by a newer Fogline (a format version above this build's).
    public var isNewerFormat: Bool { unsupportedFormatVersion.map { $0 > ReplayFormat.version } ?? false }

    static let notAReplay = ReplayError("not a Fogline replay")

    static func unsupportedVersion(_ version: UInt16) -> ReplayError {
        var error = ReplayError(
            "replay format version \(version) is not supported (this build reads version \(ReplayFormat.version))")
        error.unsupportedFormatVersion = version
        return error
    }
}
