#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""
fwd_bench.py: forwarding throughput of netmem-fwd (sk_buffs on libnetmem)
side by side with dpdk-testpmd (raw DPDK mbufs) on the same ports, the same
lcores and the same memory mode, runs alternating A B A B.

Setups (each a pair of ports, forwarding between them):
  null   two net_null vdevs: io, mac, macswap, rxonly, txonly (frame sizes
         64..1518 and a multi-frag layout 64+512+512+430), 1 and 2 lcores
  ring   two net_ring vdevs (each loops back to itself), started with a
         burst (--tx-first): io, mac, 1 and 2 lcores
  veth   kernel TCP: iperf3 between two network namespaces the script makes,
         veth pairs whose root-side ends are net_af_packet ports, offloads
         off; io mode, 1 lcore; throughput in Gbit/s from iperf3 -J
  vethxdp the same veth topology with net_af_xdp ports in place of
         net_af_packet (--setups vethxdp): io, 1 lcore, Gbit/s
  veth GRO (case io+gro, next to io): netmem-fwd io --gro (GRO on receive,
         software GSO on the way out); its JSON "gro" object gives skbs in,
         skbs out, segments merged and flushes by cause, reported as skbs
         merged per flush. testpmd does GRO only in its csum engine and has
         no command-line switch for it: the script feeds it
         `set port N gro on` (and `set port N gso on`, `set gso segsz`,
         since merged frames are larger than the af_packet frame) through
         --cmdline-file and runs --forward-mode=csum with --eth-peer set to
         the namespaces' MACs (that engine rewrites MACs as mac mode does,
         and checks/sets checksums in software: more work per packet than
         io). testpmd prints no GRO counters, so merges are counted for
         netmem-fwd only.

Memory: each case runs in both memory modes of the run (--mem, default
huge,4k): 2 MB hugepages (-m 1024 --in-memory) and 4 KiB pages (--no-huge
-m 1024), interleaved per round: testpmd, netmem-fwd at hugepages, then
testpmd, netmem-fwd at 4 KiB pages, then the next round; so both ratios of a
case come from the same minutes. Without hugepages (fewer than 600 free and
none could be reserved) the default is 4 KiB pages alone, with a note.

Mpps: testpmd's "Accumulated forward statistics" (TX packets; RX packets for
rxonly) over the forwarding time, measured between its "packet forwarding"
line and its "Telling cores to stop" line (it is stopped with SIGINT);
netmem-fwd's --json counters over its own duration_s. Gbit/s of the DPDK
setups: Mpps x frame length x 8 (L2, no preamble or FCS).

Output: a table (one row per case, testpmd and netmem-fwd min..max and the
ratio for each memory mode side by side), the targets per memory mode, and
with --json results.json (format 2: every run and summary row has "mem").
The plot (fwd_mpps.png, gnuplot) has one panel per setup and memory mode:
bars are the ratio netmem-fwd / testpmd (median over median), whiskers the
min..max of the per-round ratios (the two runs of a round are back to back),
a black dash the target; under each bar the two medians (netmem-fwd /
testpmd). --from re-renders a results.json of either format.

  bench/fwd_bench.py [--rounds N] [--duration S] [--quick] [--json]
                     [--out DIR] [--setups null,ring,veth,vethxdp]
                     [--cores 1,2] [--modes io,mac,...] [--mem huge,4k]
                     [--hugepages N] [--wait-idle S] [--from JSON]

Needs dpdk-testpmd (Debian's dpdk-dev), build/examples/fwd/netmem-fwd,
gnuplot (gnuplot-nox) for the plot, and for veth: root, iproute2, ethtool,
iputils-ping and iperf3. A setup that cannot run is skipped with a note.
Every subprocess has a timeout; the namespaces, links and children the
script made are removed on any exit (error, SIGINT, SIGTERM).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True      # no __pycache__ next to the script
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fwd_report import (MEM_MODES, VETH_SETUPS, report,  # noqa: E402
                        summarize)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PID = os.getpid()
FILE_PREFIX = "nmbench%d" % PID
NET_NULL_FRAME = 64           # net_null's default packet size
TX_SIZES = [64, 128, 256, 512, 1024, 1518]
MULTI_FRAG = [64, 512, 512, 430]   # 1518 bytes: 64 linear/headers + 3 frags
VETH_NET = "10.201.0."
VETH_MTU = 1500
OFFLOADS_OFF = ["rx", "off", "tx", "off", "sg", "off", "tso", "off",
                "gso", "off", "gro", "off"]
TP_START = re.compile(r"packet forwarding - ports=")
NM_START = re.compile(r"^Start forwarding")
STOP = re.compile(r"Telling cores to stop")


class BenchError(Exception):
    pass


def log(msg):
    print(msg, flush=True)


# ---- processes ----------------------------------------------------------

LIVE = set()          # Proc objects still running: killed by cleanup()


class Proc:
    """A child in its own session; every output line kept with the time
    (time.monotonic()) it was read. stdout is line buffered (stdbuf) so the
    times are those of the prints."""

    def __init__(self, argv, line_buffered=True):
        self.argv = list(argv)
        if line_buffered and shutil.which("stdbuf"):
            argv = ["stdbuf", "-oL", "-eL"] + list(argv)
        self.lines = []
        self.cond = threading.Condition()
        self.rc = None
        self.cpu = 0.0
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, text=True, errors="replace",
                                  start_new_session=True)
        LIVE.add(self)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.p.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()
        with self.cond:
            self.lines.append((time.monotonic(), None))   # EOF
            self.cond.notify_all()

    def wait_line(self, regex, timeout):
        """Time of the first line matching regex; None at EOF or timeout."""
        end = time.monotonic() + timeout
        i = 0
        with self.cond:
            while True:
                while i < len(self.lines):
                    t, line = self.lines[i]
                    i += 1
                    if line is None:
                        return None
                    if regex.search(line):
                        return t
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def line_time(self, regex):
        with self.cond:
            for t, line in self.lines:
                if line is not None and regex.search(line):
                    return t
        return None

    def text(self):
        with self.cond:
            return "\n".join(l for _, l in self.lines if l is not None)

    def signal(self, sig):
        if self.rc is None:
            try:
                os.kill(self.p.pid, sig)
            except ProcessLookupError:
                pass

    def wait(self, timeout):
        """Exit status (negative: signal) within timeout, else None. The
        child's CPU time (user + system) is kept in self.cpu."""
        end = time.monotonic() + timeout
        while self.rc is None:
            pid, status, ru = os.wait4(self.p.pid, os.WNOHANG)
            if pid == self.p.pid:
                self.rc = os.waitstatus_to_exitcode(status)
                self.p.returncode = self.rc
                self.cpu = ru.ru_utime + ru.ru_stime
                break
            if time.monotonic() >= end:
                return None
            time.sleep(0.02)
        self.reader.join(timeout=5)
        LIVE.discard(self)
        return self.rc

    def kill(self):
        """SIGKILL to the child's process group (it has its own session)."""
        if self.rc is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait(10)
        LIVE.discard(self)


def run(argv, timeout=30, check=True, quiet=True):
    """A short command; its CompletedProcess. Raises BenchError on failure
    (check) or timeout."""
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, errors="replace",
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError("timed out after %ss: %s" % (timeout, " ".join(argv)))
    if check and r.returncode != 0:
        raise BenchError("failed (%d): %s\n%s" % (r.returncode, " ".join(argv), r.stdout.strip()))
    return r


# ---- machine ------------------------------------------------------------

def cpu_busy():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]) - idle, sum(v[:8])


def background_cpus(seconds=0.3):
    """CPUs kept busy by others while nothing of ours runs."""
    b0, t0 = cpu_busy()
    time.sleep(seconds)
    b1, t1 = cpu_busy()
    ncpu = os.cpu_count() or 1
    return (b1 - b0) / max(1, t1 - t0) * ncpu


def meminfo():
    out = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":", 1)
            out[k] = int(v.split()[0])
    return out


def machine_info():
    model = "?"
    hyper = False
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "?":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and " hypervisor" in line:
                hyper = True
    dpdk = "?"
    r = run(["dpkg-query", "-W", "-f=${Version}", "dpdk-dev"], check=False) \
        if shutil.which("dpkg-query") else None
    if r is not None and r.returncode == 0:
        dpdk = r.stdout.strip()
    debian = "?"
    if os.path.exists("/etc/debian_version"):
        with open("/etc/debian_version") as f:
            debian = f.read().strip()
    return {
        "cpu": model, "cpus": os.cpu_count(), "vm": hyper,
        "kernel": platform.release(), "debian": debian, "dpdk": dpdk,
        "mem_total_mb": meminfo().get("MemTotal", 0) // 1024,
        "hostname": platform.node(),
    }


# ---- hugepages ------------------------------------------------------------

MEM_EAL = {"huge": ["-m", "1024", "--in-memory"],      # memfd pages: no files left
           "4k": ["--no-huge", "-m", "1024"]}


class Memory:
    """The memory modes of the run: "huge" (2 MB hugepages, when at least
    NEED_PAGES are free) and "4k" (--no-huge). want: the modes --mem asked
    for, None for the default (both when hugepages can be had, else 4k
    alone with a note). --hugepages N, and the default or --mem huge as root
    when too few are free, reserve pages first and give them back at exit."""
    NEED_PAGES = 600      # -m 1024 plus slack, in 2 MB pages

    def __init__(self, want, reserve):
        self.saved_nr = None
        self.notes = []
        mi = meminfo()
        short = self.NEED_PAGES - mi.get("HugePages_Free", 0)
        if reserve:
            self._reserve(reserve)
        elif (want is None or "huge" in want) and short > 0 and os.geteuid() == 0 \
                and mi.get("Hugepagesize", 2048) == 2048:
            try:
                self._reserve(self.NEED_PAGES)
            except OSError as e:
                self.notes.append("could not reserve hugepages: %s" % e)
        mi = meminfo()
        free = mi.get("HugePages_Free", 0)
        size_kb = mi.get("Hugepagesize", 2048)
        huge_ok = size_kb == 2048 and free >= self.NEED_PAGES
        why = "%d kB hugepages, not 2 MB" % size_kb if size_kb != 2048 else \
            "no hugepages reserved" if mi.get("HugePages_Total", 0) == 0 else \
            "%d free 2 MB hugepages < %d" % (free, self.NEED_PAGES)
        if want is None:
            self.modes = ["huge", "4k"] if huge_ok else ["4k"]
            if not huge_ok:
                self.notes.append("4 KiB pages only: %s%s" % (
                    why, "" if os.geteuid() == 0 else " (root could reserve them)"))
        else:
            if "huge" in want and not huge_ok:
                raise BenchError("--mem huge: %s" % why)
            self.modes = [m for m in MEM_MODES if m in want]
        self.desc = {}
        if "huge" in self.modes:
            self.desc["huge"] = "hugepages (2 MB, %d free, -m 1024 --in-memory)" % free
        if "4k" in self.modes:
            self.desc["4k"] = "--no-huge -m 1024 (4 KiB pages)"

    @staticmethod
    def eal(mem):
        return list(MEM_EAL[mem])

    def _reserve(self, n):
        if os.geteuid() != 0:
            raise BenchError("--hugepages needs root")
        mi = meminfo()
        free, total = mi.get("HugePages_Free", 0), mi.get("HugePages_Total", 0)
        if free >= n:
            return
        self.saved_nr = total
        with open("/proc/sys/vm/nr_hugepages", "w") as f:
            f.write(str(total + n - free))
        got = meminfo().get("HugePages_Free", 0)
        self.notes.append("reserved %d 2 MB hugepages (%d free now); given back at exit" % (
            n - free, got))

    def release(self):
        if self.saved_nr is not None:
            try:
                with open("/proc/sys/vm/nr_hugepages", "w") as f:
                    f.write(str(self.saved_nr))
            except OSError as e:
                log("warning: could not give hugepages back: %s" % e)
            self.saved_nr = None


# ---- veth + af_packet topology --------------------------------------------

class Veth:
    """nmbA-<pid> [veth0 10.201.0.1] <-> nmfa<pid> == forwarder == nmfb<pid>
    <-> [veth0 10.201.0.2] nmbB-<pid>; offloads off on all four ends."""

    def __init__(self):
        self.ns = ["nmbA-%d" % PID, "nmbB-%d" % PID]
        self.root = ["nmfa%d" % PID, "nmfb%d" % PID]
        self.ip = [VETH_NET + "1", VETH_NET + "2"]
        self.made_ns = []
        self.made_link = []

    @staticmethod
    def reap_stale():
        """Namespaces and links left by a run that was killed (SIGKILL)."""
        r = run(["ip", "netns", "list"], check=False)
        for line in r.stdout.splitlines():
            m = re.match(r"nmb[AB]-(\d+)\b", line)
            if m and not os.path.exists("/proc/%s" % m.group(1)):
                run(["ip", "netns", "del", line.split()[0]], check=False)
        r = run(["ip", "-o", "link", "show"], check=False)
        for m in re.finditer(r"^\d+: (nmf[ab](\d+))[@:]", r.stdout, re.M):
            if not os.path.exists("/proc/%s" % m.group(2)):
                run(["ip", "link", "del", m.group(1)], check=False)

    def nsexec(self, i, argv):
        return ["ip", "netns", "exec", self.ns[i]] + argv

    def setup(self):
        for i in range(2):
            run(["ip", "netns", "add", self.ns[i]])
            self.made_ns.append(self.ns[i])
            run(["ip", "link", "add", self.root[i], "mtu", str(VETH_MTU), "type", "veth",
                 "peer", "name", "veth0", "mtu", str(VETH_MTU), "netns", self.ns[i]])
            self.made_link.append(self.root[i])
            run(self.nsexec(i, ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]))
            run(["sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % self.root[i]],
                check=False)
            run(["ethtool", "-K", self.root[i]] + OFFLOADS_OFF)
            run(self.nsexec(i, ["ethtool", "-K", "veth0"] + OFFLOADS_OFF))
            run(self.nsexec(i, ["ip", "addr", "add", self.ip[i] + "/24", "dev", "veth0"]))
            run(self.nsexec(i, ["ip", "link", "set", "lo", "up"]))
            run(self.nsexec(i, ["ip", "link", "set", "veth0", "up"]))
            run(["ip", "link", "set", self.root[i], "up"])
        # Static neighbours: no ARP round trip through a forwarder that is
        # just starting.
        mac = [self._mac(i) for i in range(2)]
        for i in range(2):
            run(self.nsexec(i, ["ip", "neigh", "replace", self.ip[1 - i], "lladdr",
                                mac[1 - i], "dev", "veth0", "nud", "permanent"]))
        feats = run(["ethtool", "-k", self.root[0]]).stdout
        self.features = " ".join(
            l.strip() for l in feats.splitlines()
            if re.match(r"\s*(rx-checksumming|tx-checksumming|scatter-gather|"
                        r"tcp-segmentation-offload|generic-segmentation-offload|"
                        r"generic-receive-offload):", l))

    def _mac(self, i):
        out = run(self.nsexec(i, ["cat", "/sys/class/net/veth0/address"])).stdout
        return out.strip()

    def vdevs(self, xdp=False):
        if xdp:         # AF_XDP sockets on the same ends (copy mode on veth)
            return ["--vdev", "net_af_xdp0,iface=%s" % self.root[0],
                    "--vdev", "net_af_xdp1,iface=%s" % self.root[1]]
        return ["--vdev", "net_af_packet0,iface=%s,qpairs=1,framecnt=1024" % self.root[0],
                "--vdev", "net_af_packet1,iface=%s,qpairs=1,framecnt=1024" % self.root[1]]

    def teardown(self):
        for ns in self.made_ns:
            run(["ip", "netns", "del", ns], check=False)
        for link in self.made_link:
            if os.path.exists("/sys/class/net/%s" % link):
                run(["ip", "link", "del", link], check=False)
        self.made_ns, self.made_link = [], []


# ---- cases ------------------------------------------------------------------

class Case:
    def __init__(self, setup, mode, cores, txpkts=None, gro=False):
        self.setup, self.mode, self.cores = setup, mode, cores
        self.gro = gro                  # netmem-fwd --gro / testpmd gro on
        self.txpkts = txpkts            # list of lengths (txonly) or None
        if txpkts:
            self.frame = sum(txpkts)
        else:
            self.frame = NET_NULL_FRAME if setup in ("null", "ring") else None
        if txpkts and len(txpkts) > 1:
            self.label = "txonly-%dseg-%d" % (len(txpkts), self.frame)
        elif txpkts:
            self.label = "txonly-%d" % self.frame
        else:
            self.label = mode
        if gro:
            self.label += "+gro"
        self.key = "%s/%s/%dc" % (setup, self.label, cores)

    def metric_is_gbps(self):
        return self.setup in VETH_SETUPS


def make_cases(args):
    cores = [int(c) for c in args.cores.split(",")]
    setups = args.setups.split(",")
    cases = []
    if "null" in setups:
        for c in cores:
            for m in ("io", "mac", "macswap", "rxonly"):
                if args.quick and m not in ("io", "mac"):
                    continue
                cases.append(Case("null", m, c))
            if args.quick:
                continue
            sizes = TX_SIZES if c == 1 else [64]
            for s in sizes:
                cases.append(Case("null", "txonly", c, [s]))
            if c == 1:
                cases.append(Case("null", "txonly", c, MULTI_FRAG))
    if "ring" in setups and not args.quick:
        for c in cores:
            for m in ("io", "mac"):
                cases.append(Case("ring", m, c))
    if "veth" in setups and not args.quick:
        cases.append(Case("veth", "io", 1))
        cases.append(Case("veth", "io", 1, gro=True))
    if "vethxdp" in setups and not args.quick:
        cases.append(Case("vethxdp", "io", 1))
    if args.modes:
        want = set(args.modes.split(","))
        cases = [k for k in cases if k.mode in want or k.label in want]
    return cases


def lcore_args(cores):
    """Forwarding on lcores 1..cores, the main lcore 0 beside them. With
    fewer CPUs than lcores the last forwarding lcore shares CPU 0 with the
    main lcore (which sleeps while it prints statistics)."""
    ncpu = os.cpu_count() or 1
    if cores + 1 <= ncpu:
        return ["-l", "0-%d" % cores], None
    m = ["0@0"] + ["%d@%d" % (l, l if l < ncpu else 0) for l in range(1, cores + 1)]
    note = ("%d forwarding lcores on %d CPUs: --lcores=%s (the main lcore shares CPU 0 "
            "with forwarding lcore %d)" % (cores, ncpu, ",".join(m), cores))
    return ["--lcores=" + ",".join(m)], note


# ---- one run ------------------------------------------------------------------

class Runner:
    def __init__(self, args, mem, veth):
        self.args, self.mem, self.veth = args, mem, veth
        self.fwd = args.netmem_fwd
        self.testpmd = args.testpmd
        self.iperf_port = 5201 + PID % 1000
        self._gro_cmdline = None

    def testpmd_gro_cmdline(self):
        """The --cmdline-file that turns testpmd's GRO (and GSO, so that
        merged frames fit the wire again) on for both ports."""
        if self._gro_cmdline is None:
            fd, path = tempfile.mkstemp(prefix="nmbench-gro-", suffix=".txt")
            with os.fdopen(fd, "w") as f:
                f.write("set port 0 gro on\nset port 1 gro on\nset gro flush 1\n"
                        "set port 0 gso on\nset port 1 gso on\nset gso segsz %d\n"
                        % (VETH_MTU + 14))
            self._gro_cmdline = path
        return self._gro_cmdline

    def close(self):
        if self._gro_cmdline:
            try:
                os.unlink(self._gro_cmdline)
            except OSError:
                pass
            self._gro_cmdline = None

    def eal(self, case, mem):
        lc, _ = lcore_args(case.cores)
        a = lc + ["--no-pci", "--no-shconf", "--no-telemetry", "--file-prefix=" + FILE_PREFIX,
                  "--log-level=lib.eal:warning"] + Memory.eal(mem)
        if case.setup == "null":
            a += ["--vdev", "net_null0", "--vdev", "net_null1"]
        elif case.setup == "ring":
            a += ["--vdev", "net_ring0", "--vdev", "net_ring1"]
        else:
            a += self.veth.vdevs(xdp=case.setup == "vethxdp")
        return a

    def app_args(self, case, tool):
        mode = case.mode
        if case.gro and tool == "testpmd":
            mode = "csum"       # testpmd's GRO and GSO run in its csum engine only
        a = ["--forward-mode=" + mode, "--nb-cores=%d" % case.cores, "--burst=32"]
        if case.gro:
            if tool == "testpmd":
                a.append("--cmdline-file=" + self.testpmd_gro_cmdline())
                # the csum engine rewrites the MACs as the mac engine does:
                # frames out of port i go to namespace i's veth0
                for i in range(2):
                    a.append("--eth-peer=%d,%s" % (i, self.veth._mac(i)))
            else:
                a.append("--gro")
        if case.txpkts:
            a.append("--txpkts=" + ",".join(str(x) for x in case.txpkts))
        if case.setup == "ring":
            a.append("--tx-first")
        if tool == "testpmd":
            a += ["--auto-start", "--stats-period", "1"]
        elif case.setup not in VETH_SETUPS:
            a += ["--duration=%g" % self.args.duration, "--json"]
        else:
            a.append("--json")        # stopped with SIGINT after iperf3
        return a

    def run(self, case, tool, mem):
        exe = self.testpmd if tool == "testpmd" else self.fwd
        argv = [exe] + self.eal(case, mem) + ["--"] + self.app_args(case, tool)
        res = {"tool": tool, "case": case.key, "mem": mem, "setup": case.setup,
               "mode": case.mode,
               "label": case.label, "cores": case.cores, "frame": case.frame,
               "cmd": " ".join(argv), "ok": False, "gro_on": case.gro}
        if case.gro and tool == "testpmd":
            res["note"] = ("testpmd: GRO only in its csum engine, enabled by set port N "
                           "gro on / gso on through --cmdline-file (no command-line "
                           "switch); --forward-mode=csum with --eth-peer (MAC rewrite, "
                           "software checksums); testpmd prints no GRO counters")
        res["bg_cpus_before"] = round(self._wait_idle(), 2)
        b0, t0 = cpu_busy()
        p = Proc(argv)
        try:
            self._drive(p, case, tool, res)
        finally:
            if p.rc is None:
                p.kill()
        b1, t1 = cpu_busy()
        ncpu = os.cpu_count() or 1
        wall = (t1 - t0) / ncpu / os.sysconf("SC_CLK_TCK")
        busy = (b1 - b0) / os.sysconf("SC_CLK_TCK")
        if wall > 0 and case.setup not in VETH_SETUPS:
            # CPUs used by others while we ran: what is busy beyond our child.
            res["other_cpus"] = round(max(0.0, (busy - p.cpu) / wall), 2)
        res["rc"] = p.rc
        if not res["ok"]:
            res["log_tail"] = p.text().splitlines()[-40:]
        return res

    def _wait_idle(self):
        bg = background_cpus()
        end = time.monotonic() + self.args.wait_idle
        while bg > 0.5 and time.monotonic() < end:
            time.sleep(1)
            bg = background_cpus()
        return bg

    def _drive(self, p, case, tool, res):
        d = self.args.duration
        start_re = TP_START if tool == "testpmd" else NM_START
        t_start = p.wait_line(start_re, 60)
        if t_start is None:
            p.wait(5)
            res["error"] = "no start line within 60 s (exit status %s)" % p.rc
            return
        if case.setup in VETH_SETUPS:
            ok = self._iperf(case, res)
            t_sig = time.monotonic()
            p.signal(signal.SIGINT)
        elif tool == "testpmd":
            # forwarding is timed from the first statistics print (below)
            t_first = p.wait_line(re.compile(r"Port statistics ===="), 2.0) or t_start
            time.sleep(max(0.0, t_first + d - time.monotonic()))
            t_sig = time.monotonic()
            p.signal(signal.SIGINT)
            ok = True
        else:
            t_sig = None
            ok = True
        rc = p.wait(d + 60 if t_sig is None else 30)
        if rc is None:
            res["error"] = "did not exit in time; killed"
            return
        t_stop = p.line_time(STOP) or t_sig
        if tool == "testpmd":
            self._parse_testpmd(p, case, res, t_start, t_stop)
        else:
            self._parse_fwd(p.text(), case, res, t_start, t_stop)
        if t_sig is not None and t_stop is not None:
            res["stop_latency_s"] = round(t_stop - t_sig, 4)
        if tool == "netmem-fwd" and rc not in (0,):
            res["error"] = "netmem-fwd exit status %d%s" % (
                rc, " (something leaked)" if rc == 3 else "")
        if tool == "testpmd" and rc not in (0, -signal.SIGINT, 130):
            res["error"] = "testpmd exit status %d" % rc
        res["ok"] = ok and "error" not in res and "mpps" in res

    def _metric_packets(self, case, rx, tx):
        return rx if case.mode == "rxonly" else tx

    @staticmethod
    def _testpmd_prints(p, case):
        """(time, packets) of each periodic port statistics print, packets
        summed over the ports (RX for rxonly, else TX)."""
        key = re.compile(r"^\s*RX-packets:\s+(\d+)\s+RX-missed" if case.mode == "rxonly"
                         else r"^\s*TX-packets:\s+(\d+)\s+TX-errors")
        prints = []
        with p.cond:
            lines = list(p.lines)
        for t, line in lines:
            if line is None:
                break
            if "Port statistics ====" in line:
                prints.append([t, 0])
                continue
            m = key.search(line)
            if m and prints:
                prints[-1][1] += int(m.group(1))
        return prints

    def _parse_testpmd(self, p, case, res, t_start, t_stop):
        out = p.text()
        m = re.search(r"Accumulated forward statistics.*?\n\s*RX-packets:\s*(\d+)\s+"
                      r"RX-dropped:\s*(\d+).*?\n\s*TX-packets:\s*(\d+)\s+TX-dropped:\s*(\d+)",
                      out, re.S)
        if not m:
            res["error"] = "no Accumulated forward statistics in testpmd's output"
            return
        rx, rxd, tx, txd = (int(x) for x in m.groups())
        pk = self._metric_packets(case, rx, tx)
        res.update(rx_packets=rx, tx_packets=tx, rx_dropped=rxd, tx_dropped=txd, packets=pk)
        # testpmd's port statistics, printed every second from just after the
        # lcores start: the window from the first print to the stop line
        # leaves out its start-up (some 70 ms after the "packet forwarding"
        # line on this kind of machine). The start line is the fallback.
        prints = self._testpmd_prints(p, case)
        secs, base = t_stop - t_start, 0
        if prints and prints[0][0] - t_start < 1.0 and t_stop - prints[0][0] > 0.5:
            secs, base = t_stop - prints[0][0], prints[0][1]
            res["window"] = "first statistics print .. stop"
            if len(prints) >= 3:        # cross-check: between two prints
                (ta, ca), (tb, cb) = prints[1], prints[-1]
                res["period_mpps"] = round((cb - ca) / (tb - ta) / 1e6, 3)
        else:
            res["window"] = "start line .. stop"
        res.update(seconds=round(secs, 4), mpps=(pk - base) / secs / 1e6)
        if case.frame:
            res["gbps"] = res["mpps"] * case.frame * 8 / 1000

    def _parse_fwd(self, out, case, res, t_start, t_stop):
        js = None
        for line in reversed(out.splitlines()):
            if line.startswith("{"):
                try:
                    js = json.loads(line)
                except ValueError:
                    pass
                break
        if js is None:
            res["error"] = "no JSON line from netmem-fwd"
            return
        rx, tx = js.get("rx_packets", 0), js.get("tx_packets", 0)
        secs = js.get("duration_s") or (t_stop - t_start)
        pk = self._metric_packets(case, rx, tx)
        res.update(rx_packets=rx, tx_packets=tx, dropped=js.get("dropped"),
                   rx_dropped=js.get("rx_dropped"), seconds=round(secs, 4), packets=pk,
                   mpps=pk / secs / 1e6,
                   copied_bytes=js.get("copied_bytes"),
                   hdr_copied_bytes=js.get("hdr_copied_bytes"),
                   inflight=js.get("inflight"), skb_live=js.get("skb_live"),
                   misuse=js.get("misuse"), leak=js.get("leak"),
                   drops=js.get("drops"))
        if t_stop is not None:
            res["harness_seconds"] = round(t_stop - t_start, 4)
        byts = js.get("rx_bytes") if case.mode == "rxonly" else js.get("tx_bytes")
        if byts:
            res["bytes_gbps"] = byts * 8 / secs / 1e9
        if case.frame:
            res["gbps"] = res["mpps"] * case.frame * 8 / 1000
        if pk:
            res["copied_per_pkt"] = (js.get("copied_bytes") or 0) / pk
            res["hdr_copied_per_pkt"] = (js.get("hdr_copied_bytes") or 0) / pk
        gro = js.get("gro")
        if case.gro:
            if not isinstance(gro, dict) or not gro.get("on"):
                res["error"] = "netmem-fwd --gro: no \"gro\" object with on=true in its JSON"
                return
            flushes = sum(gro.get(k) or 0 for k in ("flush_flag", "flush_full", "flush_call"))
            res["gro"] = {k: gro.get(k) for k in ("in", "out", "merged", "flush_flag",
                                                  "flush_full", "flush_call")}
            res["gro"]["flushes"] = flushes
            # skbs that went into a merge, per flush; and segments per skb out
            res["gro_merged_per_flush"] = (gro.get("merged") or 0) / flushes if flushes else 0.0
            res["gro_segs_per_skb"] = (gro.get("in") or 0) / gro["out"] if gro.get("out") else 0.0
        if js.get("leak") or js.get("inflight") or js.get("skb_live") or js.get("misuse"):
            res["error"] = "netmem-fwd reports leak=%s inflight=%s skb_live=%s misuse=%s" % (
                js.get("leak"), js.get("inflight"), js.get("skb_live"), js.get("misuse"))

    def _iperf(self, case, res):
        v, d = self.veth, self.args.duration
        # the path through the forwarder works before timing it
        for _ in range(10):
            r = run(v.nsexec(0, ["ping", "-c", "1", "-W", "1", v.ip[1]]), timeout=5, check=False)
            if r.returncode == 0:
                break
        else:
            res["error"] = "no ping through the forwarder"
            return False
        port = str(self.iperf_port)
        srv = Proc(v.nsexec(1, ["iperf3", "-s", "-1", "-B", v.ip[1], "-p", port]),
                   line_buffered=False)
        try:
            for _ in range(50):
                r = run(v.nsexec(1, ["ss", "-ltnH", "sport", "=", ":" + port]), check=False)
                if port in r.stdout:
                    break
                time.sleep(0.1)
            omit = 1 if d >= 3 else 0
            cli = run(v.nsexec(0, ["iperf3", "-c", v.ip[1], "-p", port, "-t", "%d" % max(1, d),
                                   "-O", str(omit), "-J"]),
                      timeout=d + omit + 30, check=False)
            srv.wait(10)
        finally:
            srv.kill()
        try:
            j = json.loads(cli.stdout)
            end = j["end"]
            res["gbps"] = end["sum_received"]["bits_per_second"] / 1e9
            res["tcp_retransmits"] = end["sum_sent"].get("retransmits")
            res["iperf_seconds"] = end["sum_received"].get("seconds")
        except (ValueError, KeyError, TypeError):
            res["error"] = "iperf3 failed: %s" % cli.stdout.strip()[-300:]
            return False
        return True


# ---- main ------------------------------------------------------------------------

def cleanup(state):
    for p in list(LIVE):
        p.kill()
    if state.get("veth"):
        state["veth"].teardown()
    if state.get("runner"):
        state["runner"].close()
    if state.get("mem"):
        state["mem"].release()


def on_signal(sig, frame):
    raise SystemExit(128 + sig)


def main():
    ap = argparse.ArgumentParser(
        description="netmem-fwd vs dpdk-testpmd forwarding throughput (A B A B rounds).")
    ap.add_argument("--rounds", type=int, default=3, help="A B rounds per case (default 3)")
    ap.add_argument("--duration", type=float, default=3.0,
                    help="seconds of forwarding per run (default 3)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1 round, 1 s, net_null io and mac, 1 lcore")
    ap.add_argument("--json", action="store_true",
                    help="write results.json to --out; last stdout line: a JSON summary")
    ap.add_argument("--out", help="output directory (default bench/results/<timestamp>)")
    ap.add_argument("--setups", default="null,ring,veth,vethxdp",
                    help="null,ring,veth,vethxdp (default all)")
    ap.add_argument("--cores", default="1,2", help="forwarding lcore counts (default 1,2)")
    ap.add_argument("--modes", help="only these modes or labels (e.g. io,mac,txonly-64)")
    ap.add_argument("--mem", metavar="huge,4k",
                    help="memory modes, each case in each (interleaved per round): "
                         "huge (2 MB hugepages), 4k (--no-huge); default both when "
                         "hugepages can be had, else 4k with a note")
    ap.add_argument("--hugepages", type=int, default=0, metavar="N",
                    help="reserve N 2 MB hugepages first (root; given back at exit)")
    ap.add_argument("--wait-idle", type=float, default=None, metavar="S",
                    help="before each run wait up to S s for other CPU load to go "
                         "below 0.5 CPU (default 3; 0 in --quick)")
    ap.add_argument("--testpmd", default=shutil.which("dpdk-testpmd") or "/usr/bin/dpdk-testpmd")
    ap.add_argument("--netmem-fwd", default=os.path.join(ROOT, "build/examples/fwd/netmem-fwd"))
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--from", dest="from_json", metavar="JSON",
                    help="no runs: table, targets and plot again from a results.json "
                         "(into --out, default its directory)")
    args = ap.parse_args()
    want = None
    if args.mem:
        want = [m.strip() for m in args.mem.split(",") if m.strip()]
        bad = [m for m in want if m not in MEM_MODES]
        if bad or not want:
            ap.error("--mem: huge, 4k or huge,4k (not %s)" % ",".join(bad))
    if args.from_json:
        with open(args.from_json) as f:
            doc = json.load(f)
        outdir = args.out or os.path.dirname(os.path.abspath(args.from_json))
        os.makedirs(outdir, exist_ok=True)
        return 1 if report(doc, outdir, args) else 0
    if args.quick:
        args.rounds, args.duration, args.cores = 1, 1.0, "1"
    if args.wait_idle is None:
        args.wait_idle = 0.0 if args.quick else 3.0
    if args.rounds < 1 or args.duration <= 0:
        ap.error("--rounds >= 1 and --duration > 0")
    for exe in (args.testpmd, args.netmem_fwd):
        if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
            sys.exit("fwd_bench: %s not found (dpdk-dev / ./netmem.sh build)" % exe)

    state = {}
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = args.out or os.path.join(ROOT, "bench", "results", stamp)
    notes = []
    try:
        os.makedirs(outdir, exist_ok=True)
        mem = state["mem"] = Memory(want, args.hugepages)
        notes += mem.notes
        cases = make_cases(args)
        veth = None
        if any(c.setup in VETH_SETUPS for c in cases):
            why = None
            if os.geteuid() != 0:
                why = "needs root"
            for tool in ("ip", "ethtool", "ping", "iperf3", "ss"):
                if why is None and shutil.which(tool) is None:
                    why = "%s missing (./netmem.sh deps installs it)" % tool
            if why is None:
                Veth.reap_stale()
                veth = state["veth"] = Veth()
                try:
                    veth.setup()
                except BenchError as e:
                    why = "topology failed: %s" % e
            if why:
                notes.append("veth setup skipped: " + why)
                cases = [c for c in cases if c.setup not in VETH_SETUPS]
        info = machine_info()
        for c in sorted({c.cores for c in cases}):
            n = lcore_args(c)[1]
            if n:
                notes.append(n)
        log("fwd_bench: %s, %d CPUs%s, kernel %s, DPDK %s" % (
            info["cpu"], info["cpus"], " (VM)" if info["vm"] else "", info["kernel"],
            info["dpdk"]))
        nruns = len(cases) * args.rounds * 2 * len(mem.modes)
        est = nruns * (args.duration + 2.5)       # start-up and stop of each run
        for m in mem.modes:
            log("memory %-4s = %s" % (m, mem.desc[m]))
        log("%d cases x %d rounds x %d memory mode%s x 2 forwarders, %gs each: %d runs, "
            "%d to %d s" % (len(cases), args.rounds, len(mem.modes),
                            "s" if len(mem.modes) > 1 else "", args.duration, nruns,
                            est, est + nruns * args.wait_idle))
        if veth:
            log("veth: %s | %s, offloads: %s" % (" ".join(veth.ns), " ".join(veth.root),
                                                 veth.features))
        for n in notes:
            log("note: " + n)

        runner = state["runner"] = Runner(args, mem, veth)
        runs = []
        i = 0
        for c, rnd, mm, tool in ((c, rnd, mm, tool) for c in cases
                                 for rnd in range(args.rounds) for mm in mem.modes
                                 for tool in ("testpmd", "netmem-fwd")):
            i += 1
            r = runner.run(c, tool, mm)
            r["round"] = rnd + 1
            runs.append(r)
            m = "gbps" if c.metric_is_gbps() else "mpps"
            val = ("%.2f %s" % (r[m], "Gbit/s" if m == "gbps" else "Mpps")) \
                if r.get(m) is not None else "FAILED: %s" % r.get("error")
            extra = ""
            if r.get("gro"):
                x = r["gro"]
                extra += "  [gro in %d out %d merged %d, %.1f merged/flush]" % (
                    x["in"] or 0, x["out"] or 0, x["merged"] or 0,
                    r["gro_merged_per_flush"])
            if r.get("other_cpus") is not None and r["other_cpus"] > 0.3:
                extra += "  [other load %.1f CPUs]" % r["other_cpus"]
            log("[%3d/%d] %-22s %-4s round %d %-10s %s%s" % (
                i, nruns, c.key, mm, rnd + 1, tool, val, extra))
            if not r["ok"] and r.get("log_tail"):
                log("    " + "\n    ".join(r["log_tail"][-8:]))

        summary = summarize(cases, runs, mem.modes)
        doc = {"format": 2, "machine": info, "mem": mem.modes, "memory": mem.desc,
               "notes": notes,
               "rounds": args.rounds, "duration_s": args.duration,
               "command": " ".join([os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)] +
                                   sys.argv[1:]),
               "summary": summary, "runs": runs}
        return 1 if report(doc, outdir, args) else 0
    except BenchError as e:
        log("fwd_bench: %s" % e)
        return 1
    except (KeyboardInterrupt, SystemExit):
        log("fwd_bench: interrupted; removing what it made")
        raise
    finally:
        cleanup(state)


if __name__ == "__main__":
    sys.exit(main())
