#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks that code quoted in the documentation is the code that is built.

A source file fences a region with marker comments, as DPDK's examples do:

    /* 8< io_burst */
    static void io_burst(...)
    ...
    /* >8 */

(`# 8< name` and `# >8` in Python, shell and meson files). A Markdown file
quotes it in a fenced block whose info string names the region after `8<`:

    ```c 8< io_burst
    static void io_burst(...)
    ...
    ```

The block must be the region's lines, less their common indentation and the
marker lines themselves. The check fails when a block differs from its
region, names a region no source file has, or when a region is opened and
not closed, closed and not opened, or named twice.

Usage:
    check_quotes.py [--root DIR]     check DIR (default: the repository)
    check_quotes.py --update         rewrite every tagged block from its region
                                     (after changing quoted code on purpose)
    check_quotes.py --self-test      plant mismatches in a scratch tree and
                                     require each one to be caught
"""

import argparse
import difflib
import os
import re
import sys
import tempfile
import textwrap

SOURCE_EXT = ('.c', '.h', '.py', '.sh', '.build', '.in')
DOC_GLOBS = ('README.md', 'docs')
SKIP_DIRS = {'.git', 'subprojects'}

# A marker is alone on its line, inside a comment.
OPEN_RE = re.compile(r'^\s*(?:/\*|#|//)\s*8<\s*(?P<name>[^*]*?)\s*(?:\*/)?\s*$')
CLOSE_RE = re.compile(r'^\s*(?:/\*|#|//)\s*>8\s*(?:\*/)?\s*$')
FENCE_RE = re.compile(r'^(?P<fence>`{3,}|~{3,})(?P<info>.*)$')
QUOTE_RE = re.compile(r'8<\s*(?P<name>.+?)\s*$')


def is_build_dir(path):
    """A meson build tree (build/, build-asan/, ...): never scanned."""
    return os.path.exists(os.path.join(path, 'meson-private'))


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith('.')
                             and not is_build_dir(os.path.join(dirpath, d)))
        for f in sorted(filenames):
            if f.endswith(SOURCE_EXT):
                yield os.path.join(dirpath, f)


def doc_files(root):
    for g in DOC_GLOBS:
        p = os.path.join(root, g)
        if os.path.isfile(p):
            yield p
        elif os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for f in sorted(filenames):
                    if f.endswith('.md'):
                        yield os.path.join(dirpath, f)


def read_lines(path):
    with open(path, encoding='utf-8', errors='replace') as fh:
        return fh.read().split('\n')


def find_regions(root, errors):
    """{name: (file, first line, [lines])} of every marked region."""
    regions = {}
    for path in source_files(root):
        if os.path.abspath(path) == os.path.abspath(__file__):
            continue
        rel = os.path.relpath(path, root)
        lines = read_lines(path)
        cur = None
        for no, line in enumerate(lines, 1):
            m = OPEN_RE.match(line)
            if m:
                if cur is not None:
                    errors.append(f'{rel}:{no}: region "{m.group("name")}" opened '
                                  f'inside region "{cur[0]}" (opened at line {cur[1]})')
                cur = (m.group('name'), no, [])
                continue
            if CLOSE_RE.match(line):
                if cur is None:
                    errors.append(f'{rel}:{no}: ">8" closes no region')
                    continue
                name, first, body = cur
                if name in regions:
                    other = regions[name]
                    errors.append(f'{rel}:{first}: region "{name}" also in '
                                  f'{other[0]}:{other[1]}')
                else:
                    regions[name] = (rel, first, body)
                cur = None
                continue
            if cur is not None:
                cur[2].append(line)
        if cur is not None:
            errors.append(f'{rel}:{cur[1]}: region "{cur[0]}" is never closed (">8")')
    return regions


def find_quotes(root, errors):
    """[(doc, line, name, [lines])] of every fenced block tagged 8< name."""
    quotes = []
    for path in doc_files(root):
        rel = os.path.relpath(path, root)
        lines = read_lines(path)
        i = 0
        while i < len(lines):
            m = FENCE_RE.match(lines[i])
            if not m:
                i += 1
                continue
            fence, info, start = m.group('fence'), m.group('info'), i + 1
            j = i + 1
            while j < len(lines) and not lines[j].startswith(fence):
                j += 1
            if j == len(lines):
                errors.append(f'{rel}:{start}: fenced block is never closed')
                break
            q = QUOTE_RE.search(info)
            if q:
                quotes.append((rel, start, q.group('name'), lines[i + 1:j]))
            i = j + 1
    return quotes


def normalise(lines):
    text = textwrap.dedent('\n'.join(l.rstrip() for l in lines))
    return text.strip('\n').split('\n')


def check(root, verbose=False):
    """Returns the list of problems (empty: every quote matches)."""
    errors = []
    regions = find_regions(root, errors)
    quotes = find_quotes(root, errors)
    used = set()
    for doc, line, name, body in quotes:
        if name not in regions:
            errors.append(f'{doc}:{line}: quotes region "{name}", which no source '
                          f'file marks (/* 8< {name} */ ... /* >8 */)')
            continue
        used.add(name)
        src, first, region = regions[name]
        want, have = normalise(region), normalise(body)
        if want != have:
            diff = '\n'.join(difflib.unified_diff(
                want, have, f'{src}:{first} (region "{name}")', f'{doc}:{line}',
                lineterm=''))
            errors.append(f'{doc}:{line}: block "{name}" differs from {src}:{first}:\n'
                          + diff)
    if verbose:
        for name in sorted(regions):
            src, first, _ = regions[name]
            state = 'quoted' if name in used else 'not quoted'
            print(f'  region "{name}" ({src}:{first}): {state}')
    return errors, len(quotes)


def update(root):
    """Rewrites each tagged block with its region; returns the blocks changed."""
    errors = []
    regions = find_regions(root, errors)
    changed = 0
    for path in doc_files(root):
        lines = read_lines(path)
        out, i, touched = [], 0, False
        while i < len(lines):
            m = FENCE_RE.match(lines[i])
            out.append(lines[i])
            if not m:
                i += 1
                continue
            j = i + 1
            while j < len(lines) and not lines[j].startswith(m.group('fence')):
                j += 1
            q = QUOTE_RE.search(m.group('info'))
            body = lines[i + 1:j]
            if q and q.group('name') in regions:
                new = normalise(regions[q.group('name')][2])
                if new != normalise(body):
                    body, touched = new, True
                    changed += 1
            out.extend(body)
            if j < len(lines):
                out.append(lines[j])
            i = j + 1
        if touched:
            with open(path, 'w', encoding='utf-8') as fh:
                fh.write('\n'.join(out))
            print(f'updated {os.path.relpath(path, root)}')
    return changed


# ---- self-test ---------------------------------------------------------------

SELF_SRC = '''/* SPDX-License-Identifier: BSD-3-Clause */
int f(int x)
{
	/* 8< body */
	int y = x + 1;

	return y * 2;
	/* >8 */
}
'''

SELF_DOC = '''# doc

```c 8< body
int y = x + 1;

return y * 2;
```
'''


def self_test():
    cases = [
        ('matching quote', SELF_SRC, SELF_DOC, None),
        ('changed line', SELF_SRC, SELF_DOC.replace('y * 2', 'y * 3'), 'differs'),
        ('missing line', SELF_SRC, SELF_DOC.replace('int y = x + 1;\n', ''), 'differs'),
        ('code changed, doc not', SELF_SRC.replace('x + 1', 'x + 2'), SELF_DOC, 'differs'),
        ('region gone', SELF_SRC.replace('8< body', 'body'), SELF_DOC, 'no source'),
        ('region renamed', SELF_SRC.replace('8< body', '8< body2'), SELF_DOC, 'no source'),
        ('never closed', SELF_SRC.replace('/* >8 */', ''), SELF_DOC, 'never closed'),
        ('stray close', SELF_SRC + '/* >8 */\n', SELF_DOC, 'closes no region'),
        ('named twice', SELF_SRC + SELF_SRC.split('\n', 1)[1], SELF_DOC, 'also in'),
    ]
    failed = 0
    for what, src, doc, expect in cases:
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, 'docs'))
            with open(os.path.join(d, 'f.c'), 'w') as fh:
                fh.write(src)
            with open(os.path.join(d, 'docs', 'd.md'), 'w') as fh:
                fh.write(doc)
            errors, nquotes = check(d)
        text = '\n'.join(errors)
        if expect is None:
            ok = not errors and nquotes == 1
        else:
            ok = bool(errors) and expect in text
        print(f'{"ok  " if ok else "FAIL"} {what}: '
              f'{"caught: " + text.splitlines()[0] if errors else "passes"}')
        failed += not ok
    if failed:
        print(f'self-test: {failed} case(s) wrong')
        return 1
    print('self-test: every planted mismatch caught')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--root', default=os.path.join(os.path.dirname(__file__), '..', '..'))
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('--update', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if args.update:
        update(os.path.abspath(args.root))
    errors, nquotes = check(os.path.abspath(args.root), args.verbose)
    for e in errors:
        print(e)
    if errors:
        print(f'check_quotes: {len(errors)} problem(s)')
        return 1
    print(f'check_quotes: {nquotes} quoted block(s) match their source')
    return 0


if __name__ == '__main__':
    sys.exit(main())
