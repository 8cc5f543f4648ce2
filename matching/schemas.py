from ninja import Schema


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
