# SPDX-License-Identifier: BSD-3-Clause
"""What the Python end-to-end tests share: the skip code, a shell helper, the
checks a netmem-fwd test starts with, and the sha256 file server and client
they run inside network namespaces (python3 -c SERVER ADDR PORT / CLIENT ADDR
PORT FILE; IPv4 or IPv6)."""
import os
import shutil
import subprocess
import sys

SKIP = 77

SERVER = r'''
import hashlib, socket, sys
fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
s = socket.socket(fam); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(60)
c, _ = s.accept(); c.settimeout(60); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    h.update(b); n += len(b)
c.sendall(('%d %s\n' % (n, h.hexdigest())).encode()); c.close()
'''
CLIENT = r'''
import socket, sys, time
data = open(sys.argv[3], 'rb').read()
end = time.monotonic() + 20
while True:
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5); break
    except OSError:
        if time.monotonic() > end:
            raise
        time.sleep(0.1)
s.settimeout(60); s.sendall(data); s.shutdown(socket.SHUT_WR)
r = b''
while not r.endswith(b'\n'):
    b = s.recv(256)
    if not b:
        break
    r += b
print(r.decode().strip())
'''


def sh(cmd, check=True):
    r = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if check and r.returncode != 0:
        raise AssertionError('%s: %s' % (cmd, r.stdout.strip()))
    return r


def skip(why):
    print('skipped: ' + why)
    sys.exit(SKIP)


def need_fwd(tools, why_root):
    """The checks every netmem-fwd end-to-end test starts with: root (@why_root
    says what for), the @tools on PATH and NM_FWD naming the program; skips
    (77) with the reason otherwise. Returns NM_FWD, stdout line-buffered."""
    if os.geteuid() != 0:
        skip('needs root to ' + why_root)
    for t in tools:
        if shutil.which(t) is None:
            skip('%s not found' % t)
    fwd = os.environ.get('NM_FWD')
    if not fwd or not os.access(fwd, os.X_OK):
        skip('NM_FWD does not name the netmem-fwd program')
    sys.stdout.reconfigure(line_buffering=True)
    return fwd
