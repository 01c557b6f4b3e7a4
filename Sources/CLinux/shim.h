#ifndef FOGLINE_CLINUX_SHIM_H
#define FOGLINE_CLINUX_SHIM_H

/// Linux calls glibc has no wrapper for (before 2.41), and `syscall` is variadic, which
/// Swift cannot call.

#ifdef __linux__
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

/// `struct sched_attr` of sched_setattr(2), the first version (48 bytes).
struct fogline_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
};

/// Puts the calling thread in the normal policy at `nice`, asking the scheduler for time
/// slices of `slice_ns` nanoseconds.
///
/// On Linux 6.12 and later (EEVDF) a normal thread's `sched_runtime` is its slice: a
/// thread with a short one runs at most that long before a waiting thread gets the CPU
/// (the kernel clamps it to 0.1-100 ms). Older kernels ignore it. Returns 0, or -1 with
/// `errno` set.
static inline int fogline_set_slice(int32_t nice, uint64_t slice_ns) {
    struct fogline_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = 0; /* SCHED_OTHER */
    attr.sched_nice = nice;
    attr.sched_runtime = slice_ns;
    return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
}

#include <malloc.h>

/// Bytes malloc has handed out and not had back (glibc's `mallinfo2`, which Swift's
/// Glibc module does not export): beside the resident set, it tells memory in use from
/// memory the allocator keeps.
static inline size_t fogline_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}
#endif

#endif
