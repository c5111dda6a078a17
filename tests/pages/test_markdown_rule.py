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
              "subheader", "write", "flash"}
# Widgets and containers whose label (first argument or `label`) is rendered as Markdown.
LABEL_CALLS = {"checkbox", "toggle", "text_input", "text_area", "number_input", "selectbox", "multiselect",
               "radio", "date_input", "time_input", "datetime_input", "button", "form_submit_button",
               "download_button", "link_button", "popover", "expander", "metric", "segmented_control", "pills",
               "slider", "select_slider", "file_uploader", "color_picker", "dialog", "status", "spinner",
               "chat_input"}
# Texts that are not a user's or a file's: the database's path is the operator's (shown in code).
ALLOWED = {"prospects/ui/shell.py:t('shell.database', path=str(st_store.path))"}
# Keywords rendered as Markdown wherever they appear.
MARKDOWN_KEYWORDS = {"help", "label", "body", "text", "title", "caption", "captions"}
# Calls whose options are rendered as Markdown (through format_func): their labels must be safe too.
OPTION_CALLS = {"radio", "segmented_control", "pills"}
# Receivers that are not Streamlit (the logger's .error and .warning are not rendered).
NOT_STREAMLIT = {"log", "logger", "logging", "warnings", "KEYS"}  # KEYS: a page's widget keys (KEYS.tabs(block) is a key, not st.tabs)
# Functions whose result is safe whatever their arguments: the escape itself, and numbers, dates and
# amounts formatted by the catalog (digits and separators only).
ESCAPES = {"md"}
NUMBERS = {"len", "int", "round", "abs", "sum", "fmt_date", "fmt_datetime", "fmt_money", "fmt_number",
           "fmt_percent", "fmt_time", "format_money", "format_number"}
# Catalog placeholders that only ever receive numbers or dates.
NUMERIC_PLACEHOLDERS = {"count", "n", "total", "created", "updated", "deleted", "reverted", "skipped", "rejected",
                        "batch", "id", "row", "rows", "line", "percent", "days", "done", "open", "kept", "when",
                        "date", "due", "position", "number", "limit", "shown", "page", "pages", "size", "value_count", "max",
                        "prospects", "actions"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class Param:
    """A function's parameter: safe when every call of the function in the module passes safe text."""

    def __init__(self, function: ast.FunctionDef, index: int, name: str) -> None:
        self.function, self.index, self.name = function, index, name


UNKNOWN = ast.Name(id="<unknown>")  # a value the walk cannot follow (loop variable, unpacked, +=)


class Checker(ast.NodeVisitor):
    """Walks a module; `problems` lists each Markdown argument not known to be safe."""

    def __init__(self, path: Path, tree: ast.Module) -> None:
        self.path = path
        self.problems: list[str] = []
        self.scopes: list[dict[str, list[ast.AST | Param]]] = []
        self.calls: dict[str, list[ast.Call]] = {}
        self.modules: set[str] = set()  # the package's own modules imported here (view, sections...)
        self.functions: dict[str, ast.FunctionDef] = {}
        self.enclosing: dict[int, ast.FunctionDef] = {}  # each call's innermost function
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and inner is not node:
                        self.enclosing[id(inner)] = node  # outer first, inner functions overwrite
            if isinstance(node, ast.Call):
                self.calls.setdefault(_name(node.func), []).append(node)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("prospects"):
                self.modules.update(a.asname or a.name for a in node.names)
        self.visit(tree)

    # Names: safe when every assignment to them in the enclosing function (or module) is safe.
    @staticmethod
    def _assignments(tree: ast.AST) -> dict[str, list[ast.AST | Param]]:
        found: dict[str, list[ast.AST | Param]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
                    elif isinstance(target, ast.Tuple):
                        for element in target.elts:
                            if isinstance(element, ast.Name):
                                found.setdefault(element.id, []).append(UNKNOWN)  # unpacked
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
                found.setdefault(node.target.id, []).append(node.value or UNKNOWN)  # x += y: y must be safe too
            elif isinstance(node, (ast.For, ast.comprehension)):
                for element in ast.walk(node.target):
                    if isinstance(element, ast.Name):
                        found.setdefault(element.id, []).append(UNKNOWN)  # a loop variable
        return found

    def visit_Module(self, node: ast.Module) -> None:
        self.scopes.append(self._assignments(node))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scopes.append(self._function_scope(node))
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _function_scope(self, node: ast.FunctionDef) -> dict[str, list[ast.AST | Param]]:
        scope = self._assignments(node)
        positional = [*node.args.posonlyargs, *node.args.args]
        offset = 1 if positional and positional[0].arg == "self" else 0
        for index, arg in enumerate(positional):
            scope.setdefault(arg.arg, []).append(Param(node, index - offset, arg.arg))
        for arg in node.args.kwonlyargs:
            scope.setdefault(arg.arg, []).append(Param(node, -1, arg.arg))
        return scope

    def _safe_returns(self, function: ast.FunctionDef, seen: frozenset[int]) -> bool:
        """A call of a function of this module is safe when everything it returns is."""
        if id(function) in seen:
            return True
        self.scopes.append(self._function_scope(function))
        try:
            return all(self.safe(r.value, seen | {id(function)}) for r in ast.walk(function)
                       if isinstance(r, ast.Return))
        finally:
            self.scopes.pop()

    def safe(self, node: ast.AST | Param | None, seen: frozenset[int] = frozenset()) -> bool:
        if isinstance(node, Param):
            return self._safe_param(node, seen)
        if node is UNKNOWN:
            return False
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
        if isinstance(node, ast.Dict):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.Subscript):  # an item of a literal list or dict of safe texts
            return isinstance(node.value, (ast.Dict, ast.List, ast.Tuple)) and self.safe(node.value, seen)
        if isinstance(node, ast.Attribute) and node.attr in NUMERIC_PLACEHOLDERS:  # row.row, report.created
            return True
        if isinstance(node, ast.Attribute) and node.attr == "get":  # {...}.get as a format_func
            return isinstance(node.value, ast.Dict) and self.safe(node.value, seen)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            return self.safe(node.elt, seen)
        if isinstance(node, ast.Lambda):
            return self.safe(node.body, seen)
        if isinstance(node, ast.Call):
            return self._safe_call(node, seen)
        if isinstance(node, ast.Name):
            return self._safe_name(node.id, seen)
        return False

    def _safe_call(self, node: ast.Call, seen: frozenset[int]) -> bool:
        name = _name(node.func)
        if name in ESCAPES or name in NUMBERS:
            return True
        if name == "t":  # catalog text: safe when what it quotes is
            return all(self.safe(a, seen) for a in node.args[1:]) and all(
                k.arg in NUMERIC_PLACEHOLDERS or self.safe(k.value, seen) for k in node.keywords
                if k.arg is not None)
        if name == "join" and isinstance(node.func, ast.Attribute):
            return self.safe(node.func.value, seen) and all(self.safe(a, seen) for a in node.args)
        if isinstance(node.func, ast.Name) and node.func.id in self.functions:
            return self._safe_returns(self.functions[node.func.id], seen)
        if isinstance(node.func, ast.Name):  # a callable passed in (a lambda making a message)
            return self._safe_name(node.func.id, seen)
        return False

    def _safe_name(self, name: str, seen: frozenset[int]) -> bool:
        if name in self.functions and not any(name in scope for scope in self.scopes[1:]):
            return self._safe_returns(self.functions[name], seen)  # a function passed as a message maker
        for scope in reversed(self.scopes):
            if name in scope:
                values = [v for v in scope[name] if id(v) not in seen]
                return all(self.safe(v, seen | {id(v) for v in scope[name]}) for v in values)
        return False

    def _safe_param(self, param: Param, seen: frozenset[int]) -> bool:
        calls = [c for c in self.calls.get(param.function.name, []) if c is not None]
        if not calls:
            return False
        default = self._default(param)
        for call in calls:
            passed = next((k.value for k in call.keywords if k.arg == param.name), None)
            if passed is None and 0 <= param.index < len(call.args):
                passed = call.args[param.index]
            if passed is None:
                passed = default
            caller = self.enclosing.get(id(call))
            self.scopes.append(self._function_scope(caller) if caller else {})
            try:
                if not self.safe(passed, seen | {id(param)}):
                    return False
            finally:
                self.scopes.pop()
        return True

    @staticmethod
    def _default(param: Param) -> ast.AST | None:
        args = param.function.args
        positional = [*args.posonlyargs, *args.args]
        defaults = dict(zip([a.arg for a in positional][len(positional) - len(args.defaults):], args.defaults, strict=True))
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None})
        return defaults.get(param.name)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = _name(func.value)
            if func.attr == "flash" or (receiver not in NOT_STREAMLIT | {"self"} and receiver not in self.modules):
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
            if not self.safe(argument) and self._where(argument) not in ALLOWED:
                self.problems.append(
                    f"{self.path.relative_to(ROOT)}:{argument.lineno}: {name}({ast.unparse(argument)[:80]})")

    def _where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{ast.unparse(node)}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_text_reaches_markdown_only_through_md(path: Path) -> None:
    checker = Checker(path, ast.parse(path.read_text(encoding="utf-8")))
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
    checker = Checker(ROOT / "pages" / "example.py", ast.parse(source))
    assert [p.split(":")[1] for p in checker.problems] == ["2", "3", "4", "5", "7"]
