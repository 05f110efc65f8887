// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "paperpages",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paperpages", targets: ["paperpages"]),
        .library(name: "PaperPages", targets: ["PaperPages"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The Mustache reference the layout parser and renderer are tested against.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The preview server (`paperpages serve`). Traits off: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Its signal handling and graceful shutdown, which Hummingbird runs on.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Property tests (random edit sequences against from-scratch builds).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libcmark-gfm and its extensions, from Debian's libcmark-gfm-dev and
        // libcmark-gfm-extensions-dev; the .pc file links both libraries.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libxml2's HTML parser, for tests that read the generated pages as a browser would.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // renameat2(RENAME_EXCHANGE), the atomic swap of two folders, which Glibc's module lacks.
        .target(name: "CSystemShims"),
        .target(
            name: "PaperPages",
            dependencies: [
                "CCmarkGFM",
                "CSystemShims",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // `paperpages serve`: the HTTP side (files, live reload); the engine is in PaperPages.
        .target(
            name: "PaperPagesServer",
            dependencies: [
                "PaperPages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "paperpages",
            dependencies: [
                "PaperPages",
                "PaperPagesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PaperPagesTests",
            dependencies: ["PaperPages", "PaperPagesServer", "CLibXML2", .product(name: "Yams", package: "Yams"),
                           .product(name: "PropertyBased", package: "swift-property-based"),
                           // The reference our layout parser and renderer are held to.
                           .product(name: "Mustache", package: "swift-mustache")]
        ),
    ]
)
