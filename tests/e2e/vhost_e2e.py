#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""netmem-fwd on a virtio-user port against dpdk-testpmd on the vhost-user end.

Each case starts the peer (testpmd, --vdev net_vhost0 on a socket of its
own) and then netmem-fwd (--vdev virtio_user0 on that socket) for a few
seconds, each pinned to its own CPU with --lcores, then checks netmem-fwd's
JSON object (exit 0, nothing in flight or leaked, no misuse) and the peer's
own counters:

  io        peer flowgen -> netmem-fwd io (loop) -> peer: what netmem-fwd
            sent is what the peer received (its forward statistics), frame
            sizes kept (the peer's RX bytes / packets).
  csum      peer io (loop) <-> netmem-fwd csum with --tx-first
            --tx-bad-csum=4: the bad checksums netmem-fwd made are found
            and fixed once; every later pass of every packet comes back
            with good IPv4 and UDP checksums although netmem-fwd left them
            to the port (CHECKSUM_PARTIAL, virtio's TX checksum offload):
            nothing checksummed in software.
  csum_rx   peer csum with its TX checksum offload on <-> netmem-fwd csum:
            every packet arrives with its checksum left to the receiver
            (virtio NEEDS_CSUM -> CHECKSUM_PARTIAL), none counted bad or
            rewritten, and leaves by the offload again.
  mrg       peer io (loop) <-> netmem-fwd txonly --verify, 8 KiB packets
            of three segments (--txpkts=64,4000,4000) with --mtu=9000: they
            leave zero-copy and come back through mergeable RX buffers as
            frags (copied bytes 0), every byte of the pattern checked.
  gso       peer io (loop) <-> netmem-fwd gso, --tx-first 8 KiB UDP packets
            cut to the 1500 MTU by software GSO; the segments come back.

Exit 77 (skipped, with the reason) without root, dpdk-testpmd, a mounted
hugetlbfs with free hugepages, or NM_FWD. Names carry an "e17" prefix.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
DURATION = float(os.environ.get('NM_VHOST_SECONDS', '2'))


def skip(why):
    print('skipped: ' + why)
    sys.exit(SKIP)


def free_hugepages():
    try:
        with open('/proc/meminfo') as f:
            for line in f:
                if line.startswith('HugePages_Free:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def hugetlbfs_mounted():
    with open('/proc/mounts') as f:
        return any(line.split()[2] == 'hugetlbfs' for line in f if len(line.split()) > 2)


def cpus():
    c = sorted(os.sched_getaffinity(0))
    return (c[0], c[1]) if len(c) > 1 else (c[0], c[0])


class Run:
    """One peer + netmem-fwd run."""

    def __init__(self, tmp, name):
        self.tmp = tmp
        self.name = name
        self.sock = os.path.join(tmp, 'e17-%s.sock' % name)
        self.peer_log = os.path.join(tmp, 'e17-%s-peer.log' % name)
        self.fwd_log = os.path.join(tmp, 'e17-%s-fwd.log' % name)
        self.peer = None

    def start_peer(self, args, vdev_extra=''):
        fwd_cpu, peer_cpu = cpus()
        cmd = ['dpdk-testpmd', '--lcores', '0@%d,1@%d' % (peer_cpu, peer_cpu), '--in-memory',
               '--single-file-segments', '--file-prefix', 'e17peer%d' % os.getpid(),
               '--no-pci', '--vdev', 'net_vhost0,iface=%s,queues=1%s' % (self.sock, vdev_extra),
               '--', '--stats-period=1', '--nb-cores=1'] + args
        self.peer = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=open(self.peer_log, 'w'), stderr=subprocess.STDOUT)
        end = time.monotonic() + 15
        while not os.path.exists(self.sock):
            if self.peer.poll() is not None or time.monotonic() > end:
                self.dump(self.peer_log)
                raise AssertionError('%s: the vhost-user peer did not start' % self.name)
            time.sleep(0.05)

    def stop_peer(self):
        """SIGINT after one more stats period; its last NIC block is final."""
        time.sleep(1.5)
        self.peer.send_signal(signal.SIGINT)
        try:
            self.peer.wait(20)
        except subprocess.TimeoutExpired:
            self.peer.kill()
            self.peer.wait()
        text = open(self.peer_log).read()
        st = {}
        m = re.findall(r'RX-packets:\s+(\d+)\s+RX-missed:\s+\d+\s+RX-bytes:\s+(\d+)', text)
        if m:
            st['nic_rx_packets'], st['nic_rx_bytes'] = map(int, m[-1])
        m = re.findall(r'TX-packets:\s+(\d+)\s+TX-errors:\s+\d+\s+TX-bytes:\s+(\d+)', text)
        if m:
            st['nic_tx_packets'], st['nic_tx_bytes'] = map(int, m[-1])
        fs = text.split('Forward statistics for port 0')
        if len(fs) > 1:
            blk = fs[-1]
            st['fwd_rx'] = int(re.search(r'RX-packets:\s+(\d+)', blk).group(1))
            st['fwd_tx'] = int(re.search(r'TX-packets:\s+(\d+)', blk).group(1))
            m = re.search(r'Bad-l4csum:\s+(\d+)', blk)
            if m:
                st['bad_l4'] = int(m.group(1))
        return st

    def fwd(self, args, vdev_extra=''):
        fwd_cpu, _ = cpus()
        cmd = [os.environ['NM_FWD'], '--lcores', '0@%d' % fwd_cpu, '--in-memory',
               '--single-file-segments', '--file-prefix', 'e17fwd%d' % os.getpid(), '--no-pci',
               '--vdev', 'virtio_user0,path=%s,queues=1%s' % (self.sock, vdev_extra), '--',
               '--port-topology=loop', '--duration=%g' % DURATION, '--json'] + args
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=open(self.fwd_log, 'w'),
                           stderr=subprocess.STDOUT, timeout=DURATION + 60)
        lines = open(self.fwd_log).read().strip().splitlines()
        j = json.loads(lines[-1]) if lines and lines[-1].startswith('{') else None
        if p.returncode != 0 or j is None:
            self.dump(self.fwd_log)
        assert p.returncode == 0, '%s: netmem-fwd exit %d' % (self.name, p.returncode)
        text = open(self.fwd_log).read()
        assert 'runtime error:' not in text and 'Sanitizer' not in text, \
            '%s: sanitizer report in netmem-fwd output' % self.name
        assert j is not None, '%s: no JSON from netmem-fwd' % self.name
        # Pages back to their pools once the peer consumed them.
        for k in ('inflight', 'pools_waiting', 'skb_live', 'misuse'):
            assert j[k] == 0, '%s: %s %d' % (self.name, k, j[k])
        assert not j['leak']
        assert j['port'][0]['driver'] == 'net_virtio_user'
        return j

    @staticmethod
    def dump(path):
        print('---- %s' % path)
        try:
            print(open(path).read()[-4000:])
        except OSError:
            pass


def port(j):
    return j['port'][0]


def assert_peer_got(st, j):
    """The peer received what netmem-fwd sent, but for what was still in
    the virtio TX ring (1024 descriptors) when netmem-fwd closed its port."""
    lost = j['tx_packets'] - st['fwd_rx']
    assert 0 <= lost <= 1024, 'sent %d, peer received %d' % (j['tx_packets'], st['fwd_rx'])


def case_io(tmp):
    r = Run(tmp, 'io')
    r.start_peer(['--forward-mode=flowgen', '--txpkts=128', '-a'])
    j = r.fwd(['--forward-mode=io'])
    st = r.stop_peer()
    p = port(j)
    print('io: netmem-fwd rx %d tx %d dropped %d (%.3f Mpps); peer flowgen received %d, '
          'NIC rx %d pkts %d B' % (j['rx_packets'], j['tx_packets'], j['dropped'],
                                   j['rx_mpps'], st['fwd_rx'], st['nic_rx_packets'],
                                   st['nic_rx_bytes']))
    assert j['rx_packets'] > 0
    assert j['rx_packets'] == j['tx_packets'] + j['dropped']
    assert p['copied_bytes'] == 0
    # What netmem-fwd handed to the virtio ring, the peer received (the
    # peer polls on after netmem-fwd's exit).
    assert_peer_got(st, j)
    # Sizes kept: 128-byte frames less the 4 CRC bytes testpmd counts in.
    assert j['rx_bytes'] == j['rx_packets'] * 124
    assert st['nic_rx_bytes'] == st['nic_rx_packets'] * 124


def case_csum(tmp):
    r = Run(tmp, 'csum')
    r.start_peer(['--forward-mode=io', '-a'])
    j = r.fwd(['--forward-mode=csum', '--enable-rx-cksum', '--tx-first', '--tx-bad-csum=4'])
    st = r.stop_peer()
    c, p = j['csum'], port(j)
    print('csum: rx %d, %s, port tx_csum_sw %d; peer rx %d tx %d' %
          (j['rx_packets'], c, p['tx_csum_sw'], st['fwd_rx'], st['fwd_tx']))
    bad = j['generated'] // 4
    assert j['generated'] == 32 and bad == 8
    assert j['rx_packets'] > 10 * j['generated']
    # The 8 bad ones found and fixed once; then the port's offload kept
    # every checksum right on every pass.
    assert c['ip_bad'] == bad and c['l4_bad'] == bad and c['fixed'] == bad, c
    assert c['sw'] == 0 and p['tx_csum_sw'] == 0
    assert c['offloaded'] == j['rx_packets'] - j['drops']['shutdown'], c
    assert_peer_got(st, j)


def case_csum_rx(tmp):
    r = Run(tmp, 'csum_rx')
    # The peer's csum engine leaves TCP/UDP checksums to its port
    # (--tx-offloads: vhost sends them as virtio NEEDS_CSUM).
    r.start_peer(['--forward-mode=csum', '--tx-offloads=0xc', '-a'])
    j = r.fwd(['--forward-mode=csum', '--enable-rx-cksum', '--tx-first', '--tx-bad-csum=4'])
    st = r.stop_peer()
    c, p = j['csum'], port(j)
    print('csum_rx: rx %d, %s; peer rx %d bad l4 %d' %
          (j['rx_packets'], c, st['fwd_rx'], st.get('bad_l4', -1)))
    assert j['rx_packets'] > 10 * j['generated']
    # Every packet arrives with the checksum left to the receiver
    # (CHECKSUM_PARTIAL, as the kernel's virtio-net): none counted bad,
    # none rewritten, each sent on by the offload again.
    assert c['ip_bad'] == 0 and c['l4_bad'] == 0 and c['fixed'] == 0, c
    # (What netmem-fwd drained from its RX queue at exit is counted as
    # received and dropped as "shutdown", not checked.)
    assert c['offloaded'] == j['rx_packets'] - j['drops']['shutdown'], c
    assert c['sw'] == 0 and p['tx_csum_sw'] == 0
    assert st['bad_l4'] == 0


def case_mrg(tmp):
    r = Run(tmp, 'mrg')
    r.start_peer(['--forward-mode=io', '-a'])
    j = r.fwd(['--forward-mode=txonly', '--verify', '--txpkts=64,4000,4000', '--mtu=9000'])
    st = r.stop_peer()
    p, v = port(j), j['verify']
    print('mrg: sent %d (zero-copy segs %d), back %d, verify %s, copied %d; peer rx %d' %
          (j['tx_packets'], p['tx_zc_segs'], j['rx_packets'], v, p['copied_bytes'],
           st['fwd_rx']))
    assert j['tx_packets'] > 0 and j['rx_packets'] > 0
    assert v['bad'] == 0 and v['ok'] > 0 and v['ok'] == j['consumed'] + j['drops']['shutdown']
    assert p['tx_zc_segs'] == 3 * j['tx_packets'] and p['tx_ext_segs'] == 0
    assert p['copied_bytes'] == 0
    assert j['rx_bytes'] == j['rx_packets'] * (64 + 4000 + 4000)
    assert_peer_got(st, j)


def case_gso(tmp):
    r = Run(tmp, 'gso')
    r.start_peer(['--forward-mode=io', '-a'])
    j = r.fwd(['--forward-mode=gso', '--tx-first', '--txpkts=64,4000,4000', '--mtu=1500'])
    st = r.stop_peer()
    g, p = j['gso'], port(j)
    print('gso: %s, port tx_gso_sw %d, rx %d tx %d; peer rx %d' %
          (g, p['tx_gso_sw'], j['rx_packets'], j['tx_packets'], st['fwd_rx']))
    # 32 UDP packets of 8022 IPv4 bytes -> 6 segments each at MTU 1500.
    assert g['skbs'] == 32 and g['segs'] == 32 * 6 and g['drops'] == 0, g
    assert j['tx_packets'] >= 32 * 6
    assert_peer_got(st, j)


def main():
    if os.geteuid() != 0:
        skip('needs root (hugepages, vhost-user sockets)')
    if shutil.which('dpdk-testpmd') is None:
        skip('dpdk-testpmd not found (the vhost-user peer)')
    if not os.environ.get('NM_FWD') or not os.access(os.environ['NM_FWD'], os.X_OK):
        skip('NM_FWD does not name the netmem-fwd program')
    if not hugetlbfs_mounted():
        skip('no hugetlbfs mounted (vhost-user shares hugepage memory)')
    if free_hugepages() < 256:
        skip('fewer than 256 free hugepages (echo 1024 > /proc/sys/vm/nr_hugepages)')
    sys.stdout.reconfigure(line_buffering=True)
    cases = [case_io, case_csum, case_csum_rx, case_mrg, case_gso]
    only = os.environ.get('NM_VHOST_CASES')
    if only:
        cases = [c for c in cases if c.__name__[5:] in only.split(',')]
    failed = 0
    tmp = tempfile.mkdtemp(prefix='e17-vhost-')
    try:
        for c in cases:
            try:
                c(tmp)
                print('ok: %s' % c.__name__[5:])
            except (AssertionError, KeyError, subprocess.TimeoutExpired) as e:
                failed += 1
                print('FAILED: %s: %r' % (c.__name__[5:], e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
