/*
 * uplink_ext.h: storj_uplink's C functions beyond uplink-c v1.14: object
 * versions, Object Lock (retention, legal hold, bucket default retention),
 * batch delete, conditional upload, bucket tags and location, project info, a
 * project close that tells idle-connection errors apart, and
 * the full Permission of storj.io/uplink v1.14.5.
 *
 * Same conventions as uplink-c (see uplink_definitions.h and go/README.md):
 * handles from the one handle table, results by value whose non-NULL pointers
 * are malloc'd and released only by the matching free function, NUL-terminated
 * UTF-8 strings, Unix seconds (0 = unset), no Go pointer in C memory.
 *
 * Versions are opaque byte strings (16 bytes on today's satellites) passed as
 * (pointer, length); length 0 means "the latest version" (the pointer is then
 * ignored). Retention modes: 0 none, 1 compliance, 2 governance (storj.io's
 * storj.RetentionMode values). Bucket versioning states are the satellite's:
 * 0 unsupported, 1 unversioned, 2 enabled, 3 suspended.
 */
#ifndef STORJ_UPLINK_EXT_H
#define STORJ_UPLINK_EXT_H

#include "uplink.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- error codes of the new failures (uplink-c's codes stay as they are) */
#define UPLINK_EXT_ERROR_OBJECT_LOCKED 0x40            /* retention or legal hold protects it */
#define UPLINK_EXT_ERROR_OBJECT_ALREADY_EXISTS 0x41    /* if_none_match "*" met an object */
#define UPLINK_EXT_ERROR_PRECONDITION_FAILED 0x42      /* another failed precondition */
#define UPLINK_EXT_ERROR_OBJECT_LOCK_NOT_ENABLED 0x43  /* bucket/project without Object Lock */
#define UPLINK_EXT_ERROR_OBJECT_LOCK_INVALID 0x44      /* invalid Object Lock state or configuration */
#define UPLINK_EXT_ERROR_OBJECT_VERSION_INVALID 0x45   /* a malformed or foreign version */
#define UPLINK_EXT_ERROR_BUCKET_TAG_INVALID 0x46       /* too many, duplicated or invalid tags */
#define UPLINK_EXT_ERROR_METHOD_NOT_ALLOWED 0x47       /* e.g. downloading a delete marker */
#define UPLINK_EXT_ERROR_UNIMPLEMENTED 0x48            /* the satellite does not offer it */

#define UPLINK_EXT_RETENTION_NONE 0
#define UPLINK_EXT_RETENTION_COMPLIANCE 1
#define UPLINK_EXT_RETENTION_GOVERNANCE 2

/* DeleteObjects per-key status (storj.DeleteObjectsStatus) */
#define UPLINK_EXT_DELETE_STATUS_INTERNAL_ERROR 0
#define UPLINK_EXT_DELETE_STATUS_UNAUTHORIZED 1
#define UPLINK_EXT_DELETE_STATUS_NOT_FOUND 2
#define UPLINK_EXT_DELETE_STATUS_OK 3
#define UPLINK_EXT_DELETE_STATUS_LOCKED 4

/* ---- values */
typedef const uint8_t uplink_ext_const_byte; /* a read-only byte argument (as uplink_const_char) */

typedef struct UplinkExtObjectIterator { size_t _handle; } UplinkExtObjectIterator;

typedef struct UplinkExtRetention {
    int32_t mode;         /* UPLINK_EXT_RETENTION_* */
    int64_t retain_until; /* Unix seconds; 0 with mode NONE */
} UplinkExtRetention;

/* An object with its version and Object Lock state. */
typedef struct UplinkExtObject {
    char *key;
    bool is_prefix;
    UplinkSystemMetadata system;
    UplinkCustomMetadata custom;
    uint8_t *version; /* malloc'd, NULL when version_length is 0 */
    size_t version_length;
    bool is_versioned;
    bool is_latest;
    bool is_delete_marker;
    UplinkExtRetention retention; /* mode NONE when none or not asked */
    int32_t legal_hold;           /* -1 unknown, 0 off, 1 on */
} UplinkExtObject;

typedef struct UplinkExtObjectResult { UplinkExtObject *object; UplinkError *error; } UplinkExtObjectResult;
typedef struct UplinkExtIntResult { int64_t value; UplinkError *error; } UplinkExtIntResult;
typedef struct UplinkExtRetentionResult { UplinkExtRetention retention; UplinkError *error; } UplinkExtRetentionResult;

typedef struct UplinkExtUploadOptions {
    int64_t expires;              /* Unix seconds, 0 = never */
    UplinkExtRetention retention; /* mode NONE: no retention */
    bool legal_hold;
    bool if_none_match; /* true: refuse to overwrite an existing object ("*") */
} UplinkExtUploadOptions;

typedef struct UplinkExtDeleteObjectOptions { bool bypass_governance_retention; } UplinkExtDeleteObjectOptions;

typedef struct UplinkExtListObjectVersionsOptions {
    const char *prefix;
    const char *cursor;
    bool recursive;
    bool system;
    bool custom;
} UplinkExtListObjectVersionsOptions;

typedef struct UplinkExtDeleteObjectsItem {
    const char *object_key;
    uplink_ext_const_byte *version;
    size_t version_length;
} UplinkExtDeleteObjectsItem;

typedef struct UplinkExtDeleteObjectsOptions {
    bool bypass_governance_retention;
    bool quiet;
} UplinkExtDeleteObjectsOptions;

typedef struct UplinkExtDeleteObjectsResultItem {
    char *object_key;
    uint8_t *requested_version; /* malloc'd or NULL */
    size_t requested_version_length;
    int32_t status;             /* UPLINK_EXT_DELETE_STATUS_* */
    uint8_t *removed_version;   /* the version removed, malloc'd or NULL */
    size_t removed_version_length;
    uint8_t *marker_version;    /* the delete marker created, malloc'd or NULL */
    size_t marker_version_length;
} UplinkExtDeleteObjectsResultItem;

typedef struct UplinkExtDeleteObjectsResult {
    UplinkExtDeleteObjectsResultItem *items;
    size_t count;
    UplinkError *error;
} UplinkExtDeleteObjectsResult;

typedef struct UplinkExtCreateBucketOptions { bool object_lock_enabled; } UplinkExtCreateBucketOptions;

typedef struct UplinkExtObjectLockConfiguration {
    bool enabled;
    int32_t default_retention_mode; /* UPLINK_EXT_RETENTION_*; NONE: no default */
    int32_t default_retention_days;
    int32_t default_retention_years;
} UplinkExtObjectLockConfiguration;

typedef struct UplinkExtObjectLockConfigurationResult {
    UplinkExtObjectLockConfiguration configuration;
    UplinkError *error;
} UplinkExtObjectLockConfigurationResult;

typedef struct UplinkExtBucketTag { char *key; char *value; } UplinkExtBucketTag;

typedef struct UplinkExtBucketTagsResult {
    UplinkExtBucketTag *tags; /* {NULL, 0} when the bucket has none */
    size_t count;
    UplinkError *error;
} UplinkExtBucketTagsResult;

typedef struct UplinkExtProjectInfo {
    char *public_id; /* the project's public UUID, canonical text form */
    int64_t created;
} UplinkExtProjectInfo;

typedef struct UplinkExtProjectInfoResult { UplinkExtProjectInfo *info; UplinkError *error; } UplinkExtProjectInfoResult;

/* What uplink_ext_close_project returns: uplink_close_project's error as it is
 * (same code and message), and whether that error is made only of connections
 * already closed (Go's net.ErrClosed, "use of closed network connection"):
 * closing a project closes the idle connections of its pools, and one that
 * the other side had already hung up reports that, which says nothing about
 * any operation of the project. */
typedef struct UplinkExtCloseResult {
    bool only_closed_connections; /* false when error is NULL */
    UplinkError *error;
} UplinkExtCloseResult;

typedef struct UplinkExtPermission {
    bool allow_download;
    bool allow_upload;
    bool allow_list;
    bool allow_delete;
    bool allow_put_object_retention;
    bool allow_get_object_retention;
    bool allow_put_object_legal_hold;
    bool allow_get_object_legal_hold;
    bool allow_bypass_governance_retention;
    bool allow_put_bucket_object_lock_configuration;
    bool allow_get_bucket_object_lock_configuration;
    int64_t not_before;             /* Unix seconds, 0 = no restriction */
    int64_t not_after;              /* Unix seconds, 0 = no restriction */
    int64_t max_object_ttl_seconds; /* 0 = no limit */
} UplinkExtPermission;

/* ---- objects and versions */
extern UplinkExtObjectResult uplink_ext_stat_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length);
extern UplinkExtObjectResult uplink_ext_delete_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length, UplinkExtDeleteObjectOptions* options);
extern UplinkExtObjectResult uplink_ext_copy_object(UplinkProject* project, uplink_const_char* old_bucket_name, uplink_const_char* old_object_key, uplink_ext_const_byte* version, size_t version_length, uplink_const_char* new_bucket_name, uplink_const_char* new_object_key);
extern UplinkDownloadResult uplink_ext_download_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length, UplinkDownloadOptions* options);
extern UplinkUploadResult uplink_ext_upload_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, UplinkExtUploadOptions* options);
extern UplinkExtObjectResult uplink_ext_upload_info(UplinkUpload* upload);
extern UplinkExtDeleteObjectsResult uplink_ext_delete_objects(UplinkProject* project, uplink_const_char* bucket_name, UplinkExtDeleteObjectsItem* items, size_t items_count, UplinkExtDeleteObjectsOptions* options);
extern void uplink_ext_free_delete_objects_result(UplinkExtDeleteObjectsResult result);
extern void uplink_ext_free_object_result(UplinkExtObjectResult result);
extern void uplink_ext_free_object(UplinkExtObject* object);

extern UplinkExtObjectIterator* uplink_ext_list_object_versions(UplinkProject* project, uplink_const_char* bucket_name, UplinkExtListObjectVersionsOptions* options);
extern bool uplink_ext_object_iterator_next(UplinkExtObjectIterator* iterator);
extern UplinkError* uplink_ext_object_iterator_err(UplinkExtObjectIterator* iterator);
extern UplinkExtObject* uplink_ext_object_iterator_item(UplinkExtObjectIterator* iterator);
extern void uplink_ext_free_object_iterator(UplinkExtObjectIterator* iterator);

/* ---- Object Lock on objects */
extern UplinkExtRetentionResult uplink_ext_get_object_retention(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length);
extern UplinkError* uplink_ext_set_object_retention(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length, UplinkExtRetention retention, bool bypass_governance_retention);
extern UplinkExtIntResult uplink_ext_get_object_legal_hold(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length);
extern UplinkError* uplink_ext_set_object_legal_hold(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_ext_const_byte* version, size_t version_length, bool enabled);
extern void uplink_ext_free_retention_result(UplinkExtRetentionResult result);
extern void uplink_ext_free_int_result(UplinkExtIntResult result);

/* ---- buckets */
extern UplinkBucketResult uplink_ext_create_bucket(UplinkProject* project, uplink_const_char* bucket_name, UplinkExtCreateBucketOptions* options);
extern UplinkBucketResult uplink_ext_delete_bucket_with_objects(UplinkProject* project, uplink_const_char* bucket_name, bool bypass_governance_retention);
extern UplinkExtIntResult uplink_ext_get_bucket_versioning(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkError* uplink_ext_set_bucket_versioning(UplinkProject* project, uplink_const_char* bucket_name, bool enabled);
extern UplinkExtObjectLockConfigurationResult uplink_ext_get_bucket_object_lock_configuration(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkError* uplink_ext_set_bucket_object_lock_configuration(UplinkProject* project, uplink_const_char* bucket_name, UplinkExtObjectLockConfiguration configuration);
extern void uplink_ext_free_object_lock_configuration_result(UplinkExtObjectLockConfigurationResult result);
extern UplinkExtBucketTagsResult uplink_ext_get_bucket_tagging(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkError* uplink_ext_set_bucket_tagging(UplinkProject* project, uplink_const_char* bucket_name, UplinkExtBucketTag* tags, size_t tags_count);
extern void uplink_ext_free_bucket_tags_result(UplinkExtBucketTagsResult result);
extern UplinkStringResult uplink_ext_get_bucket_location(UplinkProject* project, uplink_const_char* bucket_name);

/* ---- project and access */
extern UplinkExtProjectInfoResult uplink_ext_get_project_info(UplinkAccess* access);
extern void uplink_ext_free_project_info_result(UplinkExtProjectInfoResult result);
extern UplinkExtCloseResult uplink_ext_close_project(UplinkProject* project);
extern void uplink_ext_free_close_result(UplinkExtCloseResult result);
extern UplinkAccessResult uplink_ext_access_share(UplinkAccess* access, UplinkExtPermission permission, UplinkSharePrefix* prefixes, int64_t prefixes_count);

#ifdef __cplusplus
}
#endif

#endif /* STORJ_UPLINK_EXT_H */
