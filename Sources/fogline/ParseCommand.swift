import ArgumentParser
import Foundation
import FoglineMatch
import FoglineOrders
import FoglineReplay
import FoglineSim

extension Fogline {
    /// `fogline parse`: shows how a command is understood, as canonical order JSON.
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a command is understood.",
            discussion: """
                Prints the canonical order JSON and exits 0, or prints the error JSON \
                ({"orders": [], "error": ..., "suggestions": [...]}) and exits 1.

                With --resolver llm or auto, an OpenAI-compatible server is asked (key from \
                OPENAI_API_KEY, URL from --llm-url or OPENAI_BASE_URL); notes such as a fallback \
                to the offline resolver go to standard error. The key is never printed.
                """)

        @Option(help: "A map name (see `fogline maps`) or a path to a map file.")
        var map: String = MapCatalog.defaultMapName

        @Option(help: "Whose units the command is for: 1 or 2.")
        var player: Int = 1

        @Option(help: "Read the game from a replay instead of the map's start: FILE or FILE:FRAME.")
        var state: String?

        @OptionGroup var resolverOptions: ResolverOptions

        @Argument(help: "The command, in plain English.")
        var text: String

        func validate() throws {
            guard player == 1 || player == 2 else { throw ValidationError("--player must be 1 or 2") }
        }

        func run() throws {
            let view: PlayerView
            do {
                view = try state.map(loadState) ?? World(map: try MapCatalog.load(map), seed: 0).view(for: player)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw failure("\(error)")
            }
            let context = ResolverContext(view: view)
            let resolution: Resolution
            if resolverOptions.mode == .offline {
                resolution = OfflineResolver().resolve(text, in: context)
            } else {
                resolution = resolveWithLLM(context: context)
            }
            print(resolution.orderSet.canonicalJSON)
            if resolution.isError { throw ExitCode.failure }
        }

        /// Resolves through `CommandResolver`, printing its notes (never the key) to standard error.
        func resolveWithLLM(context: ResolverContext) -> Resolution {
            let (commandResolver, cache) = resolverOptions.makeResolver { note("fogline: \($0)") }
            // A one-shot command may wait here: the work itself runs on its own task and thread.
            let box = ResolutionBox()
            let done = DispatchSemaphore(value: 0)
            let text = text
            Task.detached {
                box.value = await commandResolver.resolve(text, in: context)
                done.signal()
            }
            done.wait()
            cache?.flush()
            let resolution = box.value ?? .failure("no resolution")
            for line in resolution.notes { note("fogline: \(line)") }
            if resolution.source != .fallback { note("fogline: resolved by \(resolution.source.rawValue)") }
            return resolution
        }

        /// The view of `player` at a frame of a replay (the last one when none is given).
        func loadState(_ spec: String) throws -> PlayerView {
            var path = spec
            var frame: Int32?
            if let colon = spec.lastIndex(of: ":"), let n = Int32(spec[spec.index(after: colon)...]) {
                path = String(spec[..<colon])
                frame = n
            }
            let replay = try ReplayReader.read(path: path)
            return try ReplayVerifier.world(of: replay, at: frame ?? replay.endFrame).view(for: player)
        }
    }
}

/// Carries a resolution from the resolving task to the waiting command.
private final class ResolutionBox: @unchecked Sendable {
    /// Written once by the task before it signals; read after the wait.
    var value: Resolution?
}
