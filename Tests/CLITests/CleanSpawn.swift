import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a program as a shell would: standard input from /dev/null, output to files,
/// no signals blocked and default handlers.
///
/// The test runner's threads block signals; a child that inherited that mask would
/// never see SIGHUP or SIGINT. Foundation's `Process` is not used: it waits forever
/// when the child starts a server (tmux) that keeps its descriptors.
/// Returns the pid, or nil if the program could not be started.
///
/// `environment` replaces the process's own when given.
func spawnCleanly(
    _ argv: [String], stdout: String, stderr: String, searchPath: Bool = false, environment: [String: String]? = nil
) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let cEnvironment: [UnsafeMutablePointer<CChar>?]? = environment.map { env in
        env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    }
    defer { cEnvironment?.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = cEnvironment.map { env in
        env.withUnsafeBufferPointer { envp in
            searchPath
                ? posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, envp.baseAddress)
                : posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, envp.baseAddress)
        }
    } ?? (
        searchPath
            ? posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, environ)
            : posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, environ))
    return rc == 0 ? pid : nil
}

/// A waitpid status as a shell shows it: the exit code, or 128 + the signal that killed it.
func exitStatus(fromWait raw: Int32) -> (status: Int32, signalled: Bool) {
    let signal = raw & 0x7F
    return signal == 0 ? ((raw >> 8) & 0xFF, false) : (128 + signal, true)
}
