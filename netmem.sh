#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# libnetmem's one entry point, for people and CI (Debian 12, as root):
#   ./netmem.sh run     install what is missing, build, run the main job:
#                       netmem-fwd between two network namespaces (ping, iperf3)
#   ./netmem.sh test    install what is missing, build, run every test,
#                       normally and again under AddressSanitizer + UBSan,
#                       and lib/port's tests on the portable C fast paths,
#                       and the Debian packages (built, installed, used, purged)
#   ./netmem.sh bench   build, run the benchmarks (machine-readable output)
#   ./netmem.sh fuzz    bounded libFuzzer runs of every target (NM_FUZZ_SECONDS in all, default 60)
#   ./netmem.sh deps | build
set -euo pipefail
cd "$(dirname "$0")"

PKGS=(build-essential meson ninja-build pkg-config python3
      libdpdk-dev dpdk-dev libnuma-dev libibverbs-dev rdma-core libcmocka-dev
      iproute2 iputils-ping ethtool clang libclang-rt-14-dev iperf3 gnuplot-nox
      doxygen libsystemd-dev dpkg-dev debhelper)
EAL_ARGS=(--no-huge --no-shconf --no-pci --no-telemetry -m 512 --log-level=lib.eal:warning)

deps() {
	local missing=() p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
	[ -f build/build.ninja ] || meson setup build
	ninja -C build
}

build_asan() {
	[ -f build-asan/build.ninja ] ||
		meson setup build-asan -Dbuildtype=debug -Db_sanitize=address,undefined \
			-Db_lundef=false -Ddebug_checks=enabled -Dbench=false
	ninja -C build-asan
}

# The portable C fast paths (-Dsimd=disabled), as an architecture without
# a vector builder gets them: the library and the tests of lib/port only.
PORTABLE_TESTS=(port_loopback port_tx port_rx port_lifecycle port_devmem_bind port_devmem_rx
	port_devmem_tx port_simd rules rules_table reliability netdev_xmit)

build_portable() {
	[ -f build-portable/build.ninja ] ||
		meson setup build-portable -Dsimd=disabled -Dbench=false -Dexamples=false
	ninja -C build-portable "${PORTABLE_TESTS[@]/#/tests/test_}"
}

# The Debian packages (debian/): built from a clean copy of the tree,
# checked, installed, the quick start built against them and run, purged
# again (scripts/check_deb.sh; skipped without root).
check_deb() {
	local rc=0
	./scripts/check_deb.sh . || rc=$?
	case $rc in
	0) echo "deb: 1 passed, 0 failed, 0 skipped" ;;
	77) echo "deb: 0 passed, 0 failed, 1 skipped" ;;
	*) echo "deb: 0 passed, 1 failed, 0 skipped" ;;
	esac | tee -a "$COUNTS"
	[ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]
}

# Runs one build's tests (all, or those named after the label); prints
# CMocka's lines and a closing count.
run_tests() {
	local dir=$1 label=$2 rc=0
	shift 2
	if [ $# -gt 0 ]; then
		meson test -C "$dir" --no-rebuild --print-errorlogs --verbose --num-processes 2 "$@" ||
			rc=$?
	else
		meson test -C "$dir" --print-errorlogs --verbose --num-processes 2 || rc=$?
	fi
	python3 - "$dir/meson-logs/testlog.json" "$label" <<'PY' | tee -a "$COUNTS"
import json, sys
res = [json.loads(l)["result"] for l in open(sys.argv[1]) if l.strip()]
ok = sum(r == "OK" for r in res)
skip = sum(r == "SKIP" for r in res)
print(f"{sys.argv[2]}: {ok} passed, {len(res) - ok - skip} failed, {skip} skipped")
PY
	return $rc
}

# A bounded libFuzzer run of the GSO target from a seed corpus (clang).
# Every libFuzzer target for a bounded time: NM_FUZZ_SECONDS (default 60)
# split evenly among them; each starts from its generated seed corpus.
FUZZ_TARGETS=(fuzz_gso fuzz_rx fuzz_fwd fuzz_gro)

fuzz_seeds() {
	case $1 in
	fuzz_gso) python3 tests/fuzz/gso_seeds.py "$2" ;;
	fuzz_rx) python3 tests/fuzz/rx_seeds.py rx "$2" ;;
	fuzz_fwd) python3 tests/fuzz/rx_seeds.py fwd "$2" ;;
	*) mkdir -p "$2" ;;	# fuzz_gro builds its trains from the input itself
	esac
}

fuzz() {
	local total=${NM_FUZZ_SECONDS:-60} secs dir t pass=0 fail=0 runs
	secs=$(( total / ${#FUZZ_TARGETS[@]} ))
	[ "$secs" -ge 1 ] || secs=1
	[ -f build-fuzz/build.ninja ] ||
		CC=clang meson setup build-fuzz -Dfuzz=true -Dbench=false -Db_lundef=false
	ninja -C build-fuzz "${FUZZ_TARGETS[@]/#/tests/fuzz/}"
	for t in "${FUZZ_TARGETS[@]}"; do
		dir=$(mktemp -d)
		fuzz_seeds "$t" "$dir/seeds" >/dev/null
		mkdir -p "$dir/corpus"
		if "./build-fuzz/tests/fuzz/$t" -max_total_time="$secs" -print_final_stats=1 \
			-artifact_prefix="$dir/" "$dir/corpus" "$dir/seeds" >"$dir/log" 2>&1; then
			runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" |
				grep -o '[0-9]*$')
			echo "$t: ${runs:-?} inputs in ${secs}s, no crash"
			pass=$((pass + 1))
			rm -rf "$dir"
		else
			tail -40 "$dir/log"
			echo "$t: crash, artifacts in $dir"
			fail=$((fail + 1))
		fi
	done
	echo "fuzz: $pass passed, $fail failed, 0 skipped" | tee -a "$COUNTS"
	[ "$fail" -eq 0 ]
}

COUNTS=/dev/null
cmd=${1:-}
case "$cmd" in
deps) deps ;;
build) deps; build ;;
run)
	deps; build
	./scripts/fwd-demo.sh build/examples/fwd/netmem-fwd
	;;
test)
	deps; build
	rc=0
	COUNTS=$(mktemp)
	run_tests build "tests" || rc=1
	# the API reference: a public symbol without a doc comment fails it
	ninja -C build doc || { echo "doc: FAILED (ninja -C build doc)"; rc=1; }
	build_portable
	run_tests build-portable "portable" "${PORTABLE_TESTS[@]}" || rc=1
	check_deb || rc=1
	build_asan
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
	run_tests build-asan "asan" || rc=1
	fuzz || rc=1
	# one closing line over the normal build, the portable one, the packages,
	# the sanitizer build and the fuzzer
	awk '{ p += $2; f += $4; s += $6 } END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$COUNTS"
	rm -f "$COUNTS"
	exit $rc
	;;
fuzz)
	deps; fuzz
	;;
bench)
	deps; build
	./build/bench/bench_page_pool --json
	./build/bench/bench_skb -- --json
	./build/bench/bench_gro "${EAL_ARGS[@]}" -l 0 -- --json
	bench/fwd_bench.py --quick
	;;
*)
	echo "usage: $0 run|test|bench|deps|build" >&2
	exit 2
	;;
esac
