#!/usr/bin/env python3
"""Generate Lightbox's DICOM data dictionary and UID registry (PS3.6) from Debian-packaged sources.

Sources (Debian 12 "bookworm" packages; install with apt-get):
  dcmtk data dictionary   /usr/share/libdcmtk17/dicom.dic        package libdcmtk17 (3.6.7; PS3.6-2022b)
  GDCM PS3.6 XML          /usr/share/gdcm-3.0/XML/Part6.xml       package libgdcm3.0 (3.0.21)
  dcmtk UID header        /usr/include/dcmtk/dcmdata/dcuid.h      package libdcmtk-dev (3.6.7)

Outputs (committed; regenerate and commit both when a source changes):
  dicom-core/src/main/resources/dev/lightbox/dicom/data/dictionary.tsv
  dicom-core/src/main/resources/dev/lightbox/dicom/data/uids.tsv

Merge rules (see docs/dictionary.md):
  * Data elements: dcmtk's dicom.dic is the primary source for tag, VR, VM, keyword and retired
    flag (it tracks PS3.6-2022b). Its private, "illegal" and generic entries are dropped. dcmtk's
    pseudo-VRs (ox, xs, lt, px, up) are replaced by PS3.6's "X or Y" VRs: taken from Part6.xml for
    the same tag, else mapped generically. Names come from Part6.xml when its keyword for the tag
    is the same; otherwise a name is derived from the keyword. Part6.xml entries missing from
    dcmtk (e.g. the retired (1000,xxxN) and (0028,04xN) patterns dcmtk cannot express) are added.
    Entries without a VR (items and delimiters, PS3.5 §7.5; retired (0018,9445)) are left out.
  * A generic group length entry xxxx0000 UL "GroupLength" (PS3.5 §7.2) is added.
  * UIDs: Part6.xml Table A-1 (value, name, type, retired), plus 1.2.840.10008.* UIDs that only
    dcmtk's dcuid.h knows (name from its doc comment, else derived from the macro name).
    Keywords are derived from the name (PS3.6 keyword style), not copied from the standard.
    Rows without a name (two retired UIDs) are left out.

Usage: scripts/dictionary/generate.py [--dcmtk-dic P] [--part6 P] [--dcuid P] [--out DIR]
The output depends only on the input files: same inputs give byte-identical outputs.
"""

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

DEFAULT_DCMTK_DIC = "/usr/share/libdcmtk17/dicom.dic"
DEFAULT_PART6 = "/usr/share/gdcm-3.0/XML/Part6.xml"
DEFAULT_DCUID = "/usr/include/dcmtk/dcmdata/dcuid.h"
DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "dicom-core", "src", "main", "resources", "dev", "lightbox", "dicom", "data")

# The VRs of PS3.5 Table 6.2-1, i.e. the constants of dev.lightbox.dicom.data.Vr.
KNOWN_VRS = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF",
    "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
    "UR", "US", "UT", "UV",
}

# dcmtk's internal pseudo-VRs and the PS3.6 VR alternatives they stand for.
DCMTK_PSEUDO_VRS = {
    "ox": ["OB", "OW"],
    "px": ["OB", "OW"],
    "xs": ["US", "SS"],
    "lt": ["US", "SS", "OW"],
    "up": ["UL"],
    "na": [],
}

STANDARD_VERSIONS = {"DICOM", "DICOM/retired", "DICOM/DICONDE", "DICOM/DICOS"}


def fail(message):
    sys.exit("generate.py: " + message)


def hex_range_to_pattern(lo, hi, step_even):
    """(6000,60FF) -> '60xx'; digits that span 0..F become x, all others must agree."""
    if len(lo) != 4 or len(hi) != 4:
        fail("bad range %s-%s" % (lo, hi))
    out = []
    for a, b in zip(lo.upper(), hi.upper()):
        if a == b:
            out.append(a)
        elif a == "0" and b == "F":
            out.append("x")
        else:
            fail("range %s-%s is not expressible as a mask" % (lo, hi))
    return "".join(out)


def parse_dcmtk_part(text):
    """One side of a dcmtk tag: 'gggg', 'gggg-gggg', 'gggg-o-gggg' or 'gggg-u-gggg'."""
    m = re.fullmatch(r"([0-9A-Fa-f]{4})(?:-([ou])?-?([0-9A-Fa-f]{4}))?", text)
    if not m:
        fail("unparsable dcmtk tag part %r" % text)
    lo, flag, hi = m.group(1), m.group(2), m.group(3)
    if hi is None:
        return lo.upper()
    return hex_range_to_pattern(lo, hi, flag is None)


def normalise_pattern(group, element):
    return (group + element).upper().replace("X", "x")


def read_dcmtk(path):
    entries = {}
    with open(path, encoding="latin-1") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 5:
                fail("%s:%d: expected 5 tab-separated fields" % (path, lineno))
            tag, vr, keyword, vm, version = fields
            if version not in STANDARD_VERSIONS:
                continue
            m = re.fullmatch(r"\(([^,]+),([^)]+)\)", tag)
            if not m:
                fail("%s:%d: bad tag %r" % (path, lineno, tag))
            pattern = parse_dcmtk_part(m.group(1)) + parse_dcmtk_part(m.group(2))
            retired = version == "DICOM/retired"
            if keyword.startswith("RETIRED_"):
                keyword = keyword[len("RETIRED_"):]
            if pattern in entries:
                fail("%s:%d: duplicate tag %s" % (path, lineno, pattern))
            entries[pattern] = {"vr": vr, "vm": vm, "keyword": keyword, "retired": retired}
    return entries


def read_part6(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # The DOCTYPE pulls in Part7a.xml/Part7b.xml (PS3.7 command elements, group 0000) as external
    # entities, which ElementTree does not resolve: inline them by hand.
    text = re.sub(r"<!DOCTYPE.*?\]>", "", text, flags=re.S)
    for part in ("part7a", "part7b"):
        sibling = os.path.join(os.path.dirname(path), "P" + part[1:] + ".xml")
        inlined = ""
        if os.path.isfile(sibling):
            with open(sibling, encoding="utf-8") as f:
                inlined = re.sub(r"<\?xml[^>]*\?>", "", f.read())
        text = text.replace("&" + part + ";", inlined)
    root = ET.fromstring(text)
    elements = {}
    uids = []
    for d in root.iter("dict"):
        for e in d.iter("entry"):
            pattern = normalise_pattern(e.get("group"), e.get("element"))
            vr = e.get("vr") or ""
            elements[pattern] = {
                "vrs": [v for v in vr.split("_") if v],
                "vm": e.get("vm") or "",
                "keyword": e.get("keyword") or "",
                "name": e.get("name") or "",
                "retired": e.get("retired") == "true",
            }
    for table in root.iter("table"):
        if table.get("ref") != "Table A-1":
            continue
        for u in table.iter("uid"):
            uids.append({
                "uid": u.get("value"),
                "name": u.get("name") or "",
                "type": u.get("type") or "",
                "retired": u.get("retired") == "true",
            })
    return elements, uids


ACRONYM_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[0-9])(?=[A-Z][a-z])")


def name_from_identifier(identifier):
    """'SOPClassUID' -> 'SOP Class UID'. Only a fallback: PS3.6 names are not derivable."""
    words = ACRONYM_SPLIT.split(identifier.replace("_", " "))
    words = " ".join(w.strip() for w in words if w.strip()).split(" ")
    return " ".join(w if i == 0 or w != "Of" else "of" for i, w in enumerate(words))


def keyword_from_name(name):
    """PS3.6 keyword style: drop the ':' suffix and ' SOP Class', keep letters and digits."""
    base = name.split(":")[0]
    base = re.sub(r"\s*\(Retired\)\s*$", "", base)
    base = re.sub(r" SOP Class$", "", base)
    words = re.split(r"[^0-9A-Za-z]+", base)
    out = "".join(w[0].upper() + w[1:] for w in words if w)
    if out and out[0].isdigit():
        out = "_" + out
    return out


def check_tsv_field(value, what):
    if "\t" in value or "\n" in value:
        fail("%s contains a tab or newline: %r" % (what, value))
    return value


def build_elements(dcmtk, part6):
    rows = {}
    for pattern, d in dcmtk.items():
        p6 = part6.get(pattern)
        if d["vr"] in DCMTK_PSEUDO_VRS:
            vrs = p6["vrs"] if p6 and len(p6["vrs"]) > 0 else DCMTK_PSEUDO_VRS[d["vr"]]
        else:
            vrs = [d["vr"]]
        if not vrs:
            continue
        if p6 and p6["keyword"] == d["keyword"] and p6["name"]:
            name = p6["name"]
        else:
            name = name_from_identifier(d["keyword"])
        rows[pattern] = (vrs, d["vm"], d["keyword"], name, d["retired"])
    for pattern, p in part6.items():
        if pattern in rows or not p["vrs"] or not p["keyword"]:
            continue
        rows[pattern] = (p["vrs"], p["vm"], p["keyword"], p["name"], p["retired"])
    # PS3.5 §7.2: every group may carry a Group Length (gggg,0000); retired except groups 0000/0002.
    rows.setdefault("xxxx0000", (["UL"], "1", "GroupLength", "Group Length", True))
    for pattern, (vrs, vm, keyword, name, _) in rows.items():
        if not re.fullmatch(r"[0-9A-Fx]{8}", pattern):
            fail("bad pattern %s" % pattern)
        for vr in vrs:
            if vr not in KNOWN_VRS:
                fail("unknown VR %s for %s" % (vr, pattern))
        check_tsv_field(vm, "VM"); check_tsv_field(keyword, "keyword"); check_tsv_field(name, "name")
    return rows


def pattern_sort_key(pattern):
    return (pattern.replace("x", "0"), pattern)


def write_elements(rows, out_path, sources):
    lines = ["# Lightbox DICOM data dictionary (PS3.6 data elements). Generated by "
             "scripts/dictionary/generate.py from " + sources + "; do not edit.",
             "# tag\tvr\tvm\tkeyword\tname\tretired"]
    for pattern in sorted(rows, key=pattern_sort_key):
        vrs, vm, keyword, name, retired = rows[pattern]
        lines.append("\t".join([pattern, "|".join(vrs), vm, keyword, name, "R" if retired else ""]))
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return len(rows)


def read_dcuid(path):
    """(uid, macro name, doc comment or '', section type) for standard UIDs in dcuid.h."""
    result = []
    section = ""
    comment = []
    in_block = False
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("/**"):
                in_block = not line.endswith("*/")
                comment = [line[3:].rstrip("*/").strip()]
                continue
            if in_block:
                in_block = not line.endswith("*/")
                comment.append(line.lstrip("*").rstrip("*/").strip())
                continue
            if line.startswith("** "):
                section = line[3:]
                comment = []
                continue
            if line.startswith("///"):
                comment = [line[3:].strip()]
                continue
            if line.startswith("//"):
                section = line[2:].strip() if "Transfer Syntax" not in section else section
                comment = []
                continue
            m = re.match(r'#define\s+(UID_\w+)\s+"([0-9.]+)"', line)
            if m:
                result.append((m.group(2), m.group(1), " ".join(c for c in comment if c), section))
            comment = []
    return result


def uid_type_for(macro, section):
    if "Transfer Syntax" in section:
        return "Transfer Syntax"
    if "Frame of Reference" in section or macro.endswith("FrameOfReference"):
        return "Well-known frame of reference"
    if macro.endswith("SOPInstance"):
        return "Well-known SOP Instance"
    return "SOP Class"


def build_uids(part6_uids, dcuid):
    rows = {}
    for u in part6_uids:
        name = u["name"]
        if not name:
            continue  # retired rows PS3.6 lists without a name (e.g. ...1.1.12.77)
        uid_type = "Transfer Syntax" if u["type"] == "Transfer" else u["type"]
        rows[u["uid"]] = (keyword_from_name(name), name, uid_type, u["retired"])
    for uid, macro, comment, section in dcuid:
        if not uid.startswith("1.2.840.10008.") or uid.endswith(".") or uid in rows:
            continue
        ident = macro[len("UID_"):]
        retired = ident.startswith("RETIRED_") or "RETIRED" in comment
        ident = ident.replace("RETIRED_", "")
        if comment and "Transfer Syntax" in section:
            name = re.sub(r"\s*-\s*RETIRED\s*$", "", comment)
        else:
            name = name_from_identifier(ident)
        rows[uid] = (keyword_from_name(name), name, uid_type_for(ident, section), retired)
    for uid, (keyword, name, uid_type, _) in rows.items():
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", uid):
            fail("bad UID %r" % uid)
        check_tsv_field(name, "UID name"); check_tsv_field(uid_type, "UID type")
    return rows


def uid_sort_key(uid):
    return [int(p) for p in uid.split(".")]


def write_uids(rows, out_path, sources):
    lines = ["# Lightbox UID registry (PS3.6 Table A-1). Generated by "
             "scripts/dictionary/generate.py from " + sources + "; do not edit.",
             "# uid\tkeyword\tname\ttype\tretired"]
    for uid in sorted(rows, key=uid_sort_key):
        keyword, name, uid_type, retired = rows[uid]
        lines.append("\t".join([uid, keyword, name, uid_type, "R" if retired else ""]))
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dcmtk-dic", default=DEFAULT_DCMTK_DIC)
    ap.add_argument("--part6", default=DEFAULT_PART6)
    ap.add_argument("--dcuid", default=DEFAULT_DCUID)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    for path, pkg in ((args.dcmtk_dic, "libdcmtk17"), (args.part6, "libgdcm3.0"),
                      (args.dcuid, "libdcmtk-dev")):
        if not os.path.isfile(path):
            fail("%s not found: apt-get install %s" % (path, pkg))

    dcmtk = read_dcmtk(args.dcmtk_dic)
    part6_elements, part6_uids = read_part6(args.part6)
    elements = build_elements(dcmtk, part6_elements)
    uids = build_uids(part6_uids, read_dcuid(args.dcuid))

    os.makedirs(args.out, exist_ok=True)
    n_el = write_elements(elements, os.path.join(args.out, "dictionary.tsv"),
                          "dcmtk dicom.dic (libdcmtk17) + GDCM Part6.xml (libgdcm3.0)")
    n_uid = write_uids(uids, os.path.join(args.out, "uids.tsv"),
                       "GDCM Part6.xml (libgdcm3.0) + dcmtk dcuid.h (libdcmtk-dev)")
    print("dictionary.tsv: %d entries; uids.tsv: %d UIDs" % (n_el, n_uid))


if __name__ == "__main__":
    main()
