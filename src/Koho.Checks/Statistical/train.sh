#!/usr/bin/env bash
# Retrains the checker's statistical model from the labelled drafts and writes semantic-model.bin beside this
# script. Training is deterministic: the same sets give the same model (SemanticModelTests checks the shipped one).
# Keep a newly written set out of the list until it has been measured blind (tests/Koho.Checks.Tests/Labelled/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
sets=$root/tests/Koho.Checks.Tests/Labelled
dotnet run --project "$root/src/Koho.Cli" -c Release -- check-model train \
  --input "$sets/drafts.jsonl" "$sets/heldout.jsonl" "$sets/heldout-c.jsonl" "$sets/blind-d.jsonl" "$sets/blind-e.jsonl" "$sets/blind-f.jsonl" \
  --output "$here/semantic-model.bin"
