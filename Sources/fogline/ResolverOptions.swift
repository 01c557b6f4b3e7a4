import ArgumentParser
import Foundation
import FoglineOrders

/// The flags that choose who reads commands: the offline resolver, an LLM, or both.
struct ResolverOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Who reads commands: offline, llm, or auto (offline first, the LLM for the rest) "
                + "(default: $FOGLINE_RESOLVER, else offline)."))
    var resolver: String?

    @Option(
        name: .customLong("llm-url"),
        help: "The OpenAI-compatible API root (default: $OPENAI_BASE_URL, else https://api.openai.com/v1).")
    var llmURL: String?

    @Option(name: .customLong("llm-model"), help: "The model to ask.")
    var llmModel: String = LLMConfiguration.defaultModel

    @Option(
        name: .customLong("llm-dialect"),
        help: "How to ask for structured output first: json-schema, json-object or tools (a server that refuses one is asked the next).")
    var llmDialect: String = LLMDialect.jsonSchema.rawValue

    @Option(
        name: .customLong("llm-deadline-ms"), help: "How long the LLM may take before the offline resolver answers.")
    var llmDeadlineMs: Int = 1000

    @Option(
        name: .customLong("llm-cache"),
        help: ArgumentHelp(
            "Where LLM answers are cached (an SQLite file), or off "
                + "(default: $XDG_CACHE_HOME/fogline/llm-cache.sqlite, else ~/.cache/fogline/llm-cache.sqlite)."))
    var llmCache: String?

    func validate() throws {
        if let resolver {
            guard ResolverMode(rawValue: resolver) != nil else {
                throw ValidationError("--resolver must be offline, llm or auto")
            }
        } else if let chosen = Self.environmentMode, ResolverMode(rawValue: chosen) == nil {
            throw ValidationError("FOGLINE_RESOLVER must be offline, llm or auto, not \(JSONText.quote(chosen))")
        }
        guard LLMDialect(rawValue: llmDialect) != nil else {
            throw ValidationError("--llm-dialect must be one of \(LLMDialect.names)")
        }
        guard (1...600_000).contains(llmDeadlineMs) else {
            throw ValidationError("--llm-deadline-ms must be from 1 to 600000")
        }
    }

    /// `FOGLINE_RESOLVER`, trimmed and lower-cased; nil when unset or empty.
    static var environmentMode: String? {
        let raw = ProcessInfo.processInfo.environment["FOGLINE_RESOLVER"]?.trimmingCharacters(in: .whitespaces)
        return raw.flatMap { $0.isEmpty ? nil : $0.lowercased() }
    }

    /// The flag, else `FOGLINE_RESOLVER`, else offline.
    var mode: ResolverMode { ResolverMode(rawValue: resolver ?? Self.environmentMode ?? "") ?? .offline }

    /// The resolver these flags describe, with its cache opened; problems opening
    /// the cache are reported through `report` (never the key).
    func makeResolver(report: (String) -> Void) -> (CommandResolver, ResolutionCache?) {
        guard mode != .offline else { return (CommandResolver(), nil) }
        let environment = ProcessInfo.processInfo.environment
        let configuration = LLMConfiguration.fromEnvironment(
            environment, baseURL: llmURL, model: llmModel, dialect: LLMDialect(rawValue: llmDialect) ?? .jsonSchema,
            deadline: .milliseconds(llmDeadlineMs))
        var cache: ResolutionCache?
        if llmCache?.lowercased() != "off" {
            let path = llmCache ?? ResolutionCache.defaultPath(environment: environment)
            let (opened, problem) = ResolutionCache.open(path: path)
            if let problem { report(problem) }
            cache = opened
        }
        return (CommandResolver(mode: mode, llm: configuration, cache: cache), cache)
    }
}
