"""The config difference of two runs: only the settings that differ, v1 beside v2 by topic.

Every extraction is a bundled demo run or job read by its real adapter, with a few config
values changed, so the comparison sees the field names, defaults and topics the API sends.
"""

from __future__ import annotations

from typing import Any

import pytest

from run_inspector.adapters.v1_config import V1_TOPICS
from run_inspector.adapters.v2_config import V2_TOPICS
from run_inspector.adapters.v2_job import extraction_from_v2
from run_inspector.analysis.config_diff import (
    APPROXIMATE,
    MODE_TOPIC,
    SYSTEM_PROMPT_FIELD,
    SYSTEM_PROMPT_TOPIC,
    TARGET_TOPIC,
    ConfigChange,
    config_diff,
)
from run_inspector.model.extraction import Extraction
from tests.conftest import DEMO_DATA, demo_run, load_json, read_v1

# A v1 run and a v2 job on the same receipt; both cite sources and score confidence.
V1_RECEIPT = "receipt_per_doc_bounding_boxes"
V2_RECEIPT = DEMO_DATA / "v2" / "receipt_completed_per_doc.json"
V2_PROMPT = "Extract all monetary values in USD. If a currency is not specified, assume USD."
MODE_FIELD = "extraction_mode ↔ tier, parse_tier"
MODE_NOTE = f"v1 extraction_mode and v2 tier / parse_tier {APPROXIMATE}"
NOT_A_BOOLEAN = "could not be read (Input should be a valid boolean), so it counts as differing"


def v1_run(**config: Any) -> Extraction:
    """The v1 receipt run with these config values changed (or added)."""
    payload = demo_run(V1_RECEIPT)
    payload["config"] = payload["config"] | config
    return read_v1(payload)


def v2_job(**configuration: Any) -> Extraction:
    """The v2 receipt job with these configuration values changed (or added)."""
    payload = load_json(V2_RECEIPT)
    payload["configuration"] = payload["configuration"] | configuration
    read = extraction_from_v2(payload)
    assert isinstance(read, Extraction), read
    return read


def v1_like_v2_receipt(**config: Any) -> Extraction:
    """The v1 run set as the v2 job is wherever the two share a setting, but for the mode."""
    return v1_run(citation_bbox=False, system_prompt=V2_PROMPT, **config)


def besides_the_mode(changes: tuple[ConfigChange, ...]) -> tuple[ConfigChange, ...]:
    """The changes of a v1 run against a v2 job but the mode row, which is always there."""
    assert [c.note for c in changes if c.field == MODE_FIELD] == [MODE_NOTE]
    return tuple(change for change in changes if change.field != MODE_FIELD)


# --- topics the adapters set -----------------------------------------------------------------


def test_adapters_set_the_mode_topic_on_extraction_mode_tier_and_parse_tier() -> None:
    v1_topics = {row.field: row.topic for row in v1_run().config}
    v2_topics = {row.field: row.topic for row in v2_job().config}

    assert v1_topics["extraction_mode"] == MODE_TOPIC
    assert v2_topics["tier"] == v2_topics["parse_tier"] == MODE_TOPIC
    assert v1_topics["extraction_target"] == v2_topics["extraction_target"] == TARGET_TOPIC
    assert v1_topics["system_prompt"] == v2_topics["system_prompt"] == SYSTEM_PROMPT_TOPIC
    # Settings one version alone has carry no topic.
    assert v1_topics["chunk_mode"] is None
    assert v2_topics["version"] is None


def test_every_topic_of_one_version_has_a_counterpart_in_the_other() -> None:
    # A topic in one table only would never line anything up.
    assert set(V1_TOPICS.values()) == set(V2_TOPICS.values())


# --- within one version ----------------------------------------------------------------------


@pytest.mark.parametrize("read", [v1_run, v2_job], ids=["v1", "v2"])
def test_identical_configs_differ_in_nothing(read: Any) -> None:
    assert config_diff(read(), read()) == ()


def test_v1_pair_lists_only_what_differs_in_a_order_then_b_only_rows() -> None:
    a = v1_run(layout={"dpi": 300, "zones": [1, 2]}, knob=1, flags=[True], only_a="x", blank=None)
    b = v1_run(
        extraction_mode="FAST",
        use_reasoning="yes",
        layout={"dpi": 300, "zones": [1, 3]},
        knob=1.0,
        flags=[1],
        only_b=[True],
    )

    assert config_diff(a, b) == (
        ConfigChange("extraction_mode", "PREMIUM", "FAST"),
        ConfigChange("use_reasoning", "false", '"yes"', f"B's use_reasoning {NOT_A_BOOLEAN}"),
        ConfigChange("layout", '{"dpi": 300, "zones": [1, 2]}', '{"dpi": 300, "zones": [1, 3]}'),
        # knob (1 against 1.0) is one number; blank, null on one side only, is no setting.
        ConfigChange("flags", "[true]", "[1]"),
        ConfigChange("only_a", "x", "—"),
        ConfigChange("only_b", "—", "[true]"),
    )


def test_true_is_not_1_even_when_nothing_else_differs() -> None:
    # Python's == says True == 1, so the shortcut for equal configs must look at types too.
    assert config_diff(v1_run(knob=[True]), v1_run(knob=[1])) == (
        ConfigChange("knob", "[true]", "[1]"),
    )
    assert config_diff(v1_run(knob={"dpi": 1}), v1_run(knob={"dpi": 1.0})) == ()


def test_a_value_unreadable_on_both_sides_still_differs() -> None:
    (change,) = config_diff(v1_run(use_reasoning="yes"), v1_run(use_reasoning="yes"))

    assert change == ConfigChange(
        "use_reasoning",
        '"yes"',
        '"yes"',
        f"A's use_reasoning {NOT_A_BOOLEAN}; B's use_reasoning {NOT_A_BOOLEAN}",
    )


def test_v2_pair_lists_a_changed_tier_but_not_an_unchanged_parse_tier() -> None:
    a = v2_job(parse_tier="fast")
    b = v2_job(tier="agentic", parse_tier="fast")

    assert config_diff(a, b) == (ConfigChange("tier", "cost_effective", "agentic"),)


def test_a_job_without_its_configuration_says_why_it_has_no_settings() -> None:
    payload = load_json(DEMO_DATA / "v2" / "sdk_minimal_completed.json")
    bare = extraction_from_v2(payload)
    assert isinstance(bare, Extraction)

    changes = {change.field: change for change in config_diff(v2_job(), bare)}

    assert changes["tier"] == ConfigChange(
        "tier", "cost_effective", "—", "B's config: not sent with the job"
    )
    # Unset on the one side that has it: nothing to compare.
    assert "parse_tier" not in changes


# --- the system prompt -----------------------------------------------------------------------


def test_a_changed_system_prompt_is_one_row() -> None:
    a = v1_run(system_prompt="Dates as YYYY-MM-DD.")
    b = v1_run(system_prompt="Dates as DD.MM.YYYY.")

    assert config_diff(a, b) == (
        ConfigChange(SYSTEM_PROMPT_FIELD, "Dates as YYYY-MM-DD.", "Dates as DD.MM.YYYY."),
    )


def test_an_empty_system_prompt_is_the_same_as_none() -> None:
    # Real v1 runs send "" for no prompt; v2 jobs send null.
    assert config_diff(v1_run(system_prompt=""), v1_run(system_prompt=None)) == ()
    across = config_diff(v1_run(citation_bbox=False, system_prompt=""), v2_job(system_prompt=None))
    assert besides_the_mode(across) == ()


def test_an_unreadable_system_prompt_is_shown_as_sent() -> None:
    (change,) = config_diff(v1_run(system_prompt=["be brief"]), v1_run())

    assert change.field == SYSTEM_PROMPT_FIELD
    assert (change.a, change.b) == ('["be brief"]', "—")
    assert change.note.startswith("A's system_prompt could not be read (")


# --- across versions -------------------------------------------------------------------------


def test_v1_mode_is_shown_beside_v2_tier_and_parse_tier_and_never_called_equal() -> None:
    # The same word on both sides still maps only approximately.
    a = v1_like_v2_receipt(extraction_mode="agentic")
    b = v2_job(tier="agentic")

    assert config_diff(a, b) == (
        ConfigChange(
            MODE_FIELD,
            "agentic",
            "tier: agentic, parse_tier: —",
            MODE_NOTE,
        ),
    )


def test_across_versions_the_order_is_a_then_b() -> None:
    (change,) = config_diff(v2_job(parse_tier="fast"), v1_like_v2_receipt())

    assert change == ConfigChange(
        "tier, parse_tier ↔ extraction_mode",
        "tier: cost_effective, parse_tier: fast",
        "PREMIUM",
        f"v2 tier / parse_tier and v1 extraction_mode {APPROXIMATE}",
    )


def test_the_target_is_matched_by_topic_whatever_its_case() -> None:
    same = config_diff(
        v1_like_v2_receipt(extraction_target="PER_PAGE"), v2_job(extraction_target="per_page")
    )
    other = config_diff(
        v1_like_v2_receipt(extraction_target="PER_PAGE"), v2_job(extraction_target="per_doc")
    )

    assert besides_the_mode(same) == ()
    assert besides_the_mode(other) == (ConfigChange("extraction_target", "PER_PAGE", "per_doc"),)


def test_settings_under_other_names_are_matched_by_topic() -> None:
    a = v1_like_v2_receipt(page_range="1-3", cite_sources=False)
    b = v2_job(target_pages="1-4")

    assert besides_the_mode(config_diff(a, b)) == (
        ConfigChange("cite_sources", "false", "true"),
        ConfigChange("page_range ↔ target_pages", "1-3", "1-4"),
    )


def test_settings_left_at_each_api_default_are_the_same() -> None:
    # v1 sends invalidate_cache false, v2 leaves disable_cache unset: both mean "use the cache".
    left_alone = config_diff(v1_like_v2_receipt(invalidate_cache=False), v2_job())
    invalidated = config_diff(v1_like_v2_receipt(invalidate_cache=True), v2_job())

    assert besides_the_mode(left_alone) == ()
    assert besides_the_mode(invalidated) == (
        ConfigChange("invalidate_cache ↔ disable_cache", "true", "—"),
    )


def test_a_setting_one_version_lacks_is_listed_only_when_set() -> None:
    # chunk_mode "PAGE" and use_reasoning false are v1's defaults; v2's version is resolved.
    assert besides_the_mode(config_diff(v1_like_v2_receipt(), v2_job())) == ()
    reasoning = config_diff(v1_like_v2_receipt(use_reasoning=True), v2_job())
    assert besides_the_mode(reasoning) == (ConfigChange("use_reasoning", "true", "—"),)


def test_an_unreadable_value_differs_across_versions_too() -> None:
    changes = config_diff(v1_like_v2_receipt(cite_sources="yes"), v2_job())

    assert besides_the_mode(changes) == (
        ConfigChange("cite_sources", '"yes"', "true", f"A's cite_sources {NOT_A_BOOLEAN}"),
    )
