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

    /// Reads a whole file, refusing one larger than `limit` bytes (pipes included).
    static func readAll(_ path: String, limit: Int) throws(ReplayError) -> [UInt8] {
        var fd: Int32 = -1
        while true {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { break }
            if errno != EINTR { throw ReplayError("cannot open \(path): \(lastError())") }
        }
        defer { try? close(fd, path: path) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit {
            throw ReplayError("\(path) is \(info.st_size) bytes, over the \(limit >> 20) MiB limit for a replay")
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
