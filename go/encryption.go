package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"bytes"
	"unsafe"

	"storj.io/uplink"
)

//export uplink_derive_encryption_key
func uplink_derive_encryption_key(passphrase *C.uplink_const_char, salt unsafe.Pointer, length C.size_t) (res C.UplinkEncryptionKeyResult) {
	defer recoverError(&res.error)
	pass, err := requiredString(cstr(passphrase), "passphrase")
	if err != nil {
		res.error = mallocError(err)
		return res
	}
	saltView, err := bufferView(salt, length, "salt")
	if err != nil {
		res.error = mallocError(err)
		return res
	}
	// Not on the data path: copy rather than rely on DeriveEncryptionKey not
	// keeping the caller's memory.
	key, err := uplink.DeriveEncryptionKey(pass, bytes.Clone(saltView))
	if err != nil {
		res.error = mallocError(err)
		return res
	}
	res.encryption_key = (*C.UplinkEncryptionKey)(newHandle(key))
	return res
}

//export uplink_free_encryption_key_result
func uplink_free_encryption_key_result(result C.UplinkEncryptionKeyResult) {
	defer recoverQuietly()
	freeHandle[*uplink.EncryptionKey](unsafe.Pointer(result.encryption_key))
	freeError(result.error)
}

//export uplink_access_override_encryption_key
func uplink_access_override_encryption_key(access *C.UplinkAccess, bucket, prefix *C.uplink_const_char, encryptionKey *C.UplinkEncryptionKey) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	a, err := getAccess(access, "access")
	if err != nil {
		return mallocError(err)
	}
	args, err := requiredStrings(arg(bucket, "bucket"), arg(prefix, "prefix"))
	if err != nil {
		return mallocError(err)
	}
	key, err := getHandle[*uplink.EncryptionKey](unsafe.Pointer(encryptionKey), "encryptionKey")
	if err != nil {
		return mallocError(err)
	}
	return mallocError(a.OverrideEncryptionKey(args[0], args[1], key))
}
