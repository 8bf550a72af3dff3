"""Synthetic arXiv-style libraries for the benchmark: deterministic for a given seed.

Entries look like the ones `mibib add` writes for an arXiv paper (title, authors,
year, eprint, url, abstract) plus mibib's tags drawn from a taxonomy, so every
code path of the real collection is exercised at any size.
"""

import random
import tomllib
from pathlib import Path

_WORD_TEXT = (
    "sparse autoencoder feature features circuit circuits attention head heads induction "
    "superposition polysemantic monosemantic neuron neurons residual stream transformer "
    "language model models probing probe linear representation representations steering "
    "vector activation patching causal mediation tracing logit lens tuned dictionary "
    "learning interpretability mechanistic faithful faithfulness ablation knockout "
    "path gradient attribution saliency concept concepts emergent grokking modular "
    "arithmetic factual recall memory memories knowledge editing layer layers mlp "
    "embedding token tokens position positional copy suppression name mover indirect "
    "object identification greater than task algorithmic reasoning chain thought "
    "in-context training dynamics phase transition scaling law sparse crosscoder "
    "transcoder universality reverse engineering toy small large deep network networks "
    "behavior behaviour safety deception honesty truthfulness refusal direction bias "
    "gender syntax semantic geometry manifold subspace orthogonal basis rotation"
)
WORDS = tuple(_WORD_TEXT.split())
TITLE_HEADS = (
    "Towards", "Understanding", "Interpreting", "Discovering", "Finding", "Scaling",
    "Measuring", "Locating", "Explaining", "Decomposing", "Tracing", "Dissecting",
)  # fmt: skip
FIRST = (
    "Anna", "Ben", "Chris", "Dana", "Eli", "Fatima", "Gao", "Hana", "Ivan", "Jin", "Kai",
    "Lena", "Mor", "Neel", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomás", "Uma", "Wei",
)  # fmt: skip
LAST = (
    "Smith", "Chen", "Nanda", "Olah", "Geva", "Wang", "Li", "Garcia", "Kumar", "Ivanova",
    "Rossi", "Tanaka", "Park", "Nguyen", "Cohen", "Silva", "Meyer", "Dubois", "Khan",
)  # fmt: skip
LATEX_LAST = ('M{\\"u}ller', 'Sch{\\"o}lkopf', "Garc{\\'\\i}a", "Jos{\\'e}", "{\\O}stergaard")
CLASSES = ("cs.LG", "cs.CL", "cs.AI", "stat.ML")


def taxonomy_keys(path: Path) -> dict[str, list[str]]:
    """The keys of each facet of a taxonomy.toml."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        facet: [node["key"] for node in data.get(facet, [])]
        for facet in ("category", "technique", "evaluation")
    }


def generate_records(count: int, keys: dict[str, list[str]], seed: int = 1) -> list[dict]:
    """`count` entries as dicts (key, fields, tags), sorted by key."""
    rng = random.Random(seed)
    records, taken = [], set()
    for number in range(count):
        year = rng.randint(2015, 2025)
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{number:05d}"
        words = rng.choices(WORDS, k=rng.randint(4, 9))
        title = f"{rng.choice(TITLE_HEADS)} " + " ".join(words).capitalize()
        if number % 17 == 0:
            title += " with $\\ell_1$ Penalties"
        authors = [
            f"{rng.choice(LATEX_LAST if rng.random() < 0.05 else LAST)}, {rng.choice(FIRST)}"
            for _ in range(rng.randint(1, 9))
        ]
        base = f"{authors[0].split(',')[0].strip('{}').lower()}{year}{words[0]}"
        base = "".join(char for char in base if char.isalnum())
        key, suffix = base, 0
        while key in taken:
            suffix += 1
            key = f"{base}{chr(96 + suffix) if suffix < 27 else suffix}"
        taken.add(key)
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(90, 140))).capitalize() + "."
        fields = {
            "title": title,
            "author": " and ".join(authors),
            "journal": f"arXiv preprint arXiv:{arxiv}",
            "year": str(year),
            "eprint": arxiv,
            "archivePrefix": "arXiv",
            "primaryClass": rng.choice(CLASSES),
            "url": f"https://arxiv.org/abs/{arxiv}",
            "abstract": abstract,
        }
        tags = {
            facet: rng.sample(values, k=min(len(values), rng.randint(1, 3)))
            for facet, values in keys.items()
            if values
        }
        tldr = " ".join(rng.choices(WORDS, k=20)).capitalize() + "."
        records.append({"key": key, "fields": fields, "tags": tags, "tldr": tldr})
    records.sort(key=lambda record: record["key"].lower())
    return records


def render_record(record: dict) -> str:
    lines = [f"@article{{{record['key']},"]
    lines += [f"  {name} = {{{value}}}," for name, value in record["fields"].items()]
    for facet, name in (
        ("category", "mibib-categories"),
        ("technique", "mibib-techniques"),
        ("evaluation", "mibib-evaluation"),
    ):
        if record["tags"].get(facet):
            lines.append(f"  {name} = {{{', '.join(record['tags'][facet])}}},")
    lines.append(f"  mibib-tldr = {{{record['tldr']}}}")
    return "\n".join(lines) + "\n}\n"


def render_library(records: list[dict]) -> str:
    return "\n".join(render_record(record) for record in records)
