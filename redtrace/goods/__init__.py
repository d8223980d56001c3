"""Classify order lines (HS code, CAS number, free text) against control tables."""

from redtrace.goods.classify import Classification, classify
from redtrace.goods.tables import Control, cas_valid, controls_for_cas, controls_for_hs, hs_codes

__all__ = ["Classification", "Control", "cas_valid", "classify", "controls_for_cas",
           "controls_for_hs", "hs_codes"]  # fmt: skip
