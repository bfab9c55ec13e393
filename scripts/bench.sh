#!/usr/bin/env bash
# Times whole processes over one folder of posts: postlint --offline cold
# (no result cache yet), warm (every post unchanged) and with one post
# changed before each run, against misspell, codespell, Vale and
# markdownlint-cli2, several runs each, and prints a Markdown table of
# median wall time, median CPU time (user + system), peak RSS and each
# run's wall time over postlint's cold one. postlint's runs, misspell's
# and codespell's take turns, round after round, so that a machine that
# speeds up or slows down does so for all of them. Every tool is given the same
# Markdown files: misspell (which checks every file of a folder it walks)
# and codespell as a list of them.
#
#   scripts/bench.sh [--install] [--runs N] [--copies K] [--max-size B] [--small-copies S] [DIR]
#
# DIR defaults to ../shared/corpus. --copies K lints K copies of DIR side by
# side, in a temp folder, to make a bigger corpus. --max-size B keeps only
# the posts of at most B bytes: a set of many small posts, where the cost
# of each file, not of each word, decides. --small-copies S adds S more
# copies of only DIR's posts of at most 4 KB beside the K copies: a mix
# with many small posts (--copies 7 --small-copies 16: 10,617 posts, two
# thirds of them small). --runs N (default 5) runs
# each tool N times after one untimed warm-up run. --install installs the
# peers first: markdownlint-cli2 0.20.0 (npm, into $POSTLINT_BENCH_TOOLS,
# default ~/.cache/postlint-bench), Vale v3.22.0 and misspell v0.8.0
# (go install); codespell comes from apt (apt-get install codespell). A peer
# that is not installed is listed with "-".
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 copies=1 install=0 maxsize=0 small=0 dir=../shared/corpus
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --runs) runs=$2; shift ;;
    --runs=*) runs=${1#*=} ;;
    --copies) copies=$2; shift ;;
    --copies=*) copies=${1#*=} ;;
    --max-size) maxsize=$2; shift ;;
    --max-size=*) maxsize=${1#*=} ;;
    --small-copies) small=$2; shift ;;
    --small-copies=*) small=${1#*=} ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench: unknown flag $1" >&2; exit 2 ;;
    *) dir=$1 ;;
  esac
  shift
done
[ -d "$dir" ] || { echo "bench: no folder $dir" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time" >&2; exit 2; }
case "$runs$copies$maxsize$small" in *[!0-9]*) echo "bench: --runs, --copies, --max-size and --small-copies take a number" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] && [ "$copies" -ge 1 ] || { echo "bench: --runs and --copies must be at least 1" >&2; exit 2; }

cache=${POSTLINT_BENCH_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/postlint-bench}
gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin=$(go env GOPATH)/bin
export PATH="$cache/node_modules/.bin:$gobin:$PATH"
if [ "$install" = 1 ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --silent --no-audit --no-fund markdownlint-cli2@0.20.0 >/dev/null
  go install github.com/vale-cli/vale/v3/cmd/vale@v3.22.0
  go install github.com/golangci/misspell/cmd/misspell@v0.8.0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/postlint" ./cmd/postlint

posts=$work/posts
mkdir -p "$posts"
for i in $(seq 1 "$copies"); do cp -R "$dir" "$posts/copy$i"; done
chmod -R u+w "$posts"
[ "$maxsize" -gt 0 ] && find "$posts" -name '*.md' -size +"$maxsize"c -delete
for i in $(seq 1 "$small"); do
  cp -R "$dir" "$posts/small$i"
  chmod -R u+w "$posts/small$i"
  find "$posts/small$i" -name '*.md' -size +4096c -delete
done
files=$(find "$posts" -name '*.md' | wc -l)
bytes=$(find "$posts" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

# Each tool with its own defaults on Markdown: postlint with the built-in
# config (an empty .postlint.yml, so that no config above the temp folder is
# picked up), Vale with its built-in style (spelling, repetition),
# markdownlint-cli2 with every default rule.
: > "$posts/.postlint.yml"
cat > "$posts/.vale.ini" <<'INI'
MinAlertLevel = suggestion
[*.md]
BasedOnStyles = Vale
INI
echo '{ "config": { "default": true } }' > "$posts/.markdownlint-cli2.jsonc"

# summarize NAME: prints "NAME median_wall median_cpu peak_rss_mb" from
# the times of NAME's runs ("wall user sys rss_kb" lines).
summarize() {
  local name=$1
  awk -v name="$name" '
    { wall[NR] = $1; cpu[NR] = $2 + $3; if ($4 > rss) rss = $4 }
    END {
      n = NR; asorted(wall, n); asorted(cpu, n)
      printf "%s %.2f %.2f %.0f\n", name, median(wall, n), median(cpu, n), rss / 1024
    }
    function asorted(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x } }
    function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }' "$work/$name.times"
}

# timed NAME CMD...: one run of CMD in $posts, its time appended to
# NAME's; postlint's outputs are kept to compare.
timed() {
  local name=$1; shift
  local i=$(( ${count[$name]:-0} + 1 ))
  count[$name]=$i
  (cd "$posts" && /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >"$work/$name.out.$i" 2>/dev/null) || true
  tail -1 "$work/time.txt" >> "$work/$name.times"
}

# measure NAME CMD...: one warm-up run, then $runs timed runs of CMD;
# prints NAME's summary, or dashes when CMD is not installed.
measure() {
  local name=$1; shift
  if ! command -v "$1" >/dev/null; then
    echo "$name - - -"
    return
  fi
  (cd "$posts" && "$@" >/dev/null 2>&1) || true
  for _ in $(seq 1 "$runs"); do timed "$name" "$@"; done
  summarize "$name"
}

# rounds: the quick tools, postlint's three runs, misspell and codespell,
# one after the other in each of $runs rounds (after a round to warm up),
# so that the machine's drift, often 10-20% from one minute to the next
# on a shared VM, weighs on each of them alike.
rounds() {
  local tools=(postlint postlint-warm postlint-changed)
  command -v misspell >/dev/null && tools+=(misspell)
  command -v codespell >/dev/null && tools+=(codespell)
  local round t
  for round in $(seq 0 "$runs"); do
    for t in "${tools[@]}"; do
      if [ "$round" = 0 ]; then
        (cd "$posts" && "$work/run-$t" >/dev/null 2>&1) || true
      else
        timed "$t" "$work/run-$t"
      fi
    done
  done
  for t in postlint postlint-warm postlint-changed misspell codespell; do
    if [ -s "$work/$t.times" ]; then summarize "$t"; else echo "$t - - -"; fi
  done
}

# version TOOL: the module version a Go tool was built from, or what
# markdownlint-cli2 says of itself.
version() {
  local p
  p=$(command -v "$1") || { echo "not installed"; return; }
  case "$1" in
    markdownlint-cli2) "$p" --help 2>/dev/null | head -1 | sed 's/^markdownlint-cli2 //' ;;
    *) go version -m "$p" 2>/dev/null | awk '$1 == "mod" { print $3; exit }' ;;
  esac
}

mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
only=
[ "$maxsize" -gt 0 ] && only=" (posts of at most $maxsize bytes)"
[ "$small" -gt 0 ] && only="$only + its posts of at most 4096 bytes x$small"
echo "corpus: $dir x$copies$only = $files Markdown files, $mb MB; $runs runs per tool after a warm-up"
case "$(go version -m "$work/postlint")" in
  *-pgo=*) pgo="built with cmd/postlint/default.pgo" ;;
  *) pgo="no profile" ;;
esac
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m); $(go version | cut -d' ' -f3), postlint $pgo; $(date -u +%Y-%m-%d)"
echo "peers: misspell $(version misspell); codespell $(codespell --version 2>/dev/null || echo not installed); Vale $(version vale); markdownlint-cli2 $(version markdownlint-cli2)"
echo
(cd "$posts" && find . -name '*.md' | sort > "$work/files.txt")
# One post to change before each "one changed" run: a line added, then
# taken away, so that every run sees a post unlike the cached one.
changed=$(head -n 1 "$work/files.txt")
cat > "$work/postlint-cold" <<SH
#!/bin/sh
rm -rf .postlint-cache && exec "$work/postlint" "\$@"
SH
cat > "$work/postlint-changed" <<SH
#!/bin/sh
if grep -q 'postlint bench edit' "$changed"; then sed -i '/postlint bench edit/d' "$changed"; else echo 'postlint bench edit' >> "$changed"; fi
exec "$work/postlint" "\$@"
SH
cat > "$work/with-files" <<SH
#!/bin/sh
exec xargs -a "$work/files.txt" -d '\n' -s $(( $(getconf ARG_MAX) - 65536 )) "\$@"
SH
for t in "postlint postlint-cold" "postlint-warm postlint" "postlint-changed postlint-changed"; do
  set -- $t
  printf '#!/bin/sh\nexec "%s" --offline --color never .\n' "$work/$2" > "$work/run-$1"
done
printf '#!/bin/sh\nexec "%s" misspell -error\n' "$work/with-files" > "$work/run-misspell"
printf '#!/bin/sh\nexec "%s" codespell\n' "$work/with-files" > "$work/run-codespell"
chmod +x "$work/postlint-cold" "$work/postlint-changed" "$work/with-files" "$work"/run-*
declare -A count
results=$(
  rounds
  measure vale vale --no-exit --output line .
  measure markdownlint-cli2 markdownlint-cli2 '**/*.md'
)
base=$(echo "$results" | awk '$1 == "postlint" { print $2 }')
printf '| %-27s | %13s | %12s | %13s | %14s |\n' tool "wall, median" "CPU, median" "peak RSS" "wall ÷ cold"
printf '| %-27s | %13s | %12s | %13s | %14s |\n' --- ---: ---: ---: ---:
echo "$results" | while read -r name wall cpu rss; do
  ratio=-
  [ "$wall" != - ] && ratio=$(awk -v t="$wall" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", t / b; else print "-" }')
  case "$name" in
    postlint) name="postlint --offline, cold" ;;
    postlint-warm) name="postlint, warm cache" ;;
    postlint-changed) name="postlint, one post changed" ;;
  esac
  if [ "$wall" = - ]; then
    printf '| %-27s | %13s | %12s | %13s | %14s |\n' "$name" - - - -
  else
    printf '| %-27s | %13s | %12s | %13s | %14s |\n' "$name" "$wall s" "$cpu s" "$rss MB" "$ratio"
  fi
done
echo
same=yes
for i in $(seq 2 "$runs"); do cmp -s "$work/postlint.out.1" "$work/postlint.out.$i" || same=no; done
for i in $(seq 1 "$runs"); do
  cmp -s "$work/postlint.out.1" "$work/postlint-warm.out.$i" || same=no
done
echo "postlint output identical across the $runs cold and $runs warm runs: $same ($(grep -c '^[^ ]' "$work/postlint.out.1" || true) diagnostics)"
