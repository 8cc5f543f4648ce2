from ninja import Field, Schema

from matching.explain import plain_summary


class WhyOut(Schema):
    signal: str
    contribution: float
    detail: str
    value: float
    weight: float


class HitOut(Schema):
    id: int
    number: str
    title: str
    score: float
    why: list[WhyOut]
    explanation: str = Field("", description="Why it matched, in plain words in the reader's language.")

    @staticmethod
    def resolve_explanation(obj) -> str:
        return plain_summary(obj["why"])
