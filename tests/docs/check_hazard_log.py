#!/usr/bin/python3
"""Fails when docs/safety/hazard-log.md names a verifying test that does not
exist, so that a control cannot claim a test that was renamed or removed.

    check_hazard_log.py HAZARD_LOG BUILD_DIR SOURCE_DIR

Test names are taken from the "Verified by" column (backticked): a ctest name
(GoogleTest cases are registered one by one as Suite.Name; `*` matches any
text), or a pytest function `python/tests/<file>.py::<name>`, which must be
defined in that file. A hazard whose status is not "open" must name a test.
"""
import fnmatch
import json
import os
import re
import subprocess
import sys


def ctest_names(build_dir):
    out = subprocess.run(['ctest', '--test-dir', build_dir, '--show-only=json-v1'],
                         capture_output=True, check=True, text=True).stdout
    return [t['name'] for t in json.loads(out)['tests']]


def rows(text):
    section = text.split('## Hazards', 1)[1]
    lines = [l for l in section.splitlines() if l.startswith('| HZ-')]
    header = next(l for l in section.splitlines() if l.startswith('| Id'))
    columns = [c.strip() for c in header.strip('|').split('|')]
    for line in lines:
        cells = [c.strip() for c in line.strip('|').split('|')]
        yield dict(zip(columns, cells))


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    log, build_dir, source_dir = argv
    with open(log, encoding='utf-8') as f:
        text = f.read()
    names = ctest_names(build_dir)
    problems, checked = [], 0
    for row in rows(text):
        tests = re.findall(r'`([^`]+)`', row['Verified by'])
        if not tests and not row['Status'].startswith('open'):
            problems.append(f"{row['Id']}: status '{row['Status']}' but no verifying test")
        for test in tests:
            checked += 1
            if '::' in test:
                path, func = test.split('::', 1)
                full = os.path.join(source_dir, path)
                ok = os.path.isfile(full) and re.search(rf'^def {re.escape(func)}\(', open(full, encoding='utf-8').read(), re.M)
            else:
                ok = any(fnmatch.fnmatchcase(n, test) for n in names)
            if not ok:
                problems.append(f"{row['Id']}: no test '{test}'")
    for p in problems:
        print(f'{log}: {p}', file=sys.stderr)
    print(f'{checked} test references checked, {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
