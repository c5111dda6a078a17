"""User text reaches the page as typed: never as a link, an icon, colour or HTML."""

from __future__ import annotations

from prospects.domain import Prospect
from prospects.ui.shell import md


def test_markdown_in_user_text_is_escaped():
    escaped = md("[Win](http://evil.example) :red[big] **bold** <script>x</script>")
    for raw in ("[Win](", ":red[", "**bold**", "<script>"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == "[Win](http://evil.example) :red[big] **bold** <script>x</script>"


def test_a_hostile_name_is_shown_escaped_on_the_record(app, store, user_id):
    hostile = store.prospects.create(
        Prospect(last_name="[Click me](http://evil.example)", company="<img src=x onerror=alert(1)>"), by=user_id
    )
    at = app(page="pages/prospect.py", query={"id": str(hostile.id)})
    assert not at.exception
    shown = " ".join(str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader")
                     for e in getattr(at, kind))
    assert "[Click me](" not in shown and r"\[Click me\]" in shown  # the title shows the text, no link
    assert "<img" not in shown.replace("\\<img", "")
