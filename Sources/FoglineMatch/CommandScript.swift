import Foundation
import FoglineOrders
import FoglineSim

/// A script of timed commands, one `FRAME: text` line each.
///
/// The text is plain English, read by the offline resolver against what the side
/// sees on that frame, or canonical order JSON (`{"orders": [...]}`). Blank lines and
/// lines starting with `#` are skipped. A command is entered on its frame and runs
/// `Rules.inputDelay` frames later, like one typed at the prompt.
public struct CommandScript: Sendable {
    public struct Line: Sendable, Equatable {
        public var frame: Int32
        public var text: String
        /// Orders given as JSON; nil for English, which is resolved when entered.
        public var orders: [Order]?
        public var lineNumber: Int
    }

    public let lines: [Line]
    private var next = 0
    /// Squads the script named so far, as a player's client would keep them.
    private var squads: [String: [Int]] = [:]
    private let resolver = OfflineResolver()

    public init(lines: [Line]) {
        self.lines = lines.sorted { $0.frame != $1.frame ? $0.frame < $1.frame : $0.lineNumber < $1.lineNumber }
    }

    /// The commands entered on the frame `view` shows. English that cannot be carried
    /// out now (an enemy out of sight, say) is entered with no orders, its text kept.
    public mutating func commands(for view: PlayerView) -> [PlayerCommand] {
        var out: [PlayerCommand] = []
        while next < lines.count && lines[next].frame <= view.frame {
            let line = lines[next]
            next += 1
            guard line.frame == view.frame else { continue }
            if let orders = line.orders {
                out.append(PlayerCommand(text: line.text, orders: orders))
                continue
            }
            let resolution = resolver.resolve(line.text, in: ResolverContext(view: view, squads: squads))
            for squad in resolution.squads { squads[squad.name] = squad.units }
            out.append(PlayerCommand(text: line.text, orders: resolution.orderSet.orders))
        }
        return out
    }

    /// Reads a script file; errors name the file and line.
    ///
    /// English lines are checked against the start of a match on `map` for `player`,
    /// so unknown words and ambiguous names are caught before the match starts.
    public static func load(path: String, map: GameMap, player: Int) throws -> CommandScript {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptError(message: "\(path): cannot read the script (missing or unreadable)")
        }
        guard data.count <= 4 << 20 else { throw ScriptError(message: "\(path): script is larger than 4 MiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScriptError(message: "\(path): script is not UTF-8 text")
        }
        return try parse(text, file: path, map: map, player: player)
    }

    /// Parses script text.
    public static func parse(_ text: String, file: String = "script", map: GameMap, player: Int) throws -> CommandScript {
        var lines: [Line] = []
        let start = World(map: map, seed: 0).view(for: player)
        var squads: [String: [Int]] = [:]
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
            guard !body.isEmpty else { throw ScriptError(message: "\(file):\(lineNumber): the command is empty") }
            if body.hasPrefix("{") {
                do {
                    let set = try OrderSet(json: body)
                    lines.append(Line(frame: frame, text: body, orders: set.orders, lineNumber: lineNumber))
                } catch let e as OrderJSONError {
                    throw ScriptError(message: "\(file):\(lineNumber): \(e.message)")
                }
                continue
            }
            let check = OfflineResolver().resolve(body, in: ResolverContext(view: start, squads: squads))
            for squad in check.squads { squads[squad.name] = squad.units }
            if let error = check.orderSet.error, !check.dependsOnState {
                throw ScriptError(message: "\(file):\(lineNumber): \(error)")
            }
            lines.append(Line(frame: frame, text: body, orders: nil, lineNumber: lineNumber))
        }
        return CommandScript(lines: lines)
    }
}

/// Why a script could not be used.
public struct ScriptError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
