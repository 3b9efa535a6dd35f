"""Seeded structural mutations of the real sample runs, for the tolerance tests.

The issue's tolerance bar: a run the API sends slightly wrong still shows its data, schema
and config, with the damaged field flagged where it belongs, and never a traceback. This
module makes the damaged runs. Each `Mutation` is one sample (run_inspector/demo/data/*.json,
complete v1 runs) with exactly one change, as the bytes the API would send.

There are six kinds of change, `PER_KIND` of each:

- `type_swap`: a value replaced by one of another JSON type made from it (`true` -> `"true"`,
  `"82 mm"` -> `["82 mm"]`, an object -> the list of its values, …);
- `key_drop`: a key removed from its object;
- `odd_value`: a value replaced by null, "", a huge number, a long string, control
  characters or a `$ref` to nowhere (the six in equal shares);
- `reshape`: a value nested one level deeper (`{"total": 12}` -> `{"total": {"total": 12}}`
  or `[12]`), or a container flattened (an object replaced by its first value, its entries
  hoisted into the parent under dotted keys, a list replaced by its first item, …);
- `metadata_layout`: `extraction_metadata` / `field_metadata` in another layout (list <->
  object, entries moved up or down a level, index or dotted-path keys, per-field columns,
  renamed or wrapped parts);
- `markup_key`: a copy of a key under a name holding markup (`<b>status</b>`, `**name**`,
  `[x](javascript:alert(1))`, …), placed right after the original.

All kinds but `metadata_layout` spread their changes evenly over six areas of a run: its
own fields (`run`), `config`, `file`, `data`, `data_schema` (`schema`) and
`extraction_metadata` (`metadata`). Inside an area the sample is drawn first, then a node of
it, so a large sample does not crowd the small ones out; an area a sample lacks (`"data":
null` in a pending run) is not drawn. The run's own fields are all scalars, so a `flattened`
reshape there nests instead. A draw that gives a body already made (an odd null for a null)
is drawn again: every mutation is a distinct run that differs from its sample.

Everything is drawn from one `random.Random(SEED)`: the same seed gives the same mutations,
byte for byte. The seed is arbitrary; tests/unit/test_tolerance.py checks that it still
draws a case for each flag it checks, so a new seed (or a new sample) that stops doing so
fails there rather than silently checking less.

`python -m tests.mutations` lists them.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

SAMPLES_DIR: Final = Path(__file__).resolve().parent.parent / "run_inspector" / "demo" / "data"
SEED: Final = 1
PER_KIND: Final = 40

TYPE_SWAP: Final = "type_swap"
KEY_DROP: Final = "key_drop"
ODD_VALUE: Final = "odd_value"
RESHAPE: Final = "reshape"
METADATA_LAYOUT: Final = "metadata_layout"
MARKUP_KEY: Final = "markup_key"
KINDS: Final = (TYPE_SWAP, KEY_DROP, ODD_VALUE, RESHAPE, METADATA_LAYOUT, MARKUP_KEY)

AREAS: Final = ("run", "config", "file", "data", "schema", "metadata")
# The top-level keys that hold a whole area; every other top-level key is the run's own.
AREA_KEYS: Final = {
    "config": "config",
    "file": "file",
    "data": "data",
    "data_schema": "schema",
    "extraction_metadata": "metadata",
}

LONG_STRING: Final = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 400)[:20_000]
CONTROL_CHARACTERS: Final = (
    "\x00\x01\x07\x08\x0b\x0c\x1b[31mred\x1b[0m\x7f\x85\u200b\u202eevil\r\n\t"
)
REF_TO_NOWHERE: Final = {"$ref": "#/$defs/Nowhere"}
HUGE_NUMBERS: Final = (10**40, -(10**40), 1.7976931348623157e308, 2**63)
# The odd values by name; `huge number` draws one of HUGE_NUMBERS.
ODD_VALUES: Final = ("null", "empty", "huge number", "long string", "control characters", "$ref")

MARKUP_NAMES: Final = (
    "<b>{}</b>",
    "**{}**",
    "[{}](javascript:alert(1))",
    "<script>alert('{}')</script>",
    "`{}`",
    "# {}",
    "{}<img src=x onerror=alert(1)>",
    ":red[{}]",
    "$\\frac{{{}}}{{1}}$",
    "~~{}~~ | cell |",
)

Step = str | int
JsonPath = tuple[Step, ...]
Samples = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Mutation:
    """One sample with one change: `path` is the node changed (added, for a markup key)."""

    number: int
    kind: str
    area: str
    sample: str
    path: JsonPath
    description: str
    body: bytes

    @property
    def pointer(self) -> str:
        """The changed node as a JSON pointer, like `/config/use_reasoning`."""
        return "".join(f"/{_escape(step)}" for step in self.path) or "/"

    @property
    def id(self) -> str:
        """A test id that names the mutation: number, kind, sample and where."""
        return f"{self.number:03d}-{self.kind}-{self.sample}{self.pointer}"

    def payload(self) -> Any:
        return json.loads(self.body)


def _escape(step: Step) -> str:
    return str(step).replace("~", "~0").replace("/", "~1")


# --- The samples ------------------------------------------------------------------------------


@cache
def sample_bodies() -> dict[str, bytes]:
    """Every sample run by file stem, as sent."""
    return {path.stem: path.read_bytes() for path in sorted(SAMPLES_DIR.glob("*.json"))}


def load_samples() -> Samples:
    """Fresh, parsed copies of the samples: mutating one never touches another."""
    return {name: json.loads(body) for name, body in sample_bodies().items()}


def as_body(run: Any) -> bytes:
    """A run as the bytes the fake API sends (compact JSON, UTF-8)."""
    return json.dumps(run, ensure_ascii=False).encode()


def nodes(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every node below `value` (not `value` itself), parents before their children."""
    children: list[tuple[Step, Any]]
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    else:
        return
    for step, child in children:
        yield (*path, step), child
        yield from nodes(child, (*path, step))


def area_of(path: JsonPath) -> str:
    return AREA_KEYS.get(str(path[0]), "run") if path else "run"


def get_at(payload: Any, path: JsonPath) -> Any:
    node = payload
    for step in path:
        node = node[step]
    return node


def has_path(payload: Any, path: JsonPath) -> bool:
    node = payload
    for step in path:
        in_object = isinstance(node, dict) and isinstance(step, str) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if not (in_object or in_list):
            return False
        node = node[step]
    return True


def _set_at(payload: Any, path: JsonPath, value: Any) -> None:
    get_at(payload, path[:-1])[path[-1]] = value


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _insert_after(obj: dict[str, Any], after: str, key: str, value: Any) -> None:
    """Put `key` right after `after`, keeping the object's other keys in their order."""
    items = list(obj.items())
    obj.clear()
    for name, old in items:
        obj[name] = old
        if name == after:
            obj[key] = value


def _is_null_section(path: JsonPath, value: Any) -> bool:
    """A whole area the sample does not have (`"data": null` in a pending run)."""
    return len(path) == 1 and path[0] in AREA_KEYS and value is None


def _pick(
    rng: random.Random,
    samples: Samples,
    area: str,
    accept: Callable[[JsonPath, Any], bool],
) -> tuple[str, dict[str, Any], JsonPath]:
    """A sample that has a node of `area` to change, then one of those nodes."""
    candidates: dict[str, list[JsonPath]] = {}
    for name, payload in samples.items():
        found = [
            path
            for path, value in nodes(payload)
            if area_of(path) == area and not _is_null_section(path, value) and accept(path, value)
        ]
        if found:
            candidates[name] = found
    name = rng.choice(sorted(candidates))
    return name, samples[name], rng.choice(candidates[name])


def _any_node(_path: JsonPath, _value: Any) -> bool:
    return True


def _object_member(path: JsonPath, _value: Any) -> bool:
    return isinstance(path[-1], str)


# --- The kinds --------------------------------------------------------------------------------

# A maker changes one of the samples in place and returns (sample, path changed, description).
Made = tuple[str, JsonPath, str]
Maker = Callable[[random.Random, Samples, str, str], Made]


def _type_swapped(value: Any, rng: random.Random) -> Any:
    """A value of another JSON type, made from `value`."""
    options: list[Any]
    if isinstance(value, bool):
        options = [str(value).lower(), int(value), [value]]
    elif isinstance(value, int | float):
        options = [str(value), [value], {"value": value}, value != 0]
    elif isinstance(value, str):
        options = [len(value), [value], {"value": value}, value != ""]
    elif value is None:
        options = ["null", 0, [], {}, False]
    elif isinstance(value, list):
        options = [{str(i): v for i, v in enumerate(value)}, json.dumps(value), len(value)]
    else:
        options = [list(value.values()), json.dumps(value), len(value)]
    return rng.choice(options)


def _swap_type(rng: random.Random, samples: Samples, area: str, _variant: str) -> Made:
    name, payload, path = _pick(rng, samples, area, _any_node)
    old = get_at(payload, path)
    new = _type_swapped(old, rng)
    _set_at(payload, path, new)
    return name, path, f"{type(old).__name__} -> {type(new).__name__}: {_short(new)}"


def _drop_key(rng: random.Random, samples: Samples, area: str, _variant: str) -> Made:
    name, payload, path = _pick(rng, samples, area, _object_member)
    del get_at(payload, path[:-1])[path[-1]]
    return name, path, "key dropped"


def _odd(name: str, rng: random.Random) -> Any:
    odd: dict[str, Any] = {
        "null": None,
        "empty": "",
        "huge number": rng.choice(HUGE_NUMBERS),
        "long string": LONG_STRING,
        "control characters": CONTROL_CHARACTERS,
        "$ref": dict(REF_TO_NOWHERE),
    }
    return odd[name]


def _odd_value(rng: random.Random, samples: Samples, area: str, odd_name: str) -> Made:
    name, payload, path = _pick(rng, samples, area, _any_node)
    new = _odd(odd_name, rng)
    _set_at(payload, path, new)
    return name, path, f"{odd_name}: {_short(new)}"


def _container(_path: JsonPath, value: Any) -> bool:
    return isinstance(value, dict | list) and len(value) > 0


def _reshape(rng: random.Random, samples: Samples, area: str, how: str) -> Made:
    """Nest any value, or flatten a container (nest where an area has none: the run's own)."""
    flatten = how == "flattened" and area != "run"
    name, payload, path = _pick(rng, samples, area, _container if flatten else _any_node)
    value = get_at(payload, path)
    if not flatten:
        key = path[-1] if isinstance(path[-1], str) else "value"
        new = rng.choice(({key: value}, [value], {"value": value}))
        _set_at(payload, path, new)
        return name, path, f"nested one level deeper: {_short(new)}"
    parent = get_at(payload, path[:-1])
    if isinstance(value, dict):
        if isinstance(parent, dict) and rng.random() < 0.5:
            # {"vendor": {"name": …}} -> {"vendor.name": …}, in the vendor's place.
            hoisted = {f"{path[-1]}.{key}": child for key, child in value.items()}
            items = list(parent.items())
            parent.clear()
            for key, child in items:
                if key == path[-1]:
                    parent.update(hoisted)
                else:
                    parent[key] = child
            return name, path, f"entries hoisted into the parent: {', '.join(hoisted)}"
        first_key, first = next(iter(value.items()))
        _set_at(payload, path, first)
        return name, path, f"object replaced by its first value ({first_key}): {_short(first)}"
    if all(isinstance(item, list) for item in value):
        flat = [child for item in value for child in item]
        _set_at(payload, path, flat)
        return name, path, f"list of lists concatenated: {_short(flat)}"
    if all(isinstance(item, dict) for item in value) and rng.random() < 0.5:
        merged = {key: child for item in value for key, child in item.items()}
        _set_at(payload, path, merged)
        return name, path, f"list of objects merged into one: {_short(merged)}"
    _set_at(payload, path, value[0])
    return name, path, f"list replaced by its first item: {_short(value[0])}"


def _markup_key(rng: random.Random, samples: Samples, area: str, _variant: str) -> Made:
    name, payload, path = _pick(rng, samples, area, _object_member)
    parent = get_at(payload, path[:-1])
    original = str(path[-1])
    new_key = rng.choice(MARKUP_NAMES).format(original)
    _insert_after(parent, original, new_key, copy.deepcopy(parent[original]))
    return name, (*path[:-1], new_key), f"copy of {original!r} named {new_key!r}"


# --- Metadata layouts -------------------------------------------------------------------------

# A layout change edits one run's extraction_metadata in place and returns (path changed,
# description), or None when this run's metadata has nothing it applies to.
Layout = Callable[[dict[str, Any], random.Random], tuple[JsonPath, str] | None]
EM: Final = "extraction_metadata"
FM: Final = "field_metadata"
ENTRY_KEYS: Final = ("citation", "confidence", "extraction_confidence", "parsing_confidence")


def _entry_paths(run: dict[str, Any]) -> list[JsonPath]:
    """Paths of per-field entries: objects holding a citation or a confidence."""
    return [
        path
        for path, value in nodes(run[EM].get(FM), (EM, FM))
        if isinstance(value, dict) and any(key in value for key in ENTRY_KEYS)
    ]


def _fm_as_list(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    fm = run[EM].get(FM)
    if not isinstance(fm, dict):
        return None
    run[EM][FM] = [{key: value} for key, value in fm.items()]
    return (EM, FM), "field_metadata object -> a list of one-entry objects"


def _fm_as_index_keys(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    fm = run[EM].get(FM)
    if isinstance(fm, list):
        run[EM][FM] = {str(i): entry for i, entry in enumerate(fm)}
        return (EM, FM), "field_metadata list -> an object keyed by item index"
    if isinstance(fm, dict):
        run[EM][FM] = {"0": fm}
        return (EM, FM), "field_metadata object -> under the index key '0'"
    return None


def _fm_moved_up(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    fm = run[EM].get(FM)
    if not isinstance(fm, dict):
        return None
    del run[EM][FM]
    run[EM].update(fm)
    return (EM,), "field_metadata entries moved up into extraction_metadata"


def _fm_moved_down(run: dict[str, Any], rng: random.Random) -> tuple[JsonPath, str] | None:
    if FM not in run[EM]:
        return None
    wrapper = rng.choice(("fields", FM, "items", "metadata"))
    run[EM][FM] = {wrapper: run[EM][FM]}
    return (EM, FM, wrapper), f"field_metadata moved down a level, under {wrapper!r}"


def _entry_wrapped(run: dict[str, Any], rng: random.Random) -> tuple[JsonPath, str] | None:
    paths = _entry_paths(run)
    if not paths:
        return None
    path = rng.choice(paths)
    holder = rng.choice(("metadata", "value"))
    _set_at(run, path, {holder: get_at(run, path)})
    return path, f"a field's entry moved down a level, under {holder!r}"


def _entry_as_list(run: dict[str, Any], rng: random.Random) -> tuple[JsonPath, str] | None:
    paths = _entry_paths(run)
    if not paths:
        return None
    path = rng.choice(paths)
    _set_at(run, path, [get_at(run, path)])
    return path, "a field's entry object -> a list holding it"


def _citations_keyed(run: dict[str, Any], rng: random.Random) -> tuple[JsonPath, str] | None:
    paths = [
        path
        for path, value in nodes(run[EM].get(FM), (EM, FM))
        if path[-1] == "citation" and isinstance(value, list) and value
    ]
    if not paths:
        return None
    path = rng.choice(paths)
    citations = get_at(run, path)
    if rng.random() < 0.5:
        _set_at(run, path, {str(i): c for i, c in enumerate(citations)})
        return path, "citation list -> an object keyed by index"
    _set_at(run, path, citations[0])
    return path, "citation list -> its first citation alone"


def _dotted_keys(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    if not isinstance(run[EM].get(FM), dict):
        return None
    entries = {".".join(str(s) for s in path[2:]): get_at(run, path) for path in _entry_paths(run)}
    if not entries:
        return None
    run[EM][FM] = entries
    return (EM, FM), "field_metadata keyed by dotted field paths, not nested"


def _per_field_columns(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    fm = run[EM].get(FM)
    if isinstance(fm, list) and all(isinstance(item, dict) for item in fm):
        columns: dict[str, list[Any]] = {}
        for item in fm:
            for key, entry in item.items():
                columns.setdefault(key, []).append(entry)
        run[EM][FM] = columns
        return (EM, FM), "per-item list -> one list of entries per field"
    if isinstance(fm, dict):
        run[EM][FM] = {key: [entry] for key, entry in fm.items()}
        return (EM, FM), "each field's entry -> a one-entry list"
    return None


def _em_as_list(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    run[EM] = [run[EM]]
    return (EM,), "extraction_metadata -> a list holding it"


def _fm_renamed(run: dict[str, Any], rng: random.Random) -> tuple[JsonPath, str] | None:
    if FM not in run[EM]:
        return None
    new_name = rng.choice(("fieldMetadata", "field_meta", "fields"))
    items = list(run[EM].items())
    run[EM] = {new_name if key == FM else key: value for key, value in items}
    return (EM, new_name), f"field_metadata renamed {new_name!r}"


def _usage_moved(run: dict[str, Any], _rng: random.Random) -> tuple[JsonPath, str] | None:
    fm = run[EM].get(FM)
    if "usage" not in run[EM] or not isinstance(fm, dict | list):
        return None
    usage = run[EM].pop("usage")
    if isinstance(fm, dict):
        fm["usage"] = usage
        return (EM, FM, "usage"), "usage moved into field_metadata"
    fm.append({"usage": usage})
    return (EM, FM, len(fm) - 1), "usage moved into field_metadata as one more item"


LAYOUTS: Final[tuple[Layout, ...]] = (
    _fm_as_list,
    _fm_as_index_keys,
    _fm_moved_up,
    _fm_moved_down,
    _entry_wrapped,
    _entry_as_list,
    _citations_keyed,
    _dotted_keys,
    _per_field_columns,
    _em_as_list,
    _fm_renamed,
    _usage_moved,
)


def _metadata_layout(rng: random.Random, samples: Samples, _area: str, _variant: str) -> Made:
    names = sorted(name for name, run in samples.items() if isinstance(run.get(EM), dict))
    while True:
        name = rng.choice(names)
        layout = rng.choice(LAYOUTS)
        trial = copy.deepcopy(samples[name])
        made = layout(trial, rng)
        if made is not None:
            samples[name] = trial
            return name, made[0], made[1]


# --- Putting it together ----------------------------------------------------------------------


def _balanced(rng: random.Random, choices: tuple[str, ...], count: int) -> list[str]:
    """`count` draws as even over `choices` as the count allows, in a seeded order."""
    drawn = [choices[i % len(choices)] for i in range(count)]
    rng.shuffle(drawn)
    return drawn


MAKERS: Final[dict[str, Maker]] = {
    TYPE_SWAP: _swap_type,
    KEY_DROP: _drop_key,
    ODD_VALUE: _odd_value,
    RESHAPE: _reshape,
    METADATA_LAYOUT: _metadata_layout,
    MARKUP_KEY: _markup_key,
}
# Kinds with variants to spread evenly; the others have one.
VARIANTS: Final[dict[str, tuple[str, ...]]] = {
    ODD_VALUE: ODD_VALUES,
    RESHAPE: ("nested", "flattened"),
}


def generate(seed: int = SEED, per_kind: int = PER_KIND) -> list[Mutation]:
    """`per_kind` mutations of each kind; the same seed gives the same list."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    mutations: list[Mutation] = []
    # An odd value may equal the one it replaces (null for null): that is no mutation.
    made = {as_body(run) for run in load_samples().values()}
    for kind in KINDS:
        areas = _balanced(rng, ("metadata",) if kind == METADATA_LAYOUT else AREAS, per_kind)
        variants = _balanced(rng, VARIANTS.get(kind, ("",)), per_kind)
        for area, variant in zip(areas, variants, strict=True):
            # Draw again until the body is new: no two mutations test the same run.
            while True:
                samples = load_samples()
                name, path, description = MAKERS[kind](rng, samples, area, variant)
                body = as_body(samples[name])
                if body not in made:
                    break
            made.add(body)
            number = len(mutations)
            mutations.append(Mutation(number, kind, area, name, path, description, body))
    return mutations


if __name__ == "__main__":  # pragma: no cover - a look at what the tests run
    for mutation in generate():
        print(f"{mutation.id}: {mutation.description}")
