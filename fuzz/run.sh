#!/usr/bin/env bash
# Fuzz segatlas's readers and parsers with AFL++ (cargo-afl, stable Rust), each target for
# MINUTES minutes (default 10), JOBS at a time (default 2, one per core), then report executions and
# findings per target. Seeds come from ../shared/data (fuzz/seeds.py, in the PySAL virtualenv);
# everything is written under ~/.cache/segatlas-fuzz, never into the repository.
#   cargo install cargo-afl && cargo afl config --build      # once
#   PYTHON=/path/to/venv/bin/python bash fuzz/run.sh [MINUTES] [TARGET...]
# A finding lands in ~/.cache/segatlas-fuzz/out/TARGET/default/crashes (or hangs): fix it, and
# keep the input in fuzz/regressions/TARGET/ so the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(geojson gpkg shapefile geoparquet csv xlsx gal gwt project expr analyses)
work="$HOME/.cache/segatlas-fuzz"
export CARGO_TARGET_DIR="$HOME/.cache/segatlas-fuzz-target"
[ -d "$work/seeds" ] || "${PYTHON:-python3}" seeds.py ../../shared/data "$work/seeds"
cargo afl build --release
harness="$CARGO_TARGET_DIR/release/segatlas-fuzz"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_CRASHES=1 AFL_NO_AFFINITY=1
fuzz() {
    local t="$1"
    mkdir -p "$work/out/$t"
    SEGATLAS_FUZZ_TARGET="$t" cargo afl fuzz -i "$work/seeds/$t" -o "$work/out/$t" \
        -V $((minutes * 60)) -t 5000 -m none -- "$harness" > "$work/out/$t.log" 2>&1 || true
}
running=0
for t in "${targets[@]}"; do
    fuzz "$t" &
    running=$((running + 1))
    if [ "$running" -ge "${JOBS:-2}" ]; then wait -n; running=$((running - 1)); fi
done
wait
printf '%-11s %12s %8s %8s %8s\n' target executions paths crashes hangs
for t in "${targets[@]}"; do
    s="$work/out/$t/default/fuzzer_stats"
    [ -f "$s" ] || { echo "$t: no statistics (see $work/out/$t.log)"; continue; }
    get() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$s"; }
    printf '%-11s %12s %8s %8s %8s\n' "$t" "$(get execs_done)" "$(get corpus_count)" \
        "$(get saved_crashes)" "$(get saved_hangs)"
done
