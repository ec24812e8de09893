"""Secrets (access grants, API keys, passphrases, edge secret keys) never appear in
repr, str, exception messages or logs at any level."""

from __future__ import annotations

import logging
import traceback

import pytest

import storj_uplink as sj
from storj_uplink import binding

pytestmark = pytest.mark.network

PASSPHRASE = "correct horse battery staple 42"


def _secret_parts(secret: str):
    """The secret and its longer pieces (a truncated leak is still a leak)."""
    yield secret
    if len(secret) > 40:
        yield secret[:24]
        yield secret[-24:]


def assert_clean(text: str, secrets):
    for secret in secrets:
        for part in _secret_parts(secret):
            assert part not in text, "a secret leaked into: " + text[:200]


def test_no_secret_in_reprs_errors_or_logs(storj_network, caplog, bucket_name):
    caplog.set_level(logging.DEBUG)
    access = sj.Access.request(storj_network.satellite, storj_network.api_key, PASSPHRASE)
    grant = access.serialize()
    secrets = [grant, storj_network.api_key, PASSPHRASE]
    texts = []
    try:
        with access.open_project(sj.Config(user_agent="secrets-test")) as project:
            bucket = project.create_bucket(bucket_name)
            with bucket.upload("k", metadata={"a": "b"}) as up:
                up.write(b"payload")
                texts += [repr(up), str(up)]
            with bucket.download("k") as down:
                texts += [repr(down), str(down), repr(down.info)]
            shared = access.share(sj.Permission.read_only(), sj.SharePrefix(bucket_name))
            secrets.append(shared.serialize())
            texts += [repr(access), str(access), repr(shared), repr(project), repr(bucket),
                      repr(sj.EncryptionKey.derive(PASSPHRASE, b"salt"))]
            shared.close()
            project.delete_bucket(bucket_name, with_objects=True)

        failures = [
            lambda: sj.Access.parse(grant[:-7] + "garbage"),
            lambda: sj.Access.parse(grant + "\0"),
            lambda: sj.Access.request("not-a-satellite", storj_network.api_key, PASSPHRASE),
            lambda: sj.Access.request(storj_network.satellite, storj_network.api_key[:-3],
                                      PASSPHRASE),
            lambda: sj.Access.request(storj_network.satellite, storj_network.api_key,
                                      PASSPHRASE + "\0"),
            lambda: sj.EncryptionKey.derive(PASSPHRASE + "\ud800", b"salt"),
        ]
        for fail in failures:
            with pytest.raises((sj.StorjError, ValueError, TypeError)) as info:
                fail()
            texts += [str(info.value), repr(info.value),
                      "".join(traceback.format_exception_only(info.type, info.value))]

        for result in (binding.parse_access(grant[:-7] + "garbage"),
                       binding.request_access_with_passphrase("nope", storj_network.api_key,
                                                              PASSPHRASE)):
            texts += [repr(result), str(result[1])]
    finally:
        access.close()
    texts += [record.getMessage() for record in caplog.records]
    texts += [caplog.text]
    for text in texts:
        assert_clean(text, secrets)


def test_binding_results_hide_the_grant(storj_network):
    result, error = binding.parse_access(storj_network.access)
    assert error is None
    try:
        assert_clean(repr(result), [storj_network.access])
        assert_clean(repr(result.access), [storj_network.access])
    finally:
        result.access.oo.close()
