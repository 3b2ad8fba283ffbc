#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# libnetmem's one entry point, for people and CI (Debian 12, as root):
#   ./netmem.sh run     install what is missing, build, run the main job
#   ./netmem.sh test    install what is missing, build, run every test,
#                       normally and again under AddressSanitizer + UBSan
#   ./netmem.sh bench   build, run the benchmarks (machine-readable output)
#   ./netmem.sh deps | build
set -euo pipefail
cd "$(dirname "$0")"

PKGS=(build-essential meson ninja-build pkg-config python3
      libdpdk-dev dpdk-dev libnuma-dev libibverbs-dev rdma-core libcmocka-dev
      iproute2 iputils-ping ethtool)
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

# Runs one build's tests; prints CMocka's lines and a closing count.
run_tests() {
	local dir=$1 label=$2 rc=0
	meson test -C "$dir" --print-errorlogs --verbose --num-processes 2 || rc=$?
	python3 - "$dir/meson-logs/testlog.json" "$label" <<'PY'
import json, sys
res = [json.loads(l)["result"] for l in open(sys.argv[1]) if l.strip()]
ok = sum(r == "OK" for r in res)
skip = sum(r == "SKIP" for r in res)
print(f"{sys.argv[2]}: {ok} passed, {len(res) - ok - skip} failed, {skip} skipped")
PY
	return $rc
}

cmd=${1:-}
case "$cmd" in
deps) deps ;;
build) deps; build ;;
run)
	deps; build
	./build/examples/demo/netmem-demo "${EAL_ARGS[@]}"
	;;
test)
	deps; build
	rc=0
	run_tests build "tests" || rc=1
	build_asan
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
	run_tests build-asan "tests (ASan+UBSan)" || rc=1
	exit $rc
	;;
bench)
	deps; build
	./build/bench/bench_page_pool --json
	;;
*)
	echo "usage: $0 run|test|bench|deps|build" >&2
	exit 2
	;;
esac
