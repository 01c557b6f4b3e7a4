import ArgumentParser
import Foundation
import FoglineSim

/// Prints `fogline: message` to standard error and returns the exit to throw:
/// a one-line error, no stack trace.
func failure(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("fogline: \(message)\n".utf8))
    return ExitCode(code)
}

/// Prints a line to standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// Loads a map by name or path; a map that does not load is a one-line error.
func loadMap(_ nameOrPath: String) throws -> GameMap {
    do {
        return try MapCatalog.load(nameOrPath)
    } catch {
        throw failure("\(error)")
    }
}

/// A seed for a match whose seed was not given.
func randomSeed() -> UInt64 { UInt64.random(in: 1...0xFFFF_FFFF) }
