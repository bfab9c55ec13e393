#!/usr/bin/env bash
# Times whole processes over a folder of posts: postlint --offline against
# markdownlint-cli2, Vale and misspell, several runs each; prints the median
# wall time, peak RSS and the ratio to postlint.
#
#   scripts/bench.sh [--install] [--runs N] [--copies K] [DIR]
#
# DIR defaults to ../shared/corpus. --copies K lints K copies of DIR side by
# side (in a temp folder) to make a bigger corpus. --install installs the
# peers first: markdownlint-cli2 (npm), Vale v3.22.0 and misspell (go install).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 copies=1 install=0 dir=../shared/corpus
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --runs) runs=$2; shift ;;
    --copies) copies=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) dir=$1 ;;
  esac
  shift
done
[ -d "$dir" ] || { echo "bench: no folder $dir" >&2; exit 2; }

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
export PATH="$tools/node_modules/.bin:$(go env GOPATH)/bin:$PATH"
if [ "$install" = 1 ]; then
  (cd "$tools" && npm install --silent --no-audit --no-fund markdownlint-cli2@0.20.0 >/dev/null)
  go install github.com/vale-cli/vale/v3/cmd/vale@v3.22.0
  go install github.com/golangci/misspell/cmd/misspell@v0.8.0
fi

go build -o "$tools/postlint" ./cmd/postlint

work=$tools/posts
mkdir -p "$work"
for i in $(seq 1 "$copies"); do cp -r "$dir" "$work/copy$i"; done
files=$(find "$work" -name '*.md' | wc -l)
bytes=$(find "$work" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

# Vale with its built-in style (spelling and repetition), on Markdown only.
cat > "$work/.vale.ini" <<'INI'
MinAlertLevel = suggestion
[*.md]
BasedOnStyles = Vale
INI
echo '{ "config": { "default": true } }' > "$work/.markdownlint-cli2.jsonc"

# time_cmd NAME CMD...: runs CMD $runs times in $work, prints "NAME median_s max_rss_mb".
time_cmd() {
  local name=$1; shift
  command -v "$1" >/dev/null || { echo "$name - -"; return; }
  local ts=() rss=0
  for _ in $(seq 1 "$runs"); do
    local out
    out=$( { cd "$work" && /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1 || true)
    ts+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median
  median=$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $median $((rss / 1024))"
}

echo "corpus: $dir x$copies = $files files, $((bytes / 1024 / 1024)) MB; $runs runs each; $(nproc) cores; $(date -u +%Y-%m-%d)"
results=$(
  time_cmd postlint "$tools/postlint" --offline --color never .
  time_cmd misspell misspell -error .
  time_cmd vale vale --no-exit --output line .
  time_cmd markdownlint-cli2 markdownlint-cli2 '**/*.md'
)
base=$(echo "$results" | awk '$1 == "postlint" {print $2}')
printf '| %-18s | %10s | %12s | %14s |\n' tool "median (s)" "peak RSS (MB)" "x postlint"
printf '| %-18s | %10s | %12s | %14s |\n' --- --- --- ---
echo "$results" | while read -r name t rss; do
  ratio=-
  [ "$t" != - ] && ratio=$(awk -v t="$t" -v b="$base" 'BEGIN { if (b > 0) printf "%.1f", t / b; else print "-" }')
  printf '| %-18s | %10s | %12s | %14s |\n' "$name" "$t" "$rss" "$ratio"
done
