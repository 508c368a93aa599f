"""Prints a Lifeguard function's JSON result (on stdin) as a few readable lines, for `make demo`."""
import json
import sys

r = json.load(sys.stdin)
for key in ("created", "skipped", "failed"):
    if key in r and "deleted" not in r:
        items = [o["target"] + (" -> " + ",".join(o["snapshotIds"]) if o["snapshotIds"] else "") + (f" ({o['detail']})" if o.get("detail") else "") for o in r[key]]
        print(f"  {key:8} {', '.join(items) or '-'}")
if "copied" in r:
    verb = "would copy" if r["dryRun"] else "copying"
    print(f"  {verb}: {', '.join(c['snapshotId'] + ' -> ' + c['region'] + (' as ' + c['copyId'] if c.get('copyId') else '') + ' until ' + c['expiresAt'] for c in r['copied']) or '-'}")
    print(f"  waiting: {r['waiting']}, overdue: {r['overdue']}")
if "deleted" in r:
    print(f"  {'deleted' if not r['dryRun'] else 'would delete'}: {', '.join(r['deleted']) or '-'}")
    print(f"  kept:    {', '.join(s['SnapshotId'] + ' (' + s['Reason'] + ')' for s in r['skipped']) or '-'}")
    if r["remaining"]:
        print(f"  left for the next run: {', '.join(r['remaining'])}")
if "protectedVolumes" in r:
    print(f"  {r['action']} as of {r['asOf']}: {r['protectedVolumes']} protected, {r['unprotectedVolumes']} unprotected{' [dry run]' if r['dryRun'] else ''}")
    for v in r["volumes"]:
        tiers = "; ".join(f"{t['tier']} " + (f"{t['newestSnapshotId']} {t['ageHours']:.1f} h" if t.get("newestSnapshotId") else "none") + (" OVERDUE" if t["overdue"] else "") for t in v["tiers"])
        print(f"    {v['volumeId']} {(v.get('name') or ''):10} {v['status']:11} {tiers}")
    for t in r["invalidTags"]:
        print(f"    {t['resourceId']} lifeguard:backup={t['value']!r} names no tier ({', '.join(t['unknown'])}){' (already told)' if t['reported'] else ''}")
    if r["action"] == "check":
        print(f"  alerted: {', '.join(r['alerted']) or '-'}; recovered: {', '.join(r['recovered']) or '-'}" + (f"; ALERT FAILED: {r['alertFailed']}" if r.get("alertFailed") else ""))
if "groups" in r:
    for g in r["groups"]:
        print(f"  {g['name']}: {g['outcome']}; {g['subject']} -> {g.get('current')} ({g.get('active') or 'no configured target'})" + (f"; error: {g['error']}" if g.get("error") else ""))
        for t in g["targets"]:
            probes = "; ".join(f"{p['detail']} {p['latencyMs']:.1f} ms" for p in t["probes"][-3:])
            print(f"    {t['name']:4} {t['value']:12} {'up' if t['up'] else 'DOWN'}  last probes: {probes or '-'}")
        for e in g["events"]:
            print(f"    * {e}")
if "steps" in r and "cluster" in r:
    print(f"  {r['cluster']}: {r['outcome']} ({r['trigger']}){' [dry run]' if r['dryRun'] else ''} in {r['totalMs']:.0f} ms")
    for line in (r.get("reason") or "").splitlines():
        print(f"    {line}")
    for s in r["steps"]:
        print(f"    {s['step']}. {s['name']:20} {s['outcome']:8} {s['ms']:7.1f} ms  {s['detail']}")
    for v in r.get("replicas") or []:
        print(f"    replica {v['replica']}: {'eligible' if v['eligible'] else 'not eligible'}: {v['reason']}")
if "drills" in r:
    for c in r["cleanedUp"]:
        print(f"  leftover {c['target']}: {c['detail']}")
    for c in r["cleanupFailed"]:
        print(f"  leftover {c['target']} NOT deleted: {c['detail']}")
    for d in r["drills"]:
        v = d.get("validation") or {}
        check = f"; validation {v['status']}" + (f" ({v['reason']})" if v.get("reason") else "") if v else ""
        print(f"  {d['volumeId']}: {d['result']}" + (f" from {d['snapshotId']}" if d.get("snapshotId") else "")
              + (f" via {d['restoredVolumeId']}" if d.get("restoredVolumeId") else "") + (f": {d['detail']}" if d.get("detail") else "") + check)
    print(f"  without a successful drill for drillMaxAgeDays: {', '.join(r['overdue']) or '-'}"
          + (f" (newly: {', '.join(r['newlyOverdue'])})" if r["newlyOverdue"] else "") + (f"; recovered: {', '.join(r['recovered'])}" if r["recovered"] else ""))
