import ArgumentParser
import Foundation

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
