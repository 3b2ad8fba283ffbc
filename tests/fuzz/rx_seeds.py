#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes seed corpora for fuzz_rx and fuzz_fwd: Ethernet frames a port
receives (IPv4 with and without options, IPv6, TCP, UDP, ICMP, ARP, one or
two VLAN tags, runts, IHL and data offsets below 5, truncated headers,
jumbo frames; for fuzz_fwd also netmem-fwd's generator packets, which its
--verify checker accepts) behind the 8 parameter bytes each target reads, over its
ports, mbuf layouts and offload settings.

    python3 tests/fuzz/rx_seeds.py rx DIR
    python3 tests/fuzz/rx_seeds.py fwd DIR
"""
import os
import random
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('>%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(payload, proto, opt=0, ihl=None, good=True):
    hl = 5 + opt // 4 if ihl is None else ihl
    h = bytearray(bytes([0x40 | hl, 0]) + struct.pack('>H', 20 + opt + len(payload)) +
                  bytes([0x12, 0x34, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]) +
                  b'\x01' * opt)
    if good:
        h[10:12] = struct.pack('>H', csum(bytes(h)))
    return bytes(h) + payload


def ip6(payload, proto):
    return bytes([0x60, 0, 0, 0]) + struct.pack('>HBB', len(payload), proto, 64) + \
        bytes(range(32)) + payload


def tcp(pay, opt=0, doff=None):
    d = (20 + opt) // 4 if doff is None else doff
    return struct.pack('>HHIIBBHHH', 1234, 80, 1000, 2000, d << 4, 0x18, 65535, 0x1111, 0) + \
        b'\x01' * opt + pay


def udp(pay):
    return struct.pack('>HHHH', 5000, 6000, 8 + len(pay), 0x2222) + pay


def gen_packet(seq, n, udp_csum):
    """What netmem-fwd's generator sends (fwd_gen_check()): UDP payload
    "NMFW", the sequence number, then bytes (seq + i) & 255."""
    pl = b'NMFW' + struct.pack('>I', seq) + bytes((seq + i) & 255 for i in range(8, n))
    u = bytearray(struct.pack('>HHHH', 9, 9, 8 + len(pl), 0) + pl)
    ip = ip4(bytes(u), 17)
    if udp_csum:
        ph = ip[12:20] + struct.pack('>BBH', 0, 17, len(u))
        c = csum(ph + bytes(u)) or 0xffff
        u[6:8] = struct.pack('>H', c)
        ip = ip[:20] + bytes(u)
    return b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00' + ip


def frames(rnd):
    eth = b'\x02' * 6 + b'\x04' * 6
    pay = lambda n: bytes(rnd.randrange(256) for _ in range(n))
    out = []
    for n in (0, 18, 1000, 1460, 3000, 9000):
        out.append(eth + b'\x08\x00' + ip4(tcp(pay(n)), 6))
        out.append(eth + b'\x08\x00' + ip4(udp(pay(n)), 17, opt=8))
        out.append(eth + b'\x86\xdd' + ip6(tcp(pay(n), opt=12), 6))
        out.append(eth + b'\x86\xdd' + ip6(udp(pay(n)), 17))
    out.append(eth + b'\x81\x00\x00\x05\x08\x00' + ip4(tcp(pay(2000)), 6))
    out.append(eth + b'\x88\xa8\x00\x07\x81\x00\x00\x05\x86\xdd' + ip6(udp(pay(100)), 17))
    out.append(eth + b'\x08\x00' + ip4(pay(40), 1))
    out.append(eth + b'\x08\x06' + pay(28))
    for ihl in (0, 1, 4, 15):
        out.append(eth + b'\x08\x00' + ip4(tcp(pay(2000)), 6, ihl=ihl, good=False))
    for doff in (0, 3, 15):
        out.append(eth + b'\x08\x00' + ip4(tcp(pay(2000), doff=doff), 6))
    out.append(eth + b'\x08\x00' + ip4(tcp(pay(100)), 6, good=False))
    good = eth + b'\x08\x00' + ip4(tcp(pay(200)), 6)
    for cut in (1, 13, 14, 20, 34, 40, 53):
        out.append(good[:cut])
    return out


def gen_frames():
    return [gen_packet(s, n, c) for s, n, c in
            ((1, 18, 0), (7, 100, 1), (300, 1458, 1), (5, 4000, 0), (9, 0, 0))]


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else 'rx'
    out = sys.argv[2] if len(sys.argv) > 2 else 'fuzz_%s_seeds' % which
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    n = 0
    for f in frames(rnd):
        for k in range(4):
            if which == 'rx':
                b0 = (k % 3) | (4 if k == 3 else 0) | ((k % 3 + 1) << 3) | \
                    (0x80 if k == 1 else 0) | (0x40 if k == 2 else 0)
                gso = rnd.choice([0, 1, 2, 3]) | (4 if rnd.random() < 0.5 else 0) | 8
                mss = rnd.choice([500, 1000, 1448])
                params = bytes([b0, rnd.choice([0, 1, 2, 5, 17]), 5, 0,
                                gso | (rnd.randrange(16) << 4), mss & 255, mss >> 8,
                                rnd.randrange(256)])
            else:
                b0 = (k % 3) | (4 if k == 3 else 0) | ((k % 3 + 1) << 3) | \
                    (0x20 if k % 2 else 0) | (0x40 if k == 2 else 0)
                mtu = rnd.choice([1500, 1000, 576, 9000]) - 68
                params = bytes([b0, rnd.choice([0, 2, 4]), 5, 0, rnd.randrange(256),
                                mtu & 255, mtu >> 8, rnd.randrange(256)])
            with open(os.path.join(out, 'seed%03d' % n), 'wb') as fh:
                fh.write(params + f)
            n += 1
    if which == 'fwd':
        for f in gen_frames():
            for k in range(4):
                # the --verify checker over each port and layout
                b0 = 0x80 | (k % 3) | (4 if k == 3 else 0) | ((k % 3 + 1) << 3)
                params = bytes([b0, 0, 0, 0, 0, 0, 0, rnd.randrange(256)])
                with open(os.path.join(out, 'seed%03d' % n), 'wb') as fh:
                    fh.write(params + f)
                n += 1
    print('%d seeds in %s' % (n, out))


if __name__ == '__main__':
    main()
