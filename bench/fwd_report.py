# SPDX-License-Identifier: BSD-3-Clause
"""
fwd_report.py: the summary, table, targets and plot of bench/fwd_bench.py,
from its runs or from a results.json it wrote (--from), either format:

  format 1  one memory mode per run: "memory" a string, no "mem" in the
            runs and summary rows
  format 2  "format": 2, "mem": the modes in run order ("huge", "4k"),
            "memory": {mode: EAL memory options}; every run and summary row
            has "mem"; summary rows have "ratio_min"/"ratio_max" (per-round
            ratios: the two runs of a round are back to back) and "target"
"""
import json
import os
import shutil
import statistics
import subprocess

TOOLS = ("testpmd", "netmem-fwd")
MEM_MODES = ("huge", "4k")           # in the order a round runs them
MEM_NAME = {"huge": "2 MB hugepages", "4k": "4 KiB pages"}
SETUP_NAME = {"null": "net_null", "ring": "net_ring", "veth": "veth+af_packet TCP",
              "vethxdp": "veth+af_xdp TCP"}
VETH_SETUPS = ("veth", "vethxdp")

# The targets, netmem-fwd / testpmd, same run, medians; every lcore
# count ("2 lcores: the same ratios").
HUGE_TARGETS = {"io": 0.75, "mac": 0.85, "macswap": 0.85, "rxonly": 0.6,
                "txonly": 0.85, "txonly-multi": 0.6}
SMALL_TARGETS = {"io": 0.9, "mac": 0.9}          # --no-huge
RING_MAC_TARGET = 0.8      # net_ring mac, like for like (testpmd's io moves pointers)
VETH_TARGET = 0.95         # kernel TCP through the forwarder: the same Gbit/s
SCALE_TARGET = 1.9         # 2-lcore rate / 1-lcore rate, each program


def log(msg):
    print(msg, flush=True)


# ---- summary ----------------------------------------------------------------

def round_ratios(runs, metric):
    """netmem-fwd / testpmd of each round where both ran (back to back)."""
    by = {}
    for r in runs:
        if r.get("ok") and r.get(metric) is not None:
            by.setdefault(r.get("round"), {})[r["tool"]] = r[metric]
    return [v["netmem-fwd"] / v["testpmd"] for _, v in sorted(by.items(), key=lambda x: x[0] or 0)
            if "testpmd" in v and "netmem-fwd" in v and v["testpmd"]]


def target_of(r):
    """The ratio the issue asks of a summary row, or None (no target)."""
    setup, mem, label, mode = r["setup"], r.get("mem"), r["label"], r["mode"]
    if setup == "null":
        if mem == "huge":
            if mode == "txonly":
                return HUGE_TARGETS["txonly-multi" if "seg" in label else "txonly"]
            return HUGE_TARGETS.get(label)
        return SMALL_TARGETS.get(label)
    if setup == "ring" and label == "mac" and mem == "huge":
        return RING_MAC_TARGET
    if setup == "veth" and label == "io":
        return VETH_TARGET
    return None


def summarize(cases, runs, modes):
    """One row per case and memory mode, in case order."""
    out = []
    for c in cases:
        for mem in modes:
            sel = [r for r in runs if r["case"] == c.key and r.get("mem") == mem]
            row = {"case": c.key, "mem": mem, "setup": c.setup, "mode": c.mode,
                   "label": c.label, "cores": c.cores, "frame": c.frame,
                   "txpkts": c.txpkts, "metric": "gbps" if c.metric_is_gbps() else "mpps"}
            for tool in TOOLS:
                rs = [r for r in sel if r["tool"] == tool and r["ok"]]
                bad = [r for r in sel if r["tool"] == tool and not r["ok"]]
                s = {"runs": len(rs), "failed": len(bad)}
                for k in ("mpps", "gbps"):
                    v = [r[k] for r in rs if r.get(k) is not None]
                    if v:
                        s[k] = statistics.median(v)
                        s[k + "_min"], s[k + "_max"] = min(v), max(v)
                if tool == "netmem-fwd" and rs:
                    s["copied_bytes"] = sum(r.get("copied_bytes") or 0 for r in rs)
                    s["hdr_copied_bytes"] = sum(r.get("hdr_copied_bytes") or 0 for r in rs)
                    s["packets"] = sum(r.get("packets") or 0 for r in rs)
                    if c.gro:
                        g = [r["gro"] for r in rs if r.get("gro")]
                        for k in ("in", "out", "merged", "flushes"):
                            s["gro_" + k] = sum(x.get(k) or 0 for x in g)
                if tool == "testpmd" and c.gro:
                    s["note"] = next((r["note"] for r in rs + bad if r.get("note")), None)
                row[tool] = s
            finish_row(row, sel)
            out.append(row)
    return out


def finish_row(row, runs):
    """ratio (median over median), its per-round min..max, the target."""
    m = row["metric"]
    a, b = row["testpmd"].get(m), row["netmem-fwd"].get(m)
    row["ratio"] = b / a if a and b is not None else None
    rr = round_ratios(runs, m)
    row["ratio_min"] = min(rr) if rr else None
    row["ratio_max"] = max(rr) if rr else None
    row["target"] = target_of(row)


def upgrade(doc):
    """A results.json of format 1 in format 2's terms (in place)."""
    if doc.get("format", 1) >= 2:
        return doc
    desc = doc.get("memory") or ""
    mem = "huge" if desc.startswith("hugepages") else "4k"
    doc.update(format=2, mem=[mem], memory={mem: desc})
    for r in doc.get("runs", []):
        r.setdefault("mem", mem)
    for s in doc.get("summary", []):
        s.setdefault("mem", mem)
        finish_row(s, [r for r in doc.get("runs", []) if r["case"] == s["case"]])
    return doc


def modes_of(summary):
    have = {s["mem"] for s in summary}
    return [m for m in MEM_MODES if m in have]


# ---- table ------------------------------------------------------------------

def fmt(v, prec=1):
    if v is None:
        return "-"
    if v >= 100:
        return "%.0f" % v
    return ("%%.%df" % prec) % v


def rng(s, k, unit=""):
    if k not in s:
        return "-"
    if s[k + "_min"] == s[k + "_max"]:
        return "%s%s" % (fmt(s[k]), unit)
    return "%s (%s..%s)%s" % (fmt(s[k]), fmt(s[k + "_min"]), fmt(s[k + "_max"]), unit)


def ratio_cell(r):
    if r is None or r["ratio"] is None:
        return "-"
    out = "%.2f" % r["ratio"]
    if r.get("ratio_min") is not None and r["ratio_max"] > r["ratio_min"]:
        out += " (%.2f..%.2f)" % (r["ratio_min"], r["ratio_max"])
    return out


def frame_of(r):
    if r.get("txpkts") and len(r["txpkts"]) > 1:
        return "+".join(str(x) for x in r["txpkts"])
    if "seg" in r["label"]:                       # format 1: no txpkts
        return "%d in %s" % (r["frame"], r["label"].split("-")[1])
    return str(r["frame"]) if r["frame"] else "MTU 1500"


def cases_of(summary):
    """{case: {mem: row}} and the cases in order."""
    by, order = {}, []
    for s in summary:
        if s["case"] not in by:
            order.append(s["case"])
        by.setdefault(s["case"], {})[s["mem"]] = s
    return by, order


def table(summary):
    """One row per case; testpmd, netmem-fwd (median, min..max) and the
    ratio (median over median, min..max of the rounds) for each memory mode
    side by side. Mpps, Gbit/s for the veth setups."""
    modes = modes_of(summary)
    by, order = cases_of(summary)
    gro_col = any(s["netmem-fwd"].get("gro_flushes") is not None for s in summary)
    hdr = ["setup", "mode", "lcores", "frame"]
    for m in modes:
        hdr += ["%s testpmd" % m, "%s netmem-fwd" % m, "%s ratio" % m]
    hdr.append("copied B/pkt")
    if gro_col:
        hdr.append("netmem-fwd GRO in/out, merged/flush")
    rows = []
    for key in order:
        per = by[key]
        r0 = next(iter(per.values()))
        unit = " Gbit/s" if r0["metric"] == "gbps" else ""
        row = [SETUP_NAME[r0["setup"]], r0["label"] if r0["label"].endswith("+gro")
               else r0["mode"], str(r0["cores"]), frame_of(r0)]
        for m in modes:
            r = per.get(m)
            if r is None:
                row += ["-", "-", "-"]
                continue
            row += [rng(r["testpmd"], r["metric"], unit), rng(r["netmem-fwd"], r["metric"], unit),
                    ratio_cell(r)]
        nf = [per[m]["netmem-fwd"] for m in modes if m in per]
        pk = sum(n.get("packets") or 0 for n in nf)
        cp = "-"
        if pk:
            cp = "%.0f" % (sum(n.get("copied_bytes") or 0 for n in nf) / pk)
            hb = sum(n.get("hdr_copied_bytes") or 0 for n in nf)
            if hb:
                cp += " (+%.0f hdr)" % (hb / pk)
        row.append(cp)
        if gro_col:
            cells = []
            for m in modes:
                n = per[m]["netmem-fwd"] if m in per else {}
                if n.get("gro_flushes") is not None:
                    cells.append("%s%d/%d, %.1f" % (
                        m + " " if len(modes) > 1 else "", n["gro_in"], n["gro_out"],
                        n["gro_merged"] / n["gro_flushes"] if n["gro_flushes"] else 0.0))
            row.append("; ".join(cells) or "-")
        rows.append(row)
    return hdr, rows


def print_table(hdr, rows, markdown=False):
    if markdown:
        lines = ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    w = [max(len(x) for x in col) for col in zip(hdr, *rows)]
    fmtl = lambda r: "  ".join(x.ljust(w[i]) for i, x in enumerate(r)).rstrip()
    return "\n".join([fmtl(hdr), "  ".join("-" * x for x in w)] + [fmtl(r) for r in rows])


# ---- targets ----------------------------------------------------------------

def lcores(n):
    return "%d lcore%s" % (n, "s" if n > 1 else "")


def spread_overlap(a, b, k):
    return b[k + "_max"] >= a[k + "_min"] and a[k + "_max"] >= b[k + "_min"]


def targets(summary):
    """The issue's targets per memory mode, each with a verdict: met, NOT
    met, or (TCP) within noise when the medians differ but the min..max
    spreads overlap."""
    out = []
    for mem in modes_of(summary):
        rows = [s for s in summary if s["mem"] == mem]
        done = set()
        for r in rows:
            t = target_of(r)
            if t is None or r["ratio"] is None:
                continue
            label, detail = r["label"], None
            if r["mode"] == "txonly" and "seg" not in label:
                # the sizes 64..1518 as one target: the lowest ratio
                if r["cores"] in done:
                    continue
                done.add(r["cores"])
                sizes = [s for s in rows if s["mode"] == "txonly" and "seg" not in s["label"]
                         and s["setup"] == r["setup"] and s["cores"] == r["cores"]
                         and s["ratio"] is not None]
                r = min(sizes, key=lambda s: s["ratio"])
                label = "txonly %s (lowest size)" % "..".join(
                    str(s["frame"]) for s in (sizes[0], sizes[-1]) if len(sizes) > 1) \
                    if len(sizes) > 1 else r["label"]
                detail = ", ".join("%d %.2f" % (s["frame"], s["ratio"]) for s in sizes) \
                    if len(sizes) > 1 else None
            name = "%s %s >= %gx testpmd (%s)" % (SETUP_NAME[r["setup"]], label, t,
                                                   lcores(r["cores"]))
            verdict = "met" if r["ratio"] >= t else "NOT met"
            if r["metric"] == "gbps" and verdict != "met" and \
                    spread_overlap(r["testpmd"], r["netmem-fwd"], "gbps"):
                verdict = "within noise (spreads overlap)"
            out.append({"mem": mem, "target": name, "value": round(r["ratio"], 3),
                        "verdict": verdict})
            if detail:
                out[-1]["detail"] = detail
        # 2 lcores against 1, each program, each mode measured with both
        one = {s["label"]: s for s in rows if s["setup"] == "null" and s["cores"] == 1}
        for tool in TOOLS:
            det = []
            for s in rows:
                a = one.get(s["label"])
                if s["setup"] != "null" or s["cores"] != 2 or a is None:
                    continue
                v1, v2 = a[tool].get("mpps"), s[tool].get("mpps")
                if v1 and v2 is not None:
                    det.append((s["label"], v2 / v1))
            if det:
                low = min(v for _, v in det)
                out.append({"mem": mem, "target": "net_null %s 2-lcore rate >= %gx 1-lcore "
                            "(lowest mode)" % (tool, SCALE_TARGET), "value": round(low, 3),
                            "verdict": "met" if low >= SCALE_TARGET else "NOT met",
                            "detail": ", ".join("%s %.2f" % d for d in det)})
        r = next((s for s in rows if s["setup"] == "veth" and s["label"] == "io"), None)
        g = next((s for s in rows if s["setup"] == "veth" and s["label"] == "io+gro"), None)
        if r and g and r["netmem-fwd"].get("gbps") and g["netmem-fwd"].get("gbps"):
            a, b = r["netmem-fwd"], g["netmem-fwd"]
            ratio = b["gbps"] / a["gbps"]
            verdict = "met" if ratio >= 1.0 else \
                "within noise (spreads overlap)" if spread_overlap(a, b, "gbps") else "NOT met"
            out.append({"mem": mem, "target": "veth TCP: netmem-fwd --gro Gbit/s not below "
                        "without (x)", "value": round(ratio, 3), "verdict": verdict})
        if g and g["netmem-fwd"].get("gro_flushes"):
            n = g["netmem-fwd"]
            out.append({"mem": mem, "target": "veth TCP: netmem-fwd --gro merges (skbs in "
                        "per skb out > 1)",
                        "value": round(n["gro_in"] / n["gro_out"], 2) if n["gro_out"] else 0.0,
                        "verdict": "met" if n["gro_out"] and n["gro_in"] > n["gro_out"]
                        else "NOT met"})
    # (not the GRO cases: software GSO of a merged skb writes each segment's
    # headers anew, counted as copied bytes; not AF_XDP: its PMD cannot take
    # page_pool pages as UMEM, so RX copies, counted; docs/datapath.md)
    fw = [s for s in summary if s["mode"] in ("io", "mac", "macswap")
          and not s["label"].endswith("+gro") and s["setup"] != "vethxdp"
          and s["netmem-fwd"].get("packets")]
    if fw:
        cb = sum(s["netmem-fwd"]["copied_bytes"] for s in fw)
        pk = sum(s["netmem-fwd"]["packets"] for s in fw)
        out.append({"mem": "all", "target": "0 payload bytes copied per forwarded packet",
                    "value": cb / pk, "verdict": "met" if cb == 0 else "NOT met"})
    return out


# ---- plot -------------------------------------------------------------------

BAR_MET, BAR_NOT_MET, BAR_NONE = 0x4477aa, 0xee7733, 0xaaaaaa


def short_label(r):
    lab = r["label"]
    if lab.startswith("txonly-"):
        lab = "tx " + ("%d seg" % len(r["txpkts"]) if r.get("txpkts") and len(r["txpkts"]) > 1
                       else lab.split("-")[1])
    if r["cores"] > 1:
        lab += " %dc" % r["cores"]
    return lab


def plot(summary, outdir, title):
    """One panel per setup and memory mode: bars the ratio netmem-fwd /
    testpmd (median over median), whiskers the min..max of the per-round
    ratios, a black dash the target (bar blue when met, orange when not,
    grey without one); under each bar the label and both medians
    (netmem-fwd / testpmd, Mpps or Gbit/s). The panels of a setup share
    their y scale. Returns the PNG path or None."""
    gp = shutil.which("gnuplot")
    if gp is None:
        log("note: gnuplot not found (apt-get install gnuplot-nox): no plot")
        return None
    panels = []          # (setup, mem, rows)
    for setup in SETUP_NAME:
        for mem in MEM_MODES:
            rows = [s for s in summary if s["setup"] == setup and s["mem"] == mem
                    and s["ratio"] is not None]
            if rows:
                panels.append((setup, mem, rows))
    if not panels:
        return None
    ytop = {}
    for setup, _, rows in panels:
        hi = max(max(s["ratio"], s.get("ratio_max") or 0, s.get("target") or 0) for s in rows)
        ytop[setup] = max(ytop.get(setup, 0), 1.2, hi * 1.18)
    png = os.path.join(outdir, "fwd_mpps.png")
    # a panel with many bars gets a row of its own, the others go in pairs
    layout, pair = [], []
    for i, (_, _, rows) in enumerate(panels):
        if len(rows) > 6:
            layout.append([i])
        else:
            pair.append(i)
            if len(pair) == 2:
                layout.append(pair)
                pair = []
    if pair:
        layout.append(pair + [None])      # half the width, as in the other pairs
    width = 1400 if len(panels) > 1 else 900
    row_h, head_h = 300, 80
    height = row_h * len(layout) + head_h
    ph = float(row_h) / height
    place = {}
    for r, ids in enumerate(layout):
        for k, i in enumerate(ids):
            if i is None:
                continue
            place[i] = (k / len(ids), 1 - (head_h + (r + 1) * row_h) / float(height),
                        1.0 / len(ids), ph)
    sub = ("bars: netmem-fwd / testpmd, median over median; whiskers: min..max of the "
           "rounds' ratios (the two runs of a round back to back); black dash: the target"
           "\\nunder each bar: its netmem-fwd / testpmd medians; Nc: N forwarding lcores "
           "(else 1)")
    scr = ['set terminal pngcairo size %d,%d font "DejaVu Sans,9"' % (width, height),
           'set output "%s"' % png,
           "set termoption noenhanced",
           'set multiplot title "%s\\n%s" font ",10"' % (title, sub),
           "set style fill solid 0.85 border -1", "set boxwidth 0.6",
           "set grid ytics",
           "set key at screen 0.99,screen %.4f right top horizontal font ',8' samplen 2"
           % (1 - 58.0 / height),
           "set ytics font ',8'", "set xtics nomirror font ',8'",
           "set bmargin 4", "set tmargin 2", "set lmargin 7",
           "set ylabel 'netmem-fwd / testpmd'",
           "set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 3 "
           "lc rgb '#555555'"]
    for i, (setup, mem, rows) in enumerate(panels):
        dat = os.path.join(outdir, "plot%d.dat" % i)
        unit = "Gbit/s" if rows[0]["metric"] == "gbps" else "Mpps"
        tics = []
        with open(dat, "w") as f:
            f.write("# x ratio min max target rgb label_y\n")
            for x, r in enumerate(rows):
                t = r.get("target")
                rgb = BAR_NONE if t is None else BAR_MET if r["ratio"] >= t else BAR_NOT_MET
                lo = r["ratio"] if r.get("ratio_min") is None else min(r["ratio_min"], r["ratio"])
                hi = r["ratio"] if r.get("ratio_max") is None else max(r["ratio_max"], r["ratio"])
                # the value above the whisker, or above the target's dash
                # when that is close to it
                ly = hi if t is None or abs(t - hi) > 0.07 * ytop[setup] else max(t, hi)
                f.write("%d %.4f %.4f %.4f %s %d %.4f\n" % (x, r["ratio"], lo, hi,
                                                            "NaN" if t is None else t, rgb, ly))
                m = r["metric"]
                tics.append('"%s\\n%s / %s" %d' % (short_label(r), fmt(r["netmem-fwd"][m]),
                                                    fmt(r["testpmd"][m]), x))
        name = "%s, %s (%s)" % (SETUP_NAME[setup], MEM_NAME[mem], unit)
        if setup == "ring" and any(r["label"] == "io" for r in rows):
            name += "; testpmd's io here only moves mbuf pointers between rings: no target"
        x, y, w, h = place[i]
        pad = 0.6 + max(0, 4 - len(rows)) / 2.0     # a few bars stay bar-sized
        scr += ["set origin %.4f,%.4f" % (x, y), "set size %.4f,%.4f" % (w, h),
                'set title "%s" font ",9"' % name,
                "set xrange [%g:%g]" % (-pad, len(rows) - 1 + pad),
                "set yrange [0:%g]" % ytop[setup],
                "set xtics (%s)" % ", ".join(tics)]
        legend = ""
        if i == 0:
            legend = (", keyentry with boxes lc rgb '#%06x' title 'target met'"
                      ", keyentry with boxes lc rgb '#%06x' title 'target not met'"
                      ", keyentry with boxes lc rgb '#%06x' title 'no target'"
                      % (BAR_MET, BAR_NOT_MET, BAR_NONE))
        scr.append(
            ("plot '{d}' using 1:2:6 with boxes lc rgb variable notitle, "
             "'' using ($4>$3 ? $1 : NaN):3:(0):($4-$3) with vectors heads size screen 0.005,90 "
             "lw 1.2 lc rgb 'black' notitle, "
             "'' using ($1-0.42):5:(0.84):(0) with vectors nohead lw 3 lc rgb 'black' notitle, "
             "'' using 1:7:(sprintf('%.2f', $2)) with labels offset 0,0.7 font ',8' notitle"
             "{legend}").format(d=dat, legend=legend))
    scr.append("unset multiplot")
    gpf = os.path.join(outdir, "fwd_mpps.gp")
    with open(gpf, "w") as f:
        f.write("\n".join(scr) + "\n")
    try:
        r = subprocess.run([gp, gpf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=60)
        out, rc = r.stdout, r.returncode
    except subprocess.TimeoutExpired:
        out, rc = "timed out", 1
    if rc != 0 or not os.path.exists(png):
        log("note: gnuplot failed: %s" % out.strip()[-400:])
        return None
    return png


# ---- report -----------------------------------------------------------------

def report(doc, outdir, args):
    """Table, targets, failures and the plot of doc (a run just made or
    one loaded with --from, either format); writes table.md and, with
    --json, results.json (format 2). Returns the number of failed runs."""
    upgrade(doc)
    summary, runs = doc["summary"], doc["runs"]
    hdr, rows = table(summary)
    tg = doc["targets"] = targets(summary)
    other = [r["other_cpus"] for r in runs if r.get("other_cpus") is not None]
    modes = modes_of(summary) or doc.get("mem") or []
    log("")
    log("Forwarding throughput, median of %d round%s x %gs (min..max); ratio netmem-fwd / "
        "testpmd (min..max of the rounds); Mpps, veth Gbit/s" % (
            doc["rounds"], "s" if doc["rounds"] > 1 else "", doc["duration_s"]))
    for m in modes:
        log("memory %-4s = %s" % (m, doc["memory"].get(m, MEM_NAME[m])))
    log(print_table(hdr, rows))
    log("")
    for t in tg:
        log("target %-6s %-66s %-6s %s" % ("[%s]" % t["mem"], t["target"],
                                            "%.3g" % t["value"], t["verdict"]))
        if t.get("detail"):
            log("    %s" % t["detail"])
    for s in summary:
        if s["testpmd"].get("note") and s["mem"] == modes[0]:
            log("note: %s: %s" % (s["case"], s["testpmd"]["note"]))
    if other:
        log("other CPU load during the runs (CPUs busy beyond the forwarder): "
            "median %.2f, max %.2f" % (statistics.median(other), max(other)))
    failed = [r for r in runs if not r["ok"]]
    for r in failed:
        log("failed: %s %s [%s] round %d: %s\n    %s" % (
            r["tool"], r["case"], r.get("mem"), r["round"], r.get("error"), r["cmd"]))
    doc["failed"] = len(failed)
    doc["plot"] = None
    if not args.no_plot:
        info = doc["machine"]
        doc["plot"] = plot(summary, outdir, "netmem-fwd vs dpdk-testpmd, median of %d x %gs, "
                           "%d CPUs%s, %s; %s" % (
                               doc["rounds"], doc["duration_s"], info["cpus"],
                               " (VM)" if info.get("vm") else "", info.get("cpu", "?"),
                               " and ".join(MEM_NAME[m] for m in modes)))
        if doc["plot"]:
            log("plot: %s" % doc["plot"])
    with open(os.path.join(outdir, "table.md"), "w") as f:
        f.write(print_table(hdr, rows, markdown=True) + "\n")
    if args.json:
        path = os.path.join(outdir, "results.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
        log("json: %s" % path)
        brief = {"memory": doc["memory"], "failed": len(failed), "out": outdir,
                 "cases": [{"case": x["case"], "mem": x["mem"], "metric": x["metric"],
                            "testpmd": x["testpmd"].get(x["metric"]),
                            "netmem_fwd": x["netmem-fwd"].get(x["metric"]),
                            "ratio": x["ratio"]} for x in summary]}
        print(json.dumps(brief), flush=True)
    return len(failed)
