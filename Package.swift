// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Fogline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fogline", targets: ["fogline"]),
        .library(name: "FoglineSim", targets: ["FoglineSim"]),
        .library(name: "FoglineOrders", targets: ["FoglineOrders"]),
        .library(name: "FoglineBot", targets: ["FoglineBot"]),
        .library(name: "FoglineReplay", targets: ["FoglineReplay"]),
        .library(name: "FoglineMatch", targets: ["FoglineMatch"]),
        .library(name: "FoglineTerminal", targets: ["FoglineTerminal"]),
        .library(name: "FoglineNet", targets: ["FoglineNet"]),
        .library(name: "FoglineServer", targets: ["FoglineServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, imported through pkg-config with a documented shim header each.
        .systemLibrary(
            name: "CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),
        .systemLibrary(
            name: "CENet", pkgConfig: "libenet",
            providers: [.apt(["libenet-dev"]), .brew(["enet"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        // Linux calls with no glibc wrapper (a thread's scheduler slice).
        .systemLibrary(name: "CLinux"),

        // The deterministic world: map, units, orders, rules, vision, hash; with the shipped
        // maps and keymaps built in from maps/ and keymaps/ (BuiltInData).
        .target(
            name: "FoglineSim", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")], plugins: ["EmbedData"]),
        // The build step that writes maps/*.toml and keymaps/*.toml into a Swift source.
        .executableTarget(name: "EmbedDataTool", path: "Plugins/EmbedDataTool"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["EmbedDataTool"], path: "Plugins/EmbedData"),
        // English -> orders: lexicon, parser, resolver, LLM client over libcurl, cache.
        .target(
            name: "FoglineOrders",
            dependencies: ["FoglineSim", "CCurl", .product(name: "GRDB", package: "GRDB.swift")]),
        // The built-in bot: reads one player's view, writes orders like a person.
        .target(name: "FoglineBot", dependencies: ["FoglineSim"]),
        // Replay file format: writer, reader, chunk checksums.
        .target(name: "FoglineReplay", dependencies: ["FoglineSim"]),
        // The ncurses front: cell buffer, widgets, views, keymaps.
        .target(
            name: "FoglineTerminal",
            dependencies: [
                "FoglineSim", "FoglineOrders", "FoglineMatch", "FoglineReplay", "FoglineBot", "FoglineNet", "CNCurses",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // Lock-step over the network: wire protocol, ENet transport, conditioner, session.
        .target(name: "FoglineNet", dependencies: ["FoglineSim", "CENet"]),
        // The match server: the relay of each match (seats, server frames, what is accepted).
        .target(
            name: "FoglineServer",
            dependencies: [
                "FoglineSim", "FoglineNet", "FoglineReplay", "FoglineMatch", "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ]),
        // Drives a match, local or with a peer: controllers (bot, script), frame loop, recording, summary.
        .target(
            name: "FoglineMatch", dependencies: ["FoglineSim", "FoglineOrders", "FoglineBot", "FoglineReplay", "FoglineNet"]),
        // The command line: wiring only.
        .executableTarget(
            name: "fogline",
            dependencies: [
                "FoglineSim", "FoglineOrders", "FoglineBot", "FoglineReplay", "FoglineMatch", "FoglineTerminal",
                "FoglineNet", "FoglineServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "FoglineSimTests", dependencies: ["FoglineSim"], resources: [.copy("Fixtures")]),
        // The corpus is read from the source tree (beside CorpusTests.swift), not bundled.
        .testTarget(name: "FoglineOrdersTests", dependencies: ["FoglineSim", "FoglineOrders"], exclude: ["Corpus", "PlayerCorpus", "Maps"]),
        .testTarget(name: "FoglineBotTests", dependencies: ["FoglineSim", "FoglineBot", "FoglineMatch"]),
        .testTarget(name: "FoglineReplayTests", dependencies: ["FoglineSim", "FoglineReplay", "FoglineMatch", "FoglineBot"]),
        .testTarget(
            name: "FoglineTerminalTests",
            dependencies: ["FoglineSim", "FoglineOrders", "FoglineTerminal", "FoglineMatch", "FoglineReplay", "FoglineBot"],
            resources: [.copy("Snapshots")]),
        .testTarget(name: "FoglineNetTests", dependencies: ["FoglineSim", "FoglineNet", "FoglineBot", "FoglineMatch"]),
        .testTarget(
            name: "FoglineServerTests",
            dependencies: ["FoglineSim", "FoglineNet", "FoglineServer", "FoglineBot", "FoglineMatch", "FoglineReplay"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CNCurses", "CENet", "CCurl"]),
        .testTarget(
            name: "CLITests", dependencies: ["FoglineSim", "FoglineOrders", "FoglineReplay", "FoglineNet", "FoglineServer", "CENet"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
