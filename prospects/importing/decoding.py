"""The text of a dropped file's bytes: its encoding detected (UTF-8 with or without BOM, Windows-1252,
Latin-1...; per line where a file mixes UTF-8 and Windows-1252), a binary file refused."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from prospects.importing.limits import ImportFileError

# Encodings a dropped file may come in, in the order of preference of the detector.
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "utf_16", "mac_roman", "cp850"]
ENCODING_NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1252": "Windows-1252", "latin_1": "Latin-1",
                  "iso8859_1": "Latin-1", "utf_16": "UTF-16", "mac_roman": "Mac Roman", "cp850": "DOS (cp850)"}
_WINDOWS_ONLY = re.compile(rb"[\x80-\x9f]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
MIXED_ENCODING = "UTF-8 + Windows-1252"
# A lead byte followed by a continuation byte: in every text of UTF-8 beyond ASCII.
_UTF8_BEYOND_ASCII = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """The text of a file, the name of its encoding and the lines (1-based) that a UTF-8 file holds
    in Windows-1252: one such line must not turn the whole file into mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        mixed = _mixed_lines(data[3:])
        if mixed is not None and mixed[1]:
            return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
        return _checked(data[3:].decode("utf-8", errors="replace")), ENCODING_NAMES["utf_8_sig"], []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16")), ENCODING_NAMES["utf_16"], []
        except UnicodeDecodeError as exc:  # an odd number of bytes, or half a surrogate pair: a cut file
            raise ImportFileError("import.error.truncated") from exc
    if b"\x00" in data[:4096]:
        raise ImportFileError("import.error.binary")
    try:
        return _checked(data.decode("utf-8")), ENCODING_NAMES["utf_8"], []
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
    best = from_bytes(data[:200_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    encoding = best.encoding if best is not None else "cp1252"
    windows_only = _WINDOWS_ONLY.search(data) is not None
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


def _mixed_lines(data: bytes) -> tuple[str, list[int]] | None:
    """A file that is UTF-8 but for some lines (a row pasted from an old Windows tool): each line read
    as UTF-8 when it is valid UTF-8, else as Windows-1252; with the numbers of those lines. None when
    no line holds UTF-8 beyond ASCII: then the file is a legacy one, detected as a whole (said at once
    when no byte pair of the file could be UTF-8 beyond ASCII, without decoding line by line)."""
    if _UTF8_BEYOND_ASCII.search(data) is None:
        return None
    texts, legacy, utf8_seen = [], [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            text = windows_text(line)
            legacy.append(number)
        texts.append(text)
    return ("\n".join(texts), legacy) if utf8_seen else None


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
