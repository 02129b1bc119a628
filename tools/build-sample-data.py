#!/usr/bin/env python3
"""Builds the sample platform's embedded data from the O*NET 27.0 database (CC BY 4.0).

Usage: python3 tools/build-sample-data.py [ONET_DIR] [OUTPUT_GZ]
Defaults: ../shared/datasets/onet-27.0 (beside the repository) and
src/Infrastructure/SamplePlatform/Data/onet-occupations.tsv.gz

Output: gzip, UTF-8, one line per occupation, tab-separated:
    code  title  reported-titles  alternate-titles  hot-skills  other-skills
Lists inside a field are joined by '|' (neither '|' nor tabs occur in the source text).
Lines starting with '#' are comments (attribution). A trailing parenthetical that spells out an
abbreviation and is longer than the title itself is dropped ("HR Business Partner (Human Resources
Business Partner)" -> "HR Business Partner"), because people do not write their titles that way.
Alternate titles already listed as reported titles are dropped, as are skills repeated within an
occupation (case-insensitive).
The output is byte-for-byte reproducible: sorted lists and a fixed gzip timestamp.
"""
import csv
import gzip
import io
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(os.path.dirname(REPO), "shared", "datasets", "onet-27.0")
DEFAULT_OUTPUT = os.path.join(REPO, "src", "Infrastructure", "SamplePlatform", "Data", "onet-occupations.tsv.gz")

HEADER = [
    "# This product includes information from the O*NET 27.0 Database by the U.S. Department of Labor,",
    "# Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.",
    "# O*NET(R) is a trademark of USDOL/ETA. Modified: fields selected, titles shortened, titles and",
    "# skills merged per occupation and deduplicated, see tools/build-sample-data.py.",
    "# code\ttitle\treported-titles\talternate-titles\thot-skills\tother-skills",
]


def read_tsv(directory, name):
    with open(os.path.join(directory, name), encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)  # header
        return [r for r in rows if r]


def clean(text):
    return " ".join(text.split())


TRAILING_EXPANSION = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)$")


def clean_title(text):
    text = clean(text)
    m = TRAILING_EXPANSION.match(text)
    if m and len(m.group("inner")) > len(m.group("outer")):
        return m.group("outer")
    return text


def add_unique(target, seen, value):
    value = clean(value)
    key = value.casefold()
    if value and key not in seen:
        seen.add(key)
        target.append(value)


def sorted_ci(values):
    return sorted(values, key=lambda v: (v.casefold(), v))


def build(source):
    occupations = {}  # code -> dict; insertion order is the file's order, then we sort by code
    for code, title, _description in read_tsv(source, "Occupation Data.txt"):
        occupations[code] = {"title": clean(title), "reported": [], "alternate": [], "hot": [], "other": [],
                             "titles_seen": set(), "skills_seen": set()}

    for row in read_tsv(source, "Sample of Reported Titles.txt"):
        occ = occupations.get(row[0])
        if occ is not None:
            add_unique(occ["reported"], occ["titles_seen"], clean_title(row[1]))
    for row in read_tsv(source, "Alternate Titles.txt"):
        occ = occupations.get(row[0])
        if occ is not None:
            add_unique(occ["alternate"], occ["titles_seen"], clean_title(row[1]))

    # Hot technologies first so that a skill listed both ways counts as hot.
    skills = read_tsv(source, "Technology Skills.txt")
    for hot_pass in (True, False):
        for row in skills:
            occ = occupations.get(row[0])
            if occ is not None and (row[4] == "Y") == hot_pass:
                add_unique(occ["hot"] if hot_pass else occ["other"], occ["skills_seen"], row[1])

    lines = list(HEADER)
    for code in sorted(occupations):
        occ = occupations[code]
        if not occ["reported"] and not occ["alternate"]:
            continue  # nobody can hold a job without a title
        fields = [code, occ["title"]] + ["|".join(sorted_ci(occ[k])) for k in ("reported", "alternate", "hot", "other")]
        for f in fields:
            if "\t" in f or "\n" in f:
                raise ValueError(f"unexpected separator in {code}: {f!r}")
        lines.append("\t".join(fields))
    return lines


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    lines = build(source)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    os.makedirs(os.path.dirname(output), exist_ok=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    with open(output, "wb") as f:
        f.write(buffer.getvalue())
    occupations = len(lines) - len(HEADER)
    print(f"{output}: {occupations} occupations, {len(payload):,} bytes raw, {len(buffer.getvalue()):,} bytes gzip")


if __name__ == "__main__":
    main()
