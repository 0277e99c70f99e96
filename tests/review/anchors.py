"""Lists the comments of a Word review copy as python-docx (>= 1.2) reads them, with the
exact text each one is anchored on, as JSON: [{"id", "author", "initials", "text", "anchored"}].

The anchored text is every w:t between the comment's w:commentRangeStart and
w:commentRangeEnd in document order (deleted text, w:delText, is not w:t).

Usage: python3 anchors.py FILE.docx
"""
import json
import sys

import docx
from docx.oxml.ns import qn

document = docx.Document(sys.argv[1])
anchored = {}
open_ids = set()
for element in document.element.body.iter():
    if element.tag == qn("w:commentRangeStart"):
        open_ids.add(element.get(qn("w:id")))
        anchored.setdefault(element.get(qn("w:id")), "")
    elif element.tag == qn("w:commentRangeEnd"):
        open_ids.discard(element.get(qn("w:id")))
    elif element.tag == qn("w:t"):
        for comment_id in open_ids:
            anchored[comment_id] += element.text or ""
references = {
    element.get(qn("w:id"))
    for element in document.element.body.iter(qn("w:commentReference"))
}
comments = []
for comment in document.comments:
    key = str(comment.comment_id)
    comments.append(
        {
            "id": comment.comment_id,
            "author": comment.author,
            "initials": comment.initials,
            "text": comment.text,
            "anchored": anchored.get(key),
            "referenced": key in references,
        }
    )
json.dump(comments, sys.stdout, indent=1, ensure_ascii=False)
