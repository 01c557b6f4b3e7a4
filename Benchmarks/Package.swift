// swift-tools-version: 6.1
// Fogline's benchmarks: a package of their own so the main build and test run stay fast.
// Run from this directory: `swift package benchmark` (see README.md).

import Foundation
import PackageDescription

// `.package(path: "..")` gets its identity from the directory name of the checkout
// ("main" here, whatever a CI clone is called), so derive it instead of spelling it out.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "FoglineBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // Only the malloc interposer trait: the default set adds "RuntimeInterposer", whose
        // package (swift-runtime-interposer) is not in the local package mirror.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Simulation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FoglineSim", package: rootPackage),
                .product(name: "FoglineBot", package: rootPackage),
                .product(name: "FoglineMatch", package: rootPackage),
                .product(name: "FoglineReplay", package: rootPackage),
            ],
            path: "Benchmarks/Simulation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Resolver",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FoglineSim", package: rootPackage),
                .product(name: "FoglineOrders", package: rootPackage),
            ],
            path: "Benchmarks/Resolver",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Render",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FoglineSim", package: rootPackage),
                .product(name: "FoglineTerminal", package: rootPackage),
            ],
            path: "Benchmarks/Render",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
