"""End-to-end check of concord's review copies with the readers partners' files meet: python-docx
(>= 1.2) and LibreOffice. For each document given:

1. `concord annotate` writes the review copy;
2. python-docx (for .docx) lists one comment per finding, anchored on exactly the finding's
   words (findings outside the main text are listed in the first comment);
3. every part of the package that concord had no reason to change is byte-identical;
4. LibreOffice opens the review copy headless and converts it to PDF and to the other format
   (.odt for Word, .docx for OpenDocument) without error, and the converted file has the same
   comments on the same words;
5. `concord check` reports the same findings at the same locators on the review copy.

Usage: python3 check_review.py CONCORD OUT_DIR FILE...
"""
import json
import os
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
concord, out = sys.argv[1], sys.argv[2]
MAY_CHANGE = {
    "word/document.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
    "content.xml",
}
failures = []


def fail(message):
    failures.append(message)
    print(f"FAILED: {message}", file=sys.stderr)


def words(text):
    return " ".join((text or "").split())


def findings(path):
    result = subprocess.run(
        [concord, "check", "--no-config", "--format", "json", path],
        capture_output=True,
        text=True,
    )
    return [
        (d["rule"], words(d["matched"]), d.get("locator", ""))
        for d in json.loads(result.stdout)["files"][0]["diagnostics"]
    ]


def anchors(path):
    """(author, anchored words) of each comment, read by python-docx or from content.xml."""
    script = "anchors.py" if path.endswith(".docx") else "odt_anchors.py"
    listed = json.loads(
        subprocess.run(
            [sys.executable, os.path.join(HERE, script), path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    return [(c.get("author") or c.get("creator"), words(c["anchored"]), c["text"]) for c in listed]


def soffice(target, path, outdir):
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            target,
            "--outdir",
            outdir,
            path,
        ],
        capture_output=True,
        text=True,
    )
    stem = os.path.splitext(os.path.basename(path))[0]
    converted = os.path.join(outdir, f"{stem}.{target.split(':')[0]}")
    if result.returncode != 0 or not os.path.exists(converted):
        fail(f"LibreOffice could not convert {path} to {target}: {result.stderr}")
        return None
    return converted


for original in sys.argv[3:]:
    name = os.path.basename(original)
    stem, ext = os.path.splitext(name)
    reviewed = os.path.join(out, f"{stem}.reviewed{ext}")
    result = subprocess.run(
        [concord, "annotate", "--no-config", "--force", "-o", reviewed, original],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"{name}: concord annotate failed: {result.stderr}")
        continue
    found = findings(original)
    main = sorted(w for _, w, loc in found if loc.startswith(("paragraph", "table")))
    elsewhere = len(found) - len(main)

    # 2. One comment per finding, on exactly its words.
    own = [c for c in anchors(reviewed) if c[0] == "concord"]
    if elsewhere:
        summary = own.pop(0)
        if f"these {elsewhere}" not in summary[2] and elsewhere != 1:
            fail(f"{name}: the first comment does not list the {elsewhere} findings elsewhere")
    if sorted(w for _, w, _ in own) != main:
        fail(f"{name}: comments anchored on {sorted(w for _, w, _ in own)}, findings are {main}")
    for _, _, text in own:
        if "\nRule " not in text or "Write instead: " not in text:
            fail(f"{name}: a comment does not say what to write and which rule: {text!r}")

    # 3. Untouched parts are byte-identical.
    with zipfile.ZipFile(original) as before, zipfile.ZipFile(reviewed) as after:
        after_names = set(after.namelist())
        for info in before.infolist():
            if info.filename not in after_names:
                fail(f"{name}: {info.filename} is missing from the review copy")
            elif info.filename not in MAY_CHANGE and before.read(info) != after.read(info.filename):
                fail(f"{name}: {info.filename} changed")

    # 4. LibreOffice reads the review copy, and keeps the comments on the same words.
    other = "odt" if ext == ".docx" else "docx"
    converted = soffice(other, reviewed, os.path.join(out, "converted"))
    soffice("pdf", reviewed, os.path.join(out, "pdf"))
    if converted:
        kept = sorted(w for a, w, _ in anchors(converted) if a == "concord")
        expected = sorted(w for _, w, _ in own) + (
            [words(summary[1])] if elsewhere else []
        )
        if kept != sorted(expected):
            fail(f"{name}: after LibreOffice, comments are on {kept}, expected {sorted(expected)}")

    # 5. The review copy is checked like the original.
    if findings(reviewed) != found:
        fail(f"{name}: concord check finds {findings(reviewed)} in the review copy, {found} in the original")
    if not any(f.startswith(name) for f in failures):
        print(f"ok: {name}: {len(own)} comments on their words" + (f", {elsewhere} listed first" if elsewhere else ""))

sys.exit(1 if failures else 0)
