import Foundation
import FoglineOrders
import FoglineSim

/// A script of timed commands, one `FRAME: text` line each.
///
/// The text is canonical order JSON (`{"orders": [...]}`); blank lines and lines
/// starting with `#` are skipped. A command is entered on its frame and runs
/// `Rules.inputDelay` frames later, like one typed at the prompt.
public struct CommandScript: Sendable {
    public struct Line: Sendable, Equatable {
        public var frame: Int32
        public var command: PlayerCommand
    }

    /// The lines, by frame (several may share one).
    public let lines: [Line]
    private let byFrame: [Int32: [PlayerCommand]]

    public init(lines: [Line]) {
        self.lines = lines.sorted { $0.frame < $1.frame }
        self.byFrame = Dictionary(grouping: self.lines, by: \.frame).mapValues { $0.map(\.command) }
    }

    /// The commands entered on `frame`.
    public func commands(at frame: Int32) -> [PlayerCommand] { byFrame[frame] ?? [] }

    /// Reads a script file; errors name the file and line.
    public static func load(path: String) throws -> CommandScript {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptError(message: "\(path): cannot read the script (missing or unreadable)")
        }
        guard data.count <= 4 << 20 else { throw ScriptError(message: "\(path): script is larger than 4 MiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScriptError(message: "\(path): script is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses script text.
    public static func parse(_ text: String, file: String = "script") throws -> CommandScript {
        var lines: [Line] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = k + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ScriptError(message: "\(file):\(lineNumber): expected `FRAME: command`")
            }
            let frameText = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let frame = Int32(frameText), frame >= 0 else {
                throw ScriptError(message: "\(file):\(lineNumber): `\(frameText)` is not a frame number")
            }
            let body = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard body.hasPrefix("{") else {
                throw ScriptError(
                    message: "\(file):\(lineNumber): only order JSON is understood here so far ({\"orders\": [...]})")
            }
            do {
                let set = try OrderSet(json: body)
                lines.append(Line(frame: frame, command: PlayerCommand(text: body, orders: set.orders)))
            } catch let e as OrderJSONError {
                throw ScriptError(message: "\(file):\(lineNumber): \(e.message)")
            }
        }
        return CommandScript(lines: lines)
    }
}

/// Why a script could not be used.
public struct ScriptError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
