#!/usr/bin/env bash
# Make cmd/postlint/default.pgo, the CPU profile that `go build` and
# `go install` optimize the command with (profile-guided optimization: the
# calls the profile finds hot are inlined, interface calls to the type
# nearly always behind them are made direct):
#
#	scripts/pgo.sh
#
# The profile is of BenchmarkCLI/cold, `postlint --offline` in-process over
# ../shared/corpus copied 3 times, built without a profile so that the
# result does not depend on the one it replaces. Run it again when the
# hot code has changed much (Go matches the profile to functions by name,
# so an old one still helps the code it names), then compare the cold runs
# of the two builds with scripts/bench.sh before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/corpus ]; then
  echo "pgo.sh: no ../shared/corpus: the profile is taken on those posts" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
POSTLINT_BENCH_COPIES=3 go test -pgo=off -run '^$' -bench '^BenchmarkCLI$/^cold$' -benchtime 30x \
  -cpuprofile "$tmp/cpu.pprof" -o "$tmp/postlint.test" ./cmd/postlint
cp "$tmp/cpu.pprof" cmd/postlint/default.pgo
echo "wrote cmd/postlint/default.pgo ($(wc -c <cmd/postlint/default.pgo) bytes)"
