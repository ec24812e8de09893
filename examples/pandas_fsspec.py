"""pandas reading and writing Storj objects through fsspec (``sj://bucket/key`` URLs).

``pip install 'storj-uplink-sdk[fsspec]' pandas``: the package registers the
``sj`` protocol with fsspec, so pandas takes ``sj://`` paths, with the access
grant in ``storage_options`` (or ``STORJ_ACCESS`` in the environment). The
example writes a table as CSV and as JSON lines, reads both back, and checks
that the tables are equal and that the stored CSV bytes hash the same as a
local ``to_csv``.

    STORJ_ACCESS=... python examples/pandas_fsspec.py
"""

from __future__ import annotations

import hashlib

import fsspec
import pandas as pd
from storj_env import check, open_access, scratch_bucket


def main() -> None:
    df = pd.DataFrame({
        "city": ["Lyon", "Oslo", "Quito", "Perth"],
        "temp_c": [21.5, 12.0, 14.25, 30.5],
        "rainy": [False, True, True, False],
    })
    with open_access() as access, access.open_project() as project, \
            scratch_bucket(project, "pandas-demo") as bucket:
        # an Access object, or a serialized grant (access.serialize()), both work
        options = {"access": access}
        csv_url = f"sj://{bucket.name}/weather/today.csv"
        json_url = f"sj://{bucket.name}/weather/today.jsonl"

        df.to_csv(csv_url, index=False, storage_options=options)
        df.to_json(json_url, orient="records", lines=True, storage_options=options)

        from_csv = pd.read_csv(csv_url, storage_options=options)
        from_json = pd.read_json(json_url, orient="records", lines=True,
                                 storage_options=options)
        check(from_csv.equals(df), f"the CSV read back differs:\n{from_csv}")
        check(from_json.equals(df), f"the JSON lines read back differ:\n{from_json}")
        print(from_csv.to_string(index=False))

        stored = bucket.get("weather/today.csv")
        local = df.to_csv(index=False).encode("utf-8")
        check(hashlib.sha256(stored).digest() == hashlib.sha256(local).digest(),
              "the stored CSV bytes differ from a local to_csv")
        content_type = bucket.stat("weather/today.csv").metadata.get("content-type")
        check(content_type == "text/csv", f"content type {content_type!r}, not text/csv")
        print(f"stored {len(stored)} CSV bytes (sha256 matches, content type {content_type})")

        fs = fsspec.filesystem("sj", access=access, skip_instance_cache=True)
        try:
            print("listed:", fs.ls(f"{bucket.name}/weather", detail=False))
        finally:
            fs.close()
    print("pandas through fsspec: OK")


if __name__ == "__main__":
    main()
