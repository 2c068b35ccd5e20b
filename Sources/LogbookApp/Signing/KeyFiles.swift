#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform
import LogbookDomain

/// Private key files: one per person, `HANDLE.key` in the key folder, readable by its owner only, never in
/// the database. The folder is `$LOGBOOK_KEY_DIR`, else `$XDG_CONFIG_HOME/logbook/keys`, else
/// `~/.config/logbook/keys`.
public enum KeyFiles {
    /// The key folder for this environment.
    public static func directory(_ environment: [String: String]) -> String {
        if let dir = environment["LOGBOOK_KEY_DIR"], !dir.isEmpty { return dir }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/logbook/keys" }
        return (environment["HOME"] ?? "~") + "/.config/logbook/keys"
    }

    /// Where the private key of `handle` is looked for.
    public static func privateKeyPath(_ handle: String, _ environment: [String: String], _ t: Texts = .untranslated) throws -> String {
        guard !handle.contains("/"), !handle.hasPrefix(".") else {
            throw LogbookError.refused(t("key.file.badHandle", ["handle": handle]))
        }
        return directory(environment) + "/" + handle + ".key"
    }

    /// Creates the folder and its missing parents, each new one with mode 0700.
    static func createDirectory(_ path: String, _ t: Texts) throws {
        if let failure = FileSystem.makeDirectories(path) {
            throw LogbookError.refused(t("key.file.cannotCreateFolder", ["folder": failure.folder, "reason": failure.reason]))
        }
    }

    /// Writes a new private key file (created with mode 0600, never widened) and the public key beside it.
    /// An existing key file is kept unless `force`. Returns the private and public file paths.
    public static func write(_ key: PrivateSigningKey, handle: String, environment: [String: String], force: Bool,
                             _ t: Texts = .untranslated) throws -> (privatePath: String, publicPath: String) {
        let path = try privateKeyPath(handle, environment, t)
        try createDirectory(directory(environment), t)
        try writePrivate(key, to: path, force: force, existing: t("key.file.exists", ["handle": handle, "path": path]), t)
        let publicPath = directory(environment) + "/" + handle + ".pub"
        try OutputFile.write(key.publicKey.base64 + "\n", to: publicPath)
        return (path, publicPath)
    }

    /// Writes a private key file at `path`, created with mode 0600 (never widened); an existing file is refused with
    /// `existing` unless `force`.
    static func writePrivate(_ key: PrivateSigningKey, to path: String, force: Bool, existing: String, _ t: Texts) throws {
        if access(path, F_OK) == 0 {
            guard force else { throw LogbookError.conflict(existing) }
            guard unlink(path) == 0 else {
                throw LogbookError.refused(t("key.file.cannotReplace", ["path": path, "reason": t.systemError(errno)]))
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LogbookError.refused(t("key.file.cannotCreate", ["path": path, "reason": t.systemError(errno)])) }
        let failure = FileSystem.writeAll(fd, Array(key.fileText.utf8))
        guard close(fd) == 0, failure == nil else {
            throw LogbookError.refused(t("key.file.cannotWrite", ["path": path, "reason": t.systemError(errno)]))
        }
    }

    /// The private key of `handle`, or nil when there is no key file. A file that others may read or write is
    /// refused (exit 1) with the `chmod` that fixes it.
    public static func read(_ handle: String, _ environment: [String: String], _ t: Texts = .untranslated) throws
        -> (key: PrivateSigningKey, path: String)?
    {
        let path = try privateKeyPath(handle, environment, t)
        return try readPrivate(path, t).map { ($0, path) }
    }

    /// The private key in the file at `path`, or nil when there is no such file. A file that others may read or write
    /// is refused (exit 1) with the `chmod` that fixes it.
    static func readPrivate(_ path: String, _ t: Texts) throws -> PrivateSigningKey? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw LogbookError.refused(t("key.file.cannotRead", ["path": path, "reason": t.systemError(errno)]))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw LogbookError.refused(t("key.file.notRegular", ["path": path]))
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw LogbookError.refused(t("key.file.mode", ["path": path, "mode": String(mode, radix: 8)]))
        }
        let bytes = try InputFile.readAll(fd: fd, name: path)
        guard let key = PrivateSigningKey(fileText: String(decoding: bytes, as: UTF8.self)) else {
            throw LogbookError.badData(t("key.file.notAKey", ["path": path, "header": PrivateSigningKey.fileHeader]))
        }
        return key
    }

    /// Reads trusted public keys from a file: one base64 key per line; empty lines and `#` comments are skipped.
    public static func trustedKeys(_ path: String, _ t: Texts = .untranslated) throws -> [PublicSigningKey] {
        // The trust file format (docs/BUNDLE-FORMAT.md, "Trust files"), identical in tools/verify_bundle.py: UTF-8 lines;
        // spaces, tabs and a carriage return around a line are ignored; a line is empty, a comment starting with `#`,
        // or one base64 Ed25519 public key; at least one key.
        guard let text = String(validating: try InputFile.read(path), as: UTF8.self) else {
            throw LogbookError.badData(t("key.trust.notUTF8", ["path": path]))
        }
        var keys: [PublicSigningKey] = []
        let blank: Set<UInt8> = [0x20, 0x09, 0x0D]
        for (number, line) in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var bytes = line[...]
            while let first = bytes.first, blank.contains(first) { bytes = bytes.dropFirst() }
            while let last = bytes.last, blank.contains(last) { bytes = bytes.dropLast() }
            let trimmed = String(decoding: bytes, as: UTF8.self)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let key = PublicSigningKey(base64: trimmed) else {
                throw LogbookError.badData(t("key.trust.notAKey", ["path": path, "line": String(number + 1)]))
            }
            keys.append(key)
        }
        if keys.isEmpty { throw LogbookError.badData(t("key.trust.empty", ["path": path])) }
        return keys
    }
}
