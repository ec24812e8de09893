/*
 * uplink_definitions.h: the types and error codes of the uplink-c v1.14 C API.
 *
 * Written for storj_uplink from the published facts of that API. This file and
 * uplink.h are the single source of truth: cgo compiles the Go side against them
 * and ffi_build.py feeds them to cffi, so the two can never drift.
 *
 * Conventions: every handle is a struct holding one size_t index into a table of
 * live Go objects (no Go pointer crosses into C). Results are returned by value;
 * every non-NULL pointer they hold is malloc'd and released only by the matching
 * uplink_free_* function. Strings are NUL-terminated UTF-8, except custom
 * metadata, which carries explicit lengths. Times are Unix seconds, 0 = unset.
 */
#ifndef STORJ_UPLINK_DEFINITIONS_H
#define STORJ_UPLINK_DEFINITIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>  /* EOF: the code of the error uplink_download_read returns at the end */
#include <stdlib.h> /* free(), which C callers of uplink-c use without including it */

typedef const char uplink_const_char;

/* ---- handles --------------------------------------------------------- */
typedef struct UplinkHandle { size_t _handle; } UplinkHandle;
typedef struct UplinkAccess { size_t _handle; } UplinkAccess;
typedef struct UplinkProject { size_t _handle; } UplinkProject;
typedef struct UplinkDownload { size_t _handle; } UplinkDownload;
typedef struct UplinkUpload { size_t _handle; } UplinkUpload;
typedef struct UplinkEncryptionKey { size_t _handle; } UplinkEncryptionKey;
typedef struct UplinkPartUpload { size_t _handle; } UplinkPartUpload;
typedef struct UplinkObjectIterator { size_t _handle; } UplinkObjectIterator;
typedef struct UplinkBucketIterator { size_t _handle; } UplinkBucketIterator;
typedef struct UplinkUploadIterator { size_t _handle; } UplinkUploadIterator;
typedef struct UplinkPartIterator { size_t _handle; } UplinkPartIterator;

/* ---- configuration and options ---------------------------------------- */
typedef struct UplinkConfig {
    const char *user_agent;
    int32_t dial_timeout_milliseconds; /* <= 0: the library default */
    const char *temp_directory;        /* may be NULL */
} UplinkConfig;

typedef struct UplinkUploadOptions { int64_t expires; } UplinkUploadOptions;
typedef struct UplinkDownloadOptions { int64_t offset; int64_t length; } UplinkDownloadOptions;

typedef struct UplinkListObjectsOptions {
    const char *prefix;
    const char *cursor;
    bool recursive;
    bool system;
    bool custom;
} UplinkListObjectsOptions;

typedef struct UplinkListUploadsOptions {
    const char *prefix;
    const char *cursor;
    bool recursive;
    bool system;
    bool custom;
} UplinkListUploadsOptions;

typedef struct UplinkListBucketsOptions { const char *cursor; } UplinkListBucketsOptions;
typedef struct UplinkListUploadPartsOptions { uint32_t cursor; } UplinkListUploadPartsOptions;

/* The three option structs below have no fields in v1.14 (a GNU C extension). */
typedef struct UplinkMoveObjectOptions {} UplinkMoveObjectOptions;
typedef struct UplinkUploadObjectMetadataOptions {} UplinkUploadObjectMetadataOptions;
typedef struct UplinkCopyObjectOptions {} UplinkCopyObjectOptions;

/* ---- values ------------------------------------------------------------ */
typedef struct UplinkBucket {
    char *name;
    int64_t created;
} UplinkBucket;

typedef struct UplinkSystemMetadata {
    int64_t created;
    int64_t expires;
    int64_t content_length;
} UplinkSystemMetadata;

typedef struct UplinkCustomMetadataEntry {
    char *key;
    size_t key_length;
    char *value;
    size_t value_length;
} UplinkCustomMetadataEntry;

typedef struct UplinkCustomMetadata {
    UplinkCustomMetadataEntry *entries;
    size_t count;
} UplinkCustomMetadata;

typedef struct UplinkObject {
    char *key;
    bool is_prefix;
    UplinkSystemMetadata system;
    UplinkCustomMetadata custom;
} UplinkObject;

typedef struct UplinkPermission {
    bool allow_download;
    bool allow_upload;
    bool allow_list;
    bool allow_delete;
    int64_t not_before; /* Unix seconds, 0 = no restriction */
    int64_t not_after;  /* Unix seconds, 0 = no restriction */
} UplinkPermission;

typedef struct UplinkPart {
    uint32_t part_number;
    size_t size;
    int64_t modified;
    char *etag;
    size_t etag_length;
} UplinkPart;

typedef struct UplinkSharePrefix {
    const char *bucket;
    const char *prefix;
} UplinkSharePrefix;

typedef struct UplinkUploadInfo {
    char *upload_id;
    char *key;
    bool is_prefix;
    UplinkSystemMetadata system;
    UplinkCustomMetadata custom;
} UplinkUploadInfo;

typedef struct UplinkCommitUploadOptions {
    UplinkCustomMetadata custom_metadata;
} UplinkCommitUploadOptions;

/* ---- errors ------------------------------------------------------------ */
typedef struct UplinkError {
    int32_t code;
    char *message;
} UplinkError;

#define UPLINK_ERROR_INTERNAL 0x02
#define UPLINK_ERROR_CANCELED 0x03
#define UPLINK_ERROR_INVALID_HANDLE 0x04
#define UPLINK_ERROR_TOO_MANY_REQUESTS 0x05
#define UPLINK_ERROR_BANDWIDTH_LIMIT_EXCEEDED 0x06
#define UPLINK_ERROR_STORAGE_LIMIT_EXCEEDED 0x07
#define UPLINK_ERROR_SEGMENTS_LIMIT_EXCEEDED 0x08
#define UPLINK_ERROR_PERMISSION_DENIED 0x09
#define UPLINK_ERROR_BUCKET_NAME_INVALID 0x10
#define UPLINK_ERROR_BUCKET_ALREADY_EXISTS 0x11
#define UPLINK_ERROR_BUCKET_NOT_EMPTY 0x12
#define UPLINK_ERROR_BUCKET_NOT_FOUND 0x13
#define UPLINK_ERROR_OBJECT_KEY_INVALID 0x20
#define UPLINK_ERROR_OBJECT_NOT_FOUND 0x21
#define UPLINK_ERROR_UPLOAD_DONE 0x22
#define EDGE_ERROR_AUTH_DIAL_FAILED 0x30
#define EDGE_ERROR_REGISTER_ACCESS_FAILED 0x31

/* ---- results ----------------------------------------------------------- */
typedef struct UplinkAccessResult { UplinkAccess *access; UplinkError *error; } UplinkAccessResult;
typedef struct UplinkProjectResult { UplinkProject *project; UplinkError *error; } UplinkProjectResult;
typedef struct UplinkBucketResult { UplinkBucket *bucket; UplinkError *error; } UplinkBucketResult;
typedef struct UplinkObjectResult { UplinkObject *object; UplinkError *error; } UplinkObjectResult;
typedef struct UplinkUploadResult { UplinkUpload *upload; UplinkError *error; } UplinkUploadResult;
typedef struct UplinkPartUploadResult { UplinkPartUpload *part_upload; UplinkError *error; } UplinkPartUploadResult;
typedef struct UplinkDownloadResult { UplinkDownload *download; UplinkError *error; } UplinkDownloadResult;
typedef struct UplinkWriteResult { size_t bytes_written; UplinkError *error; } UplinkWriteResult;
typedef struct UplinkReadResult { size_t bytes_read; UplinkError *error; } UplinkReadResult;
typedef struct UplinkStringResult { char *string; UplinkError *error; } UplinkStringResult;
typedef struct UplinkEncryptionKeyResult { UplinkEncryptionKey *encryption_key; UplinkError *error; } UplinkEncryptionKeyResult;
typedef struct UplinkUploadInfoResult { UplinkUploadInfo *info; UplinkError *error; } UplinkUploadInfoResult;
typedef struct UplinkCommitUploadResult { UplinkObject *object; UplinkError *error; } UplinkCommitUploadResult;
typedef struct UplinkPartResult { UplinkPart *part; UplinkError *error; } UplinkPartResult;

/* ---- edge (Storj's S3-compatible gateway and linksharing) -------------- */
typedef struct EdgeConfig {
    const char *auth_service_address;
    const char *certificate_pem;
    bool insecure_unencrypted_connection;
} EdgeConfig;

typedef struct EdgeRegisterAccessOptions { bool is_public; } EdgeRegisterAccessOptions;

typedef struct EdgeCredentials {
    const char *access_key_id;
    const char *secret_key;
    const char *endpoint;
} EdgeCredentials;

typedef struct EdgeCredentialsResult { EdgeCredentials *credentials; UplinkError *error; } EdgeCredentialsResult;

typedef struct EdgeShareURLOptions { bool raw; } EdgeShareURLOptions;

#endif /* STORJ_UPLINK_DEFINITIONS_H */
