#!/usr/bin/python3
"""Fails if a file of the repository names the folder the repository sits in
(or that folder's parent), as a doc or script written on one machine would.
The repository stands alone: paths are relative to it or to ../shared.

    check_no_machine_paths.py SOURCE_DIR
"""
import os
import subprocess
import sys


def tracked_files(root):
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '-z'], capture_output=True, check=True).stdout
        return [os.path.join(root, p) for p in out.decode('utf-8').split('\0') if p]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (a source archive)
        files = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != '.git' and not d.startswith('build')]
            files += [os.path.join(dirpath, f) for f in filenames]
        return files


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.realpath(argv[0])
    parent = os.path.dirname(root)
    needles = [root.encode(), (parent + os.sep).encode()] if parent != os.sep else [root.encode()]
    bad = 0
    for path in tracked_files(root):
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        with open(path, 'rb') as f:
            data = f.read()
        for needle in needles:
            at = data.find(needle)
            if at >= 0:
                line = data.count(b'\n', 0, at) + 1
                print(f'{os.path.relpath(path, root)}:{line}: names {needle.decode()}', file=sys.stderr)
                bad += 1
                break
    if bad:
        print(f'{bad} file(s) name a path of this machine; use paths relative to the repository '
              'or to ../shared', file=sys.stderr)
        return 1
    print(f'no file of {root} names {" or ".join(n.decode() for n in needles)}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
