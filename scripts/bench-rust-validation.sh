#!/usr/bin/env bash
# The cost of runtime validation in the generated Rust module: builds tests/e2e/rust/verdicts
# with --release around the generated modules of the Vectra plan and the model plan, and prints
# nanoseconds per `campaign_created` and `lead_exported` call through a transport that drops the
# message, with validation off and on, and per `validate_payload` of the same payload.
# Usage: scripts/bench-rust-validation.sh [calls]  (default 200000). A benchmark, not a test.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
calls="${1:-200000}"
work="${TRACKPLAN_BENCH_DIR:-${TMPDIR:-/tmp}/trackplan-bench-rust-validation}"
mkdir -p "$work/src" "$work/out"
cp "$repo/tests/e2e/rust/verdicts/Cargo.toml" "$work/"
cp "$repo/tests/e2e/rust/verdicts/src/main.rs" "$work/src/"
# The repository's lock file: serde, serde_json and regex resolve offline.
cp "$repo/Cargo.lock" "$work/"
cargo build --quiet --manifest-path "$repo/Cargo.toml" --bin trackplan
trackplan="${CARGO_TARGET_DIR:-$repo/target}/debug/trackplan"
# `open` is the model plan with open objects, as tests/validation_rust.rs builds it.
cp "$repo/tests/fixtures/codegen/model.yaml" "$work/open.yaml"
printf '\ntargets:\n  jsonschema: {additional_properties: true}\n' >> "$work/open.yaml"
for pair in "vectra:$repo/plan" "model:$repo/tests/fixtures/codegen/model.yaml" "open:$work/open.yaml"; do
    name="${pair%%:*}"
    "$trackplan" build "${pair#*:}" --target rust --out "$work/out/$name" --force >/dev/null
    cp "$work/out/$name/rust/tracking.rs" "$work/src/$name.rs"
done
CARGO_TARGET_DIR="$work/target" cargo build --quiet --release --offline --manifest-path "$work/Cargo.toml"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) on $(nproc 2>/dev/null || echo '?') cores"
"$work/target/release/trackplan-rust-verdicts" bench "$calls"
