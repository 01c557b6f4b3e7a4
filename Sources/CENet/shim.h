#ifndef FOGLINE_CENET_SHIM_H
#define FOGLINE_CENET_SHIM_H

/// ENet, the reliable-UDP library Fogline's lock-step transport runs on.
#include <enet/enet.h>

/// The version of the ENet library linked at run time, as major/minor/patch.
///
/// `ENET_VERSION_GET_MAJOR` and friends are macros Swift cannot import.
static inline void fogline_enet_version(unsigned *major, unsigned *minor, unsigned *patch) {
    ENetVersion v = enet_linked_version();
    *major = ENET_VERSION_GET_MAJOR(v);
    *minor = ENET_VERSION_GET_MINOR(v);
    *patch = ENET_VERSION_GET_PATCH(v);
}

/// The wildcard host address (`ENET_HOST_ANY` is a macro).
static inline enet_uint32 fogline_enet_host_any(void) { return ENET_HOST_ANY; }

#endif
