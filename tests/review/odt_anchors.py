"""Lists the comments of an OpenDocument text file with the exact text each is anchored on, as
JSON: [{"name", "creator", "text", "anchored"}]. The anchored text is the character data of the
paragraph content between an office:annotation and the office:annotation-end of the same name
(notes, comments and deleted text left out). Comments without an end are anchored on nothing ("").

Usage: python3 odt_anchors.py FILE.odt
"""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"
SKIPPED = {f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes"}

root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("content.xml"))
comments, open_names = [], set()


def add(text):
    for comment in comments:
        if comment["name"] in open_names:
            comment["anchored"] += text


def walk(element):
    if element.tag == f"{{{OFFICE}}}annotation":
        name = element.get(f"{{{OFFICE}}}name") or ""
        comments.append(
            {
                "name": name,
                "creator": element.findtext(f"{{{DC}}}creator"),
                "text": "\n".join(
                    "".join(p.itertext()) for p in element.findall(f"{{{TEXT}}}p")
                ),
                "anchored": "",
            }
        )
        if name:
            open_names.add(name)
    elif element.tag == f"{{{OFFICE}}}annotation-end":
        open_names.discard(element.get(f"{{{OFFICE}}}name"))
    elif element.tag == f"{{{TEXT}}}s":
        add(" " * int(element.get(f"{{{TEXT}}}c", "1")))
    if element.tag not in SKIPPED:
        add(element.text or "")
        for child in element:
            walk(child)
    add(element.tail or "") if element is not root else None


walk(root)
json.dump(comments, sys.stdout, indent=1, ensure_ascii=False)
