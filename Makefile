# The two commands of the README: `make demo` and `make test`. Both install what they need (eng/ensure-tools.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help

export DOTNET_NOLOGO := 1
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
# jsii (under Amazon.CDK.Lib) warns about every Node.js release it was not tested with; the CDK works on Node 20+.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1

.PHONY: help tools build test unit-tests packages synth demo bench clean

help:
	@echo "make demo    run every capability end to end against local servers (moto, ...)"
	@echo "make test    build with warnings as errors, run every test, synthesize and lint the stack"
	@echo "make bench   cold start and package sizes; Lifeguard.Aws against boto3; snapshots at scale; failover time; thumbnails against sharp"

tools:
	@eng/ensure-tools.sh

build: tools
	dotnet build Lifeguard.slnx --no-restore --nologo -v q -warnaserror

# The tests and the synth (which compiles every function natively: minutes of CPU on a fresh clone, nothing when its
# inputs are unchanged) run side by side, so the compile uses the CPU the tests leave idle while they wait on servers.
# Not niced: on a machine shared with other builds, a niced compile gets almost nothing until they are done.
test: build
	$(MAKE) --no-print-directory -j2 --output-sync=target unit-tests packages
	cfn-lint cdk.out/*.template.json

unit-tests:
	dotnet test Lifeguard.slnx --no-build --nologo -v q --logger "console;verbosity=minimal"

# Synth without its own build step (`make build` has just built the CDK app): publishes each function to
# .artifacts/lambda/<project>/bootstrap (Native AOT, reused while its inputs are unchanged), refuses a binary that needs
# a glibc newer than Amazon Linux 2023's, and writes cdk.out.
packages:
	@start=$$(date +%s); \
	npx --no-install aws-cdk synth --quiet --app "dotnet run --no-build --project cdk/Lifeguard.Cdk" && \
	echo "packages and synth: $$(( $$(date +%s) - start )) s"

# Synthesizes (offline without AWS credentials; with them it also reads the promotion secrets and refuses one that lacks
# a field) and lints the template.
synth: tools
	npx --no-install aws-cdk synth --quiet -c lifeguard:checkSecrets=true
	cfn-lint cdk.out/*.template.json

# The demo runs the functions' native packages, as Lambda would.
demo: build
	$(MAKE) --no-print-directory packages
	eng/demo.sh

bench: tools
	dotnet run -c Release --project bench/Lifeguard.Bench.ColdStart -- --runs 9
	dotnet run -c Release --project bench/Lifeguard.Bench.Aws -- --calls 200 --signatures 20000
	# At the issue's scale (about 12 minutes): --volumes 1000 --expired 10000 --refill 20 --run-seconds 120
	dotnet run -c Release --project bench/Lifeguard.Bench.Snapshots -- --volumes 300 --expired 1000 --refill 20 --run-seconds 30
	dotnet run -c Release --project bench/Lifeguard.Bench.Snapshots -- --drill 20
	dotnet run -c Release --project bench/Lifeguard.Bench.Failover -- --trials 3 --fast-trials 8
	dotnet run -c Release --project bench/Lifeguard.Bench.Promotion -- --trials 5
	npx --no-install aws-cdk synth --quiet >/dev/null  # publishes the packages whose size the next one reports
	MALLOC_ARENA_MAX=2 dotnet run -c Release --project bench/Lifeguard.Bench.Jobs -- --images 12 --rounds 5

clean:
	rm -rf cdk.out .artifacts
	dotnet clean Lifeguard.slnx --nologo -v q
