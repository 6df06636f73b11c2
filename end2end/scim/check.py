"""Runs scim2-tester's every check against a running Roster: `check.py BASE_URL TOKEN`.

Prints each check that did not pass with its reason, then the counts; exits 1 when any
check errored (skipped checks are listed: an optional feature that ServiceProviderConfig
says is not supported)."""
import sys

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    base, token = sys.argv[1], sys.argv[2]
    http = Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http)
    results = check_server(client)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status.name] = counts.get(result.status.name, 0) + 1
        if result.status != Status.SUCCESS:
            where = f" [{result.resource_type}]" if result.resource_type else ""
            print(f"{result.status.name}: {result.title}{where}: {result.reason}")
    print("scim2-tester:", ", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items())))
    failed = any(r.status in (Status.ERROR, Status.CRITICAL) for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
