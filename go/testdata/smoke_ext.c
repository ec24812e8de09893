/*
 * smoke_ext.c: an offline smoke test of the functions beyond uplink-c
 * (include/uplink_ext.h), linked against the c-archive. Driven by
 * ext_smoke_test.go:  smoke_ext ACCESS_GRANT
 *
 * The access grant names a satellite on a closed local port: only what needs
 * no network is checked. Compiled with -Wall -Wextra -Werror.
 */
#include <stdio.h>
#include <string.h>

#include "uplink_ext.h"
#include "smoke_expect.h"


int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: smoke_ext ACCESS_GRANT\n");
        return 2;
    }
    /* NULL project: every family reports it, and the results free cleanly */
    UplinkExtObjectResult or = uplink_ext_stat_object(NULL, "b", "k", NULL, 0);
    EXPECT(or.error, UPLINK_ERROR_INTERNAL, "project is nil");
    or.error = NULL;
    uplink_ext_free_object_result(or);
    UplinkExtDeleteObjectsResult dr = uplink_ext_delete_objects(NULL, "b", NULL, 0, NULL);
    EXPECT(dr.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkExtBucketTagsResult tr = uplink_ext_get_bucket_tagging(NULL, "b");
    EXPECT(tr.error, UPLINK_ERROR_INTERNAL, "project is nil");
    UplinkExtObjectResult ur = uplink_ext_upload_info(NULL);
    EXPECT(ur.error, UPLINK_ERROR_INTERNAL, "upload is nil");
    UplinkExtObjectIterator *it = uplink_ext_list_object_versions(NULL, "b", NULL);
    checks++;
    if (uplink_ext_object_iterator_next(it) || uplink_ext_object_iterator_item(it) != NULL) failures++;
    EXPECT(uplink_ext_object_iterator_err(it), UPLINK_ERROR_INTERNAL, "project is nil");
    uplink_ext_free_object_iterator(it);

    /* zero results and NULL pointers free cleanly */
    UplinkExtDeleteObjectsResult zero_dr = {0};
    uplink_ext_free_delete_objects_result(zero_dr);
    UplinkExtProjectInfoResult zero_pr = {0};
    uplink_ext_free_project_info_result(zero_pr);
    UplinkExtCloseResult zero_cr = uplink_ext_close_project(NULL); /* nothing to close */
    checks++;
    if (zero_cr.error != NULL || zero_cr.only_closed_connections) failures++;
    uplink_ext_free_close_result(zero_cr);
    uplink_ext_free_object(NULL);
    uplink_ext_free_object_iterator(NULL);

    UplinkAccessResult ar = uplink_parse_access(argv[1]);
    if (ar.error != NULL) {
        fprintf(stderr, "parse: %s\n", ar.error->message);
        return 1;
    }
    /* the full Permission */
    UplinkExtPermission perm = {0};
    perm.allow_download = true;
    perm.allow_bypass_governance_retention = true;
    perm.max_object_ttl_seconds = 3600;
    UplinkSharePrefix prefix = {"vault", NULL};
    UplinkAccessResult shared = uplink_ext_access_share(ar.access, perm, &prefix, 1);
    checks++;
    if (shared.access == NULL || shared.error != NULL) failures++;
    uplink_free_access_result(shared);
    perm.max_object_ttl_seconds = -1;
    shared = uplink_ext_access_share(ar.access, perm, NULL, 0);
    EXPECT(shared.error, UPLINK_ERROR_INTERNAL, NULL);

    /* argument checks that come before any network call */
    UplinkProjectResult pr = uplink_open_project(ar.access);
    if (pr.error == NULL) {
        const uint8_t short_version[2] = {1, 2};
        or = uplink_ext_stat_object(pr.project, "b", "k", short_version, sizeof short_version);
        EXPECT(or.error, UPLINK_EXT_ERROR_OBJECT_VERSION_INVALID,
               "object version is invalid: version is 2 bytes long, not 16");
        UplinkExtRetention bad = {7, 1};
        EXPECT(uplink_ext_set_object_retention(pr.project, "b", "k", NULL, 0, bad, false),
               UPLINK_ERROR_INTERNAL, "retention.mode: unknown retention mode 7");
        UplinkExtObjectLockConfiguration both = {true, UPLINK_EXT_RETENTION_GOVERNANCE, 1, 1};
        EXPECT(uplink_ext_set_bucket_object_lock_configuration(pr.project, "b", both),
               UPLINK_ERROR_INTERNAL, NULL);
        UplinkExtBucketTag nokey = {NULL, "v"};
        EXPECT(uplink_ext_set_bucket_tagging(pr.project, "b", &nokey, 1),
               UPLINK_ERROR_INTERNAL, "tags[0].key is nil");
        UplinkExtDeleteObjectsItem item = {NULL, NULL, 0};
        dr = uplink_ext_delete_objects(pr.project, "b", &item, 1, NULL);
        EXPECT(dr.error, UPLINK_ERROR_INTERNAL, "items[0].object_key is nil");
        /* a project that never connected closes cleanly; closing again is a no-op */
        UplinkExtCloseResult cr = uplink_ext_close_project(pr.project);
        checks++;
        if (cr.error != NULL || cr.only_closed_connections) failures++;
        uplink_ext_free_close_result(cr);
        uplink_free_error(uplink_close_project(pr.project));
    } else {
        checks++;
        failures++;
        fprintf(stderr, "open project: %s\n", pr.error->message);
    }
    uplink_free_project_result(pr);
    uplink_free_access_result(ar);

    checks++;
    if (uplink_internal_UniverseIsEmpty() != 1) {
        failures++;
        fprintf(stderr, "FAIL: handles leaked\n");
    }
    if (failures) {
        fprintf(stderr, "smoke_ext: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("smoke_ext: %d checks passed\n", checks);
    return 0;
}
