#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over open/write/read/fsync/close that throw `ReplayError` instead of returning -1.
enum PosixFile {
    /// The text of the current `errno`.
    static func lastError() -> String {
        let code = errno
        if let text = strerror(code) { return String(cString: text) }
        return "error \(code)"
    }

    /// Opens `path` for writing, creating or truncating it.
    static func create(_ path: String) throws(ReplayError) -> Int32 {
        while true {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 { return fd }
            if errno != EINTR { throw ReplayError("cannot create \(path): \(lastError())") }
        }
    }

    /// What a file mode says a file is, for an error message.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFDIR: return "a folder"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ReplayError) {
        var failure: String? = nil
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n > 0 {
                    done += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    failure = n == 0 ? "write returned 0" : lastError()
                    return
                }
            }
        }
        if let failure { throw ReplayError("cannot write \(path): \(failure)") }
    }

    static func sync(_ fd: Int32, path: String) throws(ReplayError) {
        if fsync(fd) != 0 && errno != EINVAL { throw ReplayError("cannot sync \(path): \(lastError())") }
    }

    static func close(_ fd: Int32, path: String) throws(ReplayError) {
        // Linux frees the descriptor even when close fails, so it is never retried.
        #if canImport(Glibc)
            let status = Glibc.close(fd)
        #elseif canImport(Musl)
            let status = Musl.close(fd)
        #else
            let status = Darwin.close(fd)
        #endif
        if status != 0 && errno != EINTR { throw ReplayError("cannot close \(path): \(lastError())") }
    }

    /// Reads a whole regular file, refusing one larger than `limit` bytes.
    ///
    /// Anything else (a named pipe, a device, a folder) is refused: opening a pipe would
    /// wait for a writer forever, so it is opened non-blocking and checked before reading.
    static func readAll(_ path: String, limit: Int) throws(ReplayError) -> [UInt8] {
        var fd: Int32 = -1
        while true {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            if fd >= 0 { break }
            if errno != EINTR { throw ReplayError("cannot open \(path): \(lastError())") }
        }
        defer { try? close(fd, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReplayError("cannot read \(path): \(lastError())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReplayError("\(path) is not a regular file (\(kind(of: info.st_mode))); a replay is a file")
        }
        if Int(info.st_size) > limit {
            throw ReplayError("\(path) is \(info.st_size) bytes, over the \(limit >> 20) MiB limit for a replay")
        }
        // Back to blocking reads: a regular file never needs to wait, but keep EAGAIN out of it.
        let flags = fcntl(fd, F_GETFL)
        if flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 {
            throw ReplayError("cannot read \(path): \(lastError())")
        }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: block[0..<n])
                if bytes.count > limit {
                    throw ReplayError("\(path) is over the \(limit >> 20) MiB limit for a replay")
                }
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                throw ReplayError("cannot read \(path): \(lastError())")
            }
        }
    }
}
