#if canImport(Glibc)
import Glibc
#endif
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook-bench-gen time --db PATH [--runs N] [--today DATE] status POSITION HANDLE | report DEPARTMENT HANDLE`
///
/// Times one use case in-process, the way `logbook serve` runs it for `GET /api/v1/positions/{id}/status` and
/// `GET /api/v1/departments/{code}/report`: a read session of a `SessionPool` as HANDLE, the use case, its JSON
/// serialized. No process start, no HTTP. Prints the median, p99 and mean in milliseconds (bench/load.sh sets them
/// beside the same request over HTTP). The first run (cold statement cache) is not counted.
enum InProcess {
    static func main(_ arguments: [String]) -> Never {
        var database = "", runs = 200, today = CalendarDate(iso: "2026-06-15")!
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            func value() -> String {
                index += 1
                guard index < arguments.count else { fail("\(argument) needs a value") }
                return arguments[index]
            }
            switch argument {
            case "--db": database = value()
            case "--runs": runs = Int(value()) ?? 0
            case "--today": today = CalendarDate(iso: value()) ?? today
            default: rest.append(argument)
            }
            index += 1
        }
        guard !database.isEmpty, runs > 0, rest.count == 3 else {
            fail("usage: logbook-bench-gen time --db PATH [--runs N] status POSITION HANDLE | report DEPARTMENT HANDLE")
        }
        let pool: SessionPool
        do { pool = try SessionPool(path: database, readers: 1) } catch { fail("cannot open \(database): \(error)") }
        let (work, subject, handle) = (rest[0], rest[1], rest[2])
        let body: (Session) throws -> String
        switch work {
        case "status":
            guard let id = Int64(subject) else { fail("status needs a position id") }
            body = { session in
                let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
                return StatusJSON.json(header, status).serialized()
            }
        case "report":
            body = { session in try Overviews.report(session, department: subject, on: nil, selection: .ongoing).json.serialized() }
        default: fail("unknown work \(work): status or report")
        }
        var times: [Double] = []
        let clock = ContinuousClock()
        var bytes = 0
        for run in 0...runs {
            let started = clock.now
            do { bytes = try pool.run(actor: handle, today: today, writing: false) { try body($0) }.utf8.count } catch {
                fail("\(work) \(subject) as \(handle): \(error)")
            }
            let elapsed = clock.now - started
            if run > 0 { times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15) }
        }
        times.sort()
        let mean = times.reduce(0, +) / Double(times.count)
        func format(_ value: Double) -> String { String((value * 1000).rounded() / 1000) }
        print("\(work) \(subject) in-process: median \(format(times[times.count / 2])) ms, p99 \(format(times[min(times.count - 1, times.count * 99 / 100)])) ms, mean \(format(mean)) ms over \(runs) runs, \(bytes) bytes of JSON")
        exit(0)
    }
}
