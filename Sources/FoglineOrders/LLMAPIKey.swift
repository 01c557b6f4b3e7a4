/// An API key that never shows itself: printing, interpolating, dumping or reflecting it
/// gives `<redacted>`. Only `LLMClient` reads the text, to build the Authorization header.
public struct LLMAPIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; internal so nothing outside this module can print it by accident.
    let secret: String

    /// A key, or nil when `text` is empty or only spaces.
    public init?(_ text: String) {
        let trimmed = LLMText.trimmed(text)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the key replaced, for anything that might echo it
    /// (a server's error message, a URL with credentials).
    public func scrub(_ text: String) -> String {
        guard secret.utf8.count >= 4, text.contains(secret) else { return text }
        return text.replacing(secret, with: "<redacted>")
    }
}
