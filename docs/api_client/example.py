"""Using the generated client (thidua_client.py, beside this file): the people of a unit page
after page, a unit read with its ETag and renamed with If-Match, and what a stale ETag does.

    THIDUA_URL=https://thidua.example.gov.vn THIDUA_TOKEN=td_... python docs/api_client/example.py

The token (made on /accounts/tokens/) needs org:read, and org:write for the rename, which
only an administrator may do. tests/core/test_api_client.py runs this against a live server.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta

from thidua_client import AuthError, PreconditionFailed, RenameIn, ThiDuaClient


def main(base_url: str, token: str, *, unit_code: str, new_name: str) -> int:
    api = ThiDuaClient(base_url, token)

    # A paged list: iter_… follows next_cursor until the last page.
    people = list(api.iter_org_people(limit=50))
    print(f"{len(people)} people")

    # One resource with its ETag (Tagged: .data, .etag).
    units = {unit["code"]: unit for unit in api.org_units()}
    unit = api.org_unit(units[unit_code]["id"])
    print(unit.data["name"], unit.etag)

    # An update that names the version it read: refused with 412 if someone changed it.
    body: RenameIn = {"name": new_name, "effective_on": str(date.today() + timedelta(days=1))}
    try:
        renamed = api.org_unit_rename(unit.data["id"], body=body, if_match=unit.etag)
    except AuthError as refused:
        print(f"Not allowed: {refused.detail}")
        return 1
    except PreconditionFailed as stale:
        print(f"Changed meanwhile, read it again: {stale.detail}")
        return 2
    print("Renamed:", renamed["name"])
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            os.environ["THIDUA_URL"],
            os.environ["THIDUA_TOKEN"],
            unit_code=os.environ.get("THIDUA_UNIT", "BO"),
            new_name=os.environ.get("THIDUA_NEW_NAME", "Bộ (tên mới)"),
        )
    )
