#!/usr/bin/env bash
# The project's single test command (CI runs it through .ci/run).
#
#   scripts/test.sh [extra cargo test args...]
#
# 1. installs/refreshes the external toolchains (scripts/setup-toolchains.sh),
# 2. exports their paths (tests/toolchains/env.sh) and TRACKPLAN_REQUIRE_TOOLCHAINS=1
#    so toolchain-backed tests fail instead of skipping when a tool is missing,
# 3. runs the doc tests (if the package has a lib) and then
#    `cargo test --workspace --all-targets`, passing extra args through to both.
#    The benchmarks' smoke runs go first, on their own, so that the last lines
#    printed are the summary of a test binary, not a benchmark's message.
#
# The doc tests run first on purpose: cargo's summary of the main test run must
# be the last thing printed, and a lib with no doc tests would otherwise end the
# output on "test result: ok. 0 passed", which reads as "ran no test".
# Nothing is printed after cargo's own output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash "$ROOT/scripts/setup-toolchains.sh"
# shellcheck source=/dev/null
source "$ROOT/tests/toolchains/env.sh"
export TRACKPLAN_REQUIRE_TOOLCHAINS=1

# Extra args that select targets replace --all-targets (which would override
# them) and skip the doc-test run (cargo refuses to mix --doc with them, or
# with --no-run).
run_doc=1
run_benches=1
targets=(--lib --bins --tests --examples)
for arg in "$@"; do
    case "$arg" in
        --) break ;;
        --lib | --bin | --bin=* | --bins | --test | --test=* | --tests | --example | --example=* \
            | --examples | --bench | --bench=* | --benches | --all-targets | --doc)
            run_doc=0; run_benches=0; targets=() ;;
        --no-run)
            run_doc=0 ;;
    esac
done
if [[ "$run_doc" == 1 ]] \
    && ! cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
        | grep -Eq '"kind":\[[^]]*"(lib|rlib|proc-macro)"'; then
    run_doc=0
fi

doc_status=0
if [[ "$run_doc" == 1 ]]; then
    cargo test --workspace --doc "$@" || doc_status=$?
fi
if [[ "$run_benches" == 1 ]]; then
    cargo test --workspace --benches "$@" || doc_status=$?
fi

main_status=0
cargo test --workspace ${targets[@]+"${targets[@]}"} "$@" || main_status=$?

if [[ "$main_status" -ne 0 ]]; then
    exit "$main_status"
fi
exit "$doc_status"
