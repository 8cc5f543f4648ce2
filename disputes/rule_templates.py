"""The rule templates the platform starts with; the operator keeps them up to date in the back office.

Day counts are calendar days as the published rules state them (hours are rounded up to a day). Each
template's `source` names the articles; check them against the institution's current rules before relying
on a figure, and edit the template when the rules change.
"""

from typing import Any


def step(code: str, days: int, after: str, kind: str = "arbitration") -> dict:
    return {"code": code, "days": days, "after": after, "kind": kind}


TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "hkiac-2024",
        "name": "HKIAC Administered Arbitration Rules (2024)",
        "institution_name": "Hong Kong International Arbitration Centre",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing"),
            step("constitution", 30, "filing"),
            step("expedited_award", 180, "constitution"),
            step("emergency_appointment", 1, "emergency"),
            step("emergency_decision", 14, "emergency"),
            step("mediator_appointment", 15, "filing", "mediation"),
            step("mediation_end", 60, "filing", "mediation"),
        ],
        "expedited_threshold": "25000000",
        "expedited_currency": "HKD",
        "registration_fee": "8000",
        "fee_currency": "HKD",
        "source": (
            "HKIAC Administered Arbitration Rules 2024: Art. 5.1 (Answer within 30 days of the Notice), "
            "Arts. 7-8 (designation of arbitrators within 30 days), Art. 42 (expedited procedure where the "
            "amount in dispute does not exceed HKD 25,000,000; award within 6 months of the file's "
            "transmission), Schedule 4 (emergency arbitrator appointed within 24 hours, decision within 14 "
            "days); Schedule 1 (registration fee HKD 8,000). Mediation: HKIAC Mediation Rules, periods set "
            "by the platform's default timetable."
        ),
    },
    {
        "code": "cietac-hk-2024",
        "name": "CIETAC Arbitration Rules (2024), Hong Kong Arbitration Center",
        "institution_name": "CIETAC Hong Kong Arbitration Center",
        "steps": [
            step("answer", 45, "filing"),
            step("constitution", 15, "filing"),
            step("expedited_award", 90, "constitution"),
            step("emergency_appointment", 1, "emergency"),
            step("emergency_decision", 15, "emergency"),
        ],
        "expedited_threshold": "5000000",
        "expedited_currency": "CNY",
        "registration_fee": "8000",
        "fee_currency": "HKD",
        "source": (
            "CIETAC Arbitration Rules 2024: Art. 16 (Statement of Defence within 45 days of the Notice), "
            "Art. 27 (each side appoints within 15 days), Arts. 60-64 (summary procedure where the amount "
            "does not exceed RMB 5,000,000; award within 3 months of the tribunal's formation), Appendix III "
            "(emergency arbitrator appointed within 1 day, decision within 15 days); CIETAC Hong Kong fee "
            "schedule (registration fee HKD 8,000)."
        ),
    },
    {
        "code": "wipo-2021",
        "name": "WIPO Arbitration and Mediation Rules (2021)",
        "institution_name": "WIPO Arbitration and Mediation Center",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing"),
            step("constitution", 45, "filing"),
            step("emergency_appointment", 2, "emergency"),
            step("emergency_decision", 15, "emergency"),
            step("mediator_appointment", 15, "filing", "mediation"),
            step("mediation_end", 60, "filing", "mediation"),
        ],
        "expedited_threshold": None,
        "expedited_currency": "",
        "registration_fee": "2000",
        "fee_currency": "USD",
        "source": (
            "WIPO Arbitration Rules 2021: Art. 11 (Answer within 30 days), Arts. 16-19 (appointment within "
            "the periods the rules set, 45 days used here), Art. 49 (emergency relief: emergency arbitrator "
            "normally appointed within 2 days); expedited arbitration only by the parties' agreement (WIPO "
            "Expedited Arbitration Rules), so no sum threshold. WIPO Mediation Rules 2021, Art. 20 with the "
            "WIPO Mediation-followed-by-arbitration clause (60 days). Registration fee USD 2,000 (WIPO "
            "schedule of fees)."
        ),
    },
    {
        "code": "scia-2022",
        "name": "SCIA Arbitration Rules (2022)",
        "institution_name": "Shenzhen Court of International Arbitration",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing"),
            step("constitution", 15, "filing"),
            step("expedited_award", 90, "constitution"),
            step("emergency_appointment", 2, "emergency"),
            step("emergency_decision", 14, "emergency"),
            step("mediator_appointment", 10, "filing", "mediation"),
            step("mediation_end", 45, "filing", "mediation"),
        ],
        "expedited_threshold": "10000000",
        "expedited_currency": "CNY",
        "registration_fee": "10000",
        "fee_currency": "CNY",
        "source": (
            "SCIA Arbitration Rules 2022: Art. 17 (defence within 30 days), Art. 30 (arbitrators appointed "
            "within 15 days), Art. 59 and Chapter VIII (expedited procedure up to RMB 10,000,000; award "
            "within 3 months), Schedule of emergency arbitrator procedures (appointment within 2 days, "
            "decision within 14 days); SCIA Mediation Rules. Registration fee from the SCIA fee schedule; "
            "check the current schedule."
        ),
    },
    {
        "code": "uncitral-2021",
        "name": "Ad hoc under the UNCITRAL Arbitration Rules (2021)",
        "institution_name": "Ad hoc (UNCITRAL Rules)",
        "steps": [
            step("answer", 30, "filing"),
            step("constitution", 30, "filing"),
        ],
        "expedited_threshold": None,
        "expedited_currency": "",
        "registration_fee": "0",
        "fee_currency": "HKD",
        "source": (
            "UNCITRAL Arbitration Rules 2021: Art. 4.1 (response within 30 days of the notice), Arts. 8-9 "
            "(appointing authority steps after 30 days). No emergency arbitrator and no sum threshold; "
            "expedited only under the UNCITRAL Expedited Arbitration Rules by agreement. No registration fee."
        ),
    },
]


def seed_templates(model=None) -> int:
    """Create the templates that are missing (never overwrite the operator's edits); returns how many."""
    if model is None:
        from disputes.models import RuleTemplate as model
    made = 0
    for template in TEMPLATES:
        fields: dict = {**template}
        code = fields.pop("code")
        fields["expedited_currency"] = fields.get("expedited_currency") or ""
        made += model.objects.get_or_create(code=code, defaults=fields)[1]
    return made
