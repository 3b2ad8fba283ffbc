#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks that libnetmem's #include lines point only down the layers.

    check_layers.py SRCDIR LIB=BELOW,BELOW ... [--self-test]

The layer table comes from lib/meson.build (the same table the build uses
for each sub-library's include folders): LIB=BELOW,... for each folder of
lib/, in order. The rules:

- a lib folder names only folders listed before it (the table points down);
- a file of lib/LIB includes a private header ("x.h" or <x.h> found in a
  folder of lib/ or drivers/) only from LIB itself or the folders it names;
  never a header of drivers/;
- a file of drivers/net/* includes only its own folder's headers and, of
  libnetmem's, <netmem/port_driver.h>;
- a file of drivers/mem/* includes only its own folder's headers and the
  public <netmem/...> headers, not <netmem/port_driver.h>.

The compiler already refuses most of these (each part is built with its
own include folders); this check also catches what an include folder
cannot: a driver reaching past its driver-facing header into the public
API, and a table that points up. --self-test plants violations in a
scratch tree and checks that each is reported and a clean tree is not.
"""
import os
import re
import sys
import tempfile

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

# Known exceptions, (including folder, header): each with the reason.
# (folder, header) pairs allowed against the rules: none.
EXCEPTIONS = set()

NET_DRIVER_API = {'netmem/port_driver.h'}


def parse_table(args):
    order, below = [], {}
    for a in args:
        name, _, rest = a.partition('=')
        order.append(name)
        below[name] = [b for b in rest.split(',') if b]
    return order, below


def folders(root, top):
    """Folders under root/top holding source files, as 'top/a/b' paths."""
    out = []
    base = os.path.join(root, top)
    for d, _, files in os.walk(base):
        if any(f.endswith(('.c', '.h')) for f in files):
            out.append(os.path.relpath(d, root))
    return sorted(out)


def headers_by_name(root, dirs):
    """header file name -> folders that hold it."""
    where = {}
    for d in dirs:
        for f in os.listdir(os.path.join(root, d)):
            if f.endswith('.h'):
                where.setdefault(f, []).append(d)
    return where


def includes(path):
    with open(path, encoding='utf-8', errors='replace') as fh:
        for n, line in enumerate(fh, 1):
            m = INCLUDE_RE.match(line)
            if m:
                yield n, m.group(1), m.group(2)


def check(root, order, below):
    errors = []
    for i, lib in enumerate(order):
        for b in below[lib]:
            if b not in order[:i]:
                errors.append('lib/meson.build: %s names %s, which is not a layer below it'
                              % (lib, b))
    lib_dirs = folders(root, 'lib')
    drv_dirs = folders(root, 'drivers')
    where = headers_by_name(root, lib_dirs + drv_dirs)
    public = set()
    inc_root = os.path.join(root, 'include')
    for d, _, files in os.walk(inc_root):
        for f in files:
            if f.endswith('.h'):
                public.add(os.path.relpath(os.path.join(d, f), inc_root))

    for d in lib_dirs + drv_dirs:
        if d.startswith('lib/'):
            lib = d.split('/')[1]
            if lib not in below:
                errors.append('%s: not in the layer table of lib/meson.build' % d)
                continue
            allowed = {d} | {'lib/' + b for b in below[lib]}
        else:
            allowed = {d}
        for f in sorted(os.listdir(os.path.join(root, d))):
            if not f.endswith(('.c', '.h', '.c.in')):
                continue
            rel = os.path.join(d, f)
            for n, kind, name in includes(os.path.join(root, rel)):
                where_ = rel + ':%d: #include %s%s%s' % (
                    n, kind, name, '"' if kind == '"' else '>')
                base = os.path.basename(name)
                # "x.h" or "../lib/skb/x.h" by its file name; <x.h> too,
                # but not <netmem/...>, <linux/...>: public names.
                homes = where.get(base, []) if kind == '"' or '/' not in name else []
                if homes:
                    if not any(h in allowed for h in homes) and \
                            (d, base) not in EXCEPTIONS:
                        errors.append('%s: %s is private to %s' % (
                            where_, base, ', '.join(homes)))
                    continue
                if not name.startswith('netmem/') or name not in public:
                    continue
                if d.startswith('drivers/net/') and name not in NET_DRIVER_API:
                    errors.append('%s: a NIC driver sees only <netmem/port_driver.h>'
                                  % where_)
                if d.startswith('drivers/mem/') and name in NET_DRIVER_API:
                    errors.append('%s: a memory provider does not see the NIC driver API'
                                  % where_)
    return errors


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as fh:
        fh.write(text)


def self_test():
    order, below = parse_table(['netmem=', 'skb=netmem', 'port=skb,netmem'])
    with tempfile.TemporaryDirectory() as root:
        write(root, 'include/netmem/port_driver.h', '')
        write(root, 'include/netmem/skbuff.h', '')
        write(root, 'include/netmem/page_pool/memory_provider.h', '')
        write(root, 'lib/netmem/netmem_priv.h', '')
        write(root, 'lib/netmem/page.c', '#include "netmem_priv.h"\n')
        write(root, 'lib/skb/skb_priv.h', '#include "netmem_priv.h"\n')
        write(root, 'lib/port/port_priv.h', '#include "skb_priv.h"\n')
        write(root, 'lib/port/port.c', '#include <netmem/port_driver.h>\n'
              '#include "port_priv.h"\n')
        write(root, 'drivers/net/x/x.c', '#include <rte_ethdev.h>\n'
              '#include <netmem/port_driver.h>\n#include "x.h"\n')
        write(root, 'drivers/net/x/x.h', '')
        write(root, 'drivers/mem/devmem/devmem_priv.h', '')
        write(root, 'drivers/mem/devmem/devmem.c',
              '#include <netmem/page_pool/memory_provider.h>\n'
              '#include <netmem/skbuff.h>\n#include "devmem_priv.h"\n')
        clean = check(root, order, below)
        if clean:
            print('self-test: a clean tree reported:\n  ' + '\n  '.join(clean))
            return 1
        planted = {
            'lib/skb/bad.c': '#include "port_priv.h"\n',		# upward
            'lib/skb/bad2.c': '#include "../port/port_priv.h"\n',	# by a path
            'lib/netmem/bad.c': '#include "x.h"\n',			# a driver's
            'lib/port/bad.c': '#include "devmem_priv.h"\n',	# a provider's
            'drivers/net/x/bad.c': '#include "skb_priv.h"\n',	# lib private
            'drivers/net/x/bad2.c': '# include <netmem/skbuff.h>\n',	# past its API
            'drivers/mem/devmem/bad.c': '#include <netmem/port_driver.h>\n',
        }
        for rel, text in planted.items():
            write(root, rel, text)
        bad_below = dict(below, netmem=['port'])
        errors = check(root, order, bad_below)
        missing = [rel for rel in planted if not any(e.startswith(rel + ':') for e in errors)]
        if not any(e.startswith('lib/meson.build: netmem names port') for e in errors):
            missing.append('the table pointing up')
        if missing or len(errors) != len(planted) + 1:
            print('self-test: planted violations not reported as such: %s\n  %s'
                  % (missing, '\n  '.join(errors)))
            return 1
    print('self-test: %d planted violations reported, clean tree passes'
          % (len(planted) + 1))
    return 0


def main(argv):
    if '--self-test' in argv:
        return self_test()
    if len(argv) < 2:
        print(__doc__)
        return 2
    order, below = parse_table(argv[1:])
    errors = check(argv[0], order, below)
    for e in errors:
        print(e)
    if errors:
        print('%d #include line(s) against the layer order' % len(errors))
        return 1
    print('layers: %d lib folders, includes point down' % len(order))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
