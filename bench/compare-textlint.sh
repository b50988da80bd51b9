#!/usr/bin/env bash
# Times the whole `koho check` process against textlint + textlint-rule-prh on the same corpus.
#   bench/compare-textlint.sh CORPUS_DIR     (CORPUS_DIR made by ../shared/bench/make-corpus.py)
# Publishes koho (Release, ReadyToRun), times it with hyperfine (apt-get install hyperfine) over posts.jsonl with
# the musashino pack and the corpus lexicon, checks that koho reports every occurrence `grep -F -o` reports,
# runs ../shared/bench/textlint-baseline.sh, and prints both times and `ratio N` (textlint ÷ koho).
set -euo pipefail
corpus=$(cd "${1:?usage: compare-textlint.sh CORPUS_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${KOHO_SHARED:-$root/../shared}
out=$(mktemp -d /tmp/koho-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT

dotnet publish "$root/src/Koho.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/koho" -v quiet -nologo >/dev/null
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }

cmd="$out/koho/koho check --pack musashino --lexicon $corpus/lexicon.txt --input $corpus/posts.jsonl --output $out/koho.jsonl"
# Exit code 1 (something blocked) is the expected outcome on this corpus, hence -i.
hyperfine --warmup 1 --runs 10 -i --export-json "$out/hyperfine.json" "$cmd" >&2
koho=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" "$out/hyperfine.json")

# Every lexicon occurrence grep finds must be among koho's findings.
grep -F -o -n -f "$corpus/lexicon.txt" "$corpus/posts.txt" > "$out/grep.txt" || true
python3 - "$corpus" "$out" <<'PY'
import collections, json, sys
corpus, out = sys.argv[1], sys.argv[2]
want = collections.Counter()
for line in open(f"{out}/grep.txt", encoding="utf-8"):
    n, term = line.rstrip("\n").split(":", 1)
    want[(int(n), term)] += 1
texts = [json.loads(l)["text"] for l in open(f"{corpus}/posts.jsonl", encoding="utf-8")]
got = collections.Counter()
for i, line in enumerate(open(f"{out}/koho.jsonl", encoding="utf-8")):
    for f in json.loads(line)["findings"]:
        got[(i + 1, texts[i][f["start"]:f["start"] + f["length"]])] += 1
missing = sum(max(0, c - got.get(k, 0)) for k, c in want.items())
print(f"grep -F -o occurrences: {sum(want.values())}; reported by koho: {sum(want.values()) - missing}; missing: {missing}")
sys.exit(1 if missing else 0)
PY

textlint_line=$(bash "$shared/bench/textlint-baseline.sh" "$corpus" | tail -n 1)
textlint=$(echo "$textlint_line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
echo "koho check: ${koho} s (mean of 10, whole process)"
echo "$textlint_line"
python3 -c "import sys; print(f'ratio {float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$textlint" "$koho"
