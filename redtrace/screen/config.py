"""The scorer's configuration, passed explicitly: a matcher holds one, a result states it.

Nothing here reads the environment: a face or the service turns settings into a
``ScorerConfig`` and hands it to the matcher it builds. The scorer's version is the
algorithm's number joined to a fingerprint of the code and reference data that score (this
package's modules and ``data/``), so an audit record names the scorer that judged even when
the number was not raised after a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from redtrace.screen.score import ALGORITHM, VERSION, WEIGHTS

__all__ = ["DEFAULT", "FINGERPRINT", "ScorerConfig", "Thresholds", "fingerprint"]

_HERE = Path(__file__).parent
# Defaults for a query that names none (docs/threshold.md gives the numbers behind 0.7).
THRESHOLD = 0.7
CUTOFF = 0.5
CANDIDATES = 40  # list names scored per query
LOOSE_CANDIDATES = 100  # per query with a name from Arabic script (consonant keys are shared)


def fingerprint(folder: Path = _HERE) -> str:
    """A digest of the scoring code and its reference data, in a stable file order."""
    digest = hashlib.sha256()
    files = sorted([*folder.glob("*.py"), *(folder / "data").glob("*")])
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


FINGERPRINT = fingerprint()
_DEFAULT_TUNING = (tuple(sorted(WEIGHTS.items())), CANDIDATES, LOOSE_CANDIDATES)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``threshold``: score at or above which a result is a match; ``cutoff``: results
    below it are dropped."""

    threshold: float = THRESHOLD
    cutoff: float = CUTOFF

    def __post_init__(self) -> None:
        for name in ("threshold", "cutoff"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")


@dataclass(frozen=True, slots=True)
class ScorerConfig:
    """Everything that decides a score, and the name and version to record with it."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType(dict(WEIGHTS)))
    candidates: int = CANDIDATES
    loose_candidates: int = LOOSE_CANDIDATES
    algorithm: str = ALGORITHM
    version: str = f"{VERSION}+{FINGERPRINT}"

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(WEIGHTS)
        if unknown:
            raise ValueError(f"unknown feature weights: {sorted(unknown)}")
        if not isinstance(self.weights, MappingProxyType):  # frozen all the way down
            object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        tuned = self._tuning()
        if tuned != _DEFAULT_TUNING and self.version == f"{VERSION}+{FINGERPRINT}":
            # Weights or candidate counts other than the released ones are another scorer.
            mark = hashlib.sha256(repr(tuned).encode()).hexdigest()[:8]
            object.__setattr__(self, "version", f"{self.version}~{mark}")

    def _tuning(self) -> tuple[Any, ...]:
        return (tuple(sorted({**WEIGHTS, **self.weights}.items())), self.candidates,
                self.loose_candidates)  # fmt: skip

    def with_thresholds(self, threshold: float | None, cutoff: float | None) -> ScorerConfig:
        """This configuration with other defaults for match and cutoff (None: keep)."""
        t = self.thresholds
        return ScorerConfig(
            Thresholds(t.threshold if threshold is None else threshold,
                       t.cutoff if cutoff is None else cutoff),
            self.weights, self.candidates, self.loose_candidates, self.algorithm, self.version,
        )  # fmt: skip

    def label(self) -> str:
        """``algorithm/version``, as audit records and job summaries state the scorer."""
        return f"{self.algorithm}/{self.version}"

    def __reduce__(self) -> tuple[Any, ...]:
        # A MappingProxyType does not pickle; the weights travel as a plain dict.
        return (ScorerConfig, (self.thresholds, dict(self.weights), self.candidates,
                               self.loose_candidates, self.algorithm, self.version))  # fmt: skip


DEFAULT = ScorerConfig()
