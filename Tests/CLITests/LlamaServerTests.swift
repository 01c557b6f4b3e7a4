import FoglineOrders
import FoglineSim
import Foundation
import Testing

/// The LLM path against llama.cpp's real `llama-server` and a real (tiny) model, in each
/// structured-output dialect. The model's cleverness is not under test: what is, is that
/// the server takes every request as sent, that the client sorts each real answer into
/// valid, rejected with its reasons, or failed with its reason, within its deadline, and
/// that a grammar-constrained answer names only what the schema's enums allow.
///
/// Found on llama.cpp b11434 with SmolLM2-135M: both `response_format` forms are
/// constrained by the schema; the tools form is taken (HTTP 200), but this model's chat
/// template has no tool calls, so the answer comes as free text, which the client rejects.
///
/// Serialized, with one server at a time: generation takes both cores.
@Suite(
    "The LLM path against real local servers: llama.cpp's llama-server, and llama-cpp-python's when installed", .serialized,
    .enabled(if: LlamaServer.installed != nil || LlamaServer.required, "llama-server is not installed"))
struct LlamaServerTests {
    static let duel: GameMap = {
        try! MapLoader.load(path: FoglineBinary.packageRoot.appendingPathComponent("maps/duel.toml").path)
    }()

    /// What players type; all of them the offline resolver reads too.
    static let commands = ["scouts go to the old mill", "snipers hold north ridge facing east", "medics follow unit 3"]

    /// What happened to one command.
    enum Outcome: Equatable {
        case valid
        case rejected([String])
        case failed(String)
    }

    static func configuration(_ server: LlamaServer, dialect: LLMDialect) -> LLMConfiguration {
        // Generation on this CPU is about 30 ms a token beside the other tests: a long deadline.
        LLMConfiguration(
            baseURL: server.baseURL, model: "smollm2-135m", dialect: dialect, deadline: .seconds(120))
    }

    @Test(
        "each dialect: every request is taken, every answer is sorted with its reason, within the deadline",
        arguments: LLMDialect.allCases)
    func dialect(_ dialect: LLMDialect) async throws {
        try await LlamaServer.with("llama-\(dialect.rawValue)") { server in
            let profile = try await Self.askEach(server, dialect)
            // The server took the form asked for: nothing refused, nothing fell to another form.
            #expect(profile.refused.isEmpty && profile.answered == dialect, "\(profile)")
        }
    }

    /// llama-cpp-python's server, when installed (optional: CI does not build it; see
    /// `scripts/install-llama-cpp-python`). Found on 0.3.36 with SmolLM2-135M: it refuses
    /// `json_schema` with an HTTP 500 naming `response_format`, so the first command asks
    /// `json-object` next and every later one starts there; `json-object` with a schema is
    /// constrained; the tools form is taken and answered in free text.
    @Test(
        "llama-cpp-python's server, each dialect: json-schema gives way to json-object once, every answer sorted with its reason",
        .enabled(if: LlamaServer.pythonInstalled != nil, "llama-cpp-python is not installed (optional)"),
        arguments: LLMDialect.allCases)
    func pythonServer(_ dialect: LLMDialect) async throws {
        try await LlamaServer.with("lcp-\(dialect.rawValue)", kind: .llamaCppPython) { server in
            let profile = try await Self.askEach(server, dialect)
            let refused: Set<LLMDialect> = dialect == .jsonSchema ? [.jsonSchema] : []
            #expect(profile.refused == refused && profile.answered == (dialect == .jsonSchema ? .jsonObject : dialect), "\(profile)")
        }
    }

    /// Asks each command in `dialect`, checks and prints what became of it, and gives back
    /// what the client learnt of the server's forms.
    static func askEach(_ server: LlamaServer, _ dialect: LLMDialect) async throws -> LLMServerMemory.Profile {
        let memory = LLMServerMemory()
        let resolver = LLMResolver(configuration: Self.configuration(server, dialect: dialect), memory: memory)
        let context = ResolverContext(map: Self.duel, player: 1)
        var outcomes: [Outcome] = []
        var seconds: [Double] = []
        let clock = ContinuousClock()
        let deadline = Self.configuration(server, dialect: dialect).deadline
        for command in Self.commands {
            let start = clock.now
            let result = await resolver.resolve(command, in: context)
            let took = clock.now - start
            seconds.append(took / .seconds(1))
            #expect(took < deadline + .seconds(2), "the client's deadline holds against a real server")
            switch result {
            case .failure(let failure):
                outcomes.append(.failed(failure.description))
                // What the model wrote may be unusable; how it was asked may not be.
                switch failure {
                case .malformed, .truncated, .timedOut: break
                default: Issue.record("\(dialect.rawValue): \(command): \(failure)")
                }
                if dialect != .tools, case .malformed = failure {
                    Issue.record("a schema-constrained answer did not parse: \(failure)")
                }
            case .success(let answer):
                #expect(answer.orders.count <= LLMSchema.maxOrders)
                for order in answer.orders {
                    // The grammar holds the model to the schema's enums: no invented names.
                    #expect(order.units.allSatisfy { context.alive[$0 - 1] }, "only live units: \(order)")
                    for target in [order.target, order.via].compactMap({ $0 }) {
                        if case .landmark(let name) = target {
                            #expect(Self.duel.landmark(named: name) != nil, "invented place \(name)")
                        }
                        if case .enemy = target { Issue.record("an enemy named with none in sight: \(order)") }
                    }
                }
                let report = OrderValidator(context: context).validate(answer.orders)
                if report.isWhole && !answer.orders.isEmpty {
                    outcomes.append(.valid)
                } else {
                    // Rejected answers say why, numbered by order.
                    let reasons = answer.orders.isEmpty ? ["no orders: \(answer.error ?? "no reason")"] : report.rejected
                    #expect(!reasons.isEmpty)
                    outcomes.append(.rejected(reasons))
                }
            }
        }
        let profile = memory.profile(for: LLMServerMemory.server(of: Self.configuration(server, dialect: dialect)))

        let valid = outcomes.filter { $0 == .valid }.count
        let rejected = outcomes.compactMap { if case .rejected(let r) = $0 { return r.first } else { return nil } }
        let failed = outcomes.compactMap { if case .failed(let f) = $0 { return f } else { return nil } }
        let sorted = seconds.sorted()
        print(
            "\(server.kind) \(dialect.rawValue): \(Self.commands.count) requests, \(Self.commands.count - failed.count) answered, "
                + "\(valid) valid, \(rejected.count) rejected \(rejected), \(failed.count) failed \(failed); "
                + String(format: "wall per call median %.2f s, max %.2f s", sorted[sorted.count / 2], sorted.last ?? 0)
                + "; forms refused \(profile.refused.map(\.rawValue).sorted()), answered in \(profile.answered?.rawValue ?? "none")")
        return profile
    }

    @Test("a whole command through the resolver in llm mode: the LLM answers, or the offline resolver with the reason")
    func throughTheResolver() async throws {
        try await LlamaServer.with("llama-resolver") { server in try await Self.throughTheResolver(server) }
    }

    static func throughTheResolver(_ server: LlamaServer) async throws {
        let resolver = CommandResolver(
            mode: .llm, llm: Self.configuration(server, dialect: .jsonSchema), memory: LLMServerMemory())
        let context = ResolverContext(map: Self.duel, player: 1)
        for command in Self.commands.prefix(3) {
            let got = await resolver.resolve(command, in: context)
            // The offline resolver reads each of these, so nothing may end in an error.
            #expect(!got.isError, "\(command): \(got)")
            switch got.source {
            case .llm:
                #expect(OrderValidator(context: context).validate(got.orderSet.orders).isWhole)
            case .fallback:
                let why = got.notes.first ?? ""
                #expect(why.hasPrefix("fell back to the offline resolver: "), "\(got.notes)")
                #expect(
                    !why.contains("could not reach") && !why.contains("HTTP") && !why.contains("refused the request"),
                    "a real answer falls back only for what it said, not for how it was asked: \(why)")
            default:
                Issue.record("\(command) answered by \(got.source)")
            }
        }
    }

    @Test("FOGLINE_RESOLVER=llm makes fogline parse ask the server, and it says who answered")
    func environmentChoosesTheLLM() async throws {
        try await LlamaServer.with("llama-parse") { server in try await Self.parseWithEnvironment(server) }
    }

    static func parseWithEnvironment(_ server: LlamaServer) async throws {
        let out = try await FoglineBinary.run(
            ["parse", "--map", "duel", "--llm-deadline-ms", "120000", "--llm-cache", "off", "tanks capture the gap"],
            environment: ["FOGLINE_RESOLVER": "llm", "OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": ""])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(
            out.stderr.contains("resolved by llm") || out.stderr.contains("fell back to the offline resolver"),
            "\(out.stderr)")
        #expect(!out.stderr.contains("could not reach") && !out.stderr.contains("HTTP"), "\(out.stderr)")

        let bad = try await FoglineBinary.run(
            ["parse", "--map", "duel", "scouts stop"], environment: ["FOGLINE_RESOLVER": "telepathy"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("FOGLINE_RESOLVER must be offline, llm or auto"), "\(bad.stderr)")
    }
}
