/*
 * smoke_expect.h: the checks shared by the extension headers' C smoke tests
 * (smoke_ext.c, smoke_fast.c). Include it after the header under test.
 */
#ifndef SMOKE_EXPECT_H
#define SMOKE_EXPECT_H

#include <stdio.h>
#include <string.h>

static int checks, failures;

/* expect checks (and frees) an error: its code, and its message unless NULL. */
static void expect(int line, UplinkError *err, int32_t code, const char *message) {
    checks++;
    if (err == NULL || err->code != code || err->message == NULL ||
        (message != NULL && strcmp(err->message, message) != 0)) {
        failures++;
        fprintf(stderr, "FAIL line %d: expected %#x %s, got %#x %s\n", line, code,
                message ? message : "", err ? err->code : 0,
                err && err->message ? err->message : "(none)");
    }
    uplink_free_error(err);
}
#define EXPECT(err, code, message) expect(__LINE__, (err), (code), (message))

#endif
