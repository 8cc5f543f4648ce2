"""Deal rooms: the parties, the NDA, the data room, term sheets, the agreement and what follows signature."""

from deals.models.agreement import Agreement, AgreementSignature
from deals.models.dataroom import AccessLog, Document
from deals.models.nda import Nda, NdaSignature, NdaTemplate
from deals.models.qa import ChecklistItem, DealNotification, Message, Question
from deals.models.room import DealRoom, RoomMember
from deals.models.royalties import Obligation, Payment, RoyaltyReport
from deals.models.terms import TermSheet

__all__ = [
    "AccessLog",
    "Agreement",
    "AgreementSignature",
    "ChecklistItem",
    "DealNotification",
    "DealRoom",
    "Document",
    "Message",
    "Nda",
    "NdaSignature",
    "NdaTemplate",
    "Obligation",
    "Payment",
    "Question",
    "RoomMember",
    "RoyaltyReport",
    "TermSheet",
]
