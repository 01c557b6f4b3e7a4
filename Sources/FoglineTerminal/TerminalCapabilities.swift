/// What the terminal can show: UTF-8 glyphs or only ASCII, colours or only attributes.
public struct TerminalCapabilities: Hashable, Sendable {
    /// Whether the locale is UTF-8, so box drawing, arrows and shades may be used.
    public var unicode: Bool
    /// Whether colours may be used (and `NO_COLOR` is not set).
    public var colors: Bool

    public init(unicode: Bool, colors: Bool) {
        self.unicode = unicode
        self.colors = colors
    }

    /// UTF-8 and colours: what a modern terminal gets.
    public static let full = TerminalCapabilities(unicode: true, colors: true)
    /// Plain ASCII and no colours: the least any terminal gets.
    public static let minimal = TerminalCapabilities(unicode: false, colors: false)

    /// The capabilities the environment and curses allow.
    ///
    /// - UTF-8 when the locale's character type is UTF-8: the first non-empty of
    ///   `LC_ALL`, `LC_CTYPE` and `LANG` (the POSIX order) names UTF-8 (`UTF-8` or `utf8`,
    ///   any case).
    /// - Colours unless `NO_COLOR` is set to anything non-empty (no-color.org),
    ///   `TERM` is `dumb`, `vt100`-like (`vt52`, `vt100`, `vt102`, `vt220`) or unset,
    ///   or curses says the terminal has none (`cursesHasColors == false`).
    public static func detect(
        environment: [String: String], cursesHasColors: Bool? = nil
    ) -> TerminalCapabilities {
        TerminalCapabilities(
            unicode: localeIsUTF8(environment),
            colors: colorsAllowed(environment) && cursesHasColors != false)
    }

    /// Whether the effective `LC_CTYPE` locale is UTF-8.
    public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }

    /// Whether the environment lets colours be used at all.
    public static func colorsAllowed(_ environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        guard let term = environment["TERM"]?.lowercased(), !term.isEmpty else { return false }
        if term == "dumb" { return false }
        let monochromeTerms = ["vt52", "vt100", "vt102", "vt220"]
        return !monochromeTerms.contains { term == $0 || term.hasPrefix($0 + "-") }
    }
}
