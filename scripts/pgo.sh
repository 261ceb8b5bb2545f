#!/usr/bin/env bash
# pgo.sh records default.pgo, the CPU profile that `go build`, `go run` and `go test` use
# to optimise claudelog (Go's profile-guided optimisation: hot calls inlined, hot
# indirect calls devirtualised). It profiles BenchmarkPipeline, the scripts/bench.sh
# inputs through the binary's own code path, with the previous profile switched off: a mix
# of the CI log, the HAR, the SDK service log, the failure-dense log and the Claude Code
# projects folder, so that no one input's hot paths decide alone.
# Run it after a change to a hot path, and commit the new default.pgo with it.
#
#   scripts/pgo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/claudelog-pgo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go test -pgo=off -run '^$' -bench '^BenchmarkPipeline$' -benchtime 20x \
	-cpuprofile "$tmp/cpu.pprof" -o "$tmp/claudelog.test" . >&2
mv "$tmp/cpu.pprof" default.pgo
echo "wrote default.pgo ($(wc -c <default.pgo) bytes)" >&2
