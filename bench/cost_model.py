#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Per-packet cost model of netmem-fwd and dpdk-testpmd, stage by stage.

Both programs run the same forwarding mode on two net_null ports under
valgrind's callgrind with its cache simulation, twice: for a short and a
long time. The difference between the two runs, divided by the difference
in packets, is the steady-state cost of one packet: start-up, set-up and
tear-down cancel out, so a stripped binary (Debian's dpdk-testpmd) needs no
symbols. Costs are attributed to stages by object and function:

  PMD RX+TX     the net_null PMD's own code (librte_net_null)
  mempool       mempool ring/stack ops (cache flushes and refills)
  TLS           __tls_get_addr: rte_lcore_id() from a shared library
  RX skb build  nm_rx_burst (mbuf -> skb, the PMD call excluded)
  TX plan       nm_tx_burst and its helpers (skb -> mbuf)
  free/recycle  skb frees and page_pool puts
  program       the rest of the forwarding program (its loop, statistics)

Per stage: instructions (Ir), data reads + writes (Dr+Dw, each is one
cache line touched or more) and first-level data cache misses of
callgrind's simulated cache (D1mr+D1mw: lines that had to come in). No TLB
is simulated: the figures are the same at hugepages and at 4 KiB pages;
what the pages change is the TLB misses the rates of bench/fwd_bench.py
show. Usage: bench/cost_model.py [--modes io,rxonly] [--short 2 --long 6].
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENTS = ("Ir", "Dr", "Dw", "D1mr", "D1mw")

STAGES = ("PMD RX+TX", "mempool", "TLS", "RX skb build", "TX plan", "free/recycle", "program")


def stage_of(obj, fn):
    """The stage a function's own cost belongs to."""
    base = os.path.basename(obj)
    if "net_null" in base:
        return "PMD RX+TX"
    if "mempool" in base:
        return "mempool"
    if "tls_get_addr" in fn:
        return "TLS"
    if base.startswith("libnetmem") or base.startswith("netmem-fwd"):
        if fn.startswith("nm_rx_burst") or fn.startswith("rx_"):
            return "RX skb build"
        if fn.startswith("nm_tx") or fn.startswith("tx_") or "tx_plan" in fn:
            return "TX plan"
        if re.match(r"(napi_consume_skb|kfree_skb|consume_skb|__kfree|skb_release|"
                    r"nm_skb_release|page_pool_|__page_pool|nm_skb_struct_free|"
                    r"nm_skb_head_free|__nm_skb_head_free|kfree_skbmem)", fn):
            return "free/recycle"
    return "program"


def parse_callgrind(path):
    """{(object, function): [events]} of a callgrind output file (self cost)."""
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--show=" + ",".join(EVENTS),
                          path], capture_output=True, text=True, check=True).stdout
    costs = {}
    started = False
    for line in out.splitlines():
        if "file:function" in line:
            started = True
            continue
        if not started or not line.strip() or line.startswith("-"):
            continue
        m = re.match(r"\s*([\d,]+ (?:\([^)]*\)\s+)?)+", line)
        nums = re.findall(r"([\d,]+|\.)\s+(?:\([^)]*\)\s+)?", line[:m.end()] if m else "")
        if len(nums) < len(EVENTS):
            continue
        vals = [0 if n == "." else int(n.replace(",", "")) for n in nums[:len(EVENTS)]]
        rest = line[m.end():].strip()
        mm = re.match(r"(.*):(\S+)\s+\[(.*)\]$", rest)
        if mm:
            fn, obj = mm.group(2), mm.group(3)
        else:
            fn, obj = rest, "?"
        key = (obj, fn)
        costs[key] = [a + b for a, b in zip(costs.get(key, [0] * len(EVENTS)), vals)]
    return costs


def eal_args():
    return ["--no-pci", "--no-huge", "-m", "1024", "-l", "0,1", "--vdev", "net_null0",
            "--vdev", "net_null1", "--log-level=lib.eal:error"]


def run_netmem(binary, mode, secs, out, extra):
    cmd = ["valgrind", "--tool=callgrind", "--cache-sim=yes", "--callgrind-out-file=" + out,
           binary] + eal_args() + ["--", "--forward-mode=" + mode, "--duration=%g" % secs,
                                   "--json"] + extra
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    for line in reversed(res.stdout.splitlines()):
        if line.startswith("{"):
            import json
            j = json.loads(line)
            return j["rx_packets"] if mode == "rxonly" else j["tx_packets"]
    raise RuntimeError("netmem-fwd gave no JSON:\n" + res.stdout[-2000:] + res.stderr[-2000:])


def run_testpmd(binary, mode, secs, out, extra):
    # stdbuf: testpmd's stdout is a pipe here, its prompt must not wait in a buffer.
    cmd = ["stdbuf", "-oL", "valgrind", "--tool=callgrind", "--cache-sim=yes",
           "--callgrind-out-file=" + out,
           binary] + eal_args() + ["--", "--forward-mode=" + mode, "-a", "--no-lsc-interrupt",
                                   "--no-rmv-interrupt"] + extra
    # testpmd forwards until a line arrives on its stdin, then prints totals:
    # the line goes @secs after it says it forwards (start-up under valgrind
    # takes long and varies).
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    head = []
    for line in p.stdout:
        head.append(line)
        if "Press enter to exit" in line:
            break
    time.sleep(secs)
    stdout, _ = p.communicate(input="\n", timeout=600)
    stdout = "".join(head) + stdout
    m = re.search(r"Accumulated forward statistics.*?RX-packets:\s+(\d+).*?TX-packets:\s+(\d+)",
                  stdout, re.S)
    if not m:
        raise RuntimeError("testpmd printed no totals:\n" + stdout[-2000:])
    return int(m.group(1)) if mode == "rxonly" else int(m.group(2))


def measure(prog, binary, mode, short, long_, tmp, extra):
    fn = run_netmem if prog == "netmem-fwd" else run_testpmd
    out = os.path.join(tmp, "%s.%s.short" % (prog, mode))
    p0 = fn(binary, mode, short, out, extra)
    c0 = parse_callgrind(out)
    # The long run must forward clearly more (a busy machine can starve a
    # run under valgrind): longer until it does, three tries.
    for k in range(3):
        out = os.path.join(tmp, "%s.%s.long%d" % (prog, mode, k))
        p1 = fn(binary, mode, long_ * (k + 1), out, extra)
        if p1 >= 1.5 * p0:
            break
    else:
        raise RuntimeError("%s %s: the long run forwarded %d packets, the short %d"
                           % (prog, mode, p1, p0))
    c1 = parse_callgrind(out)
    dp = p1 - p0
    per = {s: [0.0] * len(EVENTS) for s in STAGES}
    for key in set(c0) | set(c1):
        a = c0.get(key, [0] * len(EVENTS))
        b = c1.get(key, [0] * len(EVENTS))
        st = stage_of(*key)
        for i in range(len(EVENTS)):
            per[st][i] += (b[i] - a[i]) / dp
    return per, dp


def table(mode, results):
    lines = ["", "mode %s: per packet, steady state (long run minus short run)" % mode, ""]
    hdr = "| stage | " + " | ".join("%s Ir | Dr+Dw | D1 miss" % p for p in results) + " |"
    lines.append(hdr)
    lines.append("|---|" + "---|---|---|" * len(results))
    tot = {p: [0.0] * len(EVENTS) for p in results}
    for st in STAGES:
        cells = []
        for p, (per, _) in results.items():
            v = per[st]
            tot[p] = [a + b for a, b in zip(tot[p], v)]
            cells.append("%.1f | %.1f | %.2f" % (v[0], v[1] + v[2], v[3] + v[4]))
        if all(abs(results[p][0][st][0]) < 0.05 for p in results):
            continue
        lines.append("| %s | %s |" % (st, " | ".join(cells)))
    lines.append("| **total** | %s |" % " | ".join(
        "%.1f | %.1f | %.2f" % (v[0], v[1] + v[2], v[3] + v[4]) for v in tot.values()))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modes", default="io,rxonly,mac")
    ap.add_argument("--short", type=float, default=2.0, help="seconds of the short run")
    ap.add_argument("--long", type=float, default=6.0, help="seconds of the long run")
    ap.add_argument("--testpmd", default=shutil.which("dpdk-testpmd") or "dpdk-testpmd")
    ap.add_argument("--netmem-fwd", default=os.path.join(ROOT, "build/examples/fwd/netmem-fwd"))
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("cost_model: valgrind is not installed (apt-get install valgrind)")
        return 77
    with tempfile.TemporaryDirectory(prefix="nm-cost-") as tmp:
        for mode in args.modes.split(","):
            results = {}
            for prog, binary in (("testpmd", args.testpmd), ("netmem-fwd", args.netmem_fwd)):
                results[prog] = measure(prog, binary, mode, args.short, args.long, tmp, [])
            print(table(mode, results), flush=True)
            print("packets (long - short): " + ", ".join(
                "%s %d" % (p, r[1]) for p, r in results.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
