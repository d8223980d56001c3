from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pyspark")  # the spark extra; .ci/run installs it
pytest.importorskip("pyarrow")


@pytest.fixture(scope="session")
def spark() -> Any:
    """One local Spark session with two cores for the Spark tests (the machine's JVM)."""
    from redtrace.spark import session

    return session("local[2]", memory="2g")
