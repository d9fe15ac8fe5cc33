#!/usr/bin/env bash
# CI step for the fuzz targets (called by .ci/run): install cargo-fuzz if missing, generate the seed
# corpora from data/, build every target, and run each one briefly. A target that crashes fails
# the step (exit 1) and its input is printed; a toolchain that cannot build fuzz targets at all
# skips the step with a line saying so (exit 0). Longer runs: see fuzz/README.md.
#
# Environment:
#   FUZZ_CI_BUDGET   seconds for the whole step, install and build included (default 330)
#   FUZZ_CI_MAX_SECS longest run of one target in seconds (default 20)
#   FUZZ_CI_MIN_SECS shortest run of one target in seconds (default 5)
#   FUZZ_SANITIZER   cargo-fuzz sanitizer (default none: the crates forbid unsafe code, and
#                    without ASan the build and the runs are about twice as fast)
set -uo pipefail
cd "$(dirname "$0")"

budget=${FUZZ_CI_BUDGET:-330}
max_secs=${FUZZ_CI_MAX_SECS:-20}
min_secs=${FUZZ_CI_MIN_SECS:-5}
sanitizer=${FUZZ_SANITIZER:-none}
start=$SECONDS

skip() {
  echo "FUZZ STEP SKIPPED: $*"
  exit 0
}

# Toolchain: cargo-fuzz needs nightly-only flags for some sanitizers; use nightly if rustup has it,
# otherwise the stable toolchain with RUSTC_BOOTSTRAP=1 (which enables those flags on stable).
if cargo +nightly --version >/dev/null 2>&1; then
  toolchain=(+nightly)
  echo "fuzz: using $(cargo +nightly --version)"
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
  echo "fuzz: no nightly toolchain; using $(cargo --version) with RUSTC_BOOTSTRAP=1"
fi

if ! cargo "${toolchain[@]}" fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  if ! cargo install --locked cargo-fuzz; then
    skip "cargo-fuzz is not installed and 'cargo install --locked cargo-fuzz' failed"
  fi
fi
echo "fuzz: $(cargo "${toolchain[@]}" fuzz --version)"

# Seed corpora from the shipped data (git-ignored folders, regenerated every run).
if command -v python3 >/dev/null 2>&1; then
  python3 make_seeds.py || echo "fuzz: NOTE: seed generation failed; targets start from empty corpora"
else
  echo "fuzz: NOTE: python3 not found; targets start from empty corpora"
fi

build_log=$(mktemp)
if ! cargo "${toolchain[@]}" fuzz build -s "$sanitizer" >"$build_log" 2>&1; then
  # A toolchain that cannot instrument code is a skip; a compile error in a target is a failure.
  if grep -qE "error\[E[0-9]+\]|could not compile \`frugal" "$build_log"; then
    tail -n 60 "$build_log"
    echo "fuzz: FAILED: the fuzz targets do not compile"
    exit 1
  fi
  tail -n 30 "$build_log"
  skip "this toolchain cannot build fuzz targets (see the log above)"
fi

mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
n=${#targets[@]}
left=$((budget - (SECONDS - start)))
per=$((left / (n > 0 ? n : 1)))
((per > max_secs)) && per=$max_secs
((per < min_secs)) && per=$min_secs
echo "fuzz: built $n targets in $((SECONDS - start)) s; running each for $per s"

failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Inputs that once crashed a target are read first, every run (fuzz/regressions/TARGET/).
  # A fixed libFuzzer seed (FUZZ_SEED, default 1) makes a CI run repeat the same mutations, so a
  # red fuzz step is reproducible; exploration with new seeds is fuzz/run_long.sh's job.
  extra=()
  [ -d "regressions/$t" ] && extra=("regressions/$t")
  log=$(mktemp)
  if cargo "${toolchain[@]}" fuzz run -s "$sanitizer" "$t" "corpus/$t" "${extra[@]}" -- \
    -seed="${FUZZ_SEED:-1}" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -m1 '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
    echo "fuzz: $t ok: ${execs:-?} executions, ${rate:-?}/s"
  else
    echo "fuzz: $t FAILED; the end of its log:"
    grep -E -A25 "panicked at|ERROR: libFuzzer|==ERROR" "$log" | head -n 60
    for a in artifacts/"$t"/*; do
      [ -f "$a" ] && echo "fuzz: input $a (base64): $(base64 -w0 "$a")"
    done
    failed+=("$t")
  fi
  rm -f "$log"
done

echo "fuzz: step took $((SECONDS - start)) s"
if ((${#failed[@]} > 0)); then
  echo "fuzz: FAILED targets: ${failed[*]} (reproduce: cargo fuzz run -s $sanitizer TARGET ARTIFACT)"
  exit 1
fi
