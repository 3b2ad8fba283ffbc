#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes a seed corpus for fuzz_gso: valid TCPv4/TCPv6/UDP GSO packets
(with and without a VLAN tag, IPv4 and TCP options) behind the 8 parameter
bytes fuzz_gso.c reads, over several feature sets, MSS and layouts.

    python3 tests/fuzz/gso_seeds.py DIR
"""
import os
import random
import struct
import sys


def ip4(plen, proto, opt):
    ihl = 5 + opt // 4
    hdr = bytes([0x40 | ihl, 0]) + struct.pack('>H', ihl * 4 + plen)
    hdr += bytes([0x12, 0x34, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2])
    return hdr + b'\x01' * opt


def ip6(plen, proto):
    return bytes([0x60, 0, 0, 0]) + struct.pack('>HBB', plen, proto, 64) + bytes(range(32))


def tcp(opt):
    return struct.pack('>HHIIBBHHH', 1234, 80, 1000, 2000, ((20 + opt) // 4) << 4, 0x18,
                       65535, 0, 0) + b'\x01' * opt


def udp(length):
    return struct.pack('>HHHH', 5000, 6000, length, 0)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'fuzz_gso_seeds'
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(1)
    eth = b'\x02' * 6 + b'\x04' * 6
    n = 0
    for v6 in (0, 1):
        for l4 in ('tcp', 'udp'):
            for vlan in (0, 1):
                pay = bytes(rnd.randrange(256) for _ in range(rnd.choice([3000, 1500, 700])))
                l4h = tcp(rnd.choice([0, 12])) if l4 == 'tcp' else udp(8 + len(pay))
                l4b = l4h + pay
                proto = 6 if l4 == 'tcp' else 17
                ip = ip6(len(l4b), proto) if v6 else ip4(len(l4b), proto, rnd.choice([0, 8]))
                et = b'\x86\xdd' if v6 else b'\x08\x00'
                pkt = eth + ((b'\x81\x00\x00\x05' + et) if vlan else et) + ip + l4b
                gso = 2 if l4 == 'udp' else (1 if v6 else 0)
                for feat in (0x00, 0x01, 0x03, 0x13, 0x21, 0x41):
                    for lin in (0, 8, 255):
                        mss = rnd.choice([500, 1000, 1448, 333])
                        params = bytes([gso | (0x20 if rnd.random() < 0.3 else 0),
                                        mss & 255, mss >> 8, feat, lin, rnd.randrange(256),
                                        1 | (2 if rnd.random() < 0.2 else 0),
                                        rnd.randrange(256)])
                        with open(os.path.join(out, 'seed%03d' % n), 'wb') as f:
                            f.write(params + pkt)
                        n += 1
    print('%d seeds in %s' % (n, out))


if __name__ == '__main__':
    main()
