import Foundation

extension DataDirectories {
    /// Where replays are kept: `$XDG_DATA_HOME/fogline/replays` when `XDG_DATA_HOME` is an
    /// absolute path, else `~/.local/share/fogline/replays`. Not created here.
    public static func replayFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return join(base, "fogline/replays")
    }

    /// Where a match server keeps its replays and index: `$XDG_STATE_HOME/fogline/server`
    /// when `XDG_STATE_HOME` is an absolute path, else `~/.local/state/fogline/server`.
    public static func serverFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        return join(base, "fogline/server")
    }

    /// Where a player keeps the tokens of its seats on match servers, to rejoin:
    /// `$XDG_STATE_HOME/fogline/seats` (or `~/.local/state/fogline/seats`).
    public static func seatFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let server = serverFolder(environment: environment)
        return String(server.dropLast("server".count)) + "seats"
    }

    /// The replay files (`*.fogrep`) directly inside a folder, sorted by name.
    ///
    /// A folder that does not exist holds none. One that exists but cannot be listed (not
    /// a folder, no permission) throws: saying "no replays" then would hide the problem.
    /// `reason(_:)` words the error.
    public static func replayFiles(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            if isMissing(error) { return [] }
            throw error
        }
        return names.filter { $0.hasSuffix(".fogrep") && isRegularFile(join(directory, $0)) }.sorted()
            .map { join(directory, $0) }
    }

    /// Why a folder could not be listed, as the system says it ("Permission denied").
    public static func reason(_ error: any Error) -> String {
        // Foundation's own text is often just "The operation could not be completed".
        if let code = posixCode(error), let text = strerror(code) { return String(cString: text) }
        return (error as NSError).localizedDescription
    }

    /// Whether listing failed only because nothing is at the path.
    private static func isMissing(_ error: any Error) -> Bool {
        if let code = posixCode(error) { return code == ENOENT }
        let error = error as NSError
        return error.domain == NSCocoaErrorDomain && error.code == CocoaError.fileReadNoSuchFile.rawValue
    }

    /// The errno under a Foundation error, when it carries one.
    private static func posixCode(_ error: any Error) -> Int32? {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: error.code) }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error else { return nil }
        let inner = underlying as NSError
        return inner.domain == NSPOSIXErrorDomain ? Int32(truncatingIfNeeded: inner.code) : nil
    }
}
