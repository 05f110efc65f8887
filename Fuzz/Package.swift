// swift-tools-version:6.0
// Fuzz targets for paperpages, built apart from the main package because libFuzzer supplies
// `main`: `make fuzz` (long) and `make fuzz-short` (part of `make test`) build and run them.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let project = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "paperpages-fuzz",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .executableTarget(
            name: "PaperPagesFuzz",
            dependencies: [
                .product(name: "PaperPages", package: project),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
