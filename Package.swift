// swift-tools-version: 6.1
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
        // 4.x imports FoundationEssentials where it can (3.x brought full Foundation and ICU into every start).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // logbook serve: Hummingbird 2 without its traits: no swift-configuration (settings come from the environment) and
        // no FullFoundation (it only adds Foundation date styles to URL-encoded forms, which the pages parse themselves),
        // so no full Foundation or ICU is linked into the binary (BENCHMARKS.md, start-up).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // LogbookMail: STARTTLS and implicit TLS to an SMTP relay.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The web pages (issue 16): server-rendered HTML from Mustache templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The secretariat's web upload of målbeskrivelser and uddannelsesprogrammer (multipart/form-data): Hummingbird
        // has no multipart parser and a home-made one is a classic source of bugs. Vapor's small, well-kept parser needs
        // only swift-nio and swift-collections, which Hummingbird already brings; none of Vapor itself comes along.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // GET /metrics (issue 30): Hummingbird's MetricsMiddleware records through swift-metrics; swift-prometheus is the
        // backend that renders the Prometheus text format. Off unless `logbook serve --metrics` asks for it.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // The request-head deadline (issue 30) is a channel handler over HTTPRequestPart (NIOHTTPTypes), which
        // Hummingbird already brings.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The system's libsqlite3 (Debian: libsqlite3-dev). Nothing else lives here.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The system's libqrencode (Debian: libqrencode-dev): encodes the TOTP enrolment's otpauth:// URI as a QR code,
        // which the account page draws as inline SVG (Web/QRCode.swift). Nothing else lives here.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
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
        // Accounts hash passwords with bcrypt (HummingbirdBcrypt: a C bcrypt, no server code) and tokens with SHA-256.
        .target(
            name: "LogbookApp",
            dependencies: [
                "LogbookStore", "LogbookDomain", "LogbookFormats", "Platform",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // TOTP (RFC 6238) for two-factor log-in: its HOTP/TOTP computation and otpauth:// URIs.
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedExamples", "EmbedCatalog"]
        ),
        // logbook serve: the HTTP front end over the same use cases as the CLI. Never imports the store or SQLite.
        .target(
            name: "LogbookServer",
            dependencies: [
                "LogbookApp", "LogbookDomain", "LogbookFormats",
                // The outbox's sender (issue 27) hands mail to the relay through the same client as `logbook remind`.
                "LogbookMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The HTTP/1.1 channel's options: idle timeout, extra channel handlers, the connection cap (issue 30).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // HTTPParserError: a body cut short by its client is a 400, not an internal error (issue 30).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                // The web forms' CSRF token: SHA-256 of the session id (WebForms.token).
                .product(name: "Crypto", package: "swift-crypto"),
                // The region page's file upload (multipart/form-data).
                .product(name: "MultipartKit", package: "multipart-kit"),
                // The TOTP enrolment's QR code on "Min konto".
                "CQRencode",
                // GET /metrics (issue 30).
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web pages' templates and stylesheet are embedded at build time (EmbedWeb), not listed as resources.
            exclude: ["Web/Templates", "Web/Static"],
            plugins: ["EmbedOpenAPI", "EmbedWeb"]
        ),
        // A minimal SMTP client (messages, settings, one connection per batch) on SwiftNIO. Knows nothing of the store.
        .target(
            name: "LogbookMail",
            dependencies: [
                "Platform",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "logbook",
            dependencies: [
                "LogbookApp",
                "LogbookServer",
                "Platform",
                "LogbookFormats",
                "LogbookMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark generator (bench/Generator): a national-scale database through the repository layer.
        // It also times a use case in-process (`logbook-bench-gen time`), as the server runs it, for bench/load.sh.
        .executableTarget(name: "logbook-bench-gen", dependencies: ["LogbookStore", "LogbookDomain", "LogbookFormats", "LogbookApp"], path: "bench/Generator"),
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
            name: "EmbedOpenAPI",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .plugin(
            name: "EmbedWeb",
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
        // The server in-process (HummingbirdTesting's router client): every endpoint by role and scope, the security rules.
        .testTarget(
            name: "LogbookServerTests",
            dependencies: [
                "LogbookServer", "LogbookApp", "LogbookDomain", "LogbookFormats", "LogbookStore",
                // A connection of its own that holds the write lock (issue 30: reads never wait on it).
                "SQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // An authenticator app's side of TOTP, computed independently of the server's check.
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                // `Dependency`: the QR code test needs zbarimg and rsvg-convert under CI.
                "SMTPSinkSupport",
            ]
        ),
        // LogbookMail: rendering and settings, and delivery to a real SMTP server on loopback (Tests/Support/smtp_sink.py).
        .testTarget(
            name: "LogbookMailTests",
            dependencies: ["LogbookMail", "SMTPSinkSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["logbook", "LogbookDomain", "LogbookFormats", "SMTPSinkSupport"]),
        // Tests/Support/smtp_sink.py (aiosmtpd on loopback) as a subprocess, for the mail and `logbook remind` tests.
        .target(name: "SMTPSinkSupport", path: "Tests/SMTPSinkSupport"),
    ]
)
