#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading input files (and standard input for "-") with the documented exit codes.
public enum InputFile {
    /// The largest input file accepted; bigger files are refused before reading (exit 65).
    public static let maximumSize = 64 * 1024 * 1024

    /// The bytes of `path`, or of standard input when `path` is "-".
    ///
    /// A missing or unreadable file or a folder is exit 66; an oversized file is exit 65.
    public static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: "standard input") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LogbookError.noInput("\(path): \(String(cString: strerror(errno))); check the file name")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw LogbookError.noInput("\(path) is a folder, not a file")
        }
        if Int(info.st_size) > maximumSize {
            throw LogbookError.badData("\(path) is \(Int(info.st_size) / 1_048_576) MB; input files may be at most \(maximumSize / 1_048_576) MB")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LogbookError.noInput("\(path): \(String(cString: strerror(errno))); check the file's permissions")
        }
        defer { close(fd) }
        return try readAll(fd: fd, name: path)
    }

    static func readAll(fd: Int32, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LogbookError.noInput("\(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumSize {
                throw LogbookError.badData("\(name) is larger than \(maximumSize / 1_048_576) MB")
            }
        }
    }

    /// The file name without its folder, for messages ("curriculum.csv:14: ...").
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}

/// Writing output files (`-o FILE`): all or nothing, through a temporary file renamed into place.
public enum OutputFile {
    /// Writes `text` to `path`; a missing folder or no permission is exit 66 naming the path.
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".logbook-tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw LogbookError.noInput("cannot write \(path): \(String(cString: strerror(errno))); check the folder exists and is writable")
        }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw LogbookError(.internalError, "cannot write \(path): \(message)")
            }
            offset += written
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw LogbookError.noInput("cannot write \(path): \(message)")
        }
    }
}
