import Hummingbird
import HummingbirdCore
import LogbookApp
import LogbookFormats
import Logging
import ServiceLifecycle

/// Builds the server: the router with its middleware and controllers, over `database`.
///
/// `onServerRunning` receives the bound port (useful with port 0).
public func buildApplication(configuration: ServerConfiguration, database: Database, logger: Logger = Logger(label: "logbook.serve"),
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    let router = buildRouter(database: database)
    let limits = configuration.limits
    return Application(
        router: router,
        server: limits.server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "logbook",
                             availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The metrics listener (`--metrics HOST:PORT`, issue 30): `GET /metrics` in Prometheus text format, a few connections.
public func buildMetricsApplication(settings: MetricsSettings, database: Database, logger: Logger,
                                    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    Application(
        router: buildMetricsRouter(database: database, settings: settings),
        server: ConnectionLimits(headerSeconds: 10, idleSeconds: 60).server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "logbook-metrics",
                             availableConnectionsDelegate: MaximumAvailableConnections(16, logger: logger)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger)
}

/// The router: `/healthz`, the JSON API under `/api/v1` (docs/openapi.json) and the web pages (`WebPages`).
/// With metrics configured, Hummingbird's `MetricsMiddleware` comes first and sees every answer, errors included (the
/// security middleware turns them into responses inside it).
public func buildRouter(database: Database) -> Router<ServerRequestContext> {
    let router = Router(context: ServerRequestContext.self)
    if database.configuration.metrics != nil {
        _ = ServerMetrics.shared  // bootstraps swift-metrics with the Prometheus registry before the first request
        router.add(middleware: MetricsMiddleware())
    }
    router.add(middleware: ClientAddressMiddleware(trust: database.configuration.proxy))
    router.add(middleware: SecurityHeadersMiddleware())
    router.get("healthz") { _, _ in
        JSONBody.response(.object([("status", .string("ok"))]))
    }
    let api = router.group("api/v1")
    api.get("openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
    }
    let sessions = SessionController(database: database)
    sessions.addPublicRoutes(to: api)
    let authenticated = api.group().add(middleware: AuthenticationMiddleware(database: database))
    sessions.addRoutes(to: authenticated)
    TwoFactorController(database: database).addRoutes(to: authenticated)
    TokensController(database: database).addRoutes(to: authenticated)
    AccountController(database: database).addRoutes(to: authenticated)
    PositionsController(database: database).addRoutes(to: authenticated)
    RequestsController(database: database).addRoutes(to: authenticated)
    ActsController(database: database).addRoutes(to: authenticated)
    RecordsController(database: database).addRoutes(to: authenticated)
    PeopleController(database: database).addRoutes(to: authenticated)
    KeysController(database: database).addRoutes(to: authenticated)
    AdminPositionsController(database: database).addRoutes(to: authenticated)
    AdminController(database: database).addRoutes(to: authenticated)
    ImportsController(database: database).addRoutes(to: authenticated)
    MailController(database: database).addRoutes(to: authenticated)
    // The web pages (issue 16) outside /api/v1, over the same use cases.
    WebPages(database: database).addRoutes(to: router)
    return router
}

/// The OpenAPI document of docs/openapi.json, embedded at build time.
public enum OpenAPI {
    public static let document = embeddedOpenAPIFiles.first?.sql ?? "{}"
}

/// Runs the server until SIGTERM or SIGINT, then stops it gracefully (open requests finish) and closes the database.
///
/// Logs go to stderr through swift-log, each request's lines with its request id; `LOG_LEVEL` sets the level.
public func runServer(configuration: ServerConfiguration, logLevel: String?,
                      onServerRunning: @escaping @Sendable (Int) async -> Void) async throws {
    LoggingSystem.bootstrap(StreamLogHandler.standardError)
    var logger = Logger(label: "logbook.serve")
    logger.logLevel = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
    let database = try Database(configuration: configuration)
    if configuration.serverKey == nil {
        logger.warning("no LOGBOOK_SERVER_KEY_FILE: acts made through this server are recorded unsigned (docs/signing.md, \"The server's key\")")
    }
    let app = buildApplication(configuration: configuration, database: database, logger: logger, onServerRunning: onServerRunning)
    var services: [any Service] = [app]
    if let metrics = configuration.metrics {
        let metricsLogger = logger
        services.append(buildMetricsApplication(settings: metrics, database: database, logger: logger) { port in
            metricsLogger.info("metrics on http://\(metrics.host.contains(":") ? "[\(metrics.host)]" : metrics.host):\(port)/metrics")
        })
    }
    // Mail (issue 27): the outbox's sender, when a relay is configured.
    if let mail = configuration.mail {
        services.append(MailSender(database: database, mail: mail, signal: database.mailSignal, logger: logger))
    }
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    do {
        try await group.run()
    } catch {
        try? await database.shutdown()
        throw error
    }
    try await database.shutdown()
}
