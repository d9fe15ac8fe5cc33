#!/usr/bin/env bash
# Long fuzzing runs: each named target (default: all) for FUZZ_SECS seconds (default 600), one
# after the other, then a table of executions and executions per second per target.
#
#   fuzz/run_long.sh                  # every target, 10 minutes each
#   FUZZ_SECS=3600 fuzz/run_long.sh rips_cloud bottleneck
#   FUZZ_SANITIZER=address fuzz/run_long.sh points   # with AddressSanitizer (nightly)
#
# Logs go to fuzz/target/fuzz-logs/TARGET.log; crashing inputs to fuzz/artifacts/TARGET/.
set -uo pipefail
cd "$(dirname "$0")"

secs=${FUZZ_SECS:-600}
sanitizer=${FUZZ_SANITIZER:-none}
if cargo +nightly --version >/dev/null 2>&1; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi

[ -d corpus ] || python3 make_seeds.py
cargo "${toolchain[@]}" fuzz build -s "$sanitizer" || exit 1
if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
fi

mkdir -p target/fuzz-logs
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log=target/fuzz-logs/$t.log
  t0=$SECONDS
  if cargo "${toolchain[@]}" fuzz run -s "$sanitizer" "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log and artifacts/$t/)"
    status=1
  fi
  took=$((SECONDS - t0))
  execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -m1 '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  printf '%-20s %6s s %12s execs %8s execs/s  %s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "$result"
done
exit $status
