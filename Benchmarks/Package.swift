// swift-tools-version: 6.1
// Fogline's benchmarks: a package of their own so the main build and test run stay fast.
// Run from this directory: `swift package benchmark` (see README.md).

import Foundation
import PackageDescription

// `.package(path: "..")` gets its identity from the directory name of the checkout
// ("main" here, whatever a CI clone is called), so derive it instead of spelling it out.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

/// A benchmark target in `Benchmarks/NAME`: the benchmark library and its plugin, and
/// these products of the root package.
func benchmarkTarget(_ name: String, using products: [String], also: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: rootPackage) } + also,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "FoglineBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // Only the malloc interposer trait: the default set adds "RuntimeInterposer", whose
        // package (swift-runtime-interposer) is not in the local package mirror.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        benchmarkTarget("Simulation", using: ["FoglineSim", "FoglineBot", "FoglineMatch", "FoglineReplay"]),
        benchmarkTarget("Pace", using: ["FoglineSim", "FoglineBot", "FoglineMatch"]),
        benchmarkTarget("Resolver", using: ["FoglineSim", "FoglineOrders"]),
        benchmarkTarget("Replay", using: ["FoglineSim", "FoglineBot", "FoglineMatch", "FoglineReplay"]),
        benchmarkTarget("Network", using: []),
        benchmarkTarget("Render", using: ["FoglineSim", "FoglineTerminal"]),
        benchmarkTarget(
            "Server", using: ["FoglineSim", "FoglineNet", "FoglineReplay", "FoglineServer", "FoglineMatch", "FoglineTerminal"],
            also: [.product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
