/// Why a keymap could not be loaded: every problem found, each at its file and line.
public struct KeymapError: Error, CustomStringConvertible, Sendable {
    /// One problem: `file:line: message`.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String

        public init(file: String, line: Int, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }

        public var description: String { "\(file):\(line): \(message)" }
    }

    public var issues: [Issue]

    public init(issues: [Issue]) {
        self.issues = issues
    }

    public init(file: String, line: Int, message: String) {
        self.issues = [Issue(file: file, line: line, message: message)]
    }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
