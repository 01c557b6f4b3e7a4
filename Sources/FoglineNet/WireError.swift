/// Why a packet could not be decoded, or a message could not be encoded.
///
/// `kind` is for code (a session answers `.unsupportedVersion` with a `refused`
/// message naming both versions); `message` is for people.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The packet does not start with "FL".
        case badMagic
        /// The header names a protocol version this build does not read.
        case unsupportedVersion(UInt16)
        /// The header names a message kind this version does not know.
        case unknownKind(UInt8)
        /// Fewer bytes than the header, or than the header's payload length, or more.
        case lengthMismatch
        /// The packet (or the message being encoded) is over its size limit.
        case tooLarge
        /// The payload was read completely before its declared length ran out.
        case trailingBytes
        /// A field is out of bounds, badly coded, or inconsistent.
        case malformed
    }

    public var kind: Kind
    /// What is wrong, in words.
    public var message: String
    /// Where in the packet it went wrong, when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }

    static func unsupportedVersion(_ version: UInt16) -> WireError {
        WireError(.unsupportedVersion(version), "protocol version \(version) is not supported (\(WireFormat.versionPhrase))")
    }
}

extension WireFormat {
    /// "this build speaks version 1", or a range when several are read.
    static var versionPhrase: String {
        let v = supportedVersions
        return v.lowerBound == v.upperBound
            ? "this build speaks version \(v.lowerBound)"
            : "this build speaks versions \(v.lowerBound)...\(v.upperBound)"
    }
}
