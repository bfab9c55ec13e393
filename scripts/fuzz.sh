#!/usr/bin/env bash
# Fuzz postlint's targets, each for a while (default 60s each):
#
#	scripts/fuzz.sh [duration]
#
# A failing input is written to <package>/testdata/fuzz/<Target>/; go test runs
# it from then on, so commit it with the fix. FuzzYAMLValue compares our
# YAML decoder with yaml.v3 and still finds divergences on rare forms
# (merge keys and the like): fuzz it when the decoder changes.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-60s}
failed=()
# The fast paths each have a target comparing them with the slow way:
# FuzzFastYAML (flat YAML front matter built without yaml.v3), FuzzBareURLs
# and FuzzCaptionedFigures (links), FuzzPoorAlt (image-alt), FuzzSuspicious
# (mojibake), FuzzLowerASCII (misspelling), FuzzChunkEnd (prose),
# FuzzFrontMatterByLine (the library handed a post a line at a time).
# FuzzCacheEntry reads back a result cache entry postlint did not write.
for tp in FuzzEngine:./rules FuzzFix:./rules FuzzSplitFrontMatter:./rules FuzzNestingBound:./rules FuzzCacheEntry:./rules \
  FuzzRules:./rules/frontmatter FuzzExtract:./rules/language/prose FuzzFastYAML:./rules FuzzFrontMatterByLine:./rules \
  FuzzBareURLs:./rules/links FuzzCaptionedFigures:./rules/links FuzzPoorAlt:./rules/site \
  FuzzSuspicious:./rules/mojibake/detect FuzzLowerASCII:./rules/language FuzzChunkEnd:./rules/language/prose; do
  target=${tp%%:*} pkg=${tp#*:}
  echo "== $target ($t)"
  go test -run '^$' -fuzz "^$target\$" -fuzztime "$t" -fuzzminimizetime 5s "$pkg" || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"; exit 1
fi
