#!/usr/bin/python3
"""The golden clinician reports of the example assessments, and HTML5 validity.

    check_reports.py golden SITBONE ASSESSMENTS_DIR REPORTS_DIR [--update]
    check_reports.py html SITBONE ASSESSMENTS_DIR

golden: for every ASSESSMENTS_DIR/NAME.json, `sitbone evaluate NAME.json` (the
summary text report) must equal REPORTS_DIR/NAME.txt and `--format markdown`
REPORTS_DIR/NAME.md, byte for byte; a difference prints a diff and exits 1.
--update rewrites the files instead (then read the diff before committing: a
golden report is reviewed by reading it).

html: every example's HTML report, in both details, and the page of all of
them together, must parse as HTML5 with html5lib in strict mode (any parse
error fails), hold one <article> per assessment, and contain no script and no
reference to another file.
"""
import difflib
import pathlib
import subprocess
import sys


def run(sitbone, *args):
    proc = subprocess.run([sitbone, "evaluate", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"sitbone evaluate {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc.stdout


def golden(sitbone, assessments, reports, update):
    problems = 0
    files = sorted(assessments.glob("*.json"))
    if not files:
        sys.exit(f"no assessments in {assessments}")
    for assessment in files:
        for suffix, args in ((".txt", []), (".md", ["--format", "markdown"])):
            actual = run(sitbone, *args, str(assessment))
            path = reports / (assessment.stem + suffix)
            if update:
                path.write_text(actual, encoding="utf-8")
                continue
            expected = path.read_text(encoding="utf-8") if path.exists() else ""
            if actual != expected:
                problems += 1
                sys.stdout.writelines(difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), str(path), "sitbone evaluate"))
    if update:
        print(f"wrote {2 * len(files)} reports to {reports}")
        return 0
    if problems:
        print(f"\n{problems} report(s) differ; if the change is intended, run with --update and read the diff")
        return 1
    print(f"{2 * len(files)} golden reports are current")
    return 0


def html(sitbone, assessments):
    import html5lib  # python3-html5lib (Debian)

    files = [str(p) for p in sorted(assessments.glob("*.json"))]
    pages = [(f"{pathlib.Path(f).name} ({detail})", run(sitbone, "--format", "html", "--detail", detail, f), 1)
             for f in files for detail in ("summary", "full")]
    pages.append(("all examples on one page", run(sitbone, "--format", "html", *files), len(files)))
    problems = 0
    for name, page, articles in pages:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            tree = parser.parse(page)
        except html5lib.html5parser.ParseError as error:
            print(f"{name}: not valid HTML5: {error}")
            problems += 1
            continue
        found = len(tree.findall(".//article"))
        if found != articles:
            print(f"{name}: {found} <article> elements, expected {articles}")
            problems += 1
        if tree.findall(".//script") or tree.findall(".//link") or tree.findall(".//img"):
            print(f"{name}: a script, link or image: the page must stand alone")
            problems += 1
        if tree.find(".//head/title") is None or tree.find(".//head/meta[@charset]") is None:
            print(f"{name}: no <title> or <meta charset> in <head>")
            problems += 1
    if problems:
        return 1
    print(f"{len(pages)} HTML reports parse as HTML5 (html5lib, strict)")
    return 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "golden":
        return golden(argv[2], pathlib.Path(argv[3]), pathlib.Path(argv[4]), "--update" in argv[5:])
    if len(argv) == 4 and argv[1] == "html":
        return html(argv[2], pathlib.Path(argv[3]))
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
