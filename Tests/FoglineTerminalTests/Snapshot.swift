import Foundation
import Testing

@testable import FoglineTerminal

/// Golden text snapshots of cell buffers, in `Snapshots/NAME.txt`.
///
/// A snapshot holds the buffer's characters, one row per line closed by `|`, then the
/// same grid of style codes (`.` is the plain style, letters and digits stand for the
/// styles listed in the legend that follows). Run the tests with
/// `FOGLINE_UPDATE_SNAPSHOTS=1` to write snapshots on purpose; without it a missing or
/// different snapshot fails the test (the rendering is written next to the test run's
/// temporary directory for comparison).
enum Snapshot {
    static var updating: Bool { ProcessInfo.processInfo.environment["FOGLINE_UPDATE_SNAPSHOTS"] == "1" }

    /// The text form of a buffer.
    static func text(of buffer: CellBuffer, name: String) -> String {
        var out = "# snapshot \(name): \(buffer.width)x\(buffer.height)\n"
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width where !buffer[x, y].isContinuation { row.append(buffer[x, y].character) }
            out += row + "|\n"
        }
        out += "# styles\n"
        var codes: [CellStyle: Character] = [.plain: "."]
        var order: [CellStyle] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                if codes[style] == nil {
                    codes[style] = order.count < alphabet.count ? alphabet[order.count] : "?"
                    order.append(style)
                }
                row.append(codes[style]!)
            }
            out += row + "|\n"
        }
        out += "# legend\n"
        for style in order {
            var parts: [String] = []
            if style.foreground != .normal { parts.append("fg=\(style.foreground.name)") }
            if style.background != .normal { parts.append("bg=\(style.background.name)") }
            parts += style.attributes.names
            out += "\(codes[style]!) \(parts.joined(separator: " "))\n"
        }
        return out
    }

    /// Checks a buffer against its snapshot (or writes it when updating).
    static func check(_ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(of: buffer, name: name)
        let url = Repository.snapshots.appendingPathComponent("\(name).txt")
        if updating {
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record(Comment(rawValue: "cannot write snapshot \(url.path): \(error)"), sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            let saved = saveActual(actual, name: name)
            let message = "missing snapshot \(name).txt (run with FOGLINE_UPDATE_SNAPSHOTS=1 to create it; "
                + "rendering saved to \(saved))"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        let want = line < e.count ? String(e[line]) : "<end>"
        let got = line < a.count ? String(a[line]) : "<end>"
        let saved = saveActual(actual, name: name)
        let message = "snapshot \(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n"
            + "(rendering saved to \(saved); FOGLINE_UPDATE_SNAPSHOTS=1 accepts it)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }

    private static func saveActual(_ text: String, name: String) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-snapshot-\(name).txt")
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
