"""Disputes: arbitration and mediation cases, the neutrals who decide or mediate them, and their fees."""

from disputes.models.case import Case, CaseFile, CaseParty, Participant, Side
from disputes.models.decisions import Decision, SettlementSignature
from disputes.models.fees import Fee, FeeSubsidy, FeeSubsidyProgramme
from disputes.models.neutrals import Appointment, Challenge, Neutral, NeutralConflict, NeutralList
from disputes.models.proceedings import Deadline, Hearing, ServiceRecord, Submission, SubmissionDocument
from disputes.models.roster import RosterApplication
from disputes.models.rules import Kind, RuleTemplate

__all__ = [
    "Appointment",
    "Case",
    "CaseFile",
    "CaseParty",
    "Challenge",
    "Deadline",
    "Decision",
    "Fee",
    "FeeSubsidy",
    "FeeSubsidyProgramme",
    "Hearing",
    "Kind",
    "Neutral",
    "NeutralConflict",
    "NeutralList",
    "Participant",
    "RosterApplication",
    "RuleTemplate",
    "ServiceRecord",
    "SettlementSignature",
    "Side",
    "Submission",
    "SubmissionDocument",
]
