// swift-tools-version:6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "GovHall",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "govhall", targets: ["govhall"]),
        .executable(name: "govhall-bench", targets: ["govhall-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        // Leaf's own engine, for `LeafDataRepresentable` (which Leaf does not re-export): the pages' strings are given
        // to it as data made once per language.
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        // Tests only: the API's answers and key pages kept as reviewed files (issue 21, item 4). Its SnapshotTesting
        // library depends on nothing else; swift-syntax is resolved for its other libraries but never built.
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        // Pure rules: Foundation only, no database, no web.
        .target(name: "GovCore", swiftSettings: strictness),
        .target(
            name: "GovStore",
            dependencies: [
                "GovCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // The demo city a fresh installation may start with, and synthetic volume: not production code.
        .target(
            name: "GovDemo",
            dependencies: ["GovCore", "GovStore", .product(name: "FluentKit", package: "fluent-kit")],
            swiftSettings: strictness
        ),
        .target(
            name: "GovWeb",
            dependencies: [
                "GovCore", "GovStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictness
        ),
        // Linked into every test process: switches off Swift Testing's backtrace of every thrown error (boot.c).
        .target(name: "GovTestBoot"),
        // The stores on a fresh database with no web server, and the templates every test starts from.
        .target(
            name: "GovStoreTestSupport",
            dependencies: [
                "GovCore", "GovStore", "GovDemo", "GovTestBoot",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "GovTestSupport",
            dependencies: [
                "GovCore", "GovStore", "GovDemo", "GovWeb", "GovStoreTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: strictness
        ),
        // What the command lines share: a progress bar for long imports and seeds, files read in chunks.
        .target(name: "GovCommandLine", swiftSettings: strictness),
        .executableTarget(
            name: "govhall",
            dependencies: [
                "GovCore", "GovStore", "GovDemo", "GovWeb", "GovCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness
        ),
        // Benchmarks: a fresh installation driven over real HTTP; not part of what an installation runs.
        .executableTarget(
            name: "govhall-bench",
            dependencies: [
                "GovCore", "GovStore", "GovDemo", "GovWeb", "GovCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(name: "GovCoreTests", dependencies: ["GovCore"], swiftSettings: strictness),
        .testTarget(name: "GovStoreTests", dependencies: ["GovStore", "GovDemo", "GovStoreTestSupport"], swiftSettings: strictness),
        .testTarget(
            name: "GovWebTests",
            dependencies: [
                "GovWeb", "GovDemo", "GovTestSupport", .product(name: "VaporTesting", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["Snapshots/__Snapshots__"],
            swiftSettings: strictness
        ),
    ]
)
