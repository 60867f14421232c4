#!/usr/bin/env python3
"""Synthetic DICOM inputs for benchmarks/load/run.sh (Python 3 standard library only).

  gen_dicom.py ct OUT                 one 512x512 16-bit signed CT slice (used when the corpus is absent)
  gen_dicom.py rgb OUT                one 1024x1024 RGB secondary capture (8 bits per sample)
  gen_dicom.py multiframe OUT FRAMES  multi-frame 512x512 16-bit grayscale, FRAMES frames, native
  gen_dicom.py archive DIR INSTANCES STUDIES SHARDS
                                      INSTANCES small (16x16) CT slices spread evenly over STUDIES
                                      studies (one patient each, two series), in SHARDS
                                      subdirectories DIR/shard-N holding whole studies

Files are written in Explicit VR Little Endian (PS3.5 §A.2) with a File Meta Information header
(PS3.10 §7.1). Pixel data is streamed frame by frame, so a 2 GB file needs only a few frames of
memory. Every file gets fresh UIDs under the UUID root 2.25 (PS3.5 §B.2).
"""
import array
import math
import struct
import sys
import uuid

EXPLICIT_LE = "1.2.840.10008.1.2.1"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
MULTIFRAME_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3"
IMPLEMENTATION_CLASS = "2.25.301726143961201178315112069386406207233"
LONG_LENGTH_VRS = {"OB", "OW", "OF", "SQ", "UT", "UN"}  # PS3.5 Table 7.1-1: 4-byte length form


def new_uid():
    return "2.25." + str(uuid.uuid4().int)


def element(group, elem, vr, value):
    """Encodes one element; value is bytes, str or a list of ints for US."""
    if vr == "US":
        raw = b"".join(struct.pack("<H", v) for v in value)
    elif vr == "UL":
        raw = b"".join(struct.pack("<I", v) for v in value)
    elif isinstance(value, bytes):
        raw = value
    else:
        raw = value.encode("ascii")
    if len(raw) % 2:
        raw += b"\0" if vr == "UI" else (b"\0" if vr in LONG_LENGTH_VRS else b" ")
    header = struct.pack("<HH", group, elem) + vr.encode("ascii")
    if vr in LONG_LENGTH_VRS:
        return header + b"\0\0" + struct.pack("<I", len(raw)) + raw
    return header + struct.pack("<H", len(raw)) + raw


def file_meta(sop_class, sop_instance):
    body = (element(0x0002, 0x0001, "OB", b"\0\1")
            + element(0x0002, 0x0002, "UI", sop_class)
            + element(0x0002, 0x0003, "UI", sop_instance)
            + element(0x0002, 0x0010, "UI", EXPLICIT_LE)
            + element(0x0002, 0x0012, "UI", IMPLEMENTATION_CLASS))
    return b"\0" * 128 + b"DICM" + element(0x0002, 0x0000, "UL", [len(body)]) + body


def common_header(sop_class, sop_instance, modality, patient_suffix):
    return [
        (0x0008, 0x0016, "UI", sop_class),
        (0x0008, 0x0018, "UI", sop_instance),
        (0x0008, 0x0020, "DA", "20240101"),
        (0x0008, 0x0060, "CS", modality),
        (0x0010, 0x0010, "PN", "Bench^" + patient_suffix),
        (0x0010, 0x0020, "LO", "BENCH-" + patient_suffix),
        (0x0020, 0x000D, "UI", new_uid()),
        (0x0020, 0x000E, "UI", new_uid()),
        (0x0020, 0x0013, "IS", "1"),
    ]


def write_file(path, sop_class, elements, pixel_length, frames, pixel_vr="OW"):
    """elements excludes Pixel Data; frames yields bytes whose total equals pixel_length."""
    sop_instance = next(v for g, e, _, v in elements if (g, e) == (0x0008, 0x0018))
    with open(path, "wb") as out:
        out.write(file_meta(sop_class, sop_instance))
        for g, e, vr, v in sorted(elements, key=lambda t: (t[0], t[1])):
            out.write(element(g, e, vr, v))
        out.write(struct.pack("<HH", 0x7FE0, 0x0010) + pixel_vr.encode("ascii") + b"\0\0"
                  + struct.pack("<I", pixel_length))
        written = 0
        for chunk in frames:
            out.write(chunk)
            written += len(chunk)
        if written != pixel_length:
            raise SystemExit(f"internal error: wrote {written} pixel bytes, declared {pixel_length}")


def phantom_frame(size, shift):
    """A disc of soft tissue with a brighter ring in air, as signed 16-bit stored values (HU + 1024)."""
    values = array.array("h", bytes(2 * size * size))
    c = size / 2
    for y in range(size):
        row = y * size
        for x in range(size):
            r = math.hypot(x - c, y - c + shift)
            hu = -1000 if r > 0.45 * size else (700 if r > 0.40 * size else 40 + int(30 * math.sin(x / 9.0)))
            values[row + x] = hu + 1024
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def gray_attrs(rows, cols, frames):
    attrs = [
        (0x0028, 0x0002, "US", [1]),
        (0x0028, 0x0004, "CS", "MONOCHROME2"),
        (0x0028, 0x0010, "US", [rows]),
        (0x0028, 0x0011, "US", [cols]),
        (0x0028, 0x0100, "US", [16]),
        (0x0028, 0x0101, "US", [16]),
        (0x0028, 0x0102, "US", [15]),
        (0x0028, 0x0103, "US", [1]),
        (0x0028, 0x1050, "DS", "40"),
        (0x0028, 0x1051, "DS", "400"),
        (0x0028, 0x1052, "DS", "-1024"),
        (0x0028, 0x1053, "DS", "1"),
    ]
    if frames is not None:
        attrs.append((0x0028, 0x0008, "IS", str(frames)))
    return attrs


def make_ct(path):
    uid = new_uid()
    elements = common_header(CT_IMAGE, uid, "CT", "CT") + gray_attrs(512, 512, None)
    write_file(path, CT_IMAGE, elements, 512 * 512 * 2, [phantom_frame(512, 0)])


def make_rgb(path):
    size = 1024
    uid = new_uid()
    elements = common_header(SECONDARY_CAPTURE, uid, "OT", "RGB") + [
        (0x0028, 0x0002, "US", [3]),
        (0x0028, 0x0004, "CS", "RGB"),
        (0x0028, 0x0006, "US", [0]),
        (0x0028, 0x0010, "US", [size]),
        (0x0028, 0x0011, "US", [size]),
        (0x0028, 0x0100, "US", [8]),
        (0x0028, 0x0101, "US", [8]),
        (0x0028, 0x0102, "US", [7]),
        (0x0028, 0x0103, "US", [0]),
    ]

    def rows():
        for y in range(size):
            line = bytearray(3 * size)
            for x in range(size):
                line[3 * x] = x * 255 // size
                line[3 * x + 1] = y * 255 // size
                line[3 * x + 2] = (x ^ y) & 0xFF
            yield bytes(line)

    # 8-bit samples are OB in Explicit VR (PS3.5 §8.2).
    write_file(path, SECONDARY_CAPTURE, elements, 3 * size * size, rows(), pixel_vr="OB")


def make_multiframe(path, frame_count):
    uid = new_uid()
    elements = common_header(MULTIFRAME_WORD_SC, uid, "OT", "MF") + gray_attrs(512, 512, frame_count)
    elements = [e for e in elements if (e[0], e[1]) not in {(0x0028, 0x1052), (0x0028, 0x1053)}]
    # Multi-frame Grayscale Word SC (PS3.3 §A.8.4) has no rescale: store unsigned HU + 1024 values.
    elements = [(g, e, vr, [0] if (g, e) == (0x0028, 0x0103) else v) for g, e, vr, v in elements]
    elements = [(g, e, vr, "1064" if (g, e) == (0x0028, 0x1050) else v) for g, e, vr, v in elements]
    cycle = [phantom_frame(512, s) for s in (0, 8, 16, 24)]
    write_file(path, MULTIFRAME_WORD_SC, elements, frame_count * 512 * 512 * 2,
               (cycle[i % len(cycle)] for i in range(frame_count)))


def make_archive(directory, instances, studies, shards):
    """A query fixture: many instances written cheaply, each study its own patient and date."""
    import datetime
    import os
    per_study = instances // studies
    pixels = bytes(16 * 16 * 2)
    first = datetime.date(2020, 1, 1)
    for s in range(studies):
        shard = os.path.join(directory, f"shard-{s % shards}")
        os.makedirs(shard, exist_ok=True)
        study, series = new_uid(), [new_uid(), new_uid()]
        date = (first + datetime.timedelta(days=7 * s)).strftime("%Y%m%d")
        count = per_study + (1 if s < instances % studies else 0)
        for i in range(count):
            uid = new_uid()
            elements = [
                (0x0008, 0x0016, "UI", CT_IMAGE),
                (0x0008, 0x0018, "UI", uid),
                (0x0008, 0x0020, "DA", date),
                (0x0008, 0x0030, "TM", "%02d%02d00" % (8 + s % 10, s % 60)),
                (0x0008, 0x0050, "SH", f"ACC{s:05d}"),
                (0x0008, 0x0060, "CS", "CT"),
                (0x0008, 0x1030, "LO", f"Bench study {s}"),
                (0x0010, 0x0010, "PN", f"Bench^P{s:03d}"),
                (0x0010, 0x0020, "LO", f"BENCH-{s:03d}"),
                (0x0010, 0x0030, "DA", "19700101"),
                (0x0010, 0x0040, "CS", "O"),
                (0x0020, 0x000D, "UI", study),
                (0x0020, 0x000E, "UI", series[i % 2]),
                (0x0020, 0x0010, "SH", str(s)),
                (0x0020, 0x0011, "IS", str(1 + i % 2)),
                (0x0020, 0x0013, "IS", str(i + 1)),
            ] + gray_attrs(16, 16, None)
            write_file(os.path.join(shard, f"{s:03d}-{i:04d}.dcm"), CT_IMAGE, elements,
                       len(pixels), [pixels])


def main(argv):
    if len(argv) >= 3 and argv[1] == "ct":
        make_ct(argv[2])
    elif len(argv) >= 3 and argv[1] == "rgb":
        make_rgb(argv[2])
    elif len(argv) >= 4 and argv[1] == "multiframe":
        frames = int(argv[3])
        if not 1 <= frames <= 8000:  # 8000 frames of 512 KiB stays under the 4 GiB OW length limit
            raise SystemExit(f"FRAMES must be 1..8000, got {frames}")
        make_multiframe(argv[2], frames)
    elif len(argv) >= 6 and argv[1] == "archive":
        instances, studies, shards = int(argv[3]), int(argv[4]), int(argv[5])
        if not 1 <= studies <= instances or not 1 <= shards <= studies:
            raise SystemExit("need 1 <= SHARDS <= STUDIES <= INSTANCES")
        make_archive(argv[2], instances, studies, shards)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
