"""The text of a dropped file's bytes: its encoding detected (UTF-8 with or without BOM, Windows-1252,
Latin-1...; per line where a file mixes UTF-8 and Windows-1252), a binary file refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from prospects.importing.limits import ImportFileError

# Encodings a dropped file may come in, in the order of preference of the detector.
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "utf_16", "mac_roman", "cp850"]
ENCODING_NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1252": "Windows-1252", "latin_1": "Latin-1",
                  "iso8859_1": "Latin-1", "utf_16": "UTF-16", "mac_roman": "Mac Roman", "cp850": "DOS (cp850)"}
# The bytes Windows-1252 reads as € œ ’ … and Latin-1 as control characters: every other byte deleted,
# what is left says whether the file has any (`bytes.translate` runs at memory speed; a regex does not).
_ALL_BUT_WINDOWS_ONLY = bytes(b for b in range(256) if not 0x80 <= b <= 0x9F)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
MIXED_ENCODING = "UTF-8 + Windows-1252"
# A lead byte (\xc2-\xf4) followed by a continuation byte (\x80-\xbf): in every text of UTF-8 beyond
# ASCII. Found as the pair "LC" once each byte is translated to its class (L, C, or "." for the others).
_ASCII = bytes(range(0x80))
_BYTE_CLASSES = bytes(ord("L") if 0xC2 <= b <= 0xF4 else ord("C") if 0x80 <= b <= 0xBF else ord(".") for b in range(256))


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """The text of a file, the name of its encoding and the lines (1-based) that a UTF-8 file holds
    in Windows-1252: one such line must not turn the whole file into mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        mixed = _mixed_lines(data[3:])
        if mixed is not None and mixed[1]:
            return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
        text = mixed[0] if mixed is not None else data[3:].decode("utf-8", errors="replace")  # valid UTF-8: read once
        return _checked(text), ENCODING_NAMES["utf_8_sig"], []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16")), ENCODING_NAMES["utf_16"], []
        except UnicodeDecodeError as exc:  # an odd number of bytes, or half a surrogate pair: a cut file
            raise ImportFileError("import.error.truncated") from exc
    if b"\x00" in data[:4096]:
        raise ImportFileError("import.error.binary")
    if _may_be_utf8(data):
        try:
            return _checked(data.decode("utf-8")), ENCODING_NAMES["utf_8"], []
        except UnicodeDecodeError:
            pass
    beyond = data.translate(None, _ASCII)  # the bytes beyond ASCII alone: all the questions below are about them
    mixed = _mixed_lines(data, beyond)
    if mixed is not None:
        return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
    best = from_bytes(data[:200_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    encoding = best.encoding if best is not None else "cp1252"
    windows_only = bool(beyond.translate(None, _ALL_BUT_WINDOWS_ONLY))
    if encoding in ("latin_1", "iso8859_1") and windows_only:
        encoding = "cp1252"  # Latin-1 has only control characters there; Windows has € œ ’ …
    elif encoding == "cp1252" and not windows_only:
        encoding = "latin_1"  # the same text either way: say the older, plainer name
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("latin_1")
        encoding = "latin_1"
    return _checked(text), ENCODING_NAMES.get(encoding, encoding), []


def _may_be_utf8(data: bytes) -> bool:
    """Whether the data's first bytes are UTF-8 (a sequence the first bytes cut is taken as valid): when
    they are not, the whole is not either, and saying so costs no copy of the data (a failed decoding of
    the whole copies all of it into its error)."""
    try:
        codecs.utf_8_decode(memoryview(data)[:_UTF8_LOOK], "strict", False)
    except UnicodeDecodeError:
        return False
    return True


_UTF8_LOOK = 65_536  # the first bytes `_may_be_utf8` decodes


def _mixed_lines(data: bytes, beyond: bytes | None = None) -> tuple[str, list[int]] | None:
    """A file that is UTF-8 but for some lines (a row pasted from an old Windows tool): each line read
    as UTF-8 when it is valid UTF-8, else as Windows-1252; with the numbers of those lines. None when
    no line holds UTF-8 beyond ASCII: then the file is a legacy one, detected as a whole (said at once
    when no byte pair of the file could be UTF-8 beyond ASCII, without decoding line by line).

    The valid lines are decoded in runs, up to the next line that is not UTF-8: a line feed is never
    part of a UTF-8 sequence, so a run reads as its lines read one by one (a file of valid UTF-8, as
    Excel's "CSV UTF-8" with its BOM, is decoded in one call). `beyond`: the data's bytes beyond ASCII,
    when the caller has them already."""
    if not _utf8_beyond_ascii(data, beyond):
        return None
    view = memoryview(data)
    texts: list[str] = []
    legacy: list[int] = []
    utf8_seen = False
    position, number = 0, 1  # where the next line starts (a byte offset), its number
    while True:
        try:
            run = str(view[position:], "utf-8")
        except UnicodeDecodeError as exc:
            bad = position + exc.start
            line_start = max(position, data.rfind(b"\n", position, bad) + 1)
            line_end = data.find(b"\n", bad)
            line_end = len(data) if line_end < 0 else line_end
            run = str(view[position:line_start], "utf-8")
            number += run.count("\n")
            texts += [run, windows_text(data[line_start:line_end])]
            legacy.append(number)
            utf8_seen = utf8_seen or not run.isascii()
            if line_end == len(data):
                break
            texts.append("\n")
            position, number = line_end + 1, number + 1
            continue
        texts.append(run)
        utf8_seen = utf8_seen or not run.isascii()
        break
    return ("".join(texts), legacy) if utf8_seen else None


def _utf8_beyond_ascii(data: bytes, beyond: bytes | None = None) -> bool:
    """Whether some lead byte of UTF-8 is followed by a continuation byte somewhere in the data. Asked
    first of the bytes beyond ASCII alone (`beyond`, or found here), few in a legacy file: a pair of the
    data is a pair there too, so only a pair found there (perhaps of two bytes apart in the data) makes
    the whole data looked at."""
    if beyond is None:
        beyond = data.translate(None, _ASCII)
    if b"LC" not in beyond.translate(_BYTE_CLASSES):
        return False
    return b"LC" in data.translate(_BYTE_CLASSES)


def windows_text(data: bytes) -> str:
    """Windows-1252, or Latin-1 for the five bytes Windows-1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin_1")


def _checked(text: str) -> str:
    """Refuse text that is really binary (control characters other than tabs and line ends)."""
    sample = text[:20_000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.02:
        raise ImportFileError("import.error.binary")
    return text
