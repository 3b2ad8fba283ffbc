#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""
vhost_bench.py: netmem-fwd (sk_buffs on libnetmem) and dpdk-testpmd (raw
mbufs) as forwarders on the same virtio-user port, against the same
vhost-user peer (another dpdk-testpmd), runs alternating A B A B.

The peer (net_vhost0 on a socket of its own, one lcore pinned to its CPU)
generates and sinks; the forwarder under test (virtio_user0 on that socket,
--port-topology=loop, its lcore pinned to the other CPU) sends back what it
receives. Both rates are bound by whichever side is slower, so the two
forwarders are compared in the same run against the same peer.

Cases:
  io-64, mac-64      peer flowgen 64-byte frames; forwarder io / mac; Mpps
  io-1518            peer flowgen 1518-byte frames; forwarder io; Gbit/s too
  txonly-8064        forwarder txonly --txpkts=64,4000,4000 (three segments,
                     netmem-fwd zero-copy from page_pool pages, testpmd from
                     a 4 KiB mbuf pool), peer rxonly; Gbit/s
  tso-64k            netmem-fwd txonly --tx-tso=1448 --txpkts=64,4000 x 16:
                     64064-byte TCP/IPv4 skbs, gso_size 1448, sent by the
                     virtio PMD's TSO (the peer's net_vhost has tso=1, so
                     VIRTIO_NET_F_HOST_TSO4 is negotiated; the peer gets 45
                     segments' worth of bytes in one 64 KB packet); peer
                     rxonly; Gbit/s of TCP bytes. testpmd has no TCP generator
                     (txonly and flowgen make UDP; its csum engine's TSO cuts
                     TCP it receives): its column is txonly with the same
                     64 KB UDP layout and no TSO, the same bytes per packet
                     through the same ring, not the same job.

Mpps: netmem-fwd's --json tx_mpps (TX packets over its --duration);
testpmd's Tx-pps of its NIC statistics printed every second (median, the
first and last sample left out). Gbit/s: Mpps x frame bytes x 8.

  bench/vhost_bench.py [--rounds N] [--duration S] [--cases io-64,...]
                       [--json FILE]

Needs root, hugepages on a mounted hugetlbfs, dpdk-testpmd and
build/examples/fwd/netmem-fwd. Do not run it next to other busy programs:
both processes busy-poll one CPU each.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TSO_TXPKTS = '--txpkts=64' + ',4000' * 16

CASES = {
    # name: (peer args, forwarder mode, forwarder extra args, frame bytes)
    'io-64': (['--forward-mode=flowgen', '--txpkts=64'], 'io', [], 64),
    'mac-64': (['--forward-mode=flowgen', '--txpkts=64'], 'mac', [], 64),
    'io-1518': (['--forward-mode=flowgen', '--txpkts=1518'], 'io', [], 1518),
    'txonly-8064': (['--forward-mode=rxonly'], 'txonly', ['--txpkts=64,4000,4000'], 8064),
    'tso-64k': (['--forward-mode=rxonly'], 'txonly', [TSO_TXPKTS, '--tx-tso=1448'], 64064),
}
# Extra net_vhost devargs of the peer, by case (default: none).
PEER_VDEV = {'tso-64k': ',tso=1'}
# Forwarder arguments only netmem-fwd has, left out of testpmd's command.
NETMEM_ONLY = ('--tx-tso=',)


def cpus():
    c = sorted(os.sched_getaffinity(0))
    return (c[0], c[1]) if len(c) > 1 else (c[0], c[0])


class Peer:
    def __init__(self, tmp, args, vdev_extra=''):
        self.sock = os.path.join(tmp, 'e17-bench-%d.sock' % os.getpid())
        self.log = os.path.join(tmp, 'peer.log')
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        _, pcpu = cpus()
        self.p = subprocess.Popen(
            [ARGS.testpmd, '--lcores', '0@%d,1@%d' % (pcpu, pcpu), '--in-memory',
             '--single-file-segments', '--file-prefix', 'e17bpeer%d' % os.getpid(), '--no-pci',
             '--vdev', 'net_vhost0,iface=%s,queues=1%s' % (self.sock, vdev_extra), '--',
             '--stats-period=1',
             '--nb-cores=1', '-a', '--total-num-mbufs=16384'] + args,
            stdin=subprocess.DEVNULL, stdout=open(self.log, 'w'), stderr=subprocess.STDOUT)
        end = time.monotonic() + 15
        while not os.path.exists(self.sock):
            if self.p.poll() is not None or time.monotonic() > end:
                raise RuntimeError('the vhost-user peer did not start:\n' +
                                   open(self.log).read()[-2000:])
            time.sleep(0.05)

    def stop(self):
        self.p.send_signal(signal.SIGINT)
        try:
            self.p.wait(20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def eal(prefix, sock):
    fcpu, _ = cpus()
    return ['--lcores', '0@%d,1@%d' % (fcpu, fcpu), '--in-memory', '--single-file-segments',
            '--file-prefix', prefix, '--no-pci', '--vdev', 'virtio_user0,path=%s,queues=1' % sock]


def run_netmem(peer, mode, extra, frame):
    cmd = [ARGS.netmem_fwd] + eal('e17bfwd%d' % os.getpid(), peer.sock)[:]
    # netmem-fwd: the main lcore forwards with one EAL lcore.
    cmd[2] = '0@%d' % cpus()[0]
    cmd += ['--', '--forward-mode=%s' % mode, '--port-topology=loop',
            '--duration=%g' % ARGS.duration, '--json'] + extra
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=ARGS.duration + 60)
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines or not lines[-1].startswith('{'):
        raise RuntimeError('netmem-fwd exit %d:\n%s' % (r.returncode, r.stdout[-2000:]))
    j = json.loads(lines[-1])
    if any(a.startswith('--tx-tso=') for a in extra) and j['port'][0]['tx_gso_sw'] != 0:
        # The port did not take TSO: what was timed is software GSO.
        raise RuntimeError('netmem-fwd segmented %d skbs in software: no TSO on the port'
                           % j['port'][0]['tx_gso_sw'])
    return j['tx_mpps']


def run_testpmd(peer, mode, extra, frame):
    log = peer.log + '.fwd'
    cmd = [ARGS.testpmd] + eal('e17btpm%d' % os.getpid(), peer.sock) + [
        '--', '--forward-mode=%s' % mode, '--port-topology=loop', '--nb-cores=1',
        '--stats-period=1', '-a', '--total-num-mbufs=16384']
    if mode == 'txonly':
        # Before --txpkts: testpmd checks each length against the mbuf
        # size it has when it parses --txpkts, and falls back to one
        # 64-byte segment ("give up") when it is too small.
        cmd.append('--mbuf-size=4224')
    cmd += [a for a in extra if not a.startswith(NETMEM_ONLY)]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=open(log, 'w'),
                         stderr=subprocess.STDOUT)
    end = time.monotonic() + 30
    while 'packets/burst' not in open(log).read():
        if p.poll() is not None or time.monotonic() > end:
            break
        time.sleep(0.05)
    time.sleep(ARGS.duration + 2.2)
    p.send_signal(signal.SIGINT)
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    out = open(log).read()
    if 'give up' in out:
        raise RuntimeError('testpmd refused the packet layout:\n' + out[-2000:])
    # Its NIC statistics every second: Tx-pps, the first sample (start-up)
    # and the last (stop) left out when there are more than two.
    pps = [int(x) for x in re.findall(r'Tx-pps:\s+(\d+)', out)]
    if len(pps) > 2:
        pps = pps[1:-1]
    if not pps:
        raise RuntimeError('testpmd printed no statistics:\n' + out[-2000:])
    return statistics.median(pps) / 1e6


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--duration', type=float, default=3.0)
    ap.add_argument('--cases', default=','.join(CASES))
    ap.add_argument('--json', metavar='FILE')
    ap.add_argument('--testpmd', default=shutil.which('dpdk-testpmd') or '/usr/bin/dpdk-testpmd')
    ap.add_argument('--netmem-fwd', default=os.path.join(ROOT, 'build/examples/fwd/netmem-fwd'))
    ARGS = ap.parse_args()
    if os.geteuid() != 0 or not os.access(ARGS.testpmd, os.X_OK) or \
            not os.access(ARGS.netmem_fwd, os.X_OK):
        print('vhost_bench: needs root, dpdk-testpmd and a built netmem-fwd')
        return 2
    tmp = tempfile.mkdtemp(prefix='e17-vbench-')
    results = {}
    try:
        for name in ARGS.cases.split(','):
            peer_args, mode, extra, frame = CASES[name]
            res = {'netmem-fwd': [], 'testpmd': []}
            for r in range(ARGS.rounds):
                for who, fn in (('netmem-fwd', run_netmem), ('testpmd', run_testpmd)):
                    peer = Peer(tmp, peer_args, PEER_VDEV.get(name, ''))
                    try:
                        res[who].append(fn(peer, mode, extra, frame))
                    finally:
                        peer.stop()
            row = {}
            for who, v in res.items():
                mpps = statistics.median(v)
                row[who] = {'mpps': mpps, 'gbps': mpps * frame * 8 / 1e3, 'runs': v}
            results[name] = row
            print('%-12s netmem-fwd %7.3f Mpps %7.2f Gbit/s | testpmd %7.3f Mpps %7.2f Gbit/s'
                  % (name, row['netmem-fwd']['mpps'], row['netmem-fwd']['gbps'],
                     row['testpmd']['mpps'], row['testpmd']['gbps']), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if ARGS.json:
        with open(ARGS.json, 'w') as f:
            json.dump({'duration': ARGS.duration, 'rounds': ARGS.rounds, 'cases': results}, f,
                      indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
