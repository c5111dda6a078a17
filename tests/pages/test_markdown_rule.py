"""The rule that keeps user text from turning into Markdown holds in every page and UI module.

Streamlit renders Markdown in messages, titles, captions, widget labels, help texts and the options
of radios and pills. A page or UI module may pass them catalog text (`t("key")`), literals, or text
made safe by `shell.md`; anything else (a name, a file's header, a setting, an error quoting input)
fails this test until it goes through `md`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "prospects" / "ui").glob("*.py"), ROOT / "app.py"])

# Streamlit calls whose first argument (or `body`) is rendered as Markdown, all of it for st.write.
BODY_CALLS = {"markdown", "caption", "info", "warning", "error", "success", "toast", "title", "header",
              "subheader", "write"}
# Widgets and containers whose label (first argument or `label`) is rendered as Markdown.
LABEL_CALLS = {"checkbox", "toggle", "text_input", "text_area", "number_input", "selectbox", "multiselect",
               "radio", "date_input", "time_input", "datetime_input", "button", "form_submit_button",
               "download_button", "link_button", "popover", "expander", "metric", "segmented_control", "pills",
               "slider", "select_slider", "file_uploader", "color_picker", "dialog", "status", "spinner",
               "progress", "chat_input"}
# Keywords rendered as Markdown wherever they appear.
MARKDOWN_KEYWORDS = {"help", "label", "body", "text", "title", "caption", "captions"}
# Calls whose options are rendered as Markdown (through format_func): their labels must be safe too.
OPTION_CALLS = {"radio", "segmented_control", "pills"}
# Receivers that are not Streamlit (the logger's .error and .warning are not rendered).
NOT_STREAMLIT = {"log", "logger", "logging", "warnings"}
# Functions whose result is safe whatever their arguments: the escape itself, and numbers, dates and
# amounts formatted by the catalog (digits and separators only).
ESCAPES = {"md"}
NUMBERS = {"len", "int", "round", "abs", "sum", "fmt_date", "fmt_datetime", "fmt_money", "fmt_number",
           "fmt_percent", "fmt_time", "format_money", "format_number"}
# Catalog placeholders that only ever receive numbers or dates.
NUMERIC_PLACEHOLDERS = {"count", "n", "total", "created", "updated", "deleted", "reverted", "skipped", "rejected",
                        "batch", "id", "row", "rows", "line", "percent", "days", "done", "open", "kept", "when",
                        "date", "due", "position", "number", "limit", "shown", "page", "pages", "size", "value_count"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class Checker(ast.NodeVisitor):
    """Walks a module; `problems` lists each Markdown argument not known to be safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.scopes: list[dict[str, list[ast.AST]]] = []

    # Names: safe when every assignment to them in the enclosing function (or module) is safe.
    def _assignments(self, tree: ast.AST) -> dict[str, list[ast.AST]]:
        found: dict[str, list[ast.AST]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
                    elif isinstance(target, ast.Tuple):
                        for element in target.elts:
                            if isinstance(element, ast.Name):
                                found.setdefault(element.id, []).append(target)  # unpacked: unknown
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
                found.setdefault(node.target.id, []).append(node.value or node.target)
            elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name):
                found.setdefault(node.target.id, []).append(node.target)
        return found

    def visit_Module(self, node: ast.Module) -> None:
        self.scopes.append(self._assignments(node))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        scope = self._assignments(node)
        for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
            scope.setdefault(arg.arg, []).append(arg)
        self.scopes.append(scope)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def safe(self, node: ast.AST | None, seen: frozenset[str] = frozenset()) -> bool:
        if node is None or isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self.safe(node.value, seen)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.BinOp):
            return self.safe(node.left, seen) and self.safe(node.right, seen)
        if isinstance(node, ast.UnaryOp):
            return self.safe(node.operand, seen)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.safe(e, seen) for e in node.elts)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            return self.safe(node.elt, seen)
        if isinstance(node, ast.Lambda):
            return self.safe(node.body, seen)
        if isinstance(node, ast.Call):
            return self._safe_call(node, seen)
        if isinstance(node, ast.Name):
            return self._safe_name(node.id, seen)
        return False

    def _safe_call(self, node: ast.Call, seen: frozenset[str]) -> bool:
        name = _name(node.func)
        if name in ESCAPES or name in NUMBERS:
            return True
        if name == "t":  # catalog text: safe when what it quotes is
            return all(self.safe(a, seen) for a in node.args[1:]) and all(
                k.arg in NUMERIC_PLACEHOLDERS or self.safe(k.value, seen) for k in node.keywords
                if k.arg is not None)
        if name == "join" and isinstance(node.func, ast.Attribute):
            return self.safe(node.func.value, seen) and all(self.safe(a, seen) for a in node.args)
        return False

    def _safe_name(self, name: str, seen: frozenset[str]) -> bool:
        if name in seen:
            return True
        for scope in reversed(self.scopes):
            if name in scope:
                return all(self.safe(v, seen | {name}) for v in scope[name])
        return False

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and _name(func.value) not in NOT_STREAMLIT:
            self._check_call(node, func.attr)
        self.generic_visit(node)

    def _check_call(self, node: ast.Call, name: str) -> None:
        rendered: list[ast.AST] = []
        if name == "write":
            rendered += node.args
        elif name in BODY_CALLS | LABEL_CALLS and node.args:
            rendered.append(node.args[0])
        if name == "tabs" and node.args:
            rendered.append(node.args[0])
        if name in BODY_CALLS | LABEL_CALLS | {"tabs", "page_link"}:
            rendered += [k.value for k in node.keywords if k.arg in MARKDOWN_KEYWORDS]
            if name in OPTION_CALLS:
                rendered += [k.value for k in node.keywords if k.arg == "format_func"]
        for argument in rendered:
            if not self.safe(argument):
                self.problems.append(
                    f"{self.path.relative_to(ROOT)}:{argument.lineno}: {name}({ast.unparse(argument)[:80]})")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_text_reaches_markdown_only_through_md(path: Path) -> None:
    checker = Checker(path)
    checker.visit(ast.parse(path.read_text(encoding="utf-8")))
    assert not checker.problems, "Markdown fed with text not escaped by shell.md:\n" + "\n".join(checker.problems)


def test_the_rule_catches_a_name_in_a_message_and_a_label() -> None:
    source = (
        "def show(prospect, stage):\n"
        "    st.warning(t('x', name=prospect.name))\n"
        "    st.checkbox(stage.name)\n"
        "    col.markdown(f'**{prospect.company}**')\n"
        "    st.tabs([t('a'), stage.name])\n"
        "    st.success(t('y', count=prospect.count, name=md(prospect.name)))\n"
        "    st.radio(t('z'), [1], format_func=lambda i: stage.name)\n"
    )
    checker = Checker(ROOT / "pages" / "example.py")
    checker.visit(ast.parse(source))
    assert [p.split(":")[1] for p in checker.problems] == ["2", "3", "4", "5", "7"]
