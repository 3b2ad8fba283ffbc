#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks that the names the documentation cites are the code's.

1. Every name docs/*.md and README.md cite in backticks as a function
   (`name()`), a constant (`NM_...`, `PP_...`) or a repository path
   (`lib/...`, `tests/...`, ...) exists in the code (include/, lib/,
   drivers/, examples/, tests/, bench/, scripts/, the build files).
2. The test table of docs/building.md (rows "| `name` | ...") lists every
   test meson knows in the build directory given (--build), and every fuzz
   target of tests/fuzz/meson.build; each row names a test declared in a
   tests/ meson.build or a fuzz target; netmem.sh's FUZZ_TARGETS are the
   same targets.
3. Every long option of netmem-fwd (examples/fwd/config.c) is described in
   docs/fwd.md and in its manual page (docs/netmem-fwd.1).

Usage:
    check_names.py [--root DIR] [--build BUILDDIR]
    check_names.py --self-test
"""

import argparse
import fnmatch
import json
import os
import re
import sys
import tempfile

CODE_DIRS = ('include', 'lib', 'drivers', 'examples', 'tests', 'bench', 'scripts')
CODE_FILES = ('netmem.sh', 'meson.build', 'meson_options.txt')
CODE_EXT = ('.c', '.h', '.in', '.py', '.sh', '.build', '.txt', '.map')
TOP_DIRS = ('lib/', 'include/', 'drivers/', 'examples/', 'tests/', 'bench/', 'scripts/',
            'docs/')

SPAN_RE = re.compile(r'(`+)(?P<code>.+?)\1', re.S)
FUNC_RE = re.compile(r'(?<![/\w.>-])([A-Za-z_]\w*)\(\)')
CONST_RE = re.compile(r'^((?:NM|PP)_[A-Z0-9_]+)$')
PATH_RE = re.compile(r'^((?:%s)[\w./-]*)$' % '|'.join(re.escape(d) for d in TOP_DIRS))
# A row of the test table: "| `name` | ..." or, for a program split per
# feature, "| `name`, `name_*` | ..." (fnmatch patterns).
ROW_RE = re.compile(r'^\|\s*(?P<names>`[\w*-]+`(?:\s*,\s*`[\w*-]+`)*)\s*\|')


def is_build_dir(path):
    return os.path.exists(os.path.join(path, 'meson-private'))


def walk(root, top):
    base = os.path.join(root, top)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.')
                             and not is_build_dir(os.path.join(dirpath, d)))
        for f in sorted(filenames):
            yield os.path.join(dirpath, f)


def code_words(root):
    words = set()
    paths = [os.path.join(root, f) for f in CODE_FILES]
    for d in CODE_DIRS:
        paths.extend(walk(root, d))
    for p in paths:
        if not p.endswith(CODE_EXT) and os.path.basename(p) not in CODE_FILES:
            continue
        try:
            with open(p, encoding='utf-8', errors='replace') as fh:
                words.update(re.findall(r'[A-Za-z_]\w*', fh.read()))
        except OSError:
            pass
    return words


def doc_files(root):
    out = [os.path.join(root, 'README.md')]
    out += [p for p in walk(root, 'docs') if p.endswith('.md')]
    return [p for p in out if os.path.isfile(p)]


def path_exists(root, p):
    p = p.rstrip('/.')
    full = os.path.join(root, p)
    # a built program named by its path (bench/bench_gro) is its source
    return any(os.path.exists(full + ext) for ext in ('', '.c', '.py', '.sh'))


def check_cited(root, errors):
    words = code_words(root)
    for doc in doc_files(root):
        rel = os.path.relpath(doc, root)
        with open(doc, encoding='utf-8') as fh:
            text = fh.read()
        # fenced blocks are not citations (8< blocks are checked by check_quotes.py)
        text = re.sub(r'^```.*?^```', lambda m: '\n' * m.group(0).count('\n'),
                      text, flags=re.S | re.M)
        for m in SPAN_RE.finditer(text):
            code = m.group('code').strip()
            line = text.count('\n', 0, m.start()) + 1
            names = FUNC_RE.findall(code)
            c = CONST_RE.match(code)
            if c:
                names.append(c.group(1))
            for n in names:
                if n not in words:
                    errors.append(f'{rel}:{line}: `{n}` is in no source file')
            pm = PATH_RE.match(code)
            if pm and not re.search(r'[*<>]', code) and not path_exists(root, pm.group(1)):
                errors.append(f'{rel}:{line}: path `{pm.group(1)}` does not exist')


def declared_tests(root):
    """Test names declared in tests/**/meson.build and examples/**/meson.build
    (test('x', ...) and the [name, sources, timeout] lists the foreach loops
    turn into tests)."""
    names = set()
    for p in list(walk(root, 'tests')) + list(walk(root, 'examples')):
        if os.path.basename(p) != 'meson.build':
            continue
        with open(p, encoding='utf-8') as fh:
            src = fh.read()
        names.update(re.findall(r"\btest\(\s*'([\w-]+)'", src))
        names.update(re.findall(r"\[\s*'([\w-]+)'\s*,\s*\[", src))
    return names


def fuzz_targets(root):
    p = os.path.join(root, 'tests', 'fuzz', 'meson.build')
    if not os.path.isfile(p):
        return set()
    with open(p, encoding='utf-8') as fh:
        m = re.search(r'fuzz_targets\s*=\s*\[(.*?)\]', fh.read(), re.S)
    return set(re.findall(r"'(fuzz_\w+)'", m.group(1))) if m else set()


def check_tests(root, build, errors):
    doc = os.path.join(root, 'docs', 'building.md')
    with open(doc, encoding='utf-8') as fh:
        rows = [re.findall(r'`([\w*-]+)`', m.group('names'))
                for m in map(ROW_RE.match, fh) if m]
    patterns = [p for row in rows for p in row]
    fuzz = fuzz_targets(root)
    known = declared_tests(root) | fuzz
    listed_need = set(fuzz)
    if build is not None:
        intro = os.path.join(build, 'meson-info', 'intro-tests.json')
        with open(intro, encoding='utf-8') as fh:
            listed_need |= {t['name'] for t in json.load(fh)}
    for n in sorted(listed_need):
        if not any(fnmatch.fnmatchcase(n, p) for p in patterns):
            errors.append(f'docs/building.md: test `{n}` is not in the test table')
    for row in rows:
        if not any(fnmatch.fnmatchcase(n, p) for p in row for n in known):
            errors.append(f'docs/building.md: the test table names {", ".join(row)}, '
                          f'which no tests/ or examples/ meson.build declares')
    sh = os.path.join(root, 'netmem.sh')
    if os.path.isfile(sh) and fuzz:
        with open(sh, encoding='utf-8') as fh:
            m = re.search(r'FUZZ_TARGETS=\(([^)]*)\)', fh.read())
        if m and set(m.group(1).split()) != fuzz:
            errors.append(f'netmem.sh: FUZZ_TARGETS ({m.group(1)}) differ from '
                          f'tests/fuzz/meson.build ({" ".join(sorted(fuzz))})')


def check_fwd_options(root, errors):
    cfg = os.path.join(root, 'examples', 'fwd', 'config.c')
    if not os.path.isfile(cfg):
        return
    with open(cfg, encoding='utf-8') as fh:
        opts = sorted(set(re.findall(r'\{\s*"([a-z][\w-]*)"\s*,', fh.read())))
    for doc in ('docs/fwd.md', 'docs/netmem-fwd.1'):
        p = os.path.join(root, doc)
        if not os.path.isfile(p):
            continue
        with open(p, encoding='utf-8') as fh:
            text = fh.read().replace('\\-', '-')
        for o in opts:
            if not re.search(r'--%s(?![\w-])' % re.escape(o), text):
                errors.append(f'{doc}: netmem-fwd option --{o} is not described')


def check(root, build=None):
    errors = []
    check_cited(root, errors)
    check_tests(root, build, errors)
    check_fwd_options(root, errors)
    return errors


# ---- self-test ---------------------------------------------------------------

def self_test():
    def tree(d, doc_extra='', table_extra='', src_extra='', fwd_doc='--speed=N\n'):
        os.makedirs(os.path.join(d, 'docs'))
        os.makedirs(os.path.join(d, 'examples', 'fwd'))
        with open(os.path.join(d, 'examples', 'fwd', 'config.c'), 'w') as fh:
            fh.write('{ "speed", required_argument, NULL, 1 },\n')
        with open(os.path.join(d, 'docs', 'fwd.md'), 'w') as fh:
            fh.write(fwd_doc)
        os.makedirs(os.path.join(d, 'lib'))
        os.makedirs(os.path.join(d, 'tests'))
        with open(os.path.join(d, 'lib', 'a.c'), 'w') as fh:
            fh.write('int nm_real(void) { return NM_FLAG; }\n' + src_extra)
        with open(os.path.join(d, 'tests', 'meson.build'), 'w') as fh:
            fh.write("test('alpha', exe)\n")
        with open(os.path.join(d, 'README.md'), 'w') as fh:
            fh.write('Call `nm_real()` with `NM_FLAG` (`lib/a.c`).\n' + doc_extra)
        with open(os.path.join(d, 'docs', 'building.md'), 'w') as fh:
            fh.write('| test | what |\n|---|---|\n| `alpha` | a |\n' + table_extra)
        os.makedirs(os.path.join(d, 'build', 'meson-info'))
        open(os.path.join(d, 'build', 'meson-private'), 'w').close()
        with open(os.path.join(d, 'build', 'meson-info', 'intro-tests.json'), 'w') as fh:
            json.dump([{'name': 'alpha'}] + ([{'name': 'beta'}] if 'beta' in src_extra
                                             else []), fh)
    cases = [
        ('all names right', {}, None),
        ('function renamed', {'doc_extra': 'and `nm_gone()`\n'}, '`nm_gone` is in no'),
        ('constant gone', {'doc_extra': 'with `NM_OLD_FLAG`\n'}, '`NM_OLD_FLAG` is in no'),
        ('file moved', {'doc_extra': 'see `lib/b.c`\n'}, 'path `lib/b.c` does not'),
        ('test not listed', {'src_extra': '/* beta */\n'}, 'test `beta` is not'),
        ('row for no test', {'table_extra': '| `gamma` | g |\n'}, 'names gamma,'),
        ('split program', {'table_extra': '| `al`, `al_*` | a |\n',
                           'src_extra': '/* beta */\n'}, 'test `beta` is not'),
        ('option undocumented', {'fwd_doc': '--speedy\n'}, 'option --speed is not'),
    ]
    failed = 0
    for what, kw, expect in cases:
        with tempfile.TemporaryDirectory() as d:
            tree(d, **kw)
            errors = check(d, os.path.join(d, 'build'))
        text = '\n'.join(errors)
        ok = (not errors) if expect is None else (expect in text)
        print(f'{"ok  " if ok else "FAIL"} {what}: {text.splitlines()[0] if errors else "passes"}')
        failed += not ok
    print('self-test: ' + (f'{failed} case(s) wrong' if failed else 'every planted drift caught'))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--root', default=os.path.join(os.path.dirname(__file__), '..', '..'))
    ap.add_argument('--build', help='a configured meson build directory')
    ap.add_argument('--self-test', action='store_true')
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    errors = check(os.path.abspath(args.root), args.build)
    for e in errors:
        print(e)
    if errors:
        print(f'check_names: {len(errors)} problem(s)')
        return 1
    print('check_names: every cited name exists, every test is in docs/building.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
