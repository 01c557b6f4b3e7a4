/// Why a replay could not be written or opened at all.
///
/// Damage after a good header is not an error: the reader returns what it could read
/// and describes the rest in `ReplayDamage`.
public struct ReplayError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static let notAReplay = ReplayError("not a Fogline replay")

    static func unsupportedVersion(_ version: UInt16) -> ReplayError {
        ReplayError(
            "replay format version \(version) is not supported (this build reads version \(ReplayFormat.version))")
    }
}
