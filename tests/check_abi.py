#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks libnetmem's ABI: symbol namespace, version nodes, experimental marks.

    check_abi.py SRCDIR LIBNETMEM_SO LIBNETMEM_A [--readelf P] [--nm P]
    check_abi.py --self-test

What the public headers (include/netmem/**/*.h) declare is the API:

- every NM_API function or object whose C name is a kernel name (not
  nm_* or __nm_*) has its link name in <netmem/ksym.h>: NM_KSYM(name),
  symbol nm_linux_<name>; no NM_KSYM() line names anything else;
- experimental is what a header marks NM_EXPERIMENTAL (on the declaration)
  or lists as NM_EXPERIMENTAL_API(name) (after it); the name must be NM_API.

lib/libnetmem.map holds one node per release (NETMEM_<major>.<minor>, none
newer than VERSION) and EXPERIMENTAL, each an explicit list (no wildcards);
`local: *` hides the rest. The rules:

- each API symbol is in exactly one node; the map names no other symbol;
- the EXPERIMENTAL node holds exactly the experimental symbols;
- libnetmem.so's dynamic symbol table defines only symbols of the namespace
  (nm_*, __nm_*: nm_linux_* included) besides the version nodes, every API
  symbol under the version of its node, and references no API symbol by
  its bare kernel name;
- libnetmem.a defines no global symbol outside the namespace (a static
  link must not collide with a program's own alloc_pages()), and no object
  of it references an API kernel name bare (a caller that missed
  <netmem/ksym.h>, which would bind to someone else's symbol).

--self-test runs the same checks over a small planted tree and symbol
tables: a clean one passes, each planted violation is reported.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

NAMESPACE = ('nm_', '__nm_')
KSYM_PREFIX = 'nm_linux_'
EXPERIMENTAL_NODE = 'EXPERIMENTAL'
STABLE_NODE_RE = re.compile(r'^NETMEM_(\d+)\.(\d+)$')
KSYM_RE = re.compile(r'^\s*NM_KSYM\((\w+)\)', re.M)
EXP_API_RE = re.compile(r'^\s*NM_EXPERIMENTAL_API\((\w+)\)\s*;', re.M)


# What a sanitizer adds to the name of a global of its own accord (ASan's
# ODR indicators): the name after it is what counts.
TOOL_PREFIXES = ('__odr_asan.', '__odr_asan_gen_')


def in_namespace(name):
    for p in TOOL_PREFIXES:
        if name.startswith(p):
            name = name[len(p):]
    return name.startswith(NAMESPACE)


def link_name(name):
    """The symbol a C name of the API links as."""
    return name if in_namespace(name) else KSYM_PREFIX + name


def mask_comments(text):
    """text with its comments blanked (newlines kept, so offsets hold)."""
    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*', blank, text, flags=re.S)


def _skip_parens(text, i):
    """Index just past the ')' matching the '(' at text[i]."""
    depth = 0
    while i < len(text):
        if text[i] == '(':
            depth += 1
        elif text[i] == ')':
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def decl_name(decl):
    """The declared name of the text between NM_API and its ';' or '{'."""
    i = 0
    while True:
        m = re.compile(r'\b(\w+)\s*\(').search(decl, i)
        if not m:
            # an object: its name is the last identifier
            ids = re.findall(r'[A-Za-z_]\w*', decl)
            return ids[-1] if ids else None
        if m.group(1) in ('__attribute__', '__typeof__', 'NM_EXPERIMENTAL'):
            i = _skip_parens(decl, m.end() - 1)
            continue
        return m.group(1)


def api_decls(path):
    """[(name, marked NM_EXPERIMENTAL, line)] of the NM_API declarations."""
    with open(path, encoding='utf-8') as fh:
        text = mask_comments(fh.read())
    out = []
    for m in re.finditer(r'\bNM_API\b', text):
        bol = text.rfind('\n', 0, m.start()) + 1
        if text[bol:m.start()].lstrip().startswith('#'):
            continue		# the macro's own definition
        ends = [e for e in (text.find(';', m.end()), text.find('{', m.end())) if e >= 0]
        decl = text[m.end():min(ends)] if ends else text[m.end():]
        name = decl_name(decl)
        if name:
            out.append((name, bool(re.search(r'\bNM_EXPERIMENTAL\b', decl)),
                        text.count('\n', 0, m.start()) + 1))
    return out


def read_headers(srcdir):
    """(api {name: (rel path, line)}, experimental {name: where},
    ksym {name: where}, errors) of include/netmem."""
    api, experimental, ksym, errors = {}, {}, {}, []
    base = os.path.join(srcdir, 'include')
    for d, _, files in sorted(os.walk(os.path.join(base, 'netmem'))):
        for f in sorted(files):
            if not f.endswith('.h'):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, base)
            for name, marked, line in api_decls(path):
                where = '%s:%d' % (rel, line)
                if name in api:
                    errors.append('%s: %s is NM_API in %s:%d too' % (where, name, *api[name]))
                api[name] = (rel, line)
                if marked:
                    experimental[name] = where
            with open(path, encoding='utf-8') as fh:
                text = mask_comments(fh.read())
            for m in KSYM_RE.finditer(text):
                ksym[m.group(1)] = '%s:%d' % (rel, text.count('\n', 0, m.start()) + 1)
            for m in EXP_API_RE.finditer(text):
                experimental[m.group(1)] = '%s:%d' % (rel, text.count('\n', 0, m.start()) + 1)
    return api, experimental, ksym, errors


def parse_map(text):
    """[(node, [global symbols], [local patterns], parent)] of a version script."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'#[^\n]*', ' ', text)
    nodes = []
    for m in re.finditer(r'([\w.]+)\s*\{(.*?)\}\s*([\w.]*)\s*;', text, flags=re.S):
        glob, local, cur = [], [], None
        for tok in re.split(r'(global:|local:|;)', m.group(2)):
            tok = tok.strip()
            if tok in ('global:', 'local:'):
                cur = glob if tok == 'global:' else local
            elif tok and tok != ';':
                (cur if cur is not None else glob).append(tok)
        nodes.append((m.group(1), glob, local, m.group(3) or None))
    return nodes


def parse_dynsyms(text):
    """[(name, version or None, defined)] of `readelf --dyn-syms -W`."""
    out = []
    for line in text.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(':') or not f[0][:-1].isdigit():
            continue
        if f[4] not in ('GLOBAL', 'WEAK', 'UNIQUE', 'GNU_UNIQUE'):
            continue
        name, _, ver = f[7].partition('@')
        out.append((name, ver.lstrip('@') or None, f[6] != 'UND', f[6]))
    return out


def parse_archive(text):
    """[(object, name, defined)] of `nm -g` over an archive."""
    out, obj = [], '?'
    for line in text.splitlines():
        if line.endswith(':') and ' ' not in line:
            obj = line[:-1]
            continue
        f = line.split()
        if len(f) == 2 and f[0] in ('U', 'w', 'v'):
            out.append((obj, f[1], False))
        elif len(f) == 3:
            out.append((obj, f[2], f[1] not in ('U', 'w', 'v')))
    return out


def check(srcdir, map_text, dynsyms_text, archive_text, version):
    api, experimental, ksym, errors = read_headers(srcdir)
    # the headers: link names and marks
    for name, (rel, line) in sorted(api.items()):
        if not in_namespace(name) and name not in ksym:
            errors.append('%s:%d: %s is a kernel name without NM_KSYM(%s) in <netmem/ksym.h>'
                          % (rel, line, name, name))
    for name, where in sorted(ksym.items()):
        if name not in api:
            errors.append('%s: NM_KSYM(%s) names no NM_API declaration' % (where, name))
    for name, where in sorted(experimental.items()):
        if name not in api:
            errors.append('%s: experimental %s is not NM_API' % (where, name))
    expected = {link_name(n): n for n in api}
    exp_syms = {link_name(n) for n in experimental if n in api}

    # the version map
    nodes = parse_map(map_text)
    node_of = {}
    major, minor = (int(x) for x in version.split('.')[:2])
    if not any('*' in l for _, _, local, _ in nodes for l in local):
        errors.append('libnetmem.map: no node hides the rest (local: *;)')
    if EXPERIMENTAL_NODE not in [n for n, _, _, _ in nodes]:
        errors.append('libnetmem.map: no %s node' % EXPERIMENTAL_NODE)
    for node, glob, _, _ in nodes:
        m = STABLE_NODE_RE.match(node)
        if node != EXPERIMENTAL_NODE and not m:
            errors.append('libnetmem.map: node %s is neither NETMEM_<major>.<minor> nor %s'
                          % (node, EXPERIMENTAL_NODE))
        if m and (int(m.group(1)), int(m.group(2))) > (major, minor):
            errors.append('libnetmem.map: node %s is newer than VERSION %s' % (node, version))
        for sym in glob:
            if re.search(r'[*?\[]', sym):
                errors.append('libnetmem.map: %s: a wildcard (%s); list each symbol' % (node, sym))
                continue
            if sym in node_of:
                errors.append('libnetmem.map: %s is in both %s and %s' % (sym, node_of[sym], node))
                continue
            node_of[sym] = node
            if sym not in expected:
                errors.append('libnetmem.map: %s (%s) is no NM_API symbol of the headers'
                              % (sym, node))
    for sym, name in sorted(expected.items()):
        node = node_of.get(sym)
        if node is None:
            errors.append('libnetmem.map: %s (%s, %s) is in no node'
                          % (sym, name, '%s:%d' % api[name]))
        elif sym in exp_syms and node != EXPERIMENTAL_NODE:
            errors.append('libnetmem.map: %s is marked experimental (%s) but in %s'
                          % (sym, experimental[name], node))
        elif sym not in exp_syms and node == EXPERIMENTAL_NODE:
            errors.append('libnetmem.map: %s is in %s but %s does not mark it experimental'
                          % (sym, EXPERIMENTAL_NODE, '%s:%d' % api[name]))

    # libnetmem.so
    nodes_names = {n for n, _, _, _ in nodes}
    exported = {}
    bare = {n: s for s, n in expected.items() if s != n}
    for name, ver, defined, ndx in parse_dynsyms(dynsyms_text):
        if not defined:
            if name in bare:
                errors.append('libnetmem.so: references %s bare (not %s)' % (name, bare[name]))
            continue
        if ndx == 'ABS' and name in nodes_names:
            continue		# a version node's own symbol
        if not in_namespace(name):
            errors.append('libnetmem.so: exports %s, outside the nm_ namespace' % name)
            continue
        exported[name] = ver
    for sym, name in sorted(expected.items()):
        if sym not in exported:
            errors.append('libnetmem.so: %s (%s, %s) is not exported'
                          % (sym, name, '%s:%d' % api[name]))
        elif node_of.get(sym) and exported[sym] != node_of[sym]:
            errors.append('libnetmem.so: %s has version %s, the map says %s'
                          % (sym, exported[sym], node_of[sym]))
    for sym in sorted(set(exported) - set(expected)):
        errors.append('libnetmem.so: exports %s, which no header declares NM_API' % sym)

    # libnetmem.a
    for obj, name, defined in parse_archive(archive_text):
        if defined and not in_namespace(name):
            errors.append('libnetmem.a: %s defines %s, outside the nm_ namespace' % (obj, name))
        elif not defined and name in bare:
            errors.append('libnetmem.a: %s references %s bare (not %s)' % (obj, name, bare[name]))
    return errors, len(expected), len(exp_syms)


def run_tool(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


# --- self-test --------------------------------------------------------------

CLEAN = {
    'include/netmem/api.h': '#define NM_API __attribute__((visibility("default")))\n',
    'include/netmem/ksym.h': '/* names */\nNM_KSYM(alloc_thing)\nNM_KSYM(thing_ops)\n'
                             'NM_KSYM(new_thing)\n',
    'include/netmem/a.h': '/** doc NM_API old(void); */\n'
                          'NM_API int alloc_thing(int x,\n\t\tint y);\n'
                          'NM_API int nm_count(void) __attribute__((pure));\n'
                          'NM_API extern const struct ops thing_ops;\n'
                          'NM_API NM_EXPERIMENTAL int nm_try(void);\n',
    'include/netmem/b.h': 'NM_API void *new_thing(unsigned int n);\n'
                          'static inline int g(void) { return 0; }\n'
                          'NM_EXPERIMENTAL_API(new_thing);\n',
}
CLEAN_MAP = ('/* c */\nNETMEM_0.1 {\n\tglobal:\n\t\tnm_linux_alloc_thing;\n\t\tnm_count;\n'
             '\t\tnm_linux_thing_ops;\n\tlocal: *;\n};\n\nEXPERIMENTAL {\n\tglobal:\n'
             '\t\tnm_try;\n\t\tnm_linux_new_thing;\n};\n')


def dynsym_line(i, name, ndx='13'):
    return '%6d: 0000000000001000    10 FUNC    GLOBAL DEFAULT %4s %s' % (i, ndx, name)


CLEAN_DYN = '\n'.join([
    "Symbol table '.dynsym' contains 8 entries:",
    '   Num:    Value          Size Type    Bind   Vis      Ndx Name',
    dynsym_line(1, 'rte_rand@DPDK_23 (3)', 'UND'),
    dynsym_line(2, 'nm_linux_alloc_thing@@NETMEM_0.1'),
    dynsym_line(3, 'nm_count@@NETMEM_0.1'),
    dynsym_line(4, 'nm_linux_thing_ops@@NETMEM_0.1'),
    dynsym_line(5, 'nm_try@@EXPERIMENTAL'),
    dynsym_line(6, 'nm_linux_new_thing@@EXPERIMENTAL'),
    dynsym_line(7, 'NETMEM_0.1', 'ABS'),
    dynsym_line(8, 'EXPERIMENTAL', 'ABS'),
]) + '\n'
CLEAN_AR = ('\na.o:\n0000000000000000 T nm_linux_alloc_thing\n                 U rte_rand\n'
            '0000000000000010 T __nm_helper\n0000000000000000 B nm_logtype\n'
            '0000000000000000 R __odr_asan.nm_logtype\n'
            '\nb.o:\n                 U nm_linux_alloc_thing\n0000000000000000 T nm_try\n')


def planted():
    """(what, expected error, change): change(files, tables) plants one violation."""
    def edit(path, old, new):
        def f(files, t):
            assert old in files[path], (path, old)
            files[path] = files[path].replace(old, new)
        return f

    def table(key, old, new):
        def f(files, t):
            assert old in t[key], (key, old)
            t[key] = t[key].replace(old, new)
        return f
    ksym, a_h, b_h = 'include/netmem/ksym.h', 'include/netmem/a.h', 'include/netmem/b.h'
    count = dynsym_line(3, 'nm_count@@NETMEM_0.1')
    exp_node = dynsym_line(8, 'EXPERIMENTAL', 'ABS')
    return [
        ('a kernel name without NM_KSYM', 'without NM_KSYM(thing_ops)',
         edit(ksym, 'NM_KSYM(thing_ops)\n', '')),
        ('an NM_KSYM of no declaration', 'NM_KSYM(gone) names no',
         edit(ksym, '/* names */', 'NM_KSYM(gone)')),
        ('one name NM_API twice', 'nm_count is NM_API in netmem/a.h:4 too',
         edit(b_h, 'static inline', 'NM_API int nm_count(void);\nstatic inline')),
        ('a bare kernel name exported', 'exports alloc_thing, outside',
         table('dyn', 'nm_linux_alloc_thing@@', 'alloc_thing@@')),
        ("another library's name exported", 'exports rte_x, outside',
         table('dyn', count, count + '\n' + dynsym_line(9, 'rte_x@@NETMEM_0.1'))),
        ('an NM_API function missing from the .so',
         'nm_count (nm_count, netmem/a.h:4) is not exported', table('dyn', count + '\n', '')),
        ('an export no header declares', 'exports nm_secret, which no header',
         table('dyn', exp_node, exp_node + '\n' + dynsym_line(9, 'nm_secret@@NETMEM_0.1'))),
        ('a version other than the node', 'nm_count has version EXPERIMENTAL',
         table('dyn', 'nm_count@@NETMEM_0.1', 'nm_count@@EXPERIMENTAL')),
        ('a bare reference in the .so', 'libnetmem.so: references alloc_thing bare',
         table('dyn', 'rte_rand@DPDK_23 (3)', 'alloc_thing')),
        ('a symbol in no node', 'nm_count (nm_count, netmem/a.h:4) is in no node',
         edit('map', '\t\tnm_count;\n', '')),
        ('a symbol in both nodes', 'nm_count is in both',
         edit('map', '\t\tnm_try;\n', '\t\tnm_try;\n\t\tnm_count;\n')),
        ('a wildcard', 'a wildcard (skb_*)',
         edit('map', '\t\tnm_count;\n', '\t\tnm_count;\n\t\tskb_*;\n')),
        ('a map symbol no header declares', 'nm_old (NETMEM_0.1) is no NM_API',
         edit('map', '\t\tnm_count;\n', '\t\tnm_count;\n\t\tnm_old;\n')),
        ('a node newer than VERSION', 'NETMEM_0.2 is newer than VERSION',
         edit('map', 'NETMEM_0.1 {', 'NETMEM_0.2 {')),
        ('a badly named node', 'node LIBNETMEM is neither',
         edit('map', 'NETMEM_0.1 {', 'LIBNETMEM {')),
        ('no local: *', 'no node hides the rest', edit('map', '\tlocal: *;\n', '')),
        ('marked experimental, in a stable node', 'nm_try is in EXPERIMENTAL but',
         edit(a_h, 'NM_EXPERIMENTAL int nm_try', 'int nm_try')),
        ('listed experimental, in a stable node', 'nm_linux_new_thing is in EXPERIMENTAL but',
         edit(b_h, 'NM_EXPERIMENTAL_API(new_thing);\n', '')),
        ('experimental, in the stable node', 'nm_count is marked experimental',
         edit(a_h, 'NM_API int nm_count', 'NM_API NM_EXPERIMENTAL int nm_count')),
        ('an experimental mark of no API name', 'experimental g is not NM_API',
         edit(b_h, 'NM_EXPERIMENTAL_API(new_thing);',
              'NM_EXPERIMENTAL_API(new_thing);\nNM_EXPERIMENTAL_API(g);')),
        ('a bare global in the archive', 'a.o defines tx_helper',
         table('ar', 'T __nm_helper', 'T tx_helper')),
        ('a bare global behind a sanitizer prefix', 'a.o defines __odr_asan.tx_x',
         table('ar', 'R __odr_asan.nm_logtype', 'R __odr_asan.tx_x')),
        ('a bare reference in the archive', 'b.o references alloc_thing bare',
         table('ar', 'U nm_linux_alloc_thing', 'U alloc_thing')),
    ]


def self_test():
    with tempfile.TemporaryDirectory() as top:
        def run(files, t):
            root = os.path.join(top, 'src')
            shutil.rmtree(root, ignore_errors=True)
            for rel, text in files.items():
                if rel == 'map':
                    continue
                path = os.path.join(root, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, 'w', encoding='utf-8') as fh:
                    fh.write(text)
            return check(root, files['map'], t['dyn'], t['ar'], '0.1.0')[0]

        clean_files = dict(CLEAN, map=CLEAN_MAP)
        clean_tables = {'dyn': CLEAN_DYN, 'ar': CLEAN_AR}
        errors = run(dict(clean_files), dict(clean_tables))
        if errors:
            print('self-test: the clean tree reported:\n  ' + '\n  '.join(errors))
            return 1
        missed = []
        for what, expect, change in planted():
            files, tables = dict(clean_files), dict(clean_tables)
            change(files, tables)
            errors = run(files, tables)
            if not any(expect in e for e in errors):
                missed.append('%s (reported: %s)' % (what, '; '.join(errors) or 'nothing'))
        if missed:
            print('self-test: planted violations not reported: ' + ', '.join(missed))
            return 1
    print('self-test: %d planted violations reported, the clean tree passes' % len(planted()))
    return 0


def main(argv):
    if '--self-test' in argv:
        return self_test()
    opts = {'--readelf': 'readelf', '--nm': 'nm'}
    args = []
    it = iter(argv)
    for a in it:
        if a in opts:
            opts[a] = next(it)
        else:
            args.append(a)
    if len(args) != 3:
        print(__doc__)
        return 2
    srcdir, so, ar = args
    for tool in opts.values():
        if not shutil.which(tool):
            print('%s not found: skipped' % tool)
            return 77
    with open(os.path.join(srcdir, 'lib', 'libnetmem.map'), encoding='utf-8') as fh:
        map_text = fh.read()
    with open(os.path.join(srcdir, 'VERSION'), encoding='utf-8') as fh:
        version = fh.read().strip()
    dyn = run_tool([opts['--readelf'], '--dyn-syms', '-W', so])
    arc = run_tool([opts['--nm'], '-g', ar])
    errors, n, n_exp = check(srcdir, map_text, dyn, arc, version)
    for e in errors:
        print(e)
    if errors:
        print('%d ABI rule(s) broken (docs/abi.md)' % len(errors))
        return 1
    print('abi: %d symbols (%d experimental), all nm_ in libnetmem.so and libnetmem.a, '
          'nodes and marks agree' % (n, n_exp))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
