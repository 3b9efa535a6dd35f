"""Browser fixtures: system Chromium, the fake LlamaCloud API and `streamlit run` servers;
checks that fail a test on an unexpected failure (on the page, in the server log, in the
browser console) or on a serious accessibility violation (axe-core); shared page readers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, expect

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.streamlit_process import HOST, running_streamlit
from components.page_guard import UNEXPECTED_FAILURE
from run_inspector.audit.sink import ENV_AUDIT_LOG
from run_inspector.demo.samples import demo_fake_api
from run_inspector.fake_api import FakeLlamaCloud, serve
from run_inspector.model.status import STATUS_CLASSES
from run_inspector.presentation.status_summary import badge_label
from tests.conftest import TEST_API_KEY

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Tall enough that a whole run page fits: Streamlit scrolls inside its own container, so
# `full_page=True` alone would only capture the first screen.
VIEWPORT = {"width": 1500, "height": 2400}
APP_TIMEOUT_MS = 20_000
# The hidden accessible grid appears ~200 ms after the canvas paints: give it a moment.
GRID_TIMEOUT_MS = 10_000
SIGN_IN_TIMEOUT_MS = 30_000
HEADER_PX = ROW_PX = 35  # st.dataframe's header and row heights
CHECKBOX_X_PX = 15  # the row-selection checkbox, from the canvas's left edge


@dataclass(frozen=True)
class FakeApi:
    app: FakeLlamaCloud
    base_url: str


@dataclass(frozen=True)
class AppServer:
    url: str
    log: Path

    def at(self, query: str = "") -> str:
        """The app's root URL with `query` (without the leading "?")."""
        return f"{self.url}/?{query}" if query else f"{self.url}/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture(scope="session")
def live_api() -> Iterator[FakeApi]:
    """The demo runs behind the fake API on a real socket, readable with TEST_API_KEY."""
    app = demo_fake_api(api_keys={TEST_API_KEY})
    server = serve(app)
    yield FakeApi(app, server.base_url)
    server.stop()


@pytest.fixture(scope="session")
def live_app(live_api: FakeApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app configured with TEST_API_KEY and the fake API as its base URL."""
    env = {"LLAMA_CLOUD_API_KEY": TEST_API_KEY, "LLAMA_CLOUD_BASE_URL": live_api.base_url}
    with streamlit_server(env, tmp_path_factory.mktemp("live-app") / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app with no API key: demo mode on the bundled samples."""
    with streamlit_server({}, tmp_path_factory.mktemp("demo-app") / "streamlit.log") as server:
        yield server


# --- Failing on what the page guard hides ---------------------------------------------------

# The log of every app server the session has started, for the per-test log check.
_SERVER_LOGS: list[Path] = []
# A Streamlit server says nothing while it serves. Python prints the app's own WARNING+
# records bare (its loggers have no handler), so every line is a problem unless it is one of
# Streamlit's INFO/DEBUG lines or matches this allow-list.
_QUIET_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+ (INFO|DEBUG) ")
ALLOWED_LOG_LINES = (
    # Start-up and shut-down notices: a server a test starts itself writes them mid-test.
    re.compile(r"^[\d-]+ [\d:.]+ Uvicorn server started on \S+$"),
    re.compile(r"^You can now view your Streamlit app in your browser\.$"),
    re.compile(r"^URL: http://\S+$"),
    re.compile(r"^Stopping\.\.\.$"),
    # The app's own warning for a server API key with sign-in off, once per server process.
    re.compile(r"^Sign-in is off and the server has an API key: "),
    # Streamlit, on every sign-out: the provider's logout sends the browser back to the
    # callback without a sign-in under way. Harmless (docs/streamlit-notes.md).
    re.compile(r"^[\d-]+ [\d:.]+ Missing provider for OAuth callback; this often indicates "),
    # Authlib 1.9, imported by Streamlit at the first sign-in, says once that it would rather
    # use httpx2 than httpx; Streamlit's sign-in works with either.
    re.compile(
        r"^\S+/authlib/integrations/httpx_client/assertion_client\.py:\d+: "
        r"AuthlibDeprecationWarning: The httpx module is deprecated"
    ),
    re.compile(r"^from \._compat import httpx2$"),
)
# Browser console errors the app cannot prevent, as regexes on "<message> (<source URL>)".
# Add an entry only with the reason it is unavoidable.
ALLOWED_CONSOLE = (
    # The test sign-in provider's own pages (oidc-provider-mock on localhost) load a
    # stylesheet from a CDN, which the closed test network cannot reach, and have no favicon.
    re.compile(
        r"^Failed to load resource: net::ERR_NAME_NOT_RESOLVED \(https://cdn\.jsdelivr\.net/"
    ),
    re.compile(
        r"^Failed to load resource: the server responded with a status of 404 \(Not Found\) "
        r"\(http://localhost:\d+/favicon\.ico\)$"
    ),
    # A link straight to a page (/open-json) makes Streamlit's frontend first try that path
    # as the server's base path: two 404s, then the right page opens. Not for the root path.
    # Under a base path (/inspector/open-json) the same, one segment deeper.
    # https://github.com/streamlit/streamlit/issues/7074 (open, confirmed)
    re.compile(
        r"^Failed to load resource: the server responded with a status of 404 \(Not Found\) "
        r"\(http://[^/]+(/[\w-]+)+/_stcore/(health|host-config)\)$"
    ),
)


def server_log_problems(text: str) -> list[str]:
    """The lines of a server log that are not quiet: warnings, errors, tracebacks."""
    lines = (line.strip() for line in text.splitlines())
    return [
        line
        for line in lines
        if line
        and not _QUIET_LOG_LINE.match(line)
        and not any(allowed.match(line) for allowed in ALLOWED_LOG_LINES)
    ]


def page_problems(page: Page) -> list[str]:
    """What the page shows of an unexpected failure: an exception box or the guard's message."""
    if page.is_closed() or not page.url.startswith("http"):
        return []
    problems = []
    exceptions = page.locator("[data-testid='stException']").count()
    if exceptions:
        problems.append(f"{page.url} shows {exceptions} Streamlit exception box(es)")
    if UNEXPECTED_FAILURE in page.locator("[data-testid='stApp']").inner_text():
        problems.append(f"{page.url} shows the page guard's message")
    return problems


def watch_console(context: BrowserContext, problems: list[str]) -> None:
    """Append every console error and uncaught page error of `context` to `problems`."""

    def on_console(message: ConsoleMessage) -> None:
        line = f"{message.text} ({message.location.get('url')})"
        if message.type == "error" and not any(a.match(line) for a in ALLOWED_CONSOLE):
            problems.append(f"console error: {line}")

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.append(f"page error: {error.error}"))


@dataclass
class Watched:
    """The browser contexts a test opened and the console errors they logged."""

    contexts: list[BrowserContext] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@pytest.fixture
def watched() -> Watched:
    return Watched()


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], watched: Watched
) -> Callable[..., BrowserContext]:
    """pytest-playwright's factory (behind `context` and `page` too), watching each context."""

    def watched_context(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        watched.contexts.append(context)
        watch_console(context, watched.console)
        return context

    return watched_context


@pytest.fixture(autouse=True)
def _no_failure_shown_or_logged(
    new_context: Callable[..., BrowserContext], watched: Watched
) -> Iterator[None]:
    """Whatever a test did, no page it opened shows an exception box or the guard's message,
    no app server logged a warning, error or traceback meanwhile, no console an error, and
    no server's log or audit trail holds the test API key.

    It asks for `new_context` so that it runs before pytest-playwright closes the pages.
    """
    offsets = {log: log.stat().st_size for log in _SERVER_LOGS}
    yield
    problems = list(watched.console)
    for log in _SERVER_LOGS:
        with log.open("rb") as file:
            file.seek(offsets.get(log, 0))
            text = file.read().decode(errors="replace")
        problems += [f"{log.parent.name} log: {line}" for line in server_log_problems(text)]
        for written in (log, *log.parent.glob("*audit*.jsonl")):
            if written.exists() and TEST_API_KEY in written.read_text(errors="replace"):
                problems.append(f"{log.parent.name}: {written.name} holds the API key")
    pages = [page for context in watched.contexts for page in context.pages]
    problems += [problem for page in pages for problem in page_problems(page)]
    assert problems == [], "unexpected failure:\n" + "\n".join(problems)


def watch_server_log(log: Path) -> None:
    """Check this server's log (and the audit trails beside it) after every test, as for
    the servers streamlit_server starts."""
    _SERVER_LOGS.append(log)


@contextmanager
def streamlit_server(
    extra_env: Mapping[str, str],
    log_path: Path,
    port: int | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free port (or `port`) until the block ends; fails with
    its log. Its audit lines go to `audit.jsonl` beside the log unless `extra_env` names a
    file: on stdout they would be read as the server saying something."""
    extra_env = {ENV_AUDIT_LOG: str(log_path.with_name("audit.jsonl")), **extra_env}
    with ExitStack() as stack:
        try:
            process = stack.enter_context(
                running_streamlit(extra_env, log_path, port=port, extra_args=extra_args)
            )
        except RuntimeError as exc:  # it did not start: fail with its log
            pytest.fail(str(exc))
        server = AppServer(process.url, log_path)
        _SERVER_LOGS.append(log_path)
        yield server


def status_badge(page: Page) -> Locator:
    """The run's status badge (the header also carries schema and confidence badges)."""
    words = "|".join(re.escape(badge_label(word)) for word in STATUS_CLASSES)
    return page.locator("[data-testid='stMarkdown'] .stMarkdownBadge").filter(
        has_text=re.compile(rf"^({words})$")
    )


def wait_for_app(page: Page) -> None:
    """Wait until the script has run and rendered; check that it raised nothing and that
    what it drew passes axe."""
    _wait_until_drawn(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text(UNEXPECTED_FAILURE)).to_have_count(0)
    check_accessibility(page)


def _wait_until_drawn(page: Page) -> None:
    app_selector = "[data-testid='stApp']"
    page.wait_for_selector(
        f"{app_selector}[data-test-connection-state='CONNECTED']", timeout=APP_TIMEOUT_MS
    )
    page.wait_for_selector(
        f"{app_selector}[data-test-script-state='notRunning']", timeout=APP_TIMEOUT_MS
    )
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=APP_TIMEOUT_MS)
    expect(page.locator(app_selector)).to_be_visible()


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as test-artifacts/<name>.png and return the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Accessibility: axe-core on every page and state the tests open -------------------------

AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILING_IMPACTS = ("serious", "critical")
# Rules axe rates lower that the app once broke and fixed (issue #9): they stay fixed.
AXE_FAILING_RULES = ("heading-order", "empty-table-header")


@dataclass(frozen=True)
class AxeAllowance:
    """A violation inside Streamlit's own markup that the app cannot fix."""

    rule: str
    within: str  # CSS: a violating element that is, or sits inside, a match is allowed
    reason: str
    upstream: str


AXE_ALLOWED = (
    AxeAllowance(
        rule="color-contrast",
        within="label[data-testid='stWidgetLabel'][disabled]",
        reason=(
            "The label of a disabled widget (the sidebar's Region select in demo mode) is "
            "faded on purpose, and WCAG 1.4.3 exempts inactive controls; but Streamlit's "
            "<label> has no `for` and hides its text (aria-hidden), so axe cannot tie it to "
            "the disabled input and measures it as ordinary text."
        ),
        upstream=(
            "No upstream report found (searched streamlit/streamlit issues, 2026-11-29). "
            "The faded label is from https://github.com/streamlit/streamlit/pull/4154."
        ),
    ),
    AxeAllowance(
        rule="scrollable-region-focusable",
        within="[data-testid='stCode']",
        reason=(
            "A long value or the raw run JSON is an st.code with a height, so its <pre> "
            "scrolls; Streamlit renders that <pre> without tabindex and the app cannot add "
            "one. The same text is in the CSV and JSON downloads, which keyboards reach."
        ),
        upstream=(
            "st.code draws through react-syntax-highlighter, whose <pre> has this defect: "
            "https://github.com/react-syntax-highlighter/react-syntax-highlighter/issues/528 "
            "(no Streamlit report found, searched 2026-11-29; the height parameter came with "
            "https://github.com/streamlit/streamlit/pull/10080)."
        ),
    ),
)

_RUN_AXE = """async ({impacts, rules, allowed}) => {
    const isAllowed = (rule, node) => {
        const target = node.target[0];
        const element = typeof target === "string" ? document.querySelector(target) : null;
        return element !== null && allowed.some(
            a => a.rule === rule && element.closest(a.within) !== null);
    };
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.flatMap(v => {
        const nodes = v.nodes.filter(
            n => (impacts.includes(n.impact) || rules.includes(v.id)) && !isAllowed(v.id, n));
        return nodes.length ? [{
            id: v.id, help: v.help, helpUrl: v.helpUrl,
            nodes: nodes.map(n => ({
                impact: n.impact, target: n.target, html: n.html,
                summary: n.failureSummary})),
        }] : [];
    });
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical axe violations on the page now (and those of
    AXE_FAILING_RULES), less the allow-list."""
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE_JS.relative_to(REPO_ROOT)}): "
            "run `npm ci --prefix tests/browser/axe` (.ci/run does)",
            pytrace=False,
        )
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    allowed = [{"rule": a.rule, "within": a.within} for a in AXE_ALLOWED]
    failing = {"impacts": list(AXE_FAILING_IMPACTS), "rules": list(AXE_FAILING_RULES)}
    return page.evaluate(_RUN_AXE, {**failing, "allowed": allowed})


def check_accessibility(page: Page) -> None:
    """Fail on any violation axe_violations finds."""
    violations = axe_violations(page)
    if violations and page.locator("[data-testid='stApp']").count():
        # A rerun that started after the wait fades the page as stale: check once more.
        _wait_until_drawn(page)
        page.wait_for_timeout(300)
        violations = axe_violations(page)
    if violations:
        pytest.fail(describe_violations(page.url, violations), pytrace=False)


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe: accessibility violations on {url}"]
    for violation in violations:
        lines.append(f"- {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    [{node['impact']}] {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            summary = (node["summary"] or "").splitlines()
            lines.extend(f"      {line.strip()}" for line in summary[1:3])
    return "\n".join(lines)


# --- Finding things on the page -------------------------------------------------------------


def alert(page: Page, text: str) -> Locator:
    """The alert box (error, warning, info) that contains `text`."""
    return page.locator("[data-testid='stAlert']").filter(has_text=text)


def gridcell(scope: Page | Locator, text: str) -> Locator:
    """The table cells within `scope` that read exactly `text`."""
    return scope.locator("[role=gridcell]").filter(has_text=re.compile(rf"^{re.escape(text)}$"))


def panel(page: Page, heading: str) -> Locator:
    """The innermost block under the section heading `heading`."""
    heading_el = page.get_by_role("heading", name=heading, exact=True)
    return page.locator("[data-testid='stVerticalBlock']").filter(has=heading_el).last


def grids(page: Page, heading: str) -> Locator:
    return panel(page, heading).locator("[data-testid='stDataFrame']")


def column_index(grid: Locator, name: str) -> str:
    """The aria-colindex of the header `name`; its cells carry the same one."""
    exact = re.compile(rf"^{re.escape(name)}$")
    header = grid.locator("[role=columnheader]").filter(has_text=exact)
    expect(header).to_have_count(1, timeout=GRID_TIMEOUT_MS)
    return header.get_attribute("aria-colindex") or ""


def column_cells(grid: Locator, column: str) -> Locator:
    return grid.locator(f"[role=gridcell][aria-colindex='{column_index(grid, column)}']")


def cell(grid: Locator, column: str, row: int) -> Locator:
    """The cell `glide-cell-{col}-{row}` under the header `column`."""
    return column_cells(grid, column).and_(grid.locator(f"[data-testid$='-{row}']"))


def column_texts(grid: Locator, column: str) -> list[str]:
    cells = column_cells(grid, column)
    expect(cells.first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    return cells.all_text_contents()


def row_of(grid: Locator, field: str) -> int:
    fields = column_texts(grid, "Field")
    assert field in fields, (field, fields)
    return fields.index(field)


def sign_in_as(page: Page, sub: str) -> None:
    """From the app's sign-in page through the test provider's form (oidc-provider-mock) and
    back to the app."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=SIGN_IN_TIMEOUT_MS)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(rf"^http://{re.escape(HOST)}:\d+/"), timeout=SIGN_IN_TIMEOUT_MS)
    wait_for_app(page)


def select_row(page: Page, grid: Locator, row: int) -> None:
    """Tick the row's selection checkbox on the canvas and wait for the rerun."""
    expect(grid.locator("[role=gridcell]").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + CHECKBOX_X_PX, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
    wait_for_app(page)
