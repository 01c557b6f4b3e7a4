import Foundation
import FoglineSim

#if canImport(Glibc)
    import Glibc
#endif

/// The tokens of this machine's seats on match servers, one file a seat (mode 0600) in
/// `DataDirectories.seatFolder()`, so the same `play --server ... --match CODE` rejoins.
enum SeatTokens {
    static func path(server: HostAddress, code: String) -> String {
        let safeHost = server.host.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(DataDirectories.seatFolder())/\(safeHost)-\(server.port)-\(code)"
    }

    /// Keeps `token`; a failure is said, not fatal (the match goes on without a rejoin).
    static func save(_ token: [UInt8], server: HostAddress, code: String) {
        let file = path(server: server, code: code)
        do {
            try FileManager.default.createDirectory(
                atPath: DataDirectories.seatFolder(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let text = token.map { String(format: "%02x", $0) }.joined() + "\n"
            guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            note("fogline: the seat's token could not be kept in \(file) (\(error)); a rejoin will need --token")
        }
    }

    /// The token kept for `code` on `server`, if any.
    static func load(server: HostAddress, code: String) -> [UInt8]? {
        guard let text = try? String(contentsOfFile: path(server: server, code: code), encoding: .utf8) else { return nil }
        return parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func forget(server: HostAddress, code: String) {
        try? FileManager.default.removeItem(atPath: path(server: server, code: code))
    }

    /// 32 hex digits as 16 bytes, or nil.
    static func parse(_ hex: String) -> [UInt8]? {
        let digits = Array(hex)
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
