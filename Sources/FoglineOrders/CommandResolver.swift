import FoglineSim
import Foundation

/// Which resolver reads commands.
public enum ResolverMode: String, Sendable, CaseIterable {
    /// This machine only (the default): well under a millisecond, no network.
    case offline
    /// The LLM for every command (squad naming stays offline: orders cannot express it);
    /// the offline resolver answers when the LLM fails or is too slow.
    case llm
    /// The offline resolver first; the LLM only for what it cannot read.
    case auto
}

/// The front door from English to orders, for the 30 Hz loops of the terminal and the
/// network session, and for `fogline parse`.
///
/// Offline answers come at once, on the caller's thread. The LLM path runs in a task and on
/// a libcurl thread of its own, so nothing the caller does waits on the network: a frame
/// loop calls `submit` and polls the ticket each frame; async code awaits `resolve`.
/// LLM answers are checked against the player's view (`OrderValidator`) before anything
/// uses them; checked answers are cached (`ResolutionCache`). Every note a resolution
/// carries has had the API key scrubbed out.
public final class CommandResolver: Sendable {
    public let mode: ResolverMode
    public let offline: OfflineResolver
    /// Nil in offline mode.
    public let llm: LLMResolver?
    public let cache: ResolutionCache?

    /// - Parameters:
    ///   - llm: where to ask; needed for `.llm` and `.auto` (without it they answer offline,
    ///     with a note).
    ///   - cache: where checked LLM answers are kept; nil caches nothing.
    ///   - memory: what this process learned about LLM servers; tests bring their own.
    public init(
        mode: ResolverMode = .offline, llm: LLMConfiguration? = nil, cache: ResolutionCache? = nil,
        memory: LLMServerMemory = .shared
    ) {
        self.mode = mode
        offline = OfflineResolver()
        self.llm = mode == .offline ? nil : llm.map { LLMResolver(configuration: $0, memory: memory) }
        self.cache = cache
    }

    /// The cache namespace: answers of another model or an older prompt are not reused.
    var cacheNamespace: String {
        "prompt \(LLMPrompt.version)\u{1F}model \(llm?.configuration.model ?? "")"
    }

    // MARK: - Resolving

    /// Resolves `text` for the player of `context`. Returns at once when no request is needed.
    public func resolve(_ text: String, in context: ResolverContext) async -> Resolution {
        switch immediate(text, in: context) {
        case .answer(let answer): return answer
        case .askLLM(let local): return await resolveWithLLM(text, in: context, offlineAnswer: local)
        }
    }

    /// The answer if it is there without waiting (offline mode, an offline answer in auto mode,
    /// a squad definition, a cache hit in memory); nil when the disk cache or the LLM must be
    /// asked. Never touches the disk or the network: safe on a frame loop's thread.
    public func resolveWithoutWaiting(_ text: String, in context: ResolverContext) -> Resolution? {
        if case .answer(let answer) = immediate(text, in: context) { return answer }
        return nil
    }

    /// Starts resolving and returns at once; the ticket is already finished when no request is
    /// needed. For loops that must not wait: poll `ticket.result` each frame.
    public func submit(_ text: String, in context: ResolverContext) -> Ticket {
        switch immediate(text, in: context) {
        case .answer(let answer):
            return Ticket(finished: answer)
        case .askLLM(let local):
            let ticket = Ticket()
            let task = Task.detached { [self] in
                ticket.finish(await resolveWithLLM(text, in: context, offlineAnswer: local))
            }
            ticket.attach(task)
            return ticket
        }
    }

    /// What can be answered without waiting, and what needs the LLM.
    private enum Immediate {
        case answer(Resolution)
        /// The offline answer comes along for the fallback.
        case askLLM(offline: Resolution)
    }

    private func immediate(_ text: String, in context: ResolverContext) -> Immediate {
        // In llm mode a cache hit needs no offline parse at all (squad definitions, the one
        // thing kept offline, are never cached). In auto mode offline goes first, always.
        // Only memory here: the disk is read on the way to the LLM, off the caller's thread.
        if mode == .llm, llm != nil, let hit = cached(text, in: context, disk: false) { return .answer(hit) }
        let local = offline.resolve(text, in: context)
        switch mode {
        case .offline: return .answer(local)
        case .auto where !local.isError: return .answer(local)
        case .llm where !local.squads.isEmpty: return .answer(local)
        case .auto, .llm: break
        }
        // Nothing to translate: the offline resolver's advice is the answer.
        if LLMText.normalizedCommand(text).isEmpty { return .answer(local) }
        guard llm != nil else { return .answer(fallback(local, because: "no LLM is configured")) }
        if mode == .auto, let hit = cached(text, in: context, disk: false) { return .answer(hit) }
        return .askLLM(offline: local)
    }

    /// Asks the LLM (the cache has already missed), checks the answer, caches it; falls back.
    private func resolveWithLLM(_ text: String, in context: ResolverContext, offlineAnswer: Resolution) async
        -> Resolution
    {
        guard let llm else { return fallback(offlineAnswer, because: "no LLM is configured") }
        if let hit = cached(text, in: context, disk: true) { return hit }
        switch await llm.resolve(text, in: context) {
        case .failure(let failure):
            return fallback(offlineAnswer, because: failure.description)
        case .success(let answer):
            let report = OrderValidator(context: context).validate(answer.orders)
            // One invalid order rejects the answer whole: the rest came from the same misreading.
            guard report.isWhole else {
                let shown = report.rejected.prefix(2).joined(separator: "; ")
                let more = report.rejected.count > 2 ? " (and \(report.rejected.count - 2) more)" : ""
                return fallback(offlineAnswer, because: "the LLM's answer was rejected: \(shown)\(more)")
            }
            let notes = scrub(report.notes)
            if !report.orders.isEmpty {
                let orders = OrderSet(orders: report.orders)
                cache?.store(orders, for: ResolutionCache.key(for: text, in: context, namespace: cacheNamespace))
                return Resolution(orderSet: orders, source: .llm, notes: notes)
            }
            let why = answer.error.map { scrub([$0])[0] } ?? "the LLM gave no orders"
            // A model that only says it could not is no reason to drop what the offline
            // resolver read (in llm mode it has not been used yet).
            if !offlineAnswer.isError {
                return fallback(offlineAnswer, because: "the LLM gave no orders (\(LLMText.clipped(why, to: 120)))")
            }
            var failure = Resolution.failure(why, suggestions: offlineAnswer.orderSet.suggestions, source: .llm)
            failure.notes = notes
            return failure
        }
    }

    /// A cache hit, checked again against the game as it is now.
    private func cached(_ text: String, in context: ResolverContext, disk: Bool) -> Resolution? {
        guard let cache else { return nil }
        let key = ResolutionCache.key(for: text, in: context, namespace: cacheNamespace)
        guard let stored = disk ? cache.lookup(key) : cache.lookupInMemory(key) else { return nil }
        let report = OrderValidator(context: context).validate(stored.orders)
        // The key holds every fact validation reads, so this only trips on a damaged entry.
        guard report.isWhole else {
            cache.remove(key)
            return nil
        }
        return Resolution(orderSet: OrderSet(orders: report.orders), source: .cache, notes: report.notes)
    }

    private func fallback(_ local: Resolution, because why: String) -> Resolution {
        var answer = local
        answer.source = .fallback
        answer.notes = scrub(["fell back to the offline resolver: \(why)"]) + answer.notes
        return answer
    }

    private func scrub(_ notes: [String]) -> [String] {
        guard let key = llm?.configuration.apiKey else { return notes }
        return notes.map(key.scrub)
    }

    // MARK: - Tickets

    /// A resolution under way. Poll `result` from any thread without blocking, or await `value`.
    public final class Ticket: @unchecked Sendable {
        private let lock = NSLock()
        // Guarded by `lock`.
        private var answer: Resolution?
        private var task: Task<Void, Never>?
        private var waiters: [CheckedContinuation<Resolution, Never>] = []

        init() {}

        init(finished: Resolution) {
            answer = finished
        }

        /// The resolution once it is there; nil while the LLM is still being asked.
        public var result: Resolution? { lock.withLock { answer } }

        public var isFinished: Bool { result != nil }

        /// Waits (asynchronously) for the resolution.
        public var value: Resolution {
            get async {
                await withCheckedContinuation { continuation in
                    let ready: Resolution? = lock.withLock {
                        if let answer { return answer }
                        waiters.append(continuation)
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
        }

        /// Gives up on the LLM: the request stops and the ticket finishes with the offline
        /// fallback (its note says the request was cancelled).
        public func cancel() {
            lock.withLock { task }?.cancel()
        }

        func attach(_ task: Task<Void, Never>) {
            lock.withLock { self.task = task }
        }

        func finish(_ resolution: Resolution) {
            let waiting: [CheckedContinuation<Resolution, Never>] = lock.withLock {
                guard answer == nil else { return [] }
                answer = resolution
                task = nil
                defer { waiters = [] }
                return waiters
            }
            for w in waiting { w.resume(returning: resolution) }
        }
    }
}
