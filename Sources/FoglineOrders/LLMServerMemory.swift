import Foundation

/// What this process has learned about each LLM server it asked: which structured-output
/// forms it refused, which one answered, and whether it refuses `max_tokens`. Kept per
/// endpoint and model (`LLMResolver` makes the key), in memory, so a server that refuses a
/// form costs one refused request per process, not one per command.
public final class LLMServerMemory: @unchecked Sendable {
    /// The process's memory; tests make their own.
    public static let shared = LLMServerMemory()

    /// One server's record.
    public struct Profile: Sendable, Equatable {
        /// Forms the server refused.
        public var refused: Set<LLMDialect> = []
        /// The form that last answered.
        public var answered: LLMDialect?
        /// The server named `max_tokens` when it refused a request.
        public var refusesMaxTokens = false

        /// The forms to try, in order, when `configured` is the user's choice: the one that
        /// answered before first, then the configured order, less what was refused. All of
        /// them again when everything was refused (the server may have changed).
        public func forms(configured: LLMDialect) -> [LLMDialect] {
            var order = configured.withFallbacks
            if let answered, let k = order.firstIndex(of: answered) { order.insert(order.remove(at: k), at: 0) }
            let left = order.filter { !refused.contains($0) }
            return left.isEmpty ? order : left
        }
    }

    private let lock = NSLock()
    // Guarded by `lock`.
    private var profiles: [String: Profile] = [:]

    public init() {}

    /// The key of a configuration's server: its endpoint and model (what a server takes can
    /// differ by model).
    public static func server(of configuration: LLMConfiguration) -> String {
        configuration.endpoint + " " + configuration.model
    }

    /// - Parameter server: the endpoint and the model, as `LLMResolver` names them.
    public func profile(for server: String) -> Profile {
        lock.withLock { profiles[server] ?? Profile() }
    }

    func update(_ endpoint: String, _ change: (inout Profile) -> Void) {
        lock.withLock {
            var profile = profiles[endpoint] ?? Profile()
            change(&profile)
            profiles[endpoint] = profile
        }
    }
}
