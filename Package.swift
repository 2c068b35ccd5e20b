// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "logbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "logbook", targets: ["logbook"]),
        // For fuzz/ (a package of its own that fuzzes the readers).
        .library(name: "LogbookDomain", targets: ["LogbookDomain"]),
        .library(name: "LogbookFormats", targets: ["LogbookFormats"]),
        // bench/: builds a national-scale database through the repositories.
        .executable(name: "logbook-bench-gen", targets: ["logbook-bench-gen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The system's libsqlite3 (Debian: libsqlite3-dev). Nothing else lives here.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The few raw system calls (read, write, mkdir, exit) behind one platform guard.
        .target(name: "Platform"),
        // A small SQLite layer: connection, statement, values, transactions, one error type.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // Plain Swift values and the rules of DOMAIN.md. No SQLite, no argument parsing.
        .target(
            name: "LogbookDomain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // File formats over the domain's values: JSON, CSV, the målbeskrivelse and uddannelsesprogram readers, import
        // errors, canonical import bytes and content hashes, the report's JSON and the bundle verifier.
        .target(
            name: "LogbookFormats",
            dependencies: ["LogbookDomain", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Repositories: all SQL of the program, plus the migrations embedded at build time.
        .target(
            name: "LogbookStore",
            dependencies: ["SQLite", "LogbookDomain", "Platform"],
            plugins: ["EmbedMigrations"]
        ),
        // Use cases: one transaction per command, rules checked against the store.
        .target(name: "LogbookApp", dependencies: ["LogbookStore", "LogbookDomain", "LogbookFormats", "Platform"], plugins: ["EmbedExamples", "EmbedCatalog"]),
        .executableTarget(
            name: "logbook",
            dependencies: [
                "LogbookApp",
                "Platform",
                "LogbookFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark generator (bench/Generator): a national-scale database through the repository layer.
        .executableTarget(name: "logbook-bench-gen", dependencies: ["LogbookStore", "LogbookDomain", "LogbookFormats"], path: "bench/Generator"),
        // Build-time tool: turns migrations/*.sql into a Swift source file.
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .plugin(
            name: "EmbedCatalog",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .plugin(
            name: "EmbedExamples",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "LogbookDomainTests", dependencies: ["LogbookDomain"]),
        .testTarget(name: "LogbookFormatsTests", dependencies: ["LogbookFormats", "LogbookDomain"]),
        .testTarget(name: "LogbookStoreTests", dependencies: ["LogbookStore", "LogbookApp", "LogbookFormats"]),
        // The use cases of LogbookApp in-process, on a temporary database with an injected day and actor.
        .testTarget(name: "LogbookAppTests", dependencies: ["LogbookApp", "LogbookDomain", "LogbookFormats", "LogbookStore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["logbook", "LogbookDomain", "LogbookFormats"]),
    ]
)
