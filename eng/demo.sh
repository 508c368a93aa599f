#!/usr/bin/env bash
# `make demo`: every capability that exists, end to end, against local servers, saying what each did.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

step "moto (local AWS) on loopback"
port=$(free_port)
AWS_EC2_METADATA_DISABLED=true moto_server -H 127.0.0.1 -p "$port" >/tmp/lifeguard-demo-moto.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/moto-api/data.json" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/moto-api/data.json" >/dev/null || { echo "moto did not start; see /tmp/lifeguard-demo-moto.log"; exit 1; }
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
echo "moto_server pid ${pids[0]} at $AWS_ENDPOINT_URL (AWS_ENDPOINT_URL points every Lifeguard client at it)"

echo_dll=tests/Lifeguard.Runtime.EchoFunction/bin/Debug/net10.0/Lifeguard.Runtime.EchoFunction.dll

step "Runtime: local invoke with a sample event (--dry-run reaches the handler)"
echo "\$ <function> invoke --handler echo --event events/runtime/echo.json --dry-run"
dotnet "$echo_dll" invoke --handler echo --event events/runtime/echo.json --dry-run 2>/dev/null

step "Runtime: a malformed event is refused, saying where"
bad=$(mktemp --suffix=.json); printf '{\n  "message": "hello",\n  "dryRun": "yes"\n}\n' >"$bad"
if dotnet "$echo_dll" invoke --handler echo --event "$bad" 2>&1 >/dev/null | grep -v '^{'; then :; fi
rm -f "$bad"

step "Runtime: the Runtime API loop, native bootstrap against ReadyToRun (cold start of the echo function; one run each)"
dotnet run -c Release --project bench/Lifeguard.Bench.ColdStart -- --runs 1 --only echo --show

step "AWS clients: EC2, SNS, S3, Secrets Manager and Route 53 calls against moto, beside boto3 doing the same"
dotnet run -c Release --project bench/Lifeguard.Bench.Aws -- --calls 20 --signatures 2000

# The package Lambda runs: the native bootstrap `make packages` published (Native AOT, provided.al2023).
snapshots_bin=.artifacts/lambda/Lifeguard.Snapshots/bootstrap
invoke_snapshots() { "$snapshots_bin" invoke "$@" 2>/dev/null; }
summarize() { python3 eng/summarize.py; }

step "Snapshots: volumes and an instance tagged lifeguard:backup in moto"
python3 - <<'PY'
import boto3
ec2 = boto3.client("ec2")
def volume(name, backup):
    tags = [{"Key": "Name", "Value": name}] + ([{"Key": "lifeguard:backup", "Value": backup}] if backup else [])
    v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": tags}])["VolumeId"]
    print(f"  {v} {name:10} lifeguard:backup={backup or '(none)'}")
volume("web-data", "true")
volume("uploads", "daily,weekly")
volume("scratch", None)
i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10}}],
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "db1"}, {"Key": "lifeguard:backup", "Value": "daily"}]}])["Instances"][0]["InstanceId"]
print(f"  {i} db1        lifeguard:backup=daily (all its volumes in one crash-consistent CreateSnapshots)")
PY

# The tiers as the stack passes them; the monthly one is also copied to a second region.
export LIFEGUARD_TIERS='[{"name":"3-hourly","retention":"24 hours","interval":"PT3H"},{"name":"daily","retention":"7 days","interval":"P1D"},{"name":"weekly","retention":"1 month","interval":"P7D"},{"name":"monthly","retention":"1 year","interval":"P31D","copyTo":{"region":"us-west-2","retention":"3 months"}}]'

for tier in 3-hourly daily weekly monthly; do
  step "Snapshots: the $tier rule fires (events/snapshots/snapshot-$tier.json)"
  invoke_snapshots --handler snapshot --event "events/snapshots/snapshot-$tier.json" | summarize
  [ "$tier" = 3-hourly ] && sleep 1.1  # moto's snapshot times have one-second resolution
done

step "Snapshots: the daily event is delivered again: nothing new"
invoke_snapshots --handler snapshot --event events/snapshots/snapshot-daily.json | summarize

step "Snapshots: the hourly copy run copies the monthly snapshots to us-west-2 (events/snapshots/copy.json), then again: nothing new"
invoke_snapshots --handler copy --event events/snapshots/copy.json | summarize
invoke_snapshots --handler copy --event events/snapshots/copy.json | summarize

step "Snapshots: a later 3-hourly run, then expire as of two days on (local mode only may move the clock)"
printf '{"tier":"3-hourly","retention":"24 hours","time":"2026-11-21T06:00:00Z"}' >/tmp/lifeguard-demo-3h.json
invoke_snapshots --handler snapshot --event /tmp/lifeguard-demo-3h.json | summarize
# Two days on: past the first 3-hourly snapshot's 24 hours by its tag and by its real start time (the tier's retention).
printf '{"asOf":"%s"}' "$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ"))')" >/tmp/lifeguard-demo-expire.json
invoke_snapshots --handler expire --event /tmp/lifeguard-demo-expire.json | summarize

step "Snapshots: expire as of 2027-01-01, dry run: what would go"
printf '{"asOf":"2027-01-01T00:00:00Z","dryRun":true}' >/tmp/lifeguard-demo-expire.json
invoke_snapshots --handler expire --event /tmp/lifeguard-demo-expire.json | summarize

# The coverage function gets each tier's interval (in LIFEGUARD_TIERS) from the CDK, which computes it from the schedule.
step "Snapshots: coverage status (events/snapshots/coverage-status.json): each protected volume's newest snapshot per tier"
invoke_snapshots --handler coverage --event events/snapshots/coverage-status.json | summarize

step "Snapshots: a volume tagged lifeguard:backup=dialy (a typo); the hourly check as if the snapshot runs had stopped for 3 days"
python3 - <<'PY'
import boto3
v = boto3.client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [
    {"Key": "Name", "Value": "reports"}, {"Key": "lifeguard:backup", "Value": "dialy"}]}])["VolumeId"]
print(f"  {v} reports    lifeguard:backup=dialy")
PY
later=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
printf '{"action":"check","asOf":"%s"}' "$later" >/tmp/lifeguard-demo-coverage.json
invoke_snapshots --handler coverage --event /tmp/lifeguard-demo-coverage.json | summarize

step "Snapshots: the next hourly check: nothing is told twice (the state is in lifeguard:unprotected-since / lifeguard:backup-tag-invalid tags)"
invoke_snapshots --handler coverage --event /tmp/lifeguard-demo-coverage.json | summarize

step "Snapshots: the check now (events/snapshots/coverage-check.json): the snapshots are recent, each volume's recovery is told once"
invoke_snapshots --handler coverage --event events/snapshots/coverage-check.json | summarize

step "Snapshots: restore drills on a drill instance in us-east-1a (events/snapshots/drill-dry-run.json, then drill.json)"
drill_box=$(python3 -c '
import boto3
print(boto3.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1a"},
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "drill-box"}]}])["Instances"][0]["InstanceId"])')
echo "  $drill_box drill-box: LIFEGUARD_DRILL_INSTANCE_ID, where restored volumes are attached and checked read-only through SSM"
echo "  (moto records the Run Command and answers Success; on AWS it replays the journal, runs e2fsck -f -n or xfs_repair -n, or drillCommand)"
export LIFEGUARD_DRILL_INSTANCE_ID="$drill_box"
invoke_snapshots --handler drill --event events/snapshots/drill-dry-run.json | summarize
invoke_snapshots --handler drill --event events/snapshots/drill.json | summarize
unset LIFEGUARD_DRILL_INSTANCE_ID
python3 - <<'PY'
import boto3
ec2 = boto3.client("ec2")
left = ec2.describe_volumes(Filters=[{"Name": "tag-key", "Values": ["lifeguard:drill"]}])["Volumes"]
print(f"  drill volumes left in the account: {len(left)} (each is deleted in a finally; a crashed run's are deleted by the next run)")
for v in ec2.describe_volumes(Filters=[{"Name": "tag-key", "Values": ["lifeguard:drill-passed-at"]}])["Volumes"]:
    tags = {t["Key"]: t["Value"] for t in v.get("Tags", [])}
    print(f"  {v['VolumeId']} {tags.get('Name', ''):10} lifeguard:drill-passed-at={tags['lifeguard:drill-passed-at']}")
PY

step "Snapshots: the Recycle Bin behind every delete (moto has no Recycle Bin: the rule as the synthesized stack creates it)"
python3 - <<'PY'
import glob, json
template = json.load(open(sorted(glob.glob("cdk.out/*.template.json"))[0]))
resources = template["Resources"]
for name, r in resources.items():
    if r["Type"] == "AWS::Rbin::Rule":
        p = r["Properties"]
        tags = ", ".join(f"{t['ResourceTagKey']}={t['ResourceTagValue']}" for t in p["ResourceTags"])
        print(f"  {name}: {p['ResourceType']} tagged {tags} stay {p['RetentionPeriod']['RetentionPeriodValue']} {p['RetentionPeriod']['RetentionPeriodUnit'].lower()} after a delete")
actions = [a for r in resources.values() if r["Type"] == "AWS::IAM::Policy" for st in r["Properties"]["PolicyDocument"]["Statement"]
           for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"])]
print(f"  rbin: actions granted to any Lifeguard role: {[a for a in actions if a.startswith('rbin:')] or 'none'} (the functions cannot weaken the rule)")
PY

# The package Lambda runs: the native bootstrap `make packages` published (Native AOT, provided.al2023).
failover_bin=.artifacts/lambda/Lifeguard.Failover/bootstrap

step "Failover: LB1 on 127.0.0.2 and LB2 on 127.0.0.3 (python http.server), lb.example.com -> LB1 in moto's Route 53"
www=$(mktemp -d); echo OK >"$www/health"
lb1_port=$(free_port); lb2_port=$(free_port)
python3 -m http.server --bind 127.0.0.2 --directory "$www" "$lb1_port" >/dev/null 2>&1 & lb1_pid=$!; pids+=($lb1_pid)
python3 -m http.server --bind 127.0.0.3 --directory "$www" "$lb2_port" >/dev/null 2>&1 & lb2_pid=$!; pids+=($lb2_pid)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.2:$lb1_port/health" >/dev/null && curl -sf "http://127.0.0.3:$lb2_port/health" >/dev/null && break; sleep 0.1; done
read -r zone topic queue < <(python3 - <<'PY'
import boto3, json
r53 = boto3.client("route53")
zone = r53.create_hosted_zone(Name="example.com", CallerReference="lifeguard-demo")["HostedZone"]["Id"].split("/")[-1]
r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {
    "Name": "lb.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "127.0.0.2"}]}}]})
topic = boto3.client("sns").create_topic(Name="lifeguard-demo")["TopicArn"]
sqs = boto3.client("sqs")
queue = sqs.create_queue(QueueName="ops-inbox")["QueueUrl"]
arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
boto3.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
print(zone, topic, queue)
PY
)
export LIFEGUARD_TOPIC_ARN="$topic"
export LIFEGUARD_FAILOVER_GROUPS="[{\"name\":\"web\",\"record\":{\"hostedZoneId\":\"$zone\",\"name\":\"lb.example.com\"},\"targets\":[
  {\"name\":\"lb1\",\"value\":\"127.0.0.2\",\"probe\":{\"url\":\"http://127.0.0.2:$lb1_port/health\",\"body\":\"OK\",\"timeoutSeconds\":1}},
  {\"name\":\"lb2\",\"value\":\"127.0.0.3\",\"probe\":{\"url\":\"http://127.0.0.3:$lb2_port/health\",\"body\":\"OK\",\"timeoutSeconds\":1}}]}]"
echo "  zone $zone; SNS topic subscribed by an SQS queue (the ops inbox)"
invoke_failover() { "$failover_bin" invoke --handler failover "$@" 2>/dev/null; }

step "Failover: status (events/failover/status.json): one probe round, nothing changed"
invoke_failover --event events/failover/status.json | summarize

step "Failover: a check runs rounds 1 s apart; LB1 is killed 2.5 s in"
printf '{"action":"check","rounds":9,"probeIntervalSeconds":1}' >/tmp/lifeguard-demo-check.json
invoke_failover --event /tmp/lifeguard-demo-check.json >/tmp/lifeguard-demo-check.out & check_pid=$!
sleep 2.5; kill "$lb1_pid"; killed_at=$(date +%s.%N); echo "  killed LB1 (pid $lb1_pid)"
python3 - "$zone" "$killed_at" <<'PY'
import boto3, sys, time
zone, killed = sys.argv[1], float(sys.argv[2])
r53 = boto3.client("route53")
for _ in range(200):
    value = [s for s in r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"] if s["Name"] == "lb.example.com."][0]["ResourceRecords"][0]["Value"]
    if value == "127.0.0.3":
        print(f"  lb.example.com -> {value} {time.time() - killed:.1f} s after LB1 died (3 rounds of 1 s + a re-probe)")
        break
    time.sleep(0.1)
PY
wait "$check_pid"; summarize </tmp/lifeguard-demo-check.out

# What reached the ops inbox since last asked: every message, read and removed (so each step shows only its own).
inbox() { python3 - "$queue" "${1:-full}" <<'PY'
import boto3, json, sys
sqs, seen = boto3.client("sqs"), 0
for _ in range(5):
    messages = sqs.receive_message(QueueUrl=sys.argv[1], MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    for m in messages:
        body, seen = json.loads(m["Body"]), seen + 1
        print(f"  Subject: {body.get('Subject')}" + ("" if sys.argv[2] == "subjects" else "\n" + "\n".join("  | " + l for l in body["Message"].splitlines())))
        sqs.delete_message(QueueUrl=sys.argv[1], ReceiptHandle=m["ReceiptHandle"])
    if not messages:
        break
print(f"  ({seen} message(s) in the ops inbox)")
PY
}

step "Failover: the notifications in the ops inbox (an SQS subscription gets the email text, which ends with its Runbook entry in README.md; SMS subscribers a one-line text)"
echo "  (the record had TTL 300 s against the configured 60 s: the first check set it, and said so once)"
inbox

step "Failover: LB1 is back; switch to it by hand (a dry run first, then for real), the TTL lowered to 30 s from now on"
# moto refuses to create a record identical to one it created before (the TTL correction made 127.0.0.2 at 60 s):
# the operator's lower TTL makes this move, and the rest of the demo, new records.
export LIFEGUARD_FAILOVER_GROUPS="${LIFEGUARD_FAILOVER_GROUPS/\"name\":\"lb.example.com\"/\"name\":\"lb.example.com\",\"ttl\":30}"
python3 -m http.server --bind 127.0.0.2 --directory "$www" "$lb1_port" >/dev/null 2>&1 & lb1_pid=$!; pids+=($lb1_pid)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.2:$lb1_port/health" >/dev/null && break; sleep 0.1; done
printf '{"action":"switch","group":"web","target":"lb1","dryRun":true}' >/tmp/lifeguard-demo-switch.json
invoke_failover --event /tmp/lifeguard-demo-switch.json | summarize
printf '{"action":"switch","group":"web","target":"lb1"}' >/tmp/lifeguard-demo-switch.json
invoke_failover --event /tmp/lifeguard-demo-switch.json | summarize
inbox subjects

step "Failover: standby LB2 dies (a dead standby is told before it is needed), comes back, then quiet runs"
printf '{"action":"check","rounds":4,"probeIntervalSeconds":0.3}' >/tmp/lifeguard-demo-check.json
kill "$lb2_pid"; echo "  killed LB2 (pid $lb2_pid)"
for run in 1 2; do invoke_failover --event /tmp/lifeguard-demo-check.json | summarize | sed -n 1p; done
python3 -m http.server --bind 127.0.0.3 --directory "$www" "$lb2_port" >/dev/null 2>&1 & lb2_pid=$!; pids+=($lb2_pid)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.3:$lb2_port/health" >/dev/null && break; sleep 0.1; done
echo "  LB2 is back"
for run in 1 2 3; do invoke_failover --event /tmp/lifeguard-demo-check.json | summarize | sed -n 1p; done
inbox subjects

step "Failover, Elastic IP mode: the address on LB1's instance moves to LB2's; then every target down, back, and quiet runs"
read -r allocation i1 i2 < <(python3 - <<'PY'
import boto3
ec2 = boto3.client("ec2")
i = [x["InstanceId"] for x in ec2.run_instances(ImageId="ami-12c6146b", MinCount=2, MaxCount=2)["Instances"]]
a = ec2.allocate_address(Domain="vpc")["AllocationId"]
ec2.associate_address(AllocationId=a, InstanceId=i[0])
print(a, i[0], i[1])
PY
)
eip_groups="[{\"name\":\"edge\",\"elasticIp\":{\"allocationId\":\"$allocation\"},\"targets\":[
  {\"name\":\"lb1\",\"value\":\"$i1\",\"probe\":{\"url\":\"http://127.0.0.2:$lb1_port/health\",\"body\":\"OK\",\"timeoutSeconds\":1}},
  {\"name\":\"lb2\",\"value\":\"$i2\",\"probe\":{\"url\":\"http://127.0.0.3:$lb2_port/health\",\"body\":\"OK\",\"timeoutSeconds\":1}}]}]"
invoke_edge() { LIFEGUARD_FAILOVER_GROUPS="$eip_groups" "$failover_bin" invoke --handler failover --event /tmp/lifeguard-demo-check.json 2>/dev/null | summarize | sed -n 1p; }
echo "  $allocation on $i1 (LB1); $i2 is LB2"
mv "$www/health" "$www/health.off"; echo "  LB1 and LB2 now answer 404 on /health"
invoke_edge; invoke_edge
mv "$www/health.off" "$www/health"; echo "  both answer again"
for run in 1 2 3; do invoke_edge; done
inbox subjects
echo "  (one all-down alert and one recovery: the cleared all-down mark is removed from the address's tags)"
kill "$lb1_pid"; echo "  killed LB1 (pid $lb1_pid)"
invoke_edge
python3 - "$allocation" "$i2" <<'PY'
import boto3, sys
holder = boto3.client("ec2").describe_addresses(AllocationIds=[sys.argv[1]])["Addresses"][0]["InstanceId"]
print(f"  {sys.argv[1]} is now on {holder} ({'LB2' if holder == sys.argv[2] else 'NOT LB2'})")
PY
inbox subjects
rm -rf "$www"

# The package Lambda runs: the native bootstrap `make packages` published (Native AOT, provided.al2023).
jobs_bin=.artifacts/lambda/Lifeguard.Jobs/bootstrap

step "Jobs: an upload bucket and a results bucket in moto, a job queue, and a status topic the web app would follow"
img=$(mktemp -d)
convert -size 3000x2000 plasma:fractal -quality 90 "$img/entry-1.jpg"
convert -size 1200x900 radial-gradient:orange-none "$img/logo.png"
echo "not a picture" >"$img/notes.txt"
read -r status_topic status_inbox job_queue dead_letters < <(python3 - "$img" <<'PY'
import boto3, json, sys
d = sys.argv[1]
s3 = boto3.client("s3")
for b in ("lifeguard-demo-uploads", "lifeguard-demo-results"):
    s3.create_bucket(Bucket=b)
for name, key in (("entry-1.jpg", "entries/1.jpg"), ("entry-1.jpg", "entries/42.jpg"), ("logo.png", "entries/logo.png"), ("notes.txt", "entries/notes.txt")):
    s3.put_object(Bucket="lifeguard-demo-uploads", Key=key, Body=open(f"{d}/{name}", "rb").read())
s3.put_object(Bucket="lifeguard-demo-uploads", Key="templates/flyer.json", Body=open("events/jobs/flyer-template.json", "rb").read())
s3.put_object(Bucket="lifeguard-demo-uploads", Key="templates/print.json", Body=open("events/jobs/print-template.json", "rb").read())
sns, sqs = boto3.client("sns"), boto3.client("sqs")
topic = sns.create_topic(Name="lifeguard-job-status")["TopicArn"]
inbox = sqs.create_queue(QueueName="web-app-status")["QueueUrl"]
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"],
              Attributes={"RawMessageDelivery": "true"})
jobs = sqs.create_queue(QueueName="lifeguard-jobs-high")["QueueUrl"]
dead = sqs.create_queue(QueueName="lifeguard-jobs-dead")["QueueUrl"]
print(topic, inbox, jobs, dead)
PY
)
echo "  uploads: entries/1.jpg (3000 x 2000 JPEG), entries/logo.png (PNG with alpha), entries/notes.txt (not an image),"
echo "           templates/flyer.json (events/jobs/flyer-template.json), templates/print.json (events/jobs/print-template.json)"
export LIFEGUARD_STATUS_TOPIC_ARN="$status_topic" LIFEGUARD_DEAD_LETTER_QUEUE_URL="$dead_letters"

step "Jobs: the app queues four image jobs, two PDF jobs (a flyer, a print card) and a broken one; the worker takes them as one SQS batch"
python3 - "$job_queue" >/tmp/lifeguard-demo-jobs.json <<'PY'
import boto3, json, sys
sqs, queue = boto3.client("sqs"), sys.argv[1]
def job(id, key, outputs):
    return json.dumps({"version": 1, "id": id, "type": "image.thumbnails", "source": {"bucket": "lifeguard-demo-uploads", "key": key},
                       "outputs": outputs, "output": {"bucket": "lifeguard-demo-results", "prefix": "thumbnails/"}})
sizes = [{"name": "small", "width": 320, "format": "jpeg"}, {"name": "square", "width": 160, "height": 160, "fit": "cover", "format": "webp"},
         {"name": "hero", "width": 1280, "height": 720, "format": "avif", "quality": 60}]
for body in (job("entry-1", "entries/1.jpg", sizes), job("logo", "entries/logo.png", [{"name": "icon", "width": 64, "height": 64, "fit": "cover", "format": "png"}, {"name": "flat", "width": 200, "format": "jpeg"}]),
             job("notes", "entries/notes.txt", sizes), job("lost", "entries/missing.jpg", sizes), '{"version":1,"id":"broken","type":',
             json.dumps({"version": 1, "id": "flyer-7", "type": "pdf.render", "source": {"bucket": "lifeguard-demo-uploads", "key": "templates/flyer.json"},
                         "output": {"bucket": "lifeguard-demo-results", "prefix": "pdfs/"}}),
             json.dumps({"version": 1, "id": "card-1", "type": "pdf.render", "source": {"bucket": "lifeguard-demo-uploads", "key": "templates/print.json"},
                         "output": {"bucket": "lifeguard-demo-results", "prefix": "pdfs/"}})):
    sqs.send_message(QueueUrl=queue, MessageBody=body)
got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
arn = "arn:aws:sqs:us-east-1:123456789012:lifeguard-jobs-high"
print(json.dumps({"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"], "attributes": m["Attributes"],
    "messageAttributes": {}, "md5OfBody": m["MD5OfBody"], "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": "us-east-1"} for m in got]}))
PY
"$jobs_bin" invoke --handler jobs --event /tmp/lifeguard-demo-jobs.json 2>/dev/null | python3 -c '
import json, sys
failed = [f["itemIdentifier"] for f in json.load(sys.stdin)["batchItemFailures"]]
batch = json.load(open("/tmp/lifeguard-demo-jobs.json"))["Records"]
print(f"  batch of {len(batch)}: {len(failed)} handed back to SQS for another attempt; every other one ended (succeeded, or kept in the dead-letter queue)")'
python3 - "$dead_letters" <<'PY'
import boto3, sys
for m in boto3.client("sqs").receive_message(QueueUrl=sys.argv[1], MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", []):
    print("  dead-letter queue: " + m["MessageAttributes"]["lifeguard-reason"]["StringValue"][:110])
PY

step "Jobs: a dry run of a new job (the worker does the work and says what it would write; nothing is written)"
python3 - >/tmp/lifeguard-demo-dry.json <<'PY'
import json
body = {"version": 1, "id": "entry-dry", "type": "image.thumbnails", "dryRun": True, "source": {"bucket": "lifeguard-demo-uploads", "key": "entries/1.jpg"},
        "outputs": [{"name": "small", "width": 320}], "output": {"bucket": "lifeguard-demo-results", "prefix": "thumbnails/"}}
print(json.dumps({"Records": [{"messageId": "dry-1", "body": json.dumps(body), "attributes": {"ApproximateReceiveCount": "1"},
    "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:lifeguard-jobs-high", "awsRegion": "us-east-1"}]}))
PY
"$jobs_bin" invoke --handler jobs --event /tmp/lifeguard-demo-dry.json 2>/dev/null | sed 's/^/  answer: /'
python3 -c '
import boto3
keys = [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket="lifeguard-demo-results", Prefix="thumbnails/entry-dry/").get("Contents", [])]
print(f"  objects under thumbnails/entry-dry/: {len(keys)}")
assert not keys, keys'

step "Jobs: the thumbnails in S3, checked with ImageMagick's identify"
python3 - "$img" <<'PY'
import boto3, subprocess, sys
s3 = boto3.client("s3")
for o in s3.list_objects_v2(Bucket="lifeguard-demo-results", Prefix="thumbnails/").get("Contents", []):
    path = f"{sys.argv[1]}/out"
    open(path, "wb").write(s3.get_object(Bucket="lifeguard-demo-results", Key=o["Key"])["Body"].read())
    ident = subprocess.run(["identify", "-format", "%w x %h %m", path], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"  {o['Key']:36} {o['Size']:7} bytes  {ident}")
PY

step "Jobs: the PDFs, checked with qpdf and poppler: the flyer, and a print card (bleed, crop marks, CMYK inks, styled runs, a headline shrunk to fit, a link)"
python3 - "$img" <<'PY'
import boto3, subprocess, sys
run = lambda *a: subprocess.run(a, capture_output=True, text=True).stdout
for job in ("flyer-7", "card-1"):
    path = f"{sys.argv[1]}/{job}.pdf"
    open(path, "wb").write(boto3.client("s3").get_object(Bucket="lifeguard-demo-results", Key=f"pdfs/{job}/document.pdf")["Body"].read())
    print(f"  {job}")
    print("  qpdf --check: " + run("qpdf", "--check", path).splitlines()[-2].strip())
    print("  pdftotext:    " + " ".join(run("pdftotext", "-enc", "UTF-8", path, "-").split()))
    print("  faces:        " + ", ".join(sorted({l.split()[0].split("+")[1] for l in run("pdffonts", path).splitlines()[2:]})))
    for line in run("pdfimages", "-list", path).splitlines()[2:]:
        print("  pdfimages:    " + " ".join(line.split()[:9]))
    for line in run("pdfinfo", "-box", path).splitlines():
        if "TrimBox" in line or "BleedBox" in line:
            print("  pdfinfo -box: " + line)
    for line in run("pdfinfo", "-url", path).splitlines()[1:]:
        print("  link:         " + " ".join(line.split()))
PY

step "Jobs: what the web app hears on the status topic"
python3 - "$status_inbox" <<'PY'
import boto3, json, sys
sqs = boto3.client("sqs")
for _ in range(3):
    for m in sqs.receive_message(QueueUrl=sys.argv[1], MaxNumberOfMessages=10).get("Messages", []):
        s = json.loads(m["Body"])
        print(f"  {s.get('jobId') or '(unreadable)':8} {s['status']:9} " + (", ".join(o["key"] for o in s["outputs"]) or s.get("reason", "")))
        sqs.delete_message(QueueUrl=sys.argv[1], ReceiptHandle=m["ReceiptHandle"])
PY
rm -rf "$img"

# The package Lambda runs: the native bootstrap `make packages` published (Native AOT, provided.al2023).
promotion_bin=.artifacts/lambda/Lifeguard.Promotion/bootstrap
invoke_promotion() { "$promotion_bin" invoke --handler promotion "$@" 2>/dev/null; }
dbroot=$(mktemp -d)
# A MariaDB server on its own loopback address (the master record tells servers apart by address), binary log and GTID on.
mdb_start() { # name address server-id port
  local dir="$dbroot/$1"; mkdir -p "$dir/tmp"
  [ -d "$dir/data" ] || mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=socket --skip-test-db --tmpdir="$dir/tmp" >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$4" --bind-address="$2" --pid-file="$dir/pid" --tmpdir="$dir/tmp" \
    --log-error="$dir/error.log" --user=root --server-id="$3" --log-bin="$dir/data/binlog" --relay-log="$dir/data/relay" --log-slave-updates \
    --binlog-format=ROW --gtid-strict-mode=ON --skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=8M --skip-slave-start --slave-net-timeout=4 --open-files-limit=4096 2>/dev/null &
  pids+=($!); eval "${1}_pid=$!"
  for _ in $(seq 1 200); do mariadb --no-defaults -S "$dir/sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "mariadbd $1 did not start; see $dir/error.log"; exit 1
}
sql() { mariadb --no-defaults -S "$dbroot/$1/sock" -uroot -N -B -e "$2"; }
app() { mariadb --no-defaults -h "$1" -P "$2" -uapp -papp-demo -N -B -e "$3"; }

step "Promotion: a MariaDB master (db1, 127.0.0.31) and replicas (db2, db3) on loopback; db-master.example.com -> db1 in moto"
db1_port=$(free_port); db2_port=$(free_port); db3_port=$(free_port)
mdb_start db1 127.0.0.31 1 "$db1_port"; mdb_start db2 127.0.0.32 2 "$db2_port"; mdb_start db3 127.0.0.33 3 "$db3_port"
for db in db1 db2 db3; do
  sql $db "SET sql_log_bin = 0; CREATE USER 'lifeguard'@'%' IDENTIFIED BY 'admin-demo'; GRANT ALL ON *.* TO 'lifeguard'@'%' WITH GRANT OPTION;
    CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-demo'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
    CREATE USER 'app'@'%' IDENTIFIED BY 'app-demo'; GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO 'app'@'%';"
done
replicate() { # replica master-port [password]
  sql "$1" "STOP SLAVE; SET GLOBAL read_only = ON; CHANGE MASTER TO MASTER_HOST='127.0.0.31', MASTER_PORT=$2, MASTER_USER='repl', MASTER_PASSWORD='${3:-repl-demo}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;"
}
replicate db2 "$db1_port"; replicate db3 "$db1_port"
sql db1 "CREATE DATABASE app; CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(100));"
for i in $(seq 1 20); do app 127.0.0.31 "$db1_port" "INSERT INTO app.orders VALUES ($i, 'order $i')"; done
for db in db2 db3; do sql $db "SELECT MASTER_GTID_WAIT('$(sql db1 'SELECT @@gtid_binlog_pos')', 10)" >/dev/null; done
echo "  db1 port $db1_port: $(sql db1 'SELECT COUNT(*) FROM app.orders') orders written by the application; db2 and db3 replicate them (slave_net_timeout 4 s, MASTER_CONNECT_RETRY 1, as the README recommends)"
python3 - "$zone" <<'PY'
import boto3, json, sys
boto3.client("route53").change_resource_record_sets(HostedZoneId=sys.argv[1], ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {
    "Name": "db-master.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "127.0.0.31"}]}}]})
boto3.client("secretsmanager").create_secret(Name="lifeguard/shop-db", SecretString=json.dumps(
    {"username": "lifeguard", "password": "admin-demo", "replicationUsername": "repl", "replicationPassword": "repl-demo"}))
PY
export LIFEGUARD_PROMOTION_CLUSTERS="[{\"name\":\"shop\",\"alarmNames\":[\"shop-db-master-down\"],
  \"record\":{\"hostedZoneId\":\"$zone\",\"name\":\"db-master.example.com\"},
  \"master\":{\"name\":\"db1\",\"host\":\"127.0.0.31\",\"port\":$db1_port},
  \"replicas\":[{\"name\":\"db2\",\"host\":\"127.0.0.32\",\"port\":$db2_port},{\"name\":\"db3\",\"host\":\"127.0.0.33\",\"port\":$db3_port,\"priority\":1}],
  \"secretId\":\"lifeguard/shop-db\",\"policy\":{\"connectTimeoutSeconds\":1}}]"
echo "  the credentials are in moto's Secrets Manager (lifeguard/shop-db), never in the function's environment"
record() {
  python3 - "$zone" <<'PY'
import boto3, sys
for s in boto3.client("route53").list_resource_record_sets(HostedZoneId=sys.argv[1])["ResourceRecordSets"]:
    if "db-master" in s["Name"]:
        print(f"  {s['Name']} {s['Type']} " + " ".join(r["Value"] for r in s["ResourceRecords"]))
PY
}
check_event=$(mktemp); echo '{"cluster": "shop", "action": "check"}' >"$check_event"

step "Promotion: the readiness check (every 15 minutes once deployed): ready, and what a promotion would pick"
invoke_promotion --event "$check_event" | summarize

step "Promotion: db3's replication password is rotated on db3 only; the next check finds it (and alerts once)"
replicate db3 "$db1_port" rotated-elsewhere; sleep 2
invoke_promotion --event "$check_event" | summarize
invoke_promotion --event "$check_event" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  again: " + r["outcome"] + ", nothing new to tell, so no notification")'
replicate db3 "$db1_port"; sql db3 "SELECT MASTER_GTID_WAIT('$(sql db1 'SELECT @@gtid_binlog_pos')', 10)" >/dev/null
echo "  fixed on db3; the next check says ready again (once):"
invoke_promotion --event "$check_event" | summarize

step "Promotion: a dry run by hand (events/promotion/manual-dry-run.json) while db1 is alive: a false alarm, nothing changed"
invoke_promotion --event events/promotion/manual-dry-run.json | summarize

step "Promotion: a planned switchover to db2 (maintenance on db1) while the application writes"
( for i in $(seq 100 160); do app 127.0.0.31 "$db1_port" "INSERT INTO app.orders VALUES ($i, 'during the switchover')" 2>/dev/null || app 127.0.0.32 "$db2_port" "INSERT INTO app.orders VALUES ($i, 'during the switchover')" 2>/dev/null; sleep 0.02; done ) &
writer=$!
sleep 0.5
echo '{"cluster": "shop", "action": "switchover", "replica": "db2"}' >/tmp/lifeguard-demo-switchover.json
invoke_promotion --event /tmp/lifeguard-demo-switchover.json | summarize
wait "$writer" || true
record
sql db1 "SELECT MASTER_GTID_WAIT('$(sql db2 'SELECT @@gtid_binlog_pos')', 10)" >/dev/null
echo "  db2: $(sql db2 'SELECT COUNT(*) FROM app.orders') orders, read_only=$(sql db2 'SELECT @@read_only'); db1 now replicates from db2 (Master_Port $(mariadb --no-defaults -S "$dbroot/db1/sock" -uroot -e 'SHOW SLAVE STATUS\G' | awk '/Master_Port/ {print $2}')): $(sql db1 'SELECT COUNT(*) FROM app.orders') orders"

step "Promotion: db2, the master now, is killed; the watcher (every minute once deployed) finds it and promotes (db3 has priority 1)"
kill -9 "$db2_pid"; wait "$db2_pid" 2>/dev/null || true; echo "  killed db2 (pid $db2_pid)"
echo '{"cluster": "shop", "action": "watch"}' >/tmp/lifeguard-demo-watch.json
# One watcher: moto lets a second CREATE of the lock record through, which Route 53 refuses, so two watchers at once
# would both take the lock here (the promotion tests race two runs against StrictRoute53, Route 53's rule, instead).
"$promotion_bin" invoke --handler promotion --event /tmp/lifeguard-demo-watch.json --timeout 100 2>/dev/null | summarize
record
new_master=$(python3 - "$zone" <<'PY'
import boto3, sys
for s in boto3.client("route53").list_resource_record_sets(HostedZoneId=sys.argv[1])["ResourceRecordSets"]:
    if s["Name"] == "db-master.example.com." and s["Type"] == "A":
        print(s["ResourceRecords"][0]["Value"])
PY
)
new_port=$([ "$new_master" = 127.0.0.31 ] && echo "$db1_port" || echo "$db3_port")
app "$new_master" "$new_port" "INSERT INTO app.orders VALUES (500, 'written on the new master')"
echo "  the application writes on $new_master: $(app "$new_master" "$new_port" 'SELECT COUNT(*) FROM app.orders') orders"

step "Promotion: the notifications in the ops inbox"
python3 - "$queue" <<'PY'
import boto3, json, sys
sqs = boto3.client("sqs")
for _ in range(3):
    for m in sqs.receive_message(QueueUrl=sys.argv[1], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
        sqs.delete_message(QueueUrl=sys.argv[1], ReceiptHandle=m["ReceiptHandle"])
        body = json.loads(m["Body"])
        if "shop" in (body.get("Subject") or ""):
            lines = body["Message"].splitlines()
            print(f"  Subject: {body.get('Subject')}\n" + "\n".join("  | " + l for l in lines[:14]) + (f"\n  | ...\n  | {lines[-1]}" if len(lines) > 14 else ""))
PY

step "Promotion: db2 comes back (writable, as it was); the alarm's return to OK fences it, and it stays quarantined"
mdb_start db2 127.0.0.32 2 "$db2_port"
echo "  db2 restarted: read_only=$(sql db2 'SELECT @@read_only')"
sed -e 's/"value": "ALARM"/"value": "@NOW"/' -e 's/"value": "OK"/"value": "ALARM"/' -e 's/"value": "@NOW"/"value": "OK"/' events/promotion/alarm-action.json >/tmp/lifeguard-demo-alarm-ok.json
invoke_promotion --event /tmp/lifeguard-demo-alarm-ok.json | summarize
echo "  db2 read_only=$(sql db2 'SELECT @@read_only'); the application's write there: $(app 127.0.0.32 "$db2_port" "INSERT INTO app.orders VALUES (99, 'x')" 2>&1 | grep -o 'ERROR 1290.*' | sed 's/^/refused, /')"

step "Promotion: the next minute's watcher watches the new master and has nothing to say"
"$promotion_bin" invoke --handler promotion --event /tmp/lifeguard-demo-watch.json --timeout 100 2>/dev/null | summarize

step "Promotion: db3's alarm event delivered twice: the first finds db3 promoted and answering, and so does the second"
invoke_promotion --event events/promotion/alarm-action.json | summarize
invoke_promotion --event events/promotion/alarm-action.json | summarize
rm -rf "$dbroot"

step "CDK: synthesize the stack offline and lint it"
npx --no-install aws-cdk synth --quiet
cfn-lint cdk.out/*.template.json && echo "cfn-lint: no errors"
python3 - <<'PY'
import json, glob, collections
for path in glob.glob("cdk.out/*.template.json"):
    resources = json.load(open(path))["Resources"]
    kinds = collections.Counter(r["Type"] for r in resources.values())
    print(f"{path}: " + ", ".join(f"{n} x {k}" for k, n in sorted(kinds.items())))
    # Where the dashboard would be: the stack's DashboardUrl output, region-agnostic until deployed.
    template = json.load(open(path))
    url = "".join(p if isinstance(p, str) else "<region>" for p in template["Outputs"]["DashboardUrl"]["Value"]["Fn::Join"][1])
    dashboard = next(r for r in resources.values() if r["Type"] == "AWS::CloudWatch::Dashboard")["Properties"]["DashboardBody"]
    body = json.loads("".join(p if isinstance(p, str) else "TOKEN" for p in dashboard["Fn::Join"][1]))
    widgets = body["widgets"]
    alarms = sum(len(w["properties"]["alarms"]) for w in widgets if w["type"] == "alarm")
    print(f"  dashboard once deployed: {url}")
    print(f"  {len(widgets)} widgets: {alarms} alarms with their state, then " + ", ".join(w["properties"]["markdown"][3:] for w in widgets if w["type"] == "text" and w["properties"]["markdown"].startswith("## ")))
PY

step "Done"
echo "Every capability ran end to end: snapshots, failover, jobs and replica promotion."
