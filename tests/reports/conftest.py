# The browser test of the dashboard drives Debian's Chromium like tests/browser does.
from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401
