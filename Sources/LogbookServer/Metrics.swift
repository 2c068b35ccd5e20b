#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import Logging
import Metrics
import Prometheus

/// Where `/metrics` listens, and the token it may require (issue 30). Off unless `logbook serve --metrics HOST:PORT`
/// (or `LOGBOOK_METRICS`) asks for it.
///
/// It is a listener of its own, never the public one: nginx forwards only `--listen`, so the operator's Prometheus
/// scrapes `127.0.0.1:9464` on the machine (or over a VPN) and nobody on the internet reaches it. On an address that is
/// not loopback a bearer token is required: `LOGBOOK_METRICS_TOKEN_FILE` names a file holding it (mode 0600, or
/// systemd's `LoadCredential=`), never the command line. With a token every scrape must send
/// `Authorization: Bearer TOKEN`.
public struct MetricsSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// SHA-256 of the token, when one is required (the token itself is not kept).
    var tokenHash: [UInt8]?

    public init(host: String, port: Int, token: String? = nil) {
        self.host = host
        self.port = port
        self.tokenHash = token.map { Array(SHA256.hash(data: Array($0.utf8))) }
    }

    /// Whether the address is loopback only (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// Whether `authorization` (the request's header) carries the token; true when none is required.
    func admits(_ authorization: String?) -> Bool {
        guard let tokenHash else { return true }
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return false }
        let given = Array(SHA256.hash(data: Array(String(authorization.dropFirst("bearer ".count)).trimmed.utf8)))
        // Compared digest to digest, every byte: the time does not tell how much of a guess was right.
        return zip(given, tokenHash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The server's metrics in one Prometheus registry, through swift-metrics: Hummingbird's `MetricsMiddleware` counts
/// requests by route template, method and status (`hb_requests`) and times them (`http_server_request_duration`
/// histogram, `http_server_active_requests`); `scrape` adds the operator's gauges. No label holds a person: routes are
/// templates (`/api/v1/positions/{id}`), never paths; unrouted requests are `NotFound`.
///
/// swift-metrics has one backend per process, so the registry is made and bootstrapped once, on first use.
public final class ServerMetrics: Sendable {
    public static let shared = ServerMetrics()

    let registry: PrometheusCollectorRegistry
    let outboxBacklog: Prometheus.Gauge
    let checkpointAge: Prometheus.Gauge
    let databaseBytes: Prometheus.Gauge
    let walBytes: Prometheus.Gauge
    let up: Prometheus.Gauge

    private init() {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        self.registry = registry
        outboxBacklog = registry.makeGauge(name: "logbook_outbox_backlog", help: "Mails in the outbox not yet taken by the relay")
        checkpointAge = registry.makeGauge(name: "logbook_checkpoint_age_seconds",
                                           help: "Seconds since the newest signed checkpoint of the log was made; -1 when the log has none")
        databaseBytes = registry.makeGauge(name: "logbook_database_bytes", help: "Size of the database file in bytes")
        walBytes = registry.makeGauge(name: "logbook_database_wal_bytes", help: "Size of the database's -wal file in bytes")
        up = registry.makeGauge(name: "logbook_database_readable", help: "1 when the last scrape could read the database, else 0")
    }

    /// The Prometheus text exposition, the gauges read now.
    func scrape(_ database: Database, logger: Logger) async -> String {
        let path = database.configuration.databasePath
        databaseBytes.set(Double(Self.size(path)))
        walBytes.set(Double(Self.size(path + "-wal")))
        do {
            let (backlog, age) = try await database.run(as: nil, writing: false) { (try Mail.backlog($0), try Checkpoints.newestAge($0)) }
            outboxBacklog.set(Double(backlog))
            checkpointAge.set(age.map(Double.init) ?? -1)
            up.set(1.0)
        } catch {
            logger.notice("metrics: the database could not be read: \(error)")
            up.set(0.0)
        }
        return registry.emitToString()
    }

    static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// The router of the metrics listener: `GET /metrics` only (401 without the token when one is required).
public func buildMetricsRouter(database: Database, settings: MetricsSettings) -> Router<ServerRequestContext> {
    let router = Router(context: ServerRequestContext.self)
    let metrics = ServerMetrics.shared
    router.get("metrics") { request, context in
        guard settings.admits(request.headers[.authorization]) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "a bearer token is required (LOGBOOK_METRICS_TOKEN_FILE)\n")))
        }
        let text = await metrics.scrape(database, logger: context.logger)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
    return router
}
