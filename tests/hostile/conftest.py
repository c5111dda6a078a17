"""The AppTest fixture of the page tests, for the hostile files shown on the import page."""

from tests.pages.conftest import app  # noqa: F401 - a fixture, used by name
