#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few raw file calls the program makes (read, write, mkdir, exit), behind one platform guard, so the layers
/// above call these instead of naming `Glibc` and `swift build` stays honest about the platforms Package.swift names.
public enum FileSystem {
    /// `mkdir -p` with `mode` for the folders it creates; nil on success, else the folder that could not be made and why.
    public static func makeDirectories(_ folder: String, mode: mode_t = 0o700) -> (folder: String, reason: String)? {
        var current = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            current += "/" + part
            if access(current, F_OK) == 0 { continue }
            if mkdir(current, mode) != 0 && errno != EEXIST { return (current, errorText(errno)) }
        }
        return nil
    }

    /// Writes every byte of `bytes` to `fd`, retrying on EINTR; nil on success, else the errno. Closes nothing.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Reads up to `buffer.count` bytes from `fd` into `buffer`: the count, 0 at the end, -1 with errno set.
    public static func read(_ fd: Int32, into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
    }

    /// Whether this process may write `path` (`access(2)` with W_OK).
    public static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// The whole of the file at `path`, at most `maximum` bytes (a longer file is refused), or why not: "no such file",
    /// "permission denied", "it is a folder", "it is larger than N bytes", or `strerror`'s text.
    public static func readFile(_ path: String, maximum: Int = 1 << 20) -> Result<[UInt8], FileReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return .failure(FileReadFailure(reason: code == ENOENT ? "no such file" : code == EACCES ? "permission denied" : errorText(code)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, into: &chunk)
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                return .failure(FileReadFailure(reason: code == EISDIR ? "it is a folder" : errorText(code)))
            }
            if count == 0 { return .success(bytes) }
            if bytes.count + count > maximum { return .failure(FileReadFailure(reason: "it is larger than \(maximum) bytes")) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The text of an errno value (`strerror`).
    public static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Ends the process with `code`, without running anything else.
    public static func exitProcess(_ code: Int32) -> Never { systemExit(code) }

    #if canImport(Glibc)
    private static let systemWrite = Glibc.write
    private static let systemRead = Glibc.read
    private static let systemExit = Glibc.exit
    #elseif canImport(Musl)
    private static let systemWrite = Musl.write
    private static let systemRead = Musl.read
    private static let systemExit = Musl.exit
    #else
    private static let systemWrite = Darwin.write
    private static let systemRead = Darwin.read
    private static let systemExit = Darwin.exit
    #endif
}

/// Why `FileSystem.readFile` could not read a file, in plain words.
public struct FileReadFailure: Error, Sendable, Equatable {
    public let reason: String
}
