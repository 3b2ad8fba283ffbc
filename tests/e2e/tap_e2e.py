#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Kernel traffic between two network namespaces through netmem-fwd on two
net_tap ports whose kernel interfaces are moved into the namespaces:

    netns nmtap0-<pid>                                   netns nmtap1-<pid>
    nmt<r>0_<pid> 10.23.0.1 <-tun fd-> [net_tap0]
                  fd23::1           netmem-fwd gso --gro
                                    [net_tap1] <-tun fd-> nmt<r>1_<pid> 10.23.0.2
                                                                        fd23::2

The PMD creates the tap interfaces; `ip link set IF netns NS` afterwards
keeps its file descriptors working (the device moves, the fds stay bound
to it). netmem-fwd runs in gso mode with --gro and --enable-rx-cksum:
what comes in is merged by GRO into GSO skbs, which TX sends again, their
TCP checksums left to the PMD's checksum offload; the kernel on the other
side checks every checksum (the tap fd has no virtio-net header, so
nothing arrives as already verified). Two runs, a fresh netmem-fwd each:

- sw: the kernel interfaces at MTU 1500, the port's MTU too. Every merged
  skb's segments (gso_size 1448 plus 66 bytes of headers) are longer than
  the PMD's TSO takes (drivers/net/tap: its features_check), so libnetmem
  segments them in software (tx_gso_sw), none reaches the PMD's TSO
  (tx_tso_head_copy 0).
- tso: the kernel interfaces at MTU 1486, so the merged IPv4 skbs fit the
  PMD's TSO at the port's MTU of 1500: read through the telemetry socket
  after the IPv4 traffic, no IPv4 skb was segmented in software
  (tx_gso_sw 0) and the heads the PMD needs direct were copied
  (tx_tso_head_copy > 0); then an IPv6 transfer, segmented in software
  (the PMD's TSO is IPv4 only).

Checks per run: ping both ways over IPv4 and IPv6 (DF, up to the MTU),
iperf3 both ways (when installed), an 8 MiB file over TCP each way (IPv4)
and one over IPv6, every sha256 reported back by the receiver; no TCP
checksum error in either namespace's counters; then netmem-fwd stops
(SIGINT) and its JSON says: exit 0, nothing in flight or leaked, no
misuse, GRO merged, no checksum finished in software (tx_csum_sw 0: the
PMD wrote them all).

No hugepages needed (--no-huge). Exit 77 (skipped, with the reason)
without root, /dev/net/tun, ip or ping, or NM_FWD.
"""
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import CLIENT, SERVER, SKIP, need_fwd, sh, skip  # noqa: E402

PID = os.getpid()
NS = ['nmtap0-%d' % PID, 'nmtap1-%d' % PID]
IF = []		# per run: run()
IP = ['10.23.0.1', '10.23.0.2']
IP6 = ['fd23::1', 'fd23::2']
MTU = {'sw': 1500, 'tso': 1486}	# the kernel interfaces'; the ports keep 1500


def topo_up(mtu):
    """The namespaces, then each tap interface moved into its own."""
    for i in range(2):
        sh('ip netns add %s' % NS[i])
    for i in range(2):
        sh('ip link set %s netns %s' % (IF[i], NS[i]))
        sh('ip -n %s link set lo up' % NS[i])
        sh('ip -n %s link set %s mtu %d' % (NS[i], IF[i], mtu))
        sh('ip -n %s link set %s up' % (NS[i], IF[i]))
        sh('ip -n %s addr add %s/24 dev %s' % (NS[i], IP[i], IF[i]))
        sh('ip -n %s addr add %s/64 dev %s nodad' % (NS[i], IP6[i], IF[i]))


def topo_down():
    for i in range(2):
        sh('ip netns del %s' % NS[i], check=False)


def tcp_csum_errors(i):
    """TCP InCsumErrors of namespace i (/proc/net/snmp and snmp6)."""
    r = sh('ip netns exec %s cat /proc/net/snmp' % NS[i])
    lines = [l.split() for l in r.stdout.splitlines() if l.startswith('Tcp:')]
    tcp = dict(zip(lines[0][1:], lines[1][1:]))
    return int(tcp.get('InCsumErrors', 0)), int(tcp['InSegs'])


def link_drops(i):
    """RX and TX drops of namespace i's tap interface (the kernel's tun
    queue towards netmem-fwd is the TX side): printed, not asserted, as a
    busy machine may overflow them and TCP then retransmits."""
    j = json.loads(sh('ip -j -s -n %s link show %s' % (NS[i], IF[i])).stdout)[0]['stats64']
    return j['rx']['dropped'], j['tx']['dropped']


def ping(frm, size, v6=False):
    to = IP6[frm ^ 1] if v6 else IP[frm ^ 1]
    if v6:
        size -= 20	# the same frame length as the IPv4 ping
    r = sh('ip netns exec %s ping %s -n -q -M do -c 10 -i 0.05 -W 2 -w 20 -s %d %s' %
           (NS[frm], '-6' if v6 else '-4', size, to), check=False)
    line = [l for l in r.stdout.splitlines() if 'packets transmitted' in l]
    print('ping %s -> %s -s %d: %s' % (NS[frm], to, size, line[0] if line else r.stdout))
    assert r.returncode == 0 and line and ' 0% packet loss' in line[0]


def iperf(frm):
    to = frm ^ 1
    srv = subprocess.Popen(['ip', 'netns', 'exec', NS[to], 'iperf3', '-s', '-1', '-B', IP[to],
                            '-p', '5223'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        r = sh('ip netns exec %s timeout 30 iperf3 -c %s -p 5223 -t 2 -J' % (NS[frm], IP[to]),
               check=False)
        j = json.loads(r.stdout)
        bps = j['end']['sum_received']['bits_per_second']
        print('iperf3 %s -> %s: %.2f Gbit/s, %d bytes received, retransmits %d' %
              (NS[frm], NS[to], bps / 1e9, j['end']['sum_received']['bytes'],
               j['end']['sum_sent'].get('retransmits', -1)))
        assert bps > 0
    finally:
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()


def transfer(frm, tmp, v6=False):
    to = frm ^ 1
    dst = IP6[to] if v6 else IP[to]
    data = os.urandom(8 << 20)
    path = os.path.join(tmp, 'data%d.bin' % frm)
    open(path, 'wb').write(data)
    for n, body in (('server.py', SERVER), ('client.py', CLIENT)):
        open(os.path.join(tmp, n), 'w').write(body)
    srv = subprocess.Popen(['ip', 'netns', 'exec', NS[to], sys.executable,
                            os.path.join(tmp, 'server.py'), dst, '5224'])
    t0 = time.monotonic()
    r = sh('ip netns exec %s %s %s %s 5224 %s' % (NS[frm], sys.executable,
                                                 os.path.join(tmp, 'client.py'), dst, path),
           check=False)
    srv.wait(60)
    want = '%d %s' % (len(data), hashlib.sha256(data).hexdigest())
    print('TCP %s -> %s: 8 MiB in %.2f s, receiver says "%s"' %
          (NS[frm], dst, time.monotonic() - t0, r.stdout.strip()))
    assert r.stdout.strip() == want, 'sha256 differs'


def start_fwd(fwd, log):
    proc = subprocess.Popen(
        [fwd, '--lcores', '0@%d' % sorted(os.sched_getaffinity(0))[0], '--no-huge', '-m', '512',
         '--file-prefix', 'nmtap%d' % PID, '--no-pci',
         '--vdev', 'net_tap0,iface=%s' % IF[0], '--vdev', 'net_tap1,iface=%s' % IF[1], '--',
         '--forward-mode=gso', '--gro', '--enable-rx-cksum', '--json'],
        stdin=subprocess.DEVNULL, stdout=open(log, 'w'), stderr=subprocess.STDOUT)
    end = time.monotonic() + 30
    while 'Start forwarding' not in open(log).read():
        if proc.poll() is not None or time.monotonic() > end:
            print(open(log).read()[-3000:])
            raise AssertionError('netmem-fwd did not start')
        time.sleep(0.1)
    return proc


def port_stats(port):
    """/netmem/port/stats of a running netmem-fwd, through its telemetry socket."""
    rundir = os.path.join(os.environ.get('XDG_RUNTIME_DIR') or '/var/run', 'dpdk')
    if os.geteuid() == 0:
        rundir = '/var/run/dpdk'
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(os.path.join(rundir, 'nmtap%d' % PID, 'dpdk_telemetry.v2'))
        s.recv(4096)	# the greeting
        s.send(('/netmem/port/stats,%d' % port).encode())
        return json.loads(s.recv(1 << 16).decode())['/netmem/port/stats']
    finally:
        s.close()


def ipv4_tso_check():
    """After the IPv4 traffic of the tso run: every merged IPv4 skb went to
    the PMD's TSO, its head copied where it was external."""
    st = [port_stats(i) for i in range(2)]
    print('after IPv4: tx_gso_sw %s, tx_tso_head_copy %s, tx_zc_segs %s' %
          ([x['tx_gso_sw'] for x in st], [x['tx_tso_head_copy'] for x in st],
           [x['tx_zc_segs'] for x in st]))
    assert all(x['tx_gso_sw'] == 0 for x in st), 'IPv4 segmented in software'
    assert sum(x['tx_tso_head_copy'] for x in st) > 0, 'no direct TSO head copied'
    return st


def run(mode, fwd, tmp):
    """One netmem-fwd, its namespaces, the traffic, the checks."""
    IF[:] = ['nmt%s%d_%d' % (mode[0], i, PID % 10000000) for i in range(2)]
    print('--- %s: kernel MTU %d' % (mode, MTU[mode]))
    log = os.path.join(tmp, 'fwd-%s.log' % mode)
    proc = start_fwd(fwd, log)
    try:
        try:
            topo_up(MTU[mode])
        except AssertionError as e:
            skip('cannot make the namespaces or move the tap interfaces: %s' % e)
        for v6 in (False, True):
            for frm in (0, 1):
                for size in (56, MTU[mode] - 28):
                    ping(frm, size, v6)
        if shutil.which('iperf3'):
            iperf(0)
            iperf(1)
        else:
            print('iperf3 not installed: its part skipped')
        transfer(0, tmp)
        transfer(1, tmp)
        mid = ipv4_tso_check() if mode == 'tso' else None
        transfer(0, tmp, v6=True)
        for i in range(2):
            errs, segs = tcp_csum_errors(i)
            print('%s: TCP InSegs %d, InCsumErrors %d' % (NS[i], segs, errs))
            print('%s: %s dropped (rx, tx): %s' % (NS[i], IF[i], link_drops(i)))
            assert segs > 0 and errs == 0
        proc.send_signal(signal.SIGINT)
        code = proc.wait(60)
        proc = None
        text = open(log).read()
        assert 'runtime error:' not in text and 'Sanitizer' not in text, 'sanitizer report'
        j = json.loads(text.strip().splitlines()[-1])
        p = j['port']
        g = j['gro']
        print('netmem-fwd exit %d: rx %d tx %d dropped %d, GRO %d in %d out %d merged, '
              'software GSO skbs %s, TSO head copies %s, software checksums %s, inflight %d, '
              'leak %s' %
              (code, j['rx_packets'], j['tx_packets'], j['dropped'], g['in'], g['out'],
               g['merged'], [x['tx_gso_sw'] for x in p], [x['tx_tso_head_copy'] for x in p],
               [x['tx_csum_sw'] for x in p], j['inflight'], j['leak']))
        print('gso: %s, drops: %s' % (j['gso'], j['drops']))
        assert code == 0
        for k in ('inflight', 'pools_waiting', 'skb_live', 'misuse'):
            assert j[k] == 0, (k, j[k])
        assert not j['leak']
        assert [x['driver'] for x in p] == ['net_tap', 'net_tap']
        # what TX sent: GRO's skbs, or their segments (every one with
        # software GSO); the PMD's TSO cuts the others after the count
        assert j['rx_packets'] > 0 and j['tx_packets'] > 0
        if mode == 'sw':
            assert j['rx_packets'] == j['tx_packets'] + j['dropped']
        else:
            assert g['out'] <= j['tx_packets'] + j['dropped'] < j['rx_packets']
        assert j['drops']['tx_bad'] == 0 and j['drops']['tx_unreadable'] == 0
        # GRO merged the bulk streams; every TCP/UDP checksum was left to
        # the PMD.
        assert g['merged'] > 0
        assert all(x['tx_csum_sw'] == 0 for x in p)
        if mode == 'sw':
            # segments too long for the PMD's TSO: all cut by libnetmem
            assert sum(x['tx_gso_sw'] for x in p) > 0
            assert all(x['tx_tso_head_copy'] == 0 for x in p)
        else:
            # the IPv6 transfer, after the check above: software GSO
            assert sum(x['tx_gso_sw'] for x in p) > 0
            assert sum(x['tx_tso_head_copy'] for x in p) >= \
                sum(x['tx_tso_head_copy'] for x in mid)
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        topo_down()


def main():
    fwd = need_fwd(('ip', 'ping'), 'create network namespaces and tap devices')
    if not os.path.exists('/dev/net/tun'):
        skip('no /dev/net/tun')
    modes = sys.argv[1:] or ['sw', 'tso']
    tmp = tempfile.mkdtemp(prefix='nmtap-')
    try:
        for mode in modes:
            run(mode, fwd, tmp)
        print('ok')
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAILED: %r' % (e,))
        sys.exit(1)
