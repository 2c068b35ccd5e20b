#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import Platform

/// Reading input files (and standard input for "-") with the documented exit codes.
public enum InputFile {
    /// The largest input file accepted; bigger files are refused before reading (exit 65).
    public static let maximumSize = InputLimits.importFileBytes

    /// The bytes of `path`, or of standard input when `path` is "-".
    ///
    /// A missing or unreadable file or a folder is exit 66; an oversized file is exit 65.
    /// `maximum` is the most bytes accepted: `InputLimits.importFileBytes` for imports, `textFileBytes` for a plan.
    /// Messages are in `texts`' language, the system's error too (`Texts.systemError`: "ingen sådan fil eller mappe").
    public static func read(_ path: String, maximum: Int = maximumSize, texts: Texts = .untranslated) throws -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: texts("file.stdin"), maximum: maximum, texts: texts) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LogbookError.noInput(texts("file.missing", ["file": path, "error": texts.systemError(errno)]))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw LogbookError.noInput(texts("file.folder", ["file": path]))
        }
        if let kind = InputFile.special(info.st_mode, texts) {
            throw LogbookError.noInput(texts("file.special", ["file": path, "kind": kind]))
        }
        if Int(info.st_size) > maximum {
            throw LogbookError.badData(texts("file.tooLarge", ["file": path, "size": sizeText(Int(info.st_size), texts),
                                                               "maximum": sizeText(maximum, texts)]))
        }
        // O_NONBLOCK: a file swapped for a FIFO after the check above must not block the open; checked again below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw LogbookError.noInput(texts("file.unreadable", ["file": path, "error": texts.systemError(errno)]))
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, (opened.st_mode & S_IFMT) == S_IFREG else {
            throw LogbookError.noInput(texts("file.notRegular", ["file": path, "kind": InputFile.special(opened.st_mode, texts) ?? texts("file.kind.other")]))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return try readAll(fd: fd, name: path, maximum: maximum, texts: texts)
    }

    /// "64 MB", "400 KB", "812 bytes".
    static func sizeText(_ bytes: Int, _ texts: Texts = .untranslated) -> String {
        if bytes >= 1_048_576 { return "\(bytes / 1_048_576) MB" }
        if bytes >= 1_024 { return "\(bytes / 1_024) KB" }
        return texts.plural("file.bytes", count: bytes)
    }

    static func readAll(fd: Int32, name: String, maximum: Int = maximumSize, texts: Texts = .untranslated) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = FileSystem.read(fd, into: &buffer)
            if count < 0 {
                if errno == EINTR { continue }
                throw LogbookError.noInput("\(name): \(texts.systemError(errno))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximum {
                throw LogbookError.badData(texts("file.larger", ["file": name, "maximum": sizeText(maximum, texts)]))
            }
        }
    }

    /// What a file that is not a regular file or a folder is ("a named pipe (FIFO)"), `nil` for those two.
    static func special(_ mode: mode_t, _ texts: Texts = .untranslated) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return texts("file.kind.fifo")
        case S_IFCHR: return texts("file.kind.character")
        case S_IFBLK: return texts("file.kind.block")
        case S_IFSOCK: return texts("file.kind.socket")
        default: return texts("file.kind.other")
        }
    }

    /// The file name without its folder, for messages ("curriculum.csv:14: ...").
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}

/// Writing output files (`-o FILE`): all or nothing, through a temporary file renamed into place.
///
/// A symbolic link is followed: its target is the file written (replaced through a rename in the target's
/// folder), and the link stays. A character device (`/dev/null`, `/dev/stdout`, a terminal) or a named pipe is
/// written to directly, never replaced. A block device, a socket or a folder is refused.
public enum OutputFile {
    /// Writes `text` to `path`. A missing folder, no permission or a folder is exit 66; a failed write
    /// (disk full, I/O error) is exit 74, and leaves the target as it was.
    public static func write(_ text: String, to path: String) throws {
        var target = path
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                var link = stat()
                if lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
                    // A link whose file has no name to replace (`/dev/stdout` when the output is a deleted file, or
                    // any /proc/self/fd link): written through, never renamed over — that would replace the link
                    // itself, and as root /dev/stdout for the whole machine.
                    guard let resolved = realpath(path, nil) else { return try writeThrough(text, to: path, name: path, truncating: true) }
                    target = String(cString: resolved)
                    free(resolved)
                    if target.hasPrefix("/proc/") { return try writeThrough(text, to: path, name: path, truncating: true) }
                }
            case S_IFCHR, S_IFIFO:
                return try writeThrough(text, to: path, name: path)
            case S_IFDIR:
                throw LogbookError.noInput("cannot write \(path): it is a folder; give a file name")
            default:
                throw LogbookError.noInput("cannot write \(path): it is \(InputFile.special(info.st_mode) ?? "not a regular file"); give a file name")
            }
        } else if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            throw LogbookError.noInput("cannot write \(path): it is a symbolic link to a missing file or folder; give the target itself")
        }
        let temporary = target + ".logbook-tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LogbookError.noInput("cannot write \(path): \(String(cString: strerror(errno))); check the folder exists and is writable")
        }
        if let failure = writeAll(fd, text) ?? (close(fd) == 0 ? nil : errno) {
            unlink(temporary)
            throw failed(path, failure)
        }
        guard rename(temporary, target) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw LogbookError.noInput("cannot write \(path): \(message)")
        }
    }

    /// Writes to a device or a pipe as it is.
    static func writeThrough(_ text: String, to target: String, name: String, truncating: Bool = false) throws {
        let fd = open(target, O_WRONLY | O_CLOEXEC | (truncating ? O_TRUNC : 0))
        guard fd >= 0 else {
            throw LogbookError.noInput("cannot write \(name): \(String(cString: strerror(errno)))")
        }
        if let failure = writeAll(fd, text) ?? (close(fd) == 0 ? nil : errno) {
            throw failed(name, failure, replaced: false)
        }
    }

    /// Writes every byte; the errno of a failure, or `nil`. Closes nothing.
    static func writeAll(_ fd: Int32, _ text: String) -> Int32? {
        guard let failure = FileSystem.writeAll(fd, Array(text.utf8)) else { return nil }
        close(fd)
        return failure
    }

    static func failed(_ path: String, _ failure: Int32, replaced: Bool = true) -> LogbookError {
        let hint = failure == ENOSPC ? "the disk is full; free some space and run the command again"
            : "check the disk and run the command again"
        return LogbookError.ioError("cannot write \(path) (\(String(cString: strerror(failure)))): \(hint)\(replaced ? "; the file was not changed" : "")")
    }
}
