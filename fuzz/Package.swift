// swift-tools-version: 6.0
// libFuzzer target for the readers of LogbookFormats (målbeskrivelse JSON and CSV, uddannelsesprogram JSON, the JSON and
// CSV parsers). Build and run with fuzz/run.sh, which passes -sanitize=fuzzer,address; a plain `swift build` here
// cannot link (libFuzzer supplies main).
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between checkouts (logbook, wt-reliability, a CI
// clone): take it from where this file is.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "logbook-fuzz",
    dependencies: [.package(path: mainPackage.path)],
    targets: [
        .executableTarget(
            name: "FuzzReaders",
            dependencies: [
                .product(name: "LogbookDomain", package: mainPackage.lastPathComponent),
                .product(name: "LogbookFormats", package: mainPackage.lastPathComponent),
            ]
        ),
    ]
)
