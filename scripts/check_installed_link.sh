#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs a build into a temporary root and builds the quick start against
# it as a user would, with pkg-config: shared, then --static (libnetmem.a
# and DPDK's static libraries: no libnetmem.so, no shared DPDK), and runs
# both. The static link is made with --no-as-needed first (a toolchain
# without the as-needed default).   check_installed_link.sh BUILD_DIR SOURCE_DIR
# With --system, no install: the libnetmem that pkg-config finds as it is
# (the Debian packages, scripts/check_deb.sh).
#                                    check_installed_link.sh --system SOURCE_DIR
set -eu
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
eal="--no-huge --no-shconf --no-pci --no-telemetry -m 256 -l 0 --log-level=lib.eal:error"

if [ "$1" = --system ]; then
	src=$(cd "$2" && pwd)
	libdir=	# the dynamic linker's own search path
	pkg-config --exists libnetmem || { echo "pkg-config finds no libnetmem"; exit 1; }
	echo "libnetmem $(pkg-config --modversion libnetmem) in $(pkg-config --variable=libdir libnetmem)"
else
	build=$(cd "$1" && pwd)
	src=$(cd "$2" && pwd)
	meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >/dev/null
	pc=$(find "$tmp/root" -name libnetmem.pc)
	[ -n "$pc" ] || { echo "no libnetmem.pc installed"; exit 1; }
	pcdir=$(dirname "$pc")
	# The installed .pc files name the real prefix: point them at the copy.
	for f in "$pcdir"/libnetmem*.pc; do
		sed -i "s|^prefix=|prefix=$tmp/root|" "$f"
	done
	export PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
	libdir=$(pkg-config --variable=libdir libnetmem)
fi

echo "shared: $cc quickstart.c \$(pkg-config --cflags --libs libnetmem)"
# shellcheck disable=SC2046
$cc -o "$tmp/qs_shared" "$src/examples/quickstart/quickstart.c" \
	$(pkg-config --cflags --libs libnetmem)
readelf -d "$tmp/qs_shared" | grep -q 'NEEDED.*libnetmem\.so' ||
	{ echo "shared link without libnetmem.so"; exit 1; }
# shellcheck disable=SC2086
if [ -n "$libdir" ]; then
	LD_LIBRARY_PATH="$libdir" "$tmp/qs_shared" $eal
else
	# the dynamic linker finds the library pkg-config named (/lib may be /usr/lib)
	sys=$(readlink -f "$(pkg-config --variable=libdir libnetmem)/libnetmem.so")
	got=$(ldd "$tmp/qs_shared" | awk '/libnetmem\.so/ { print $3 }')
	if [ -z "$got" ] || [ "$(readlink -f "$got")" != "$sys" ]; then
		echo "the dynamic linker finds libnetmem at '$got', not $sys"
		exit 1
	fi
	"$tmp/qs_shared" $eal
fi

echo "static: $cc quickstart.c \$(pkg-config --cflags --libs --static libnetmem)"
# shellcheck disable=SC2046
$cc -o "$tmp/qs_static" "$src/examples/quickstart/quickstart.c" \
	-Wl,--no-as-needed $(pkg-config --cflags --libs --static libnetmem)
if readelf -d "$tmp/qs_static" | grep -E 'NEEDED.*(libnetmem|librte_)'; then
	echo "static link still needs the shared libraries above"
	exit 1
fi
# shellcheck disable=SC2086
"$tmp/qs_static" $eal
