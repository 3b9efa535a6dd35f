"""Field paths: text form, escaping, parsing back, ordering and containment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from run_inspector.model.field_path import ANY_ITEM, ROOT, FieldPath, Step

# Keys drawn to hit every special character, the empty key, digit-only keys and unicode.
KEYS = st.one_of(
    st.text(alphabet=st.sampled_from('.[]\\"ab0 é'), max_size=6),
    st.text(max_size=8),
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
)
STEPS: st.SearchStrategy[Step] = st.one_of(
    KEYS, st.integers(min_value=0, max_value=10**12), st.just(ANY_ITEM)
)
PATHS = st.lists(STEPS, max_size=6).map(FieldPath)


@settings(max_examples=400, deadline=None)
@given(PATHS)
def test_parse_gives_back_every_rendered_path(path: FieldPath) -> None:
    assert FieldPath.parse(path.render()) == path


@settings(max_examples=200, deadline=None)
@given(PATHS, PATHS)
def test_different_paths_never_share_a_text(a: FieldPath, b: FieldPath) -> None:
    assert (a.render() == b.render()) == (a == b)


@settings(max_examples=200, deadline=None)
@given(PATHS, PATHS)
def test_a_tail_continues_any_non_empty_path(head: FieldPath, tail: FieldPath) -> None:
    if head:
        assert head.render() + tail.render_tail() == head.joined(tail).render()


@pytest.mark.parametrize(
    ("steps", "text"),
    [
        (["line_items", 2, "amount"], "line_items[2].amount"),
        (["line_items", ANY_ITEM, "amount"], "line_items[].amount"),
        (["a.b"], "a\\.b"),
        (["a", "b"], "a.b"),
        (["x[0]"], "x\\[0\\]"),
        (["back\\slash"], "back\\\\slash"),
        ([""], '[""]'),
        (["a", "", "b"], 'a[""].b'),
        ([0, "vendor"], "[0].vendor"),
        (["2", 2], "2[2]"),
        ([], ""),
    ],
)
def test_text_form(steps: list[Step], text: str) -> None:
    assert FieldPath(steps).render() == text
    assert str(FieldPath(steps)) == text
    assert FieldPath.parse(text) == FieldPath(steps)


@pytest.mark.parametrize(
    "text", ["a.", ".a", "a..b", "a[", "a[x]", "a[01]", "a[-1]", "a]", "a\\", "a\\b", "[0]x"]
)
def test_malformed_text_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a field path"):
        FieldPath.parse(text)


@pytest.mark.parametrize("step", [-1, True, 1.5, None, ("a",)])
def test_a_step_is_a_key_an_index_or_any_item(step: object) -> None:
    with pytest.raises(TypeError):
        FieldPath([step])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        ROOT.child(step)  # type: ignore[arg-type]


def test_schema_paths_and_the_index_free_form() -> None:
    data = FieldPath.parse("line_items[2].amount")
    schema = FieldPath.parse("line_items[].amount")

    assert not data.is_schema
    assert schema.is_schema
    assert (
        data.without_indices() == schema.without_indices() == FieldPath.parse("line_items.amount")
    )


def test_containment_and_item_index() -> None:
    array = FieldPath(["items"])

    assert FieldPath.parse("items[3].sku").is_inside(array)
    assert not array.is_inside(array)
    assert not FieldPath.parse("itemsx[0]").is_inside(array)
    assert FieldPath.parse("items[3].sku").item_index(array) == 3
    assert FieldPath.parse("items.sku").item_index(array) is None
    assert FieldPath(["items"]).item_index(array) is None


def test_sort_key_orders_indices_as_numbers_and_any_item_first() -> None:
    texts = ["items[10]", "items[2]", "items[]", "items", "a.b", "a"]

    ordered = sorted((FieldPath.parse(t) for t in texts), key=FieldPath.sort_key)

    assert [p.render() for p in ordered] == [
        "a",
        "a.b",
        "items",
        "items[]",
        "items[2]",
        "items[10]",
    ]


def test_paths_are_hashable_tuples_and_keep_their_type_when_extended() -> None:
    path = ROOT.child("a").child(0)

    assert {path: 1}[FieldPath(["a", 0])] == 1
    assert type(path.child("b")) is FieldPath
    assert type(path.joined(["b"])) is FieldPath
    assert path.parent == FieldPath(["a"])
    assert repr(path) == "FieldPath('a[0]')"
