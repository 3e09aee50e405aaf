// swift-tools-version: 6.1
import PackageDescription

/// proxguac: Proxmox VE guests -> Apache Guacamole connections.
///
/// Layering (data flows one way):
///   C system libraries  ->  adapters (HTTP, Crypto, Net, TUI driver)  ->  Sync  ->  Commands  ->  proxguac
///   ProxGuacCore is pure (no C, no I/O) and everything may depend on it.
///   ProxGuacLab (the emulated Proxmox VE + Guacamole) depends on no product module.
let package = Package(
    name: "proxguac",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "proxguac", targets: ["proxguac"]),
        .executable(name: "proxguac-bench", targets: ["proxguac-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // System libraries (one shim.h each; apt providers only print a hint, .ci/run installs them).
        .systemLibrary(name: "CProxGuacCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CProxGuacCrypto", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CProxGuacCurses", providers: [.apt(["libncurses-dev"])]),

        // Pure core: models, notes parser, templates, planner.
        .target(name: "ProxGuacCore"),

        // Adapters.
        .target(name: "ProxGuacCrypto", dependencies: ["CProxGuacCrypto", "ProxGuacCore"]),
        .target(name: "ProxGuacHTTP", dependencies: [
            "CProxGuacCurl", "CProxGuacCrypto", "ProxGuacCore", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "ProxGuacNet", dependencies: ["ProxGuacCore", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ProxGuacSync", dependencies: [
            "ProxGuacCore", "ProxGuacHTTP", "ProxGuacCrypto", "ProxGuacNet",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "ProxGuacTUI", dependencies: ["CProxGuacCurses", "ProxGuacCore"]),

        // Emulated Proxmox VE + Guacamole over HTTPS on 127.0.0.1 (OpenSSL directly, no NIO).
        .target(name: "ProxGuacLab", dependencies: ["CProxGuacCrypto"]),

        // Front ends.
        .target(name: "ProxGuacCommands", dependencies: [
            "ProxGuacCore", "ProxGuacCrypto", "ProxGuacHTTP", "ProxGuacNet", "ProxGuacSync", "ProxGuacTUI", "ProxGuacLab",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "proxguac", dependencies: ["ProxGuacCommands"]),
        .executableTarget(name: "proxguac-bench", dependencies: [
            "ProxGuacCore", "ProxGuacHTTP", "ProxGuacSync", "ProxGuacLab",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Tests mirror Sources.
        .testTarget(name: "ProxGuacCoreTests", dependencies: ["ProxGuacCore"]),
        .testTarget(name: "ProxGuacCryptoTests", dependencies: ["ProxGuacCrypto", "ProxGuacCore"]),
        .testTarget(name: "ProxGuacHTTPTests", dependencies: [
            "ProxGuacHTTP", "ProxGuacLab", "ProxGuacCore", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ProxGuacNetTests", dependencies: ["ProxGuacNet", "ProxGuacCore"]),
        .testTarget(name: "ProxGuacSyncTests", dependencies: [
            "ProxGuacSync", "ProxGuacLab", "ProxGuacHTTP", "ProxGuacCore", "ProxGuacCrypto",
        ]),
        .testTarget(name: "ProxGuacTUITests", dependencies: ["ProxGuacTUI", "ProxGuacCore"]),
        .testTarget(name: "ProxGuacLabTests", dependencies: ["ProxGuacLab"]),
        .testTarget(name: "ProxGuacCommandsTests", dependencies: ["ProxGuacCommands", "ProxGuacLab", "ProxGuacCore"]),
    ],
    swiftLanguageModes: [.v6]
)
