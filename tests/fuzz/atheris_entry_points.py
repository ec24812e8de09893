"""Coverage-guided fuzzing (atheris/libFuzzer) of the entry points that take raw input:
access grant parsing and serialization, key derivation, share URLs and the custom
metadata conversions. Any exception other than StorjError/TypeError/ValueError,
and any crash of the native core, is a finding.

    python tests/fuzz/atheris_entry_points.py -runs=100000   # soak
    python tests/fuzz/atheris_entry_points.py -max_total_time=60
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import storj_uplink as sj
    from storj_uplink._native import convert

ALLOWED = (sj.StorjError, TypeError, ValueError)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 3)
    try:
        if choice == 0:
            with sj.Access.parse(fdp.ConsumeUnicodeNoSurrogates(4096)) as access:
                again = sj.Access.parse(access.serialize())
                assert again.serialize() == access.serialize()
                again.close()
        elif choice == 1:
            salt = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64))
            sj.EncryptionKey.derive(fdp.ConsumeUnicode(64), salt).close()
        elif choice == 2:
            url = sj.join_share_url(fdp.ConsumeUnicode(64), fdp.ConsumeUnicode(32),
                                    fdp.ConsumeUnicode(32), fdp.ConsumeUnicode(64),
                                    raw=fdp.ConsumeBool())
            assert isinstance(url, str)
        else:
            n = fdp.ConsumeIntInRange(0, 8)
            meta = {fdp.ConsumeUnicodeNoSurrogates(16): fdp.ConsumeUnicodeNoSurrogates(64)
                    for _ in range(n)}
            custom, _keep = convert.metadata_to_c(meta)
            assert convert.metadata_from_c(custom[0]) == meta
    except ALLOWED:
        pass


def main(argv: list) -> None:
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
