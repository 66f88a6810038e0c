"""Synthetic social insurance, housing fund and tax ledgers behind the certificates.

THE FIGURES ARE MADE UP. The reference platform holds no real social
insurance, housing fund or income tax ledger. Every amount here comes from
a random generator seeded with the resident's ID number (or, for a unit,
its unified social credit code) and the month it is for. So:
- the same resident gets the same figures on every platform instance, every
  run, on every machine (no dependence on PYTHONHASHSEED or the database);
- a month's figures never change when a later certificate is issued.
Rates and bounds are close to Shanghai's 2025 ones so that printouts look
plausible; they say nothing about anyone's real contributions or taxes.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
YUAN = Decimal("1")

# Personal shares of the employee's contribution base.
PENSION_RATE = Decimal("0.08")
MEDICAL_RATE = Decimal("0.02")
UNEMPLOYMENT_RATE = Decimal("0.005")
PERSONAL_SI_RATE = PENSION_RATE + MEDICAL_RATE + UNEMPLOYMENT_RATE
# Employer share: pension 16%, medical incl. maternity 10%, unemployment
# 0.5%, work injury 0.26% (one common industry class).
UNIT_SI_RATE = Decimal("0.2676")
# Shanghai contribution base bounds from July 2025; the platform does not
# model their yearly change.
BASE_LOWER = Decimal("7460")
BASE_UPPER = Decimal("37302")
# Individual income tax: basic monthly deduction and the annual cumulative
# withholding brackets (upper bound of taxable income, rate, quick deduction).
BASIC_DEDUCTION = Decimal("5000")
TAX_BRACKETS: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = (
    (Decimal("36000"), Decimal("0.03"), Decimal("0")),
    (Decimal("144000"), Decimal("0.10"), Decimal("2520")),
    (Decimal("300000"), Decimal("0.20"), Decimal("16920")),
    (Decimal("420000"), Decimal("0.25"), Decimal("31920")),
    (Decimal("660000"), Decimal("0.30"), Decimal("52920")),
    (Decimal("960000"), Decimal("0.35"), Decimal("85920")),
    (None, Decimal("0.45"), Decimal("181920")),
)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _rng(*parts: str) -> random.Random:
    # sha256 rather than random.Random(str): the seed is then stable by
    # construction, not by an implementation detail of the random module.
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self) -> YearMonth:
        if self.month == 1:
            return YearMonth(self.year - 1, 12)
        return YearMonth(self.year, self.month - 1)

    @property
    def base_year(self) -> int:
        """Contribution bases are reset each July, so July-June is one base year."""
        return self.year if self.month >= 7 else self.year - 1


def last_complete_months(today: date, count: int = 12) -> list[YearMonth]:
    """The `count` months before the current one, newest first."""
    months: list[YearMonth] = []
    month = YearMonth(today.year, today.month)
    for _ in range(count):
        month = month.previous()
        months.append(month)
    return months


# --- an employee ------------------------------------------------------------


@dataclass(frozen=True)
class _Earner:
    """One resident's synthetic pay profile, fixed by their ID number."""

    salary_2020: Decimal
    yearly_raise: Decimal
    housing_fund_rate: Decimal
    special_deductions: Decimal  # 专项附加扣除 per month
    housing_fund_opening: Decimal  # balance before the months shown

    @classmethod
    def of(cls, id_number: str) -> _Earner:
        rng = _rng("earner", id_number)
        return cls(
            salary_2020=Decimal(rng.randrange(8_000, 30_001, 100)),
            yearly_raise=Decimal(rng.choice(["0.02", "0.03", "0.04", "0.05"])),
            housing_fund_rate=Decimal(rng.choice(["0.05", "0.06", "0.07"])),
            special_deductions=Decimal(rng.choice([0, 1000, 2000, 3000, 4000])),
            housing_fund_opening=Decimal(rng.randrange(2_000_000, 30_000_001)) * CENT,
        )

    def salary(self, month: YearMonth) -> Decimal:
        growth = (1 + self.yearly_raise) ** (month.base_year - 2020)
        return (self.salary_2020 * growth).quantize(Decimal("100"), rounding=ROUND_HALF_UP)

    def contribution_base(self, month: YearMonth) -> Decimal:
        return min(max(self.salary(month), BASE_LOWER), BASE_UPPER)

    def housing_fund_share(self, month: YearMonth) -> Decimal:
        # Housing fund deposits are whole yuan, for the employer and the employee alike.
        return (self.contribution_base(month) * self.housing_fund_rate).quantize(
            YUAN, rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class SocialInsuranceMonth:
    month: YearMonth
    base: Decimal
    pension: Decimal
    medical: Decimal
    unemployment: Decimal


def social_insurance_months(id_number: str, months: list[YearMonth]) -> list[SocialInsuranceMonth]:
    earner = _Earner.of(id_number)
    result = []
    for month in months:
        base = earner.contribution_base(month)
        result.append(
            SocialInsuranceMonth(
                month=month,
                base=_money(base),
                pension=_money(base * PENSION_RATE),
                medical=_money(base * MEDICAL_RATE),
                unemployment=_money(base * UNEMPLOYMENT_RATE),
            )
        )
    return result


@dataclass(frozen=True)
class HousingFundMonth:
    month: YearMonth
    base: Decimal
    employer_part: Decimal
    personal_part: Decimal

    @property
    def total(self) -> Decimal:
        return self.employer_part + self.personal_part


@dataclass(frozen=True)
class HousingFundAccount:
    rate: Decimal
    months: list[HousingFundMonth]
    balance: Decimal


def housing_fund_account(id_number: str, months: list[YearMonth]) -> HousingFundAccount:
    """Deposits for `months` (empty for a sealed account) and the balance after them."""
    earner = _Earner.of(id_number)
    deposits = [
        HousingFundMonth(
            month=month,
            base=_money(earner.contribution_base(month)),
            employer_part=_money(earner.housing_fund_share(month)),
            personal_part=_money(earner.housing_fund_share(month)),
        )
        for month in months
    ]
    balance = earner.housing_fund_opening + sum((d.total for d in deposits), Decimal(0))
    return HousingFundAccount(earner.housing_fund_rate, deposits, _money(balance))


@dataclass(frozen=True)
class TaxMonth:
    month: YearMonth
    income: Decimal
    tax_withheld: Decimal


def _cumulative_tax(taxable: Decimal) -> Decimal:
    for upper, rate, quick in TAX_BRACKETS:
        if upper is None or taxable <= upper:
            return _money(max(Decimal(0), taxable * rate - quick))
    raise AssertionError("the last bracket has no upper bound")


def _tax_year(earner: _Earner, year: int, through: int) -> dict[int, TaxMonth]:
    """Cumulative withholding (累计预扣法) for January..`through` of `year`."""
    result: dict[int, TaxMonth] = {}
    income_so_far = deductions_so_far = withheld_so_far = Decimal(0)
    for number in range(1, through + 1):
        month = YearMonth(year, number)
        income = earner.salary(month)
        base = earner.contribution_base(month)
        income_so_far += income
        deductions_so_far += (
            BASIC_DEDUCTION
            + _money(base * PERSONAL_SI_RATE)
            + earner.housing_fund_share(month)
            + earner.special_deductions
        )
        due = _cumulative_tax(max(Decimal(0), income_so_far - deductions_so_far))
        withheld = max(Decimal(0), due - withheld_so_far)
        withheld_so_far += withheld
        result[number] = TaxMonth(month, _money(income), withheld)
    return result


def salary_tax_months(id_number: str, months: list[YearMonth]) -> list[TaxMonth]:
    """Wages and salaries withheld by the employer, one entry per month, in the given order."""
    earner = _Earner.of(id_number)
    # Each year's withholding depends on all its earlier months, so compute
    # every year shown from January up to its latest month shown.
    latest: dict[int, int] = {}
    for month in months:
        latest[month.year] = max(latest.get(month.year, 0), month.month)
    years = {year: _tax_year(earner, year, last) for year, last in latest.items()}
    return [years[m.year][m.month] for m in months]


# --- an employer ------------------------------------------------------------


@dataclass(frozen=True)
class UnitMonth:
    month: YearMonth
    headcount: int
    base_total: Decimal
    unit_amount: Decimal
    personal_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.personal_amount


def unit_months(credit_code: str, months: list[YearMonth]) -> list[UnitMonth]:
    """A unit's monthly totals; seeded by its credit code, not by who asks."""
    profile = _rng("unit", credit_code)
    staff = profile.randrange(25, 401)
    average_base = Decimal(profile.randrange(9_000, 20_001, 10))
    result = []
    for month in months:
        rng = _rng("unit", credit_code, str(month))
        headcount = max(1, staff + rng.randint(-4, 4))
        spread = Decimal(rng.randint(-200, 200)) / Decimal(10_000)
        base_total = _money(headcount * average_base * (1 + spread))
        result.append(
            UnitMonth(
                month=month,
                headcount=headcount,
                base_total=base_total,
                unit_amount=_money(base_total * UNIT_SI_RATE),
                personal_amount=_money(base_total * PERSONAL_SI_RATE),
            )
        )
    return result
