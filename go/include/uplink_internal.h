/*
 * uplink_internal.h: test-only introspection of the native core.
 *
 * Not part of uplink-c. The leak checks of the test suites read these counts
 * before and after many open/use/close cycles: a goroutine or a handle left
 * behind per cycle shows up as growth proportional to the cycles.
 */
#ifndef UPLINK_INTERNAL_H
#define UPLINK_INTERNAL_H

#include "uplink.h"

#ifdef __cplusplus
extern "C" {
#endif

/* the number of goroutines that exist now (Go's runtime.NumGoroutine) */
extern int64_t uplink_internal_goroutine_count(void);

/* the number of live handles (access grants, projects, uploads, downloads,
 * part uploads, encryption keys, iterators) not yet freed */
extern int64_t uplink_internal_handle_count(void);

#ifdef __cplusplus
}
#endif

#endif
