import Foundation
import FoglineSim

/// A place in a match as a person types it: a frame number (`5400`) or a clock time
/// (`3:00`, `1:02:03`), as the replay viewer's "go to" and `--from`/`--to` take it.
public enum FramePosition {
    /// The frame `text` names, or nil when it is neither a frame number nor a time.
    ///
    /// Times count 30 frames a second; seconds (and minutes after hours) must be below 60.
    public static func parse(_ text: String) -> Int32? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let numbers = parts.compactMap { Int64($0) }
        if numbers.count == 1 { return Int32(exactly: numbers[0]) }
        // The first part is free (minutes, or hours); the others are below 60.
        guard numbers.dropFirst().allSatisfy({ $0 < 60 }), parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        let seconds = numbers.reduce(0) { $0 * 60 + $1 }
        return Int32(exactly: seconds * Int64(Rules.framesPerSecond))
    }
}
