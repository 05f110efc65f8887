import Foundation
import Hummingbird
import Logging
import PaperPages
import ServiceLifecycle

/// `paperpages serve`: builds the site, serves it over HTTP and rebuilds it on every save.
public struct PreviewServer: Sendable {
    public var builder: SiteBuilder
    public var host: String
    /// The first port tried; the next free one is taken if it is busy.
    public var port: Int
    /// Stop looking for a free port after this many.
    public var portsToTry = 100
    public var forcePolling = false
    /// How often an idle live-reload stream is written to, so a closed page's stream ends.
    public var eventHeartbeat = LiveReload.defaultHeartbeat
    /// Told once the server listens, with the URL to open.
    public var onListening: @Sendable (URL) -> Void = { _ in }
    /// Told how the folders are watched, before the first build.
    public var onWatching: @Sendable (FolderWatcher.Mode) -> Void = { _ in }
    /// Given the live site once it exists (for tests that look inside it).
    var onLiveSite: @Sendable (LiveSite) -> Void = { _ in }
    /// Told after every rebuild.
    public var onRebuild: @Sendable (RebuildReport) -> Void = { _ in }
    public var logger = Logger(label: "paperpages-serve")

    public init(builder: SiteBuilder, host: String = "127.0.0.1", port: Int = 8000) {
        self.builder = builder
        self.host = host
        self.port = port
        logger.logLevel = .warning
    }

    /// Builds, then serves until SIGINT or SIGTERM.
    public func run() async throws {
        let live = LiveSite(builder: builder)
        onLiveSite(live)
        // Held while the preview runs: a build into its folder from elsewhere is refused.
        let serving = try OutputFolder(builder.outputFolder, content: builder.contentFolder, layouts: builder.layoutsFolder, force: true).holdForServing()
        defer { withExtendedLifetime(serving) {} }
        // Watching from before the first build, so an edit made while it runs is built after.
        let watcher = FolderWatcher(folders: [builder.contentFolder] + builder.layoutFolders)
        let (mode, changes) = watcher.start(forcePolling: forcePolling)
        onWatching(mode)
        let report = await live.start()
        onRebuild(report)
        let port = try FreePort.find(host: host, from: port, count: portsToTry)
        let roots = ServedRoots([builder.outputFolder, builder.contentFolder, builder.katexFolder] + builder.layoutFolders)
        let app = Application(
            responder: SiteResponder(live: live, roots: roots, heartbeat: eventHeartbeat),
            configuration: .init(address: .hostname(host, port: port), serverName: "paperpages"),
            services: [WatchService(live: live, watcher: watcher, changes: changes, onRebuild: onRebuild)],
            onServerRunning: { [onListening, host] channel in
                let bound = channel.localAddress?.port ?? port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening(URL(string: "http://\(shownHost):\(bound)\(live.site.basePath)")!)
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
    }
}

/// Runs the watcher and hands each batch of changes to the live site, until shutdown.
struct WatchService: Service {
    let live: LiveSite
    let watcher: FolderWatcher
    let changes: AsyncStream<ChangedFiles>
    let onRebuild: @Sendable (RebuildReport) -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await batch in changes {
                        onRebuild(await live.rebuild(batch))
                    }
                }
                group.addTask { await live.retryAfterOtherBuilds(onRebuild) }
                // The watcher's stream ends at shutdown; the retries end with it.
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: { [watcher] in
            watcher.stop()
        }
    }
}

/// The first port from `start` that can be bound, so that two previews, or a preview beside
/// another server, each get one without being told.
public enum FreePort {
    public struct NoneFree: Error, CustomStringConvertible {
        var host: String, first: Int, count: Int
        public var description: String { "no free port on \(host) from \(first) to \(first + count - 1); pass --port" }
    }

    static func find(host: String, from start: Int, count: Int) throws -> Int {
        for port in start..<(start + max(1, count)) where canBind(host: host, port: port) { return port }
        throw NoneFree(host: host, first: start, count: count)
    }

    static func canBind(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else { return false }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        // As the server will bind it: address reuse on, so a port in TIME_WAIT counts as free.
        var on: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        return bind(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0
    }
}
