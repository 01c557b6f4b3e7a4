/// One problem in a map file, at a position in the file's text.
///
/// Prints as `file:line:column: message`, the form editors and compilers use,
/// so a terminal or an editor can jump straight to it.
public struct MapIssue: Error, CustomStringConvertible, Hashable, Sendable {
    /// The file name as the user gave it.
    public var file: String
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column (in characters) in that line.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Why a map file could not be loaded: every problem found in it, in file order.
public struct MapLoadError: Error, CustomStringConvertible, Sendable {
    public var issues: [MapIssue]

    public init(issues: [MapIssue]) {
        self.issues = issues
    }

    /// One issue per line, ready to print.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
