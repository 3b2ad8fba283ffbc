#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Kernel traffic between two network namespaces through netmem-fwd on
AF_XDP ports (net_af_xdp) on the root-side ends of two veth pairs:

    netns e17A-<pid>          root namespace                  netns e17B-<pid>
    e17a 10.17.0.1 <-veth-> e17Ap<pid> [net_af_xdp0]
                                  netmem-fwd io (paired)
                             e17Bp<pid> [net_af_xdp1] <-veth-> e17b 10.17.0.2

Checks: ping both ways (56, 1000 and 1472 bytes, no loss, DF set), TCP
with iperf3 (when installed) both ways, and a 8 MiB file over TCP whose
sha256 the receiver reports back; then netmem-fwd stops (SIGINT) and its
JSON object says: exit 0, nothing in flight or leaked, no misuse, the
received bytes copied into page_pool pages (the PMD's UMEM is its own
mempool: the copy is counted, copied_bytes == rx_bytes).

Offloads are off on the veth ends (the packets AF_XDP sees are what goes
on the wire: no GSO super-packets, checksums written). Exit 77 (skipped,
with the reason) without root, ip/ethtool/ping, NM_FWD, or when an AF_XDP
socket cannot be made here.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import CLIENT, SERVER, SKIP, need_fwd, sh, skip  # noqa: E402

PID = os.getpid()
NS = ['e17A-%d' % PID, 'e17B-%d' % PID]
ROOTIF = ['e17Ap%d' % PID, 'e17Bp%d' % PID]
NSIF = ['e17a', 'e17b']
IP = ['10.17.0.1', '10.17.0.2']
OFF = 'tx off rx off tso off gso off gro off sg off'


def topo_up():
    for i in range(2):
        sh('ip netns add %s' % NS[i])
        sh('ip link add %s type veth peer name %s netns %s' % (ROOTIF[i], NSIF[i], NS[i]))
        sh('ip netns exec %s ethtool -K %s %s' % (NS[i], NSIF[i], OFF))
        sh('ethtool -K %s %s' % (ROOTIF[i], OFF))
        sh('echo 1 > /proc/sys/net/ipv6/conf/%s/disable_ipv6' % ROOTIF[i], check=False)
        sh('ip netns exec %s sh -c "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"' % NS[i],
           check=False)
        sh('ip -n %s addr add %s/24 dev %s' % (NS[i], IP[i], NSIF[i]))
        sh('ip -n %s link set lo up' % NS[i])
        sh('ip -n %s link set %s up' % (NS[i], NSIF[i]))
        sh('ip link set %s up' % ROOTIF[i])


def topo_down():
    for i in range(2):
        sh('ip link del %s' % ROOTIF[i], check=False)
        sh('ip netns del %s' % NS[i], check=False)


def ping(frm, size):
    r = sh('ip netns exec %s ping -n -q -M do -c 10 -i 0.05 -W 2 -w 20 -s %d %s' %
           (NS[frm], size, IP[frm ^ 1]), check=False)
    line = [l for l in r.stdout.splitlines() if 'packets transmitted' in l]
    print('ping %s -> %s -s %d: %s' % (NS[frm], IP[frm ^ 1], size, line[0] if line else r.stdout))
    assert r.returncode == 0 and line and ' 0% packet loss' in line[0]


def iperf(frm, tmp):
    to = frm ^ 1
    srv = subprocess.Popen(['ip', 'netns', 'exec', NS[to], 'iperf3', '-s', '-1', '-B', IP[to],
                            '-p', '5217'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        r = sh('ip netns exec %s iperf3 -c %s -p 5217 -t 2 -J' % (NS[frm], IP[to]), check=False)
        j = json.loads(r.stdout)
        bps = j['end']['sum_received']['bits_per_second']
        print('iperf3 %s -> %s: %.2f Gbit/s, %d bytes received, retransmits %d' %
              (NS[frm], NS[to], bps / 1e9, j['end']['sum_received']['bytes'],
               j['end']['sum_sent'].get('retransmits', -1)))
        assert bps > 0
    finally:
        srv.wait(10)


def transfer(frm, tmp):
    to = frm ^ 1
    data = os.urandom(8 << 20)
    path = os.path.join(tmp, 'data%d.bin' % frm)
    open(path, 'wb').write(data)
    for n, body in (('server.py', SERVER), ('client.py', CLIENT)):
        open(os.path.join(tmp, n), 'w').write(body)
    srv = subprocess.Popen(['ip', 'netns', 'exec', NS[to], sys.executable,
                            os.path.join(tmp, 'server.py'), IP[to], '5218'])
    t0 = time.monotonic()
    r = sh('ip netns exec %s %s %s %s 5218 %s' % (NS[frm], sys.executable,
                                                 os.path.join(tmp, 'client.py'), IP[to], path),
           check=False)
    srv.wait(60)
    want = '%d %s' % (len(data), hashlib.sha256(data).hexdigest())
    print('TCP %s -> %s: 8 MiB in %.2f s, receiver says "%s"' %
          (NS[frm], NS[to], time.monotonic() - t0, r.stdout.strip()))
    assert r.stdout.strip() == want, 'sha256 differs'


def main():
    fwd = need_fwd(('ip', 'ethtool', 'ping'), 'create network namespaces')
    tmp = tempfile.mkdtemp(prefix='e17-afxdp-')
    proc = None
    try:
        try:
            topo_up()
        except AssertionError as e:
            skip('cannot make the namespaces and veths: %s' % e)
        log = os.path.join(tmp, 'fwd.log')
        # Under LeakSanitizer: libxdp's xsk_umem__create() leaves an 80-byte
        # context behind at close (not libnetmem's).
        supp = os.path.join(tmp, 'lsan.supp')
        open(supp, 'w').write('leak:xsk_umem__create\n')
        env = dict(os.environ)
        env['LSAN_OPTIONS'] = ':'.join(x for x in (env.get('LSAN_OPTIONS', ''),
                                                   'suppressions=' + supp,
                                                   'print_suppressions=0') if x)
        proc = subprocess.Popen(
            [fwd, '--lcores', '0@%d' % sorted(os.sched_getaffinity(0))[0], '--in-memory',
             '--file-prefix', 'e17xdp%d' % PID, '--no-pci',
             '--vdev', 'net_af_xdp0,iface=%s' % ROOTIF[0],
             '--vdev', 'net_af_xdp1,iface=%s' % ROOTIF[1], '--',
             '--forward-mode=io', '--json'],
            stdin=subprocess.DEVNULL, stdout=open(log, 'w'), stderr=subprocess.STDOUT, env=env)
        end = time.monotonic() + 30
        while 'Start forwarding' not in open(log).read():
            if proc.poll() is not None or time.monotonic() > end:
                text = open(log).read()
                print(text[-3000:])
                if 'xsk' in text or 'umem' in text or 'XDP' in text or 'xdp' in text:
                    skip('an AF_XDP socket cannot be made here')
                raise AssertionError('netmem-fwd did not start')
            time.sleep(0.1)
        for frm in (0, 1):
            for size in (56, 1000, 1472):
                ping(frm, size)
        if shutil.which('iperf3'):
            iperf(0, tmp)
            iperf(1, tmp)
        else:
            print('iperf3 not installed: its part skipped')
        transfer(0, tmp)
        transfer(1, tmp)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(60)
        proc = None
        text = open(log).read()
        assert 'runtime error:' not in text and 'Sanitizer' not in text, 'sanitizer report'
        lines = text.strip().splitlines()
        j = json.loads(lines[-1])
        p = j['port']
        print('netmem-fwd exit %d: rx %d tx %d dropped %d, copied %d of %d bytes received, '
              'inflight %d, leak %s' % (code, j['rx_packets'], j['tx_packets'], j['dropped'],
                                        j['copied_bytes'], j['rx_bytes'], j['inflight'],
                                        j['leak']))
        assert code == 0
        for k in ('inflight', 'pools_waiting', 'skb_live', 'misuse'):
            assert j[k] == 0, (k, j[k])
        assert not j['leak']
        assert [x['driver'] for x in p] == ['net_af_xdp', 'net_af_xdp']
        assert j['rx_packets'] > 0 and j['rx_packets'] == j['tx_packets'] + j['dropped']
        # The PMD's own UMEM: every received byte copied once, counted.
        assert j['copied_bytes'] == j['rx_bytes']
        print('ok')
        return 0
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        topo_down()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAILED: %r' % (e,))
        sys.exit(1)
