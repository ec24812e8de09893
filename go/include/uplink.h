/*
 * uplink.h: the 85 functions of the uplink-c v1.14 C API, implemented by go/.
 * See uplink_definitions.h for the types and the ownership rules.
 */
#ifndef STORJ_UPLINK_H
#define STORJ_UPLINK_H

#include "uplink_definitions.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Access grants and encryption keys */
extern UplinkAccessResult uplink_parse_access(uplink_const_char* accessString);
extern UplinkAccessResult uplink_request_access_with_passphrase(uplink_const_char* satellite_address, uplink_const_char* api_key, uplink_const_char* passphrase);
extern UplinkAccessResult uplink_config_request_access_with_passphrase(UplinkConfig config, uplink_const_char* satellite_address, uplink_const_char* api_key, uplink_const_char* passphrase);
extern UplinkStringResult uplink_access_satellite_address(UplinkAccess* access);
extern UplinkStringResult uplink_access_serialize(UplinkAccess* access);
extern UplinkAccessResult uplink_access_share(UplinkAccess* access, UplinkPermission permission, UplinkSharePrefix* prefixes, int64_t prefixes_count);
extern UplinkError* uplink_access_override_encryption_key(UplinkAccess* access, uplink_const_char* bucket, uplink_const_char* prefix, UplinkEncryptionKey* encryptionKey);
extern UplinkEncryptionKeyResult uplink_derive_encryption_key(uplink_const_char* passphrase, void* salt, size_t length);
extern void uplink_free_encryption_key_result(UplinkEncryptionKeyResult result);
extern void uplink_free_string_result(UplinkStringResult result);
extern void uplink_free_access_result(UplinkAccessResult result);

/* ---- Projects */
extern UplinkProjectResult uplink_open_project(UplinkAccess* access);
extern UplinkProjectResult uplink_config_open_project(UplinkConfig config, UplinkAccess* access);
extern UplinkError* uplink_close_project(UplinkProject* project);
extern UplinkError* uplink_revoke_access(UplinkProject* project, UplinkAccess* access);
extern void uplink_free_project_result(UplinkProjectResult result);

/* ---- Buckets */
extern UplinkBucketResult uplink_stat_bucket(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkBucketResult uplink_create_bucket(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkBucketResult uplink_ensure_bucket(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkBucketResult uplink_delete_bucket(UplinkProject* project, uplink_const_char* bucket_name);
extern UplinkBucketResult uplink_delete_bucket_with_objects(UplinkProject* project, uplink_const_char* bucket_name);
extern void uplink_free_bucket_result(UplinkBucketResult result);
extern void uplink_free_bucket(UplinkBucket* bucket);
extern UplinkBucketIterator* uplink_list_buckets(UplinkProject* project, UplinkListBucketsOptions* options);
extern bool uplink_bucket_iterator_next(UplinkBucketIterator* iterator);
extern UplinkError* uplink_bucket_iterator_err(UplinkBucketIterator* iterator);
extern UplinkBucket* uplink_bucket_iterator_item(UplinkBucketIterator* iterator);
extern void uplink_free_bucket_iterator(UplinkBucketIterator* iterator);

/* ---- Objects */
extern UplinkObjectResult uplink_stat_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key);
extern UplinkObjectResult uplink_delete_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key);
extern UplinkObjectResult uplink_copy_object(UplinkProject* project, uplink_const_char* old_bucket_name, uplink_const_char* old_object_key, uplink_const_char* new_bucket_name, uplink_const_char* new_object_key, UplinkCopyObjectOptions* options);
extern UplinkError* uplink_move_object(UplinkProject* project, uplink_const_char* old_bucket_name, uplink_const_char* old_object_key, uplink_const_char* new_bucket_name, uplink_const_char* new_object_key, UplinkMoveObjectOptions* options);
extern UplinkError* uplink_update_object_metadata(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, UplinkCustomMetadata new_metadata, UplinkUploadObjectMetadataOptions* options);
extern void uplink_free_object_result(UplinkObjectResult obj);
extern void uplink_free_object(UplinkObject* obj);
extern UplinkObjectIterator* uplink_list_objects(UplinkProject* project, uplink_const_char* bucket_name, UplinkListObjectsOptions* options);
extern bool uplink_object_iterator_next(UplinkObjectIterator* iterator);
extern UplinkError* uplink_object_iterator_err(UplinkObjectIterator* iterator);
extern UplinkObject* uplink_object_iterator_item(UplinkObjectIterator* iterator);
extern void uplink_free_object_iterator(UplinkObjectIterator* iterator);

/* ---- Uploads */
extern UplinkUploadResult uplink_upload_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, UplinkUploadOptions* options);
extern UplinkWriteResult uplink_upload_write(UplinkUpload* upload, void* bytes, size_t length);
extern UplinkError* uplink_upload_commit(UplinkUpload* upload);
extern UplinkError* uplink_upload_abort(UplinkUpload* upload);
extern UplinkObjectResult uplink_upload_info(UplinkUpload* upload);
extern UplinkError* uplink_upload_set_custom_metadata(UplinkUpload* upload, UplinkCustomMetadata custom);
extern void uplink_free_write_result(UplinkWriteResult result);
extern void uplink_free_upload_result(UplinkUploadResult result);

/* ---- Downloads */
extern UplinkDownloadResult uplink_download_object(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, UplinkDownloadOptions* options);
extern UplinkReadResult uplink_download_read(UplinkDownload* download, void* bytes, size_t length);
extern UplinkObjectResult uplink_download_info(UplinkDownload* download);
extern UplinkError* uplink_close_download(UplinkDownload* download);
extern void uplink_free_read_result(UplinkReadResult result);
extern void uplink_free_download_result(UplinkDownloadResult result);

/* ---- Multipart uploads */
extern UplinkUploadInfoResult uplink_begin_upload(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, UplinkUploadOptions* options);
extern void uplink_free_upload_info_result(UplinkUploadInfoResult result);
extern void uplink_free_upload_info(UplinkUploadInfo* info);
extern UplinkCommitUploadResult uplink_commit_upload(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_const_char* upload_id, UplinkCommitUploadOptions* options);
extern void uplink_free_commit_upload_result(UplinkCommitUploadResult result);
extern UplinkError* uplink_abort_upload(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_const_char* upload_id);
extern UplinkPartUploadResult uplink_upload_part(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_const_char* upload_id, uint32_t part_number);
extern UplinkWriteResult uplink_part_upload_write(UplinkPartUpload* upload, void* bytes, size_t length);
extern UplinkError* uplink_part_upload_commit(UplinkPartUpload* upload);
extern UplinkError* uplink_part_upload_abort(UplinkPartUpload* upload);
extern UplinkError* uplink_part_upload_set_etag(UplinkPartUpload* upload, uplink_const_char* etag);
extern UplinkPartResult uplink_part_upload_info(UplinkPartUpload* upload);
extern void uplink_free_part_result(UplinkPartResult result);
extern void uplink_free_part_upload_result(UplinkPartUploadResult result);
extern void uplink_free_part(UplinkPart* part);
extern UplinkUploadIterator* uplink_list_uploads(UplinkProject* project, uplink_const_char* bucket_name, UplinkListUploadsOptions* options);
extern bool uplink_upload_iterator_next(UplinkUploadIterator* iterator);
extern UplinkError* uplink_upload_iterator_err(UplinkUploadIterator* iterator);
extern UplinkUploadInfo* uplink_upload_iterator_item(UplinkUploadIterator* iterator);
extern void uplink_free_upload_iterator(UplinkUploadIterator* iterator);
extern UplinkPartIterator* uplink_list_upload_parts(UplinkProject* project, uplink_const_char* bucket_name, uplink_const_char* object_key, uplink_const_char* upload_id, UplinkListUploadPartsOptions* options);
extern bool uplink_part_iterator_next(UplinkPartIterator* iterator);
extern UplinkError* uplink_part_iterator_err(UplinkPartIterator* iterator);
extern UplinkPart* uplink_part_iterator_item(UplinkPartIterator* iterator);
extern void uplink_free_part_iterator(UplinkPartIterator* iterator);

/* ---- Edge: S3 credentials and share URLs */
extern EdgeCredentialsResult edge_register_access(EdgeConfig config, UplinkAccess* access, EdgeRegisterAccessOptions* options);
extern void edge_free_credentials_result(EdgeCredentialsResult result);
extern void edge_free_credentials(EdgeCredentials* credentials);
extern UplinkStringResult edge_join_share_url(uplink_const_char* baseURL, uplink_const_char* accessKeyID, uplink_const_char* bucket, uplink_const_char* key, EdgeShareURLOptions* options);

/* ---- Errors and leak check */
extern void uplink_free_error(UplinkError* err);
extern uint8_t uplink_internal_UniverseIsEmpty(void);

#ifdef __cplusplus
}
#endif

#endif /* STORJ_UPLINK_H */
