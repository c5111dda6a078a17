"""User text reaches the page as typed: never as a link, an icon, colour or HTML."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from prospects.domain import Action, Choice, Contact, CustomField, FieldType, Prospect, Stage, User
from prospects.ui import import_view, state
from prospects.ui.shell import WORD_JOINER, md
from tests.pages.test_dashboard_page import open_tables

HOSTILE_STRINGS = [
    "[Win](http://evil.example) :red[big] **bold** <script>x</script>",
    "![i](http://evil.example/i.png) [ref]: http://evil.example <http://evil.example>",
    "http://evil.example https://evil.example/a?b=c www.evil.example WWW.Evil.example",
    "write to boss@evil.example or mailto:boss@evil.example",
    ":smile: :+1: :100: :material/home: :streamlit: :red-background[x] :blue[y] ::leaf :::box",
    "$x^2$ $$\\int$$ \\(a\\) `code` ``more`` ~~gone~~ _em_ __strong__ *a* ***b***",
    "# Title\n## Sub\n> quote\n- item\n+ item\n* item\n1. one\n2) two\n---\n===\n| a | b |\n|---|---|",
    "&amp; &#60;b&#62; &copy; <b>h</b> <!-- c --> <img src=x onerror=alert(1)>",
    "Dupont & Fils (SARL) - 10:30, l'été: 50% off!",
]


def _unescaped(text: str) -> str:
    """What a reader sees: the escapes read, the invisible joiners dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_md_keeps_the_text_and_leaves_nothing_markdown_can_read(hostile):
    escaped = md(hostile)
    assert _unescaped(escaped) == hostile  # shown as typed
    bare = re.sub(r"\\.", "", escaped)  # what is left once every escaped character is taken out
    assert not re.search(r"[\[\]<>`*_$~|]", bare)  # no link, image, HTML, code, emphasis, maths, table
    assert not re.search(r"(?i)https?://|www\.|@\w|:[a-z+/\-]|:\d+:", bare)  # no autolink, shortcode, directive
    assert not re.search(r"(?m)^\s*([#>+\-=]|\d+[.)])", escaped)  # no heading, quote, list or underline
    assert not re.search(r"&#?\w+;", bare)  # no entity


def test_md_leaves_ordinary_punctuation_alone():
    assert md("Dupont & Fils (SARL) - 10:30, l'été: 50% off!") == "Dupont & Fils (SARL) - 10:30, l'été: 50% off!"


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


# --- Every page, every place a user's or a file's text is rendered -------------------------------

HOSTILE = "[x](http://evil.example) ![i](http://evil.example/i.png) :red[red] $x^2$ **b** <b>h</b> http://evil.example"
# Settings names are at most 80 characters: the same constructs, shorter.
SHORT = "[x](//evil.example) ![i](//evil.example) :red[r] $x^2$ **b** http://evil.example"
# What Streamlit would turn into a link, an image, a colour, maths, bold, HTML or an autolink if it
# reached a Markdown body or a label as it was typed.
RAW = ("[x](", "![i](", ":red[red]", "$x^2$", "**b**", "<b>", "http://evil.example", ":red[r]")
# Elements whose value is Markdown; widgets render their label and help as Markdown, radios and
# segmented controls their options too. Dataframes, text inputs' values and selectbox options are
# plain text: a hostile value there is shown as typed by Streamlit itself.
MARKDOWN_VALUES = {"markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success",
                   "toast", "exception"}


def rendered_markdown(at) -> list[str]:
    """Every Markdown source the run sent to the browser: bodies, labels, helps and option labels."""
    found: list[str] = []

    def walk(node) -> None:
        kind = getattr(node, "type", "")
        if kind in MARKDOWN_VALUES and isinstance(getattr(node, "value", None), str):
            found.append(node.value)
        for attribute in ("label", "help", "body"):
            value = getattr(node, attribute, None)
            if isinstance(value, str):
                found.append(value)
        if kind in ("radio", "button_group"):
            found.extend(str(o) for o in getattr(node, "options", []) or [])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def raw_markdown(at) -> list[str]:
    """The rendered Markdown sources that carry the hostile text unescaped."""
    return [text for text in rendered_markdown(at) if any(raw in text for raw in RAW)]


def hostile_base(store, user_id: int) -> dict[str, int]:
    """A base where every name a rep or a file can give is hostile: user, stage, channel, category,
    custom field, prospect (name, company, summary, custom value), its action and a contact."""
    me = store.users.get(user_id)
    store.users.update(User(me.id, SHORT, me.initials, me.email))
    stage = store.stages.list()[0]
    store.stages.update(Stage(stage.id, SHORT, stage.position, stage.probability, stage.stale_after_days))
    store.choices.create(Choice(None, "channel", SHORT, 99))
    store.categories.set_label(1, SHORT)
    field = store.custom_fields.create(CustomField(None, SHORT, FieldType.TEXT, 1))
    prospect = store.prospects.create(Prospect(
        last_name=HOSTILE, first_name=HOSTILE, company=HOSTILE, stage_id=stage.id, channel=SHORT, owner_id=user_id,
        project_summary=HOSTILE, categories=(1,), custom={field.id: HOSTILE}, prospect_notes=HOSTILE,
        email="rep@example.org"), by=user_id)  # its mailto: link is the app's own
    store.actions.create(Action(prospect_id=prospect.id, title=HOSTILE, due_at=datetime.now().replace(microsecond=0),
                                assignee_id=user_id, notes=HOSTILE), by=user_id)
    contact = store.contacts.create(Contact(last_name=HOSTILE, company=HOSTILE, notes=HOSTILE), by=user_id)
    return {"prospect": prospect.id, "contact": contact.id}


@pytest.mark.parametrize("page", ["prospects", "prospect", "board", "dashboard", "agenda", "contacts", "settings"])
def test_hostile_names_are_shown_as_text_on_every_page(app, store, user_id, page):
    ids = hostile_base(store, user_id)
    query = {"id": str(ids["prospect"])} if page == "prospect" else None
    at = app(page=f"pages/{page}.py", query=query)
    assert not at.exception
    if page == "prospects":  # the list shows a prospect's actions once it is chosen
        at.session_state[state.SELECTED_PROSPECT] = ids["prospect"]
        at.run()
    assert not raw_markdown(at)
    if page == "dashboard":  # each block's table is built once its tab is opened: open them all
        open_tables(at)
        assert not at.exception and len(at.dataframe) == 10
        assert not raw_markdown(at)


def test_a_hostile_file_is_shown_as_text_on_the_import_page(app, store, user_id):
    data = (
        "Name,Company,Email,Channel,Date," + HOSTILE + "\n"
        f"{HOSTILE},{HOSTILE},{HOSTILE},{HOSTILE},03/04/2026,{HOSTILE}\n"
        "Durand,Globex,paul@globex.example,Salon,05/06/2026,plain\n"
    ).encode()
    at = app(page="pages/import.py")
    at.session_state[import_view.FILE] = ("hostile.csv", data)
    at.run()
    assert not at.exception
    labels = [s.label for s in at.selectbox]
    assert any("evil" in label for label in labels)  # the header's picker and the unknown channel's are there
    assert not raw_markdown(at)  # mapping, unknown columns, value translations, date orders
    next(b for b in at.button if b.key == "import_run").click().run()
    assert not at.exception
    assert store.prospects.count() == 2  # the hostile lead came in, flagged for a check
    assert any("evil" in text for text in rendered_markdown(at))  # the rows to check quote it...
    assert not raw_markdown(at)  # ...as text
