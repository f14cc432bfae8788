#!/usr/bin/python3
"""Checks that every `$ sitbone ... --help` transcript in docs/cli.md is what the
runner prints today, so the reference cannot go stale.

    check_cli_help.py SITBONE_EXECUTABLE docs/cli.md

A transcript is a fenced code block whose first line is `$ sitbone ... --help`;
its remaining lines (up to the next `$ ` line or the end of the block) must
equal the command's standard output. Exit 1 on a difference, with a diff.
"""
import difflib
import shlex
import subprocess
import sys


def transcripts(text):
    lines = text.splitlines()
    in_block = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('```'):
            in_block = not in_block
            i += 1
            continue
        if in_block and line.startswith('$ sitbone') and line.split()[-1] == '--help':
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith('```') and not lines[j].startswith('$ '):
                j += 1
            yield i + 1, line[2:], lines[start:j]
            i = j
            continue
        i += 1


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    exe, doc = argv
    with open(doc, encoding='utf-8') as f:
        found = list(transcripts(f.read()))
    if not found:
        print(f'{doc}: no `$ sitbone ... --help` transcripts found', file=sys.stderr)
        return 1
    failed = 0
    for line_no, command, documented in found:
        args = shlex.split(command)[1:]
        actual = subprocess.run([exe] + args, capture_output=True, text=True, check=False).stdout.splitlines()
        if actual != documented:
            failed += 1
            print(f'{doc}:{line_no}: `{command}` prints something else now:', file=sys.stderr)
            sys.stderr.writelines(l + '\n' for l in difflib.unified_diff(
                documented, actual, 'documented', 'actual', lineterm=''))
    print(f'{len(found) - failed} of {len(found)} help transcripts in {doc} are current')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
