// Budget from DESIGN.md section 10, measured in a release build:
//   render one frame at 200x60: under 2 ms CPU; nothing written when nothing changed.
//
// Run from the Benchmarks directory: `swift package benchmark --filter 'Render: .*'`.

import Benchmark
import FoglineSim
import FoglineTerminal
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Bytes written to the "terminal" (a file) per present, and cells written per present.
let bytesMetric = BenchmarkMetric.custom("bytes to terminal", polarity: .prefersSmaller, useScalingFactor: false)
let cellsMetric = BenchmarkMetric.custom("cells written", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Render: frame at 200x60 with fog and cones (render + diff)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
            timeUnits: .microseconds,
            warmupIterations: 20,
            maxDuration: .seconds(3),
            maxIterations: 20_000
        )
    ) { benchmark, scene in
        for _ in benchmark.scaledIterations {
            blackHole(scene.renderNext())
        }
    } setup: {
        try RenderScene.prepare()
    }

    Benchmark(
        "Render: take one simulation frame (fog, effects, log)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: 20,
            maxDuration: .seconds(3),
            maxIterations: 20_000
        )
    ) { benchmark, scene in
        for _ in benchmark.scaledIterations {
            scene.advanceNext()
        }
    } setup: {
        try RenderScene.prepare()
    }

    Benchmark(
        "Render: present an unchanged 200x60 frame",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, bytesMetric, cellsMetric],
            timeUnits: .nanoseconds,
            warmupIterations: 5,
            maxDuration: .seconds(2),
            maxIterations: 10_000
        )
    ) { benchmark, terminal in
        let before = terminal.bytesWritten
        let stats = terminal.screen.present(terminal.frames[0])
        benchmark.measurement(bytesMetric, terminal.bytesWritten - before)
        benchmark.measurement(cellsMetric, stats.cells)
    } setup: {
        try FileTerminal.open()
    }

    Benchmark(
        "Render: present after one key typed at 200x60",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, bytesMetric, cellsMetric],
            timeUnits: .microseconds,
            warmupIterations: 5,
            maxDuration: .seconds(2),
            maxIterations: 10_000
        )
    ) { benchmark, terminal in
        // Alternate between the prompt with and without the typed letter.
        terminal.toggle.toggle()
        let before = terminal.bytesWritten
        let stats = terminal.screen.present(terminal.frames[terminal.toggle ? 1 : 0])
        benchmark.measurement(bytesMetric, terminal.bytesWritten - before)
        benchmark.measurement(cellsMetric, stats.cells)
    } setup: {
        try FileTerminal.open()
    }
}

// MARK: - The scene

/// A battle on the largest map seen by player 1 at 200x60: both armies in the middle,
/// cones and fog everywhere, a log, a half-typed command.
final class RenderScene: @unchecked Sendable {
    static let width = 200
    static let height = 60
    /// Frames run before measuring, so the armies have met and the fog is patchy.
    static let approachFrames: Int32 = 600

    /// Two models a frame apart, so each render differs from the one before it.
    private var models: [GameScreenModel]
    private var buffers: [CellBuffer]
    /// Worlds of consecutive frames, for the advance benchmark.
    private let worlds: [World]
    private var advanceModel: GameScreenModel
    private var k = 0

    private init(models: [GameScreenModel], worlds: [World]) {
        self.models = models
        self.worlds = worlds
        self.advanceModel = models[0]
        buffers = [CellBuffer(width: RenderScene.width, height: RenderScene.height),
                   CellBuffer(width: RenderScene.width, height: RenderScene.height)]
        // Prime both buffers so the first measured diff compares two real frames.
        _ = renderNext()
        _ = renderNext()
    }

    /// Renders the next frame into one buffer and diffs it against the other; returns the run count.
    func renderNext() -> Int {
        let i = k & 1
        k &+= 1
        models[i].renderFrame(into: &buffers[i])
        return buffers[i].diff(from: buffers[1 - i]).count
    }

    /// Hands the model the next world, as the loop does after each simulation step.
    func advanceNext() {
        advanceModel.advance(to: worlds[k % worlds.count])
        k &+= 1
    }

    static func prepare() throws -> RenderScene {
        let map = try Maps.largest()
        let centre = Order(units: Array(1...Rules.unitsPerPlayer), action: .attackMove,
                           target: .point(x: Int(map.width) / 2, y: Int(map.height) / 2))
        let orders = FrameInput(player1: [PlayerCommand(text: "", orders: [centre])],
                                player2: [PlayerCommand(text: "", orders: [centre])])
        var world = World(map: map, seed: 1)
        var model = GameScreenModel(world: world, player: 1, capabilities: .full, keymap: .builtIn)
        world.step(orders)
        var worlds: [World] = []
        while world.frame < approachFrames {
            world.step(world.frame % 300 == 0 ? orders : .empty)
            model.advance(to: world)
            if world.frame > approachFrames - 60 { worlds.append(world) }
        }
        model.appendLog([
            LogEntry(.understood, "all attack-move to (64,32)"),
            LogEntry(.understood, "5,6 hold the ridge facing north"),
            LogEntry(.error, "I don't know the place 'quary' (try: the quarry)"),
        ])
        model.prompt.insert("3,4 capture the isl")
        model.status.roundTripMilliseconds = 42
        var next = model
        var later = world
        later.step()
        next.advance(to: later)
        let seen = world.visibleCells(of: 1).filter { $0 }.count
        note("render scene: \(map.name) (\(map.width)x\(map.height)) at frame \(world.frame), \(seen) cells in player 1's sight, "
             + "\(world.units.filter(\.isAlive).count) units alive, screen \(width)x\(height)")
        return RenderScene(models: [model, next], worlds: worlds)
    }
}

// MARK: - A terminal that is a file

/// Curses writing to a temporary file as an xterm-256color of 200x60, so every byte that
/// would reach a terminal can be counted.
final class FileTerminal: @unchecked Sendable {
    let screen: CursesScreen
    /// The same screen with and without one typed letter in the prompt.
    let frames: [CellBuffer]
    var toggle = false
    private let descriptor: Int32
    private let path: String

    private init(screen: CursesScreen, frames: [CellBuffer], descriptor: Int32, path: String) {
        self.screen = screen
        self.frames = frames
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        screen.restore()
        close(descriptor)
        unlink(path)
    }

    /// Bytes written to the file so far.
    var bytesWritten: Int {
        var info = stat()
        fstat(descriptor, &info)
        return Int(info.st_size)
    }

    static func open() throws -> FileTerminal {
        let path = NSTemporaryDirectory() + "fogline-render-bench-\(getpid()).out"
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let input = Glibc.open("/dev/null", O_RDONLY)
        guard fd >= 0, input >= 0 else { throw BenchmarkSetupError("cannot open \(path) or /dev/null") }
        // Curses takes the size from LINES and COLUMNS when the output is not a terminal.
        setenv("COLUMNS", String(RenderScene.width), 1)
        setenv("LINES", String(RenderScene.height), 1)
        let screen = try CursesScreen(options: .init(
            terminalType: "xterm-256color", inputDescriptor: input, outputDescriptor: fd, mouse: false,
            signalHandlers: false, environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"]))
        close(input)
        guard screen.size == (RenderScene.width, RenderScene.height) else {
            throw BenchmarkSetupError("curses opened a \(screen.size) screen, not \(RenderScene.width)x\(RenderScene.height)")
        }
        let scene = try RenderScene.prepareModel()
        var a = CellBuffer(width: RenderScene.width, height: RenderScene.height)
        var typed = scene
        scene.renderOnce(into: &a)
        typed.prompt.insert("e")
        var b = CellBuffer(width: RenderScene.width, height: RenderScene.height)
        typed.renderOnce(into: &b)
        let terminal = FileTerminal(screen: screen, frames: [a, b], descriptor: fd, path: path)
        let start = terminal.bytesWritten
        let first = screen.present(a)
        note("a full 200x60 frame: \(first.cells) cells, \(terminal.bytesWritten - start) bytes to the terminal")
        return terminal
    }
}

extension RenderScene {
    /// The scene's first model, for screens that show it once.
    static func prepareModel() throws -> GameScreenModel {
        let scene = try prepare()
        return scene.models[0]
    }
}

extension GameScreenModel {
    /// Draws one frame without moving the spinner, so two renders of one model match.
    func renderOnce(into buffer: inout CellBuffer) {
        var copy = self
        copy.updateCamera(screenWidth: buffer.width, screenHeight: buffer.height)
        GameScreen.render(copy, into: &buffer)
    }
}

// MARK: - Maps

/// Finds the shipped maps the way `fogline` does, starting from this repository.
enum Maps {
    /// The repository root: this file is `Benchmarks/Benchmarks/Render/Render.swift`.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `frontier` (the largest shipped map) if present, else whichever map has the most cells.
    static func largest() throws -> GameMap {
        let maps = MapCatalog.all(directories: MapCatalog.searchDirectories(currentDirectory: repositoryRoot))
        let chosen = maps.first { $0.name.lowercased() == "frontier" } ?? maps.max { a, b in
            let ma = try? MapLoader.load(path: a.path), mb = try? MapLoader.load(path: b.path)
            return Int(ma?.width ?? 0) * Int(ma?.height ?? 0) < Int(mb?.width ?? 0) * Int(mb?.height ?? 0)
        }
        guard let chosen else { throw BenchmarkSetupError("no maps found under \(repositoryRoot)/maps or $FOGLINE_MAPS") }
        return try MapLoader.load(path: chosen.path)
    }
}

/// A line on standard error about what a setup built.
func note(_ line: String) {
    FileHandle.standardError.write(Data(("[fogline benchmarks] " + line + "\n").utf8))
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
