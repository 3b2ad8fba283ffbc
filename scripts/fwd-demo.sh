#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The main job: netmem-fwd forwarding real kernel traffic. Two network
# namespaces, each joined by a veth pair to the root namespace, where the
# other ends are af_packet ports of netmem-fwd (io mode). The kernel's ping
# and a short iperf3 TCP transfer cross it; the forwarder's statistics and the
# transfer's throughput are printed, and everything made is removed again.
# Where network namespaces cannot be made (not root, no netns support), it
# says so and runs io forwarding on two net_null ports instead.
#
#   scripts/fwd-demo.sh [path/to/netmem-fwd]
set -uo pipefail

FWD=${1:-build/examples/fwd/netmem-fwd}
EAL=(--no-huge --no-shconf --no-pci --no-telemetry -m 512 --log-level=lib.eal:error)
id=$$
A=nmdA$id B=nmdB$id VA=nmdA$id VB=nmdB$id
IPA=10.203.0.1 IPB=10.203.0.2
fwd_pid=
tail_pid=
srv_pid=
made=0
log=$(mktemp)

cleanup() {
	[ -n "$fwd_pid" ] && kill -INT "$fwd_pid" 2>/dev/null && wait "$fwd_pid" 2>/dev/null
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	rm -f "$log"
	if [ $made = 1 ]; then
		ip link del "${VA}p" 2>/dev/null
		ip link del "${VB}p" 2>/dev/null
		ip netns del "$A" 2>/dev/null
		ip netns del "$B" 2>/dev/null
	fi
}
trap cleanup EXIT INT TERM

if [ ! -x "$FWD" ]; then
	echo "fwd-demo: $FWD is not built" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || ! ip netns add "$A" 2>/dev/null; then
	echo "fwd-demo: cannot make network namespaces here (needs root and iproute2):"
	echo "fwd-demo: io forwarding on two net_null ports for 5 seconds instead"
	exec "$FWD" "${EAL[@]}" -l 0 --vdev net_null0 --vdev net_null1 -- \
		--forward-mode=io --stats-period=1 --duration=5
fi
made=1
ip netns add "$B"
for side in A B; do
	ns=${!side}; v=nmd$side$id; ip=IP$side
	ip link add "$v" type veth peer name "${v}p"
	ip link set "$v" netns "$ns"
	ip -n "$ns" addr add "${!ip}/24" dev "$v"
	ip -n "$ns" link set "$v" up
	ip -n "$ns" link set lo up
	ip link set "${v}p" up
	# real MTU-sized frames with their checksums filled in, as a NIC sees them
	ip netns exec "$ns" ethtool -K "$v" tx off tso off gso off gro off >/dev/null 2>&1
	ethtool -K "${v}p" tx off rx off tso off gso off gro off >/dev/null 2>&1
	sysctl -qw "net.ipv6.conf.${v}p.disable_ipv6=1" 2>/dev/null
done

echo "fwd-demo: $A ($IPA) <-> [af_packet ${VA}p | netmem-fwd io | af_packet ${VB}p] <-> $B ($IPB)"
"$FWD" "${EAL[@]}" -l 0 \
	--vdev "net_af_packet0,iface=${VA}p,qpairs=1" \
	--vdev "net_af_packet1,iface=${VB}p,qpairs=1" -- \
	--forward-mode=io --stats-period=2 >"$log" 2>&1 &
fwd_pid=$!
tail -n +1 -f "$log" &
tail_pid=$!
# traffic starts once the forwarder forwards
for _ in $(seq 300); do
	grep -q "Start forwarding" "$log" && break
	kill -0 "$fwd_pid" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q "Start forwarding" "$log"; then
	echo "fwd-demo: netmem-fwd did not start" >&2
	exit 1
fi

echo "fwd-demo: ping $IPA -> $IPB"
ip netns exec "$A" ping -c 5 -i 0.2 -w 10 "$IPB"
ping_rc=$?
iperf_rc=0
if command -v iperf3 >/dev/null; then
	echo "fwd-demo: iperf3 TCP $IPA -> $IPB, 5 seconds"
	ip netns exec "$B" iperf3 -s -1 >/dev/null 2>&1 &
	srv_pid=$!
	sleep 1
	timeout 30 ip netns exec "$A" iperf3 -c "$IPB" -t 5 -f m
	iperf_rc=$?
else
	echo "fwd-demo: iperf3 is not installed: no TCP transfer"
fi

kill -INT "$fwd_pid"
wait "$fwd_pid"
fwd_rc=$?
fwd_pid=
sleep 0.2
kill "$tail_pid" 2>/dev/null
tail_pid=
echo "fwd-demo: ping $([ $ping_rc = 0 ] && echo ok || echo FAILED)," \
     "iperf3 $([ $iperf_rc = 0 ] && echo ok || echo FAILED)," \
     "netmem-fwd exit $fwd_rc"
[ $ping_rc = 0 ] && [ $iperf_rc = 0 ] && [ $fwd_rc = 0 ]
