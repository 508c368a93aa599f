"""Prints a Lifeguard function's JSON result (on stdin) as a few readable lines, for `make demo`."""
import json
import sys

r = json.load(sys.stdin)
for key in ("created", "skipped", "failed"):
    if key in r and "deleted" not in r:
        items = [o["target"] + (" -> " + ",".join(o["snapshotIds"]) if o["snapshotIds"] else "") + (f" ({o['detail']})" if o.get("detail") else "") for o in r[key]]
        print(f"  {key:8} {', '.join(items) or '-'}")
if "deleted" in r:
    print(f"  {'deleted' if not r['dryRun'] else 'would delete'}: {', '.join(r['deleted']) or '-'}")
    print(f"  kept:    {', '.join(s['SnapshotId'] + ' (' + s['Reason'] + ')' for s in r['skipped']) or '-'}")
    if r["remaining"]:
        print(f"  left for the next run: {', '.join(r['remaining'])}")
