#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The Debian packages (debian/), as a user gets them: built with
# `dpkg-buildpackage -us -uc -b` from a clean copy of the tree (the tracked
# and new files, not the build folders), checked (three packages, the files
# each holds, their Depends, no RUNPATH), installed with apt-get, used (the
# quick start built with pkg-config shared and --static and run:
# check_installed_link.sh --system; the installed netmem-fwd run; its
# manual page found), and purged again with whatever apt-get brought in:
# the machine is left as it was.
#   check_deb.sh [SOURCE_DIR]
# Root only; exits 77 with the reason without root, without the packaging
# tools (dpkg-dev, debhelper: ./netmem.sh deps installs them) or when one
# of the packages is installed already. DEB_BUILD_OPTIONS (default
# "nocheck noddebs parallel=2") is passed to the package build.
set -eu
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
pkgs="libnetmem0 libnetmem-dev netmem-fwd"
eal="--no-huge --no-shconf --no-pci --no-telemetry -m 256 --log-level=lib.eal:error"

skip() { echo "check_deb: skipped: $*"; exit 77; }
fail() { echo "check_deb: FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root (apt-get install of the packages)"
for t in dpkg-buildpackage dpkg-checkbuilddeps dh apt-get; do
	command -v "$t" >/dev/null || skip "$t not found (install dpkg-dev and debhelper)"
done
unmet=$(cd "$src" && dpkg-checkbuilddeps 2>&1) || skip "$unmet"
for p in $pkgs; do
	! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' ||
		skip "$p is installed already: not replacing it"
done

tmp=$(mktemp -d)
added=""	# what apt-get installed: purged again, whatever happens
purge() {
	[ -n "$added" ] || return 0
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 \
		$added >"$tmp/purge.log" 2>&1 ||
		{ cat "$tmp/purge.log"; echo "check_deb: purge of $added FAILED"; return 1; }
	added=""
}
trap 'purge || true; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

ver=$(cat "$src/VERSION")
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# --- a clean copy of the tree, outside it --------------------------------
tree="$tmp/libnetmem-$ver"
mkdir "$tree"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# the work tree as it is (uncommitted changes included), without what
	# git ignores (build folders)
	(cd "$src" && git ls-files -z --cached --others --exclude-standard) |
		tar -C "$src" --null --ignore-failed-read -T - -cf - 2>/dev/null |
		tar -C "$tree" -xf -
else
	tar -C "$src" --exclude='./build*' --exclude='./obj-*' --exclude=./.git -cf - . |
		tar -C "$tree" -xf -
fi
chver=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)
[ "$chver" = "$ver" ] ||
	fail "debian/changelog is at $chver, VERSION at $ver (add an entry: dch -v $ver)"

# --- build ----------------------------------------------------------------
start=$(date +%s)
if ! (cd "$tree" &&
	DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck noddebs parallel=2} \
		dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	tail -60 "$tmp/build.log"
	fail "dpkg-buildpackage -us -uc -b"
fi
echo "built in $(( $(date +%s) - start ))s: $(cd "$tmp" && echo *.deb)"

# --- what each package holds and needs ------------------------------------
n=$(find "$tmp" -maxdepth 1 -name '*.deb' | wc -l)
[ "$n" -eq 3 ] || fail "$n packages built, 3 expected ($pkgs)"
deb() { echo "$tmp/${1}_${ver}_$arch.deb"; }
for p in $pkgs; do
	[ -f "$(deb "$p")" ] || fail "no $(basename "$(deb "$p")")"
	dpkg-deb -c "$(deb "$p")" | awk '{ print substr($6, 2) }' >"$tmp/$p.files"
done
# holds PACKAGE PATH...: each path is in the package
holds() {
	p=$1
	shift
	for f in "$@"; do
		grep -qx "$f" "$tmp/$p.files" || fail "$p does not hold $f"
	done
}
# lacks PACKAGE REGEX: no path of the package matches
lacks() {
	! grep -E "$2" "$tmp/$1.files" || fail "$1 holds the files above"
}
lib=/usr/lib/$ma
holds libnetmem0 "$lib/libnetmem.so.0" "$lib/libnetmem.so.$ver"
lacks libnetmem0 '^/usr/(include|bin)/|\.a$|\.pc$|\.so$'
holds libnetmem-dev /usr/include/netmem/netmem.h /usr/include/netmem/config.h \
	/usr/include/netmem/page_pool/helpers.h /usr/include/netmem/kernel/linux/skbuff.h \
	"$lib/libnetmem.so" "$lib/libnetmem.a" "$lib/pkgconfig/libnetmem.pc" \
	"$lib/pkgconfig/libnetmem-libs.pc" "$lib/pkgconfig/libnetmem-kernel.pc"
lacks libnetmem-dev '\.so\.|^/usr/bin/'
holds netmem-fwd /usr/bin/netmem-fwd /usr/share/man/man1/netmem-fwd.1.gz
lacks netmem-fwd "^/usr/(include|lib)/|netmem-demo|bench"
# depends PACKAGE REGEX: the package's Depends match (one per line)
depends() {
	dpkg-deb -f "$(deb "$1")" Depends | tr ',' '\n' | sed 's/^ *//' >"$tmp/$1.deps"
	grep -qE "$2" "$tmp/$1.deps" || fail "$1 Depends: $(paste -sd, "$tmp/$1.deps"): no $2"
}
depends libnetmem0 '^libc6 '
depends libnetmem0 '^librte-eal[0-9]+ '
depends libnetmem-dev "^libnetmem0 \\(= $ver\\)$"
depends libnetmem-dev '^libdpdk-dev$'
depends netmem-fwd "^libnetmem0 \\(>= $ver\\)$"
depends netmem-fwd '^librte-ethdev[0-9]+ '
for p in $pkgs; do
	echo "$p: $(wc -l <"$tmp/$p.files") paths; Depends: $(paste -sd, "$tmp/$p.deps" 2>/dev/null)"
done
# no RUNPATH under /usr: the dynamic linker finds the library itself
for p in libnetmem0 netmem-fwd; do
	dpkg-deb -x "$(deb "$p")" "$tmp/root"
done
for f in "$tmp/root/usr/bin/netmem-fwd" "$tmp/root$lib/libnetmem.so.$ver"; do
	! readelf -d "$f" | grep -E 'RPATH|RUNPATH' || fail "${f#"$tmp/root"} has the RUNPATH above"
done
if command -v lintian >/dev/null; then
	lintian --fail-on error "$tmp"/*.changes || fail "lintian errors above"
fi

# --- installed: build against it, run it ----------------------------------
dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }' |
	sort >"$tmp/before"
# shellcheck disable=SC2046
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	-o DPkg::Lock::Timeout=300 $(for p in $pkgs; do deb "$p"; done) >"$tmp/apt.log" 2>&1 ||
	{ cat "$tmp/apt.log"; fail "apt-get install of the packages"; }
dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }' |
	sort >"$tmp/after"
added=$(comm -13 "$tmp/before" "$tmp/after" | tr '\n' ' ')
echo "installed: $added"
for p in $pkgs; do
	[ "$(dpkg-query -W -f='${Version}' "$p")" = "$ver" ] || fail "$p $ver not installed"
done

"$src/scripts/check_installed_link.sh" --system "$src" || fail "quick start against the packages"

# (as testpmd: its own options after --; --help before it is the EAL's)
netmem-fwd -- --help >"$tmp/help" || fail "netmem-fwd -- --help: exit $?"
grep -q -- '--forward-mode' "$tmp/help" || fail "netmem-fwd -- --help prints no --forward-mode"
# shellcheck disable=SC2086
netmem-fwd $eal -l 0 --vdev=net_null0 --vdev=net_null1 -- \
	--forward-mode=io --tx-first --duration=1 --json >"$tmp/fwd.json" ||
	fail "netmem-fwd on two net_null ports: exit $?"
# its last line: the JSON object; both ports moved packets
tail -n 1 "$tmp/fwd.json" | python3 -c '
import json, sys
ports = json.load(sys.stdin)["port"]
sys.exit(not (len(ports) == 2 and all(p["rx_packets"] > 0 and p["tx_packets"] > 0 for p in ports)))' ||
	fail "netmem-fwd --json: no packets moved on both ports"
echo "netmem-fwd: -- --help, and 1 s of io between two net_null ports"
if command -v man >/dev/null; then
	m=$(man -w netmem-fwd) || fail "man -w netmem-fwd finds no page"
	echo "man netmem-fwd: $m"
fi

purge || fail "apt-get purge"
for p in $pkgs; do
	! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' ||
		fail "$p still installed after the purge"
done
echo "check_deb: $pkgs built, installed, used and purged"
