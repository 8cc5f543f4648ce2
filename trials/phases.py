"""Registered trial phases → the development phase they are evidence for.

EARLY_PHASE1 and PHASE1 → Phase 1; PHASE2 → Phase 2; PHASE3 → Phase 3; PHASE4 → Approved (a phase 4
study runs after approval); NA (not a drug trial) → none. A combined phase such as PHASE1|PHASE2 counts as
the LOWER one: the trial proves the drug has reached that phase, not that it has passed it.
"""

import re

from django.utils.translation import gettext as _

from assets.models import BiomedicalProfile
from core.importing.result import RejectRecord

Phase = BiomedicalProfile.Phase
PHASES: dict[str, int | None] = {
    "EARLY_PHASE1": Phase.PHASE_1,
    "PHASE0": Phase.PHASE_1,
    "PHASE1": Phase.PHASE_1,
    "PHASE2": Phase.PHASE_2,
    "PHASE3": Phase.PHASE_3,
    "PHASE4": Phase.APPROVED,
    "NA": None,
    "": None,
}


def phase_key(label: str) -> str:
    """'PHASE1', 'Phase 1', 'early phase 1', 'N/A' → the API's spelling."""
    text = re.sub(r"[\s_]+", " ", (label or "").strip().upper())
    if text in {"N/A", "NA", "NOT APPLICABLE"}:
        return "NA"
    text = text.replace("PHASE ", "PHASE").replace("EARLY PHASE", "EARLY_PHASE")
    roman = {"PHASEI": "PHASE1", "PHASEII": "PHASE2", "PHASEIII": "PHASE3", "PHASEIV": "PHASE4"}
    return roman.get(text, text)


def phase_from_labels(labels: list[str]) -> int | None:
    """The development phase a trial shows, the lowest of its registered phases; unknown labels reject."""
    phases: list[int] = []
    for label in labels:
        key = phase_key(label)
        if key not in PHASES:
            raise RejectRecord(_("unknown trial phase: %(phase)s") % {"phase": label})
        if (phase := PHASES[key]) is not None:
            phases.append(phase)
    return min(phases) if phases else None
