"""The facts a posting states besides its skills: salary, education, experience, seniority, work arrangement.

``extract_facts(text)`` returns a :class:`PostingFacts`; each fact is ``None`` where the posting does
not say, and keeps its ``start``/``end`` offsets into the text as given. Everything is rules over the
text (English), no model: what matched is always visible.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import asdict, dataclass

from classifier.text import sentence_span

#: Hours, days, weeks and months in a working year, for annual figures.
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}

_CURRENCY_SYMBOLS = (
    ("S$", "SGD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("HK$", "HKD"),
    ("NZ$", "NZD"),
    ("US$", "USD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("¥", "JPY"),
    ("₦", "NGN"),
    ("₱", "PHP"),
)
_CURRENCY_CODES = {
    "USD": "USD",
    "GBP": "GBP",
    "EUR": "EUR",
    "INR": "INR",
    "SGD": "SGD",
    "MYR": "MYR",
    "RM": "MYR",
    "AUD": "AUD",
    "CAD": "CAD",
    "KES": "KES",
    "KSH": "KES",
    "NGN": "NGN",
    "EGP": "EGP",
    "ZAR": "ZAR",
    "CHF": "CHF",
    "JPY": "JPY",
    "CNY": "CNY",
    "HKD": "HKD",
    "AED": "AED",
    "RS": "INR",
    "PKR": "PKR",
}
_SYMBOL = "|".join(re.escape(symbol) for symbol, _ in _CURRENCY_SYMBOLS)
_CODE = "|".join(sorted(_CURRENCY_CODES, key=len, reverse=True))
_NUMBER = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[,.\s'’]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:(?:k|K)(?:\b|(?=[A-Z][a-z]))|(?:lpa|LPA|lakhs?|lacs?|L)\b))?"
_AMOUNT = (
    rf"(?:(?P<PFXsym>{_SYMBOL})\s?|(?P<PFXcode>\b(?:{_CODE}))\.?\s?(?:{_SYMBOL})?\s?)?(?P<PFXnum>{_NUMBER})(?P<PFXscale>{_SCALE})"
    rf"(?:\s?(?P<PFXcode2>(?:{_CODE})\b)|\s?(?P<PFXsym2>€|£))?"
)
_RANGE = re.compile(
    r"(?:(?P<upto>\b(?:up\s+to|upto|max(?:imum)?\s*(?:of)?:?)\s*)|(?P<from>\b(?:from|starting\s+(?:at|from))\s+))?"
    + _AMOUNT.replace("PFX", "a")
    + r"(?:\s*(?:-|–|—|to|and|bis)\s*"
    + _AMOUNT.replace("PFX", "b")
    + r")?",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"^\s*(?:(?:USD|GBP|EUR|SGD|MYR|INR|KES)\s*)?(?:(?:gross|net|brutto|base|before\s+tax(?:es)?|salary)\s+)?"
    r"(?:[/]\s*|per\s+|an?\s+|each\s+)?"
    r"(?P<period>hour|hr|h\b|hourly|day|daily|week|weekly|month|mo\b|monthly|year|yr|annum|annually|annual|p\.?a\.?|"
    r"jährlich|pro\s+jahr|monatlich|pro\s+monat)",
    re.IGNORECASE,
)
_NOT_PAY_BEFORE = re.compile(
    r"(?:rais\w+|funding|funded|revenue|valuation|valued|backed|series\s+[a-e]|invest\w*|worth|budget|arr|"
    r"sales\s+of|assets|capital|grant|(?<!geographic\s)market|spend\w*|saving\w*|contract\s+value|deals?|loan\w*|fund|"
    r"additional|bonus(?:es)?|stipend|allowance|reimburs\w*|contribution|match\w*|sign[\s-]on|relocation|referral|"
    r"differential|discount|credit)\W+(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_BIG_SCALE = re.compile(
    r"^\s*(?:m\b|mm\b|mn\b|b\b|bn\b|million|billion|trillion|\+?\s*(?:customers|users|employees))", re.I
)
#: Words after an amount that make it a benefit, not pay: "$750 home office stipend", "$10k adoption benefit".
_NOT_PAY_AFTER = re.compile(
    r"^[^\w+&\n]*(?:(?!plus\b|and\b|with\b|or\b)\w+[^\w+&\n]+){0,3}?(?:stipend|allowance|reimbursement|bonus|benefit|credit|budget|spending|match|contribution|"
    r"gift|voucher|discount|referral|coverage|sign[\s-]on|relocation|for\s+\$)(?!s?\s*:)",
    re.IGNORECASE,
)
#: Pension plans named by numbers: 401(k), 403(b), 457(b).
_PENSION = re.compile(r"(?:401|403|457)\s*\(?[kKbB]\b")
#: Currencies in which a year's pay below 3,000 is no salary ("$20 a month to connect with colleagues").
_ANNUAL_FLOOR = frozenset({"USD", "GBP", "EUR", "CAD", "AUD", "SGD", "CHF", "NZD", "HKD", "AED"})
_PAY_WORDS = re.compile(
    r"salary|compensation|pay\b|pay\s+range|base|wage|rate|ctc|package|remuneration|earn|stipend|per\s+hour|hourly|annum",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SalaryRange:
    minimum: float | None
    maximum: float | None
    currency: str | None
    period: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Salary:
    """The pay a posting states: the lowest minimum and highest maximum over its ranges (each listed)."""

    minimum: float | None
    maximum: float | None
    currency: str | None
    period: str | None
    annual_minimum: float | None
    annual_maximum: float | None
    start: int
    end: int
    ranges: tuple[SalaryRange, ...] = ()


@dataclass(frozen=True)
class Education:
    """The lowest degree level asked for (``bachelor``, ``master``, ``phd``), whether it is required, and fields."""

    level: str
    required: bool | None
    fields: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Experience:
    """Years of experience asked for overall (not one tool's)."""

    min_years: float
    max_years: float | None
    start: int
    end: int
    #: The skill or field the years attach to ("machine learning", "Python"), where stated.
    subject: str | None = None


@dataclass(frozen=True)
class Fact:
    """A value the posting states, with where it says it."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class PostingFacts:
    salary: Salary | None = None
    education: Education | None = None
    experience: Experience | None = None
    seniority: Fact | None = None
    work_arrangement: Fact | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def columns(self) -> dict[str, object]:
        """The flat columns of ``classify --facts``."""
        salary, education, experience = self.salary, self.education, self.experience
        return {
            "salary_min": salary.minimum if salary else None,
            "salary_max": salary.maximum if salary else None,
            "salary_currency": salary.currency if salary else None,
            "salary_period": salary.period if salary else None,
            "education_level": education.level if education else None,
            "experience_min_years": experience.min_years if experience else None,
            "seniority": self.seniority.value if self.seniority else None,
            "work_arrangement": self.work_arrangement.value if self.work_arrangement else None,
        }


FACT_COLUMNS = (
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "education_level",
    "experience_min_years",
    "seniority",
    "work_arrangement",
)


# -- salary ------------------------------------------------------------------------------------------------


def _number(text: str, scale: str) -> float | None:
    raw = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[,\s'’]\d{3})+(?:\.\d{1,2})?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?", raw):
        raw = re.sub(r"[,\s'’]", "", raw)  # 120,000; 110'000 (Swiss); 12,00,000 (Indian lakh grouping)
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # 60.000 (a thousands dot)
        raw = raw.replace(".", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    scale = scale.strip().lower()
    if scale == "k":
        value *= 1_000
    elif scale in ("lpa", "lakh", "lakhs", "lac", "lacs", "l"):
        value *= 100_000
    return value


def _currency(match: re.Match[str], side: str) -> str | None:
    """A code before the figure first ("CAD $95,000" is Canadian), then a symbol before or after it, then a code
    after."""
    code = match.group(f"{side}code")
    if code:
        return _CURRENCY_CODES[code.upper()]
    for key in (f"{side}sym", f"{side}sym2"):
        symbol = match.group(key)
        if symbol:
            return dict(_CURRENCY_SYMBOLS)[symbol.upper()]
    code = match.group(f"{side}code2")
    return _CURRENCY_CODES[code.upper()] if code else None


_PERIOD_WORDS = {
    "hour": "hour", "hr": "hour", "h": "hour", "hourly": "hour",
    "day": "day", "daily": "day",
    "week": "week", "weekly": "week",
    "month": "month", "mo": "month", "monthly": "month",
    "year": "year", "yr": "year", "annum": "year", "annually": "year", "annual": "year", "pa": "year", "p.a": "year",
    "jährlich": "year", "pro jahr": "year", "monatlich": "month", "pro monat": "month",
}  # fmt: skip


def _period(after: str, scale: str, values: list[float], currency: str | None) -> str | None:
    found = _PERIOD.match(after)
    if found:
        return _PERIOD_WORDS[re.sub(r"\s+", " ", found.group("period").lower().rstrip("."))]
    if scale.strip().lower() in ("lpa", "lakh", "lakhs", "lac", "lacs", "l"):
        return "year"
    top = max(values)
    if top >= 15_000 and currency not in ("INR", "JPY", "KES", "NGN", "PHP", "PKR", "EGP"):
        return "year"
    if top < 300:
        return "hour"
    return None


#: Where a salary may start: a currency mark, or a figure in thousands ("150K"); the range pattern
#: is only tried around these (it is slow when tried at every position of a long posting).
#: (Two patterns, marks and figures, then codes: one pattern with both is four times slower, since a
#: code alternative starting with \b is tried at every position; the codes are matched as written,
#: in capitals or with a capital first: "USD", "RM", "Rs", "Ksh".)
_ANCHOR_MARK = re.compile(rf"{_SYMBOL}|\d\s*(?:[kK](?:\b|(?=[A-Z][a-z]))|(?:lpa|lakh|LPA|Lakh))")
_ANCHOR_CODE = re.compile(
    r"(?=[A-Z])\b(?:"
    + "|".join(sorted({variant for code in _CURRENCY_CODES for variant in (code, code.title())}, key=len, reverse=True))
    + r")(?:\b|(?=\d))"
)


#: A pay word just before a figure: where a salary without a currency mark may start ("Pay: 25.00-51.00 per hour").
_ANCHOR_PAY = re.compile(r"(?=[pPrRwW])\b(?:[pP]ay|[rR]ate|[wW]age)\b[^.\n\d]{0,12}(?=\d)")


def _anchors(text: str):
    """Where a salary may start, in order of position."""
    return heapq.merge(
        _ANCHOR_MARK.finditer(text),
        _ANCHOR_CODE.finditer(text),
        _ANCHOR_PAY.finditer(text),
        key=lambda match: match.start(),
    )


def _salary(text: str) -> Salary | None:
    ranges: list[SalaryRange] = []
    for match in _candidates(text):
        currency = _currency(match, "a") or (_currency(match, "b") if match.group("bnum") else None)
        before, after = text[max(0, match.start() - 60) : match.start()], text[match.end() : match.end() + 40]
        if currency is None and _INDIAN_SCALE.fullmatch((match.group("bscale") or match.group("ascale") or "").strip()):
            currency = "INR"  # "12-18 LPA", "15 lakhs per annum"
        if currency is None and match.group("bnum") and _PAY_BEFORE.search(before[-30:]) and _PERIOD.match(after):
            currency = ""  # "Pay: 25.00-51.00 per hour": a range said as pay, with its period, in no currency
        if currency is None:
            # a number without a currency is not pay (years, 401(k), phone numbers), unless it is thousands
            # said as pay: "up to 150K + equity", "salary 90k-110k"
            scaled = (match.group("ascale") or match.group("bscale") or "").strip().lower() == "k"
            said = (
                match.group("upto")
                or re.search(r"salary|pay|compensation|\bequity|\bbase\b|\bote\b", before[-30:] + after[:20], re.I)
                # a field of a "Company | Role | Place | 55k |" header line
                or (re.search(r"\|\s*$", before) and re.match(r"\s*(?:\+[^|\n]{0,25})?\|", after))
            )
            if not (scaled and said):
                continue
        if _NOT_PAY_BEFORE.search(before) or _BIG_SCALE.match(after) or _NOT_PAY_AFTER.match(after):
            continue
        if _PENSION.match(text, match.start("anum")):
            continue
        first = _number(match.group("anum"), match.group("ascale") or "")
        second = _number(match.group("bnum"), match.group("bscale") or "") if match.group("bnum") else None
        if first is None:
            continue
        if second is not None and (match.group("ascale") or "") == "" and (match.group("bscale") or "").strip():
            first = _number(match.group("anum"), match.group("bscale"))  # "£45-55k": the k applies to both
        if second is not None and first < 1_000 <= second and first * 1_000 <= 1.5 * second:
            first *= 1_000  # "$110-145,000"
        if second is not None and second < first:
            second = None
        values = [value for value in (first, second) if value is not None]
        if max(values) < 5:
            continue
        scale = (
            (match.group("bscale") or match.group("ascale") or "")
            if second is not None
            else (match.group("ascale") or "")
        )
        period = _period(after, scale, values, currency)
        context = text[max(0, match.start() - 80) : match.end() + 40]
        if period is None and not _PAY_WORDS.search(context):
            continue
        if period == "year" and max(values) < 1_000 and not scale.strip():
            continue  # "$50 a year" is a fee, not a salary
        factor = PER_YEAR.get(period) if period else None
        if currency in _ANNUAL_FLOOR and factor and max(values) * factor < 3_000:
            continue
        if second is None and match.group("upto"):
            minimum, maximum = None, first
        elif second is None and match.group("from"):
            minimum, maximum = first, None
        else:
            minimum, maximum = first, second if second is not None else first
        ranges.append(SalaryRange(minimum, maximum, currency or None, period, match.start(), match.end()))
    ranges = _from_up_to_pairs(text, _minimum_maximum_pairs(text, ranges))
    if not ranges:
        return None
    minimums = [r.minimum for r in ranges if r.minimum is not None]
    maximums = [r.maximum for r in ranges if r.maximum is not None]
    first = ranges[0]
    period = first.period
    currency = first.currency
    minimum = min(minimums) if minimums else None
    maximum = max(maximums) if maximums else None
    factor = PER_YEAR.get(period) if period else None
    return Salary(
        minimum=minimum,
        maximum=maximum,
        currency=currency,
        period=period,
        annual_minimum=minimum * factor if factor and minimum is not None else None,
        annual_maximum=maximum * factor if factor and maximum is not None else None,
        start=min(r.start for r in ranges),
        end=max(r.end for r in ranges),
        ranges=tuple(ranges),
    )


def _candidates(text: str):
    """Range matches that start near a currency mark or a figure in thousands, each once, in order."""
    position = 0
    for anchor in _anchors(text):
        if anchor.end() <= position:
            continue
        window_start = max(position, anchor.start() - 40)
        match = None
        for match in _RANGE.finditer(text, window_start, min(len(text), anchor.end() + 80)):
            if match.end() > anchor.start():
                break
        else:
            match = None
        if match is None or match.start() < position:
            continue
        # re-run at the match's start over the whole text, so a range is never cut at the window's end
        whole = _RANGE.match(text, match.start())
        if whole is None:
            continue
        position = whole.end()
        yield whole


_INDIAN_SCALE = re.compile(r"lpa|lakhs?|lacs?", re.IGNORECASE)
#: Just before a figure without a currency, what says it is pay: "Pay: 25.00-51.00 per hour".
_PAY_BEFORE = re.compile(r"\b(?:pay|rate|wage|salary|compensation)\b[^.\n]{0,12}$", re.IGNORECASE)
#: Between a "from" figure and an "up to" one, nothing that ends the sentence.
_SAME_SENTENCE = re.compile(r"[^.;\n]*")


def _from_up_to_pairs(text: str, ranges: list[SalaryRange]) -> list[SalaryRange]:
    """ "ranges from $118,000/year in our lowest geographic market up to $176,000/year in our highest": one range."""
    merged: list[SalaryRange] = []
    for current in ranges:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.maximum is None
            and current.minimum is None
            and previous.currency == current.currency
            and previous.period == current.period
            and current.start - previous.end < 120
            and _SAME_SENTENCE.fullmatch(text, previous.end, current.start)
        ):
            merged[-1] = SalaryRange(
                previous.minimum, current.maximum, previous.currency, previous.period, previous.start, current.end
            )
            continue
        merged.append(current)
    return merged


_MIN_LABEL = re.compile(r"min(?:imum)?\s*(?:salary|pay|base)?\s*:?\s*$", re.IGNORECASE)
_MAX_LABEL = re.compile(r"max(?:imum)?\s*(?:salary|pay|base)?\s*:?\s*$", re.IGNORECASE)
_MID_LABEL = re.compile(r"mid(?:point)?\s*:?\s*$", re.IGNORECASE)


def _minimum_maximum_pairs(text: str, ranges: list[SalaryRange]) -> list[SalaryRange]:
    """ "Minimum: $90,000 USD Maximum: $165,000 USD": two single figures that are one range."""
    merged: list[SalaryRange] = []
    index = 0
    while index < len(ranges):
        current = ranges[index]
        following = ranges[index + 1] if index + 1 < len(ranges) else None
        skip = 1
        if (  # "Min: $107,694 - Mid: $134,617 - Max: $161,540": the midpoint is neither end
            following is not None
            and index + 2 < len(ranges)
            and _MID_LABEL.search(text[max(0, following.start - 25) : following.start])
        ):
            following, skip = ranges[index + 2], 2
        if (
            following is not None
            and _MIN_LABEL.search(text[max(0, current.start - 25) : current.start])
            and _MAX_LABEL.search(text[max(0, following.start - 25) : following.start])
            and following.start - current.end < 40 * skip
        ):
            merged.append(
                SalaryRange(
                    current.minimum,
                    following.maximum,
                    current.currency,
                    current.period or following.period,
                    current.start,
                    following.end,
                )
            )
            index += 1 + skip
            continue
        merged.append(current)
        index += 1
    return merged


# -- education, experience, seniority, arrangement ------------------------------------------------------------

_LEVELS = (
    ("phd", r"ph\.?\s?d\.?|doctor(?:ate|al)(?:\s+degree)?|d\.phil"),
    (
        "master",
        r"master['’]?s?\b(?!\s+(?:data|plan|class|schedule|list|file|record|branch|key|copy|node|craftsman))"
        r"|m\.?s\.?c?\b|m\.s\.|mba|m\.tech|m\.eng|meng|graduate\s+degree|postgraduate",
    ),
    (
        "bachelor",
        r"bachelor['’]?s?|b\.?s\.?c?\b|b\.s\.|b\.a\.|\bba\b|b\.tech|btech|b\.e\.|undergraduate\s+degree|4[\s-]year\s+degree"
        r"|(?:college|university)\s+degree|degree\s+in|bs/ms|ba/bs|bs/ba|bachelors?|undergraduate(?=\s*(?:or\b|/))"
        r"|graduating\s+students?|fresh\s+graduates?|recent\s+(?:college\s+)?graduates?|new\s+grads?\b",
    ),
)
# Each pattern below starts with a lookahead of the letters its alternatives can start with: Python's
# regex engine then skips the other positions quickly (4x faster on long postings).
_LEVEL = re.compile(
    "(?=[pdmgbuc4frn])(?:" + "|".join(f"(?P<{name}>\\b(?:{pattern}))" for name, pattern in _LEVELS) + ")", re.I
)
_PRODUCT_AFTER = re.compile(
    r"\s*(?:office|teams|excel|word|access|sql|project|azure|dynamics|outlook|powerpoint|visio|windows|365|dos)\b",
    re.IGNORECASE,
)
_FIELDS = (
    "computer science",
    "statistics",
    "mathematics",
    "math",
    "physics",
    "engineering",
    "economics",
    "data science",
    "information technology",
    "information systems",
    "operations research",
    "finance",
    "business",
    "accounting",
    "electrical engineering",
    "computer engineering",
    "software engineering",
    "biology",
    "chemistry",
    "machine learning",
    "artificial intelligence",
    "econometrics",
    "applied mathematics",
    "marketing",
)
#: Short names of fields, as the canonical field.
_FIELD_ALIASES = {
    "math": "mathematics",
    "maths": "mathematics",
    "cs": "computer science",
    "comp sci": "computer science",
}
_FIELD = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted({*_FIELDS, *_FIELD_ALIASES}, key=len, reverse=True)) + r")\b",
    re.I,
)
_PREFERRED_CUE = re.compile(
    r"\b(?:preferred|preferably|a\s+plus|ideally|desired|bonus|nice\s+to\s+have|advantage)", re.I
)
_REQUIRED_CUE = re.compile(r"\b(?:required|must|minimum|at\s+least|need|mandatory|essential|or\s+equivalent)", re.I)

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
_YEARS_NUMBER = r"(\d{1,2}(?:\.\d)?|(?:" + "|".join(_WORD_NUMBERS) + r")(?:\s*\(\d{1,2}\))?)"  # "fifteen (15)"
_EXPERIENCE = re.compile(
    r"(?:(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+)?"
    + _YEARS_NUMBER
    + r"\s*(?:\+|\s*plus|\s+or\s+more)?\s*(?:(?:-|–|to)\s*"
    + _YEARS_NUMBER
    + r"\s*\+?\s*)?(?:years?|yrs?)\b(?P<rest>[^.;\n]{0,60})",
    re.IGNORECASE,
)
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:old|of\s+age|ago|in\s+business|warranty|contract|of\s+(?:operation|history))", re.I
)
#: One tool's years, not overall experience: "2 with Spark", "3+ years using Python" (years "in" or "of" a field
#: are overall: "10+ years in product management").
_TOOL_EXPERIENCE = re.compile(
    r"^\s*(?:of\s+)?(?:experience\s+)?(?:with|using)\s+(?!(?:the\s+|a\s+|an\s+)?(?:software|development|programming|"
    r"engineering|industry|production|professional|relevant|related|building|designing|developing|leading|managing))",
    re.I,
)

_SENIORITY = (
    ("intern", r"intern(?:ship)?s?|trainee|apprentice(?:ship)?|working\s+student"),
    ("principal", r"principal|distinguished"),
    ("lead or staff", r"staff|lead|tech\s+lead"),
    ("manager", r"manager|head\s+of|director|vp\b|vice\s+president"),
    ("senior", r"senior|sr\.?"),
    ("junior", r"junior|jr\.?|entry[\s-]level|graduate|new\s+grad|associate"),
    ("mid", r"mid[\s-]level|mid[\s-]senior|intermediate"),
)
_SENIORITY_RE = re.compile(
    "(?=[itawpdslmhvjegn])(?:"
    + "|".join(f"(?P<{name.replace(' ', '_')}>\\b(?:{pattern})\\b)" for name, pattern in _SENIORITY)
    + ")",
    re.IGNORECASE,
)
_HYBRID = re.compile(
    r"(?=[hwf\dot])(?:\bhybrid\b(?!\s+(?:cloud|multi[\s-]?cloud|mobile|apps?|infrastructure|architectures?|data|search|systems?|"
    r"integration|solutions?|models?\s+of\s+care|courses?|learning|teaching|vehicles?|work\s+items?)|,?\s+and\s+online)"
    r"|\bwork\s+from\s+home\s+or\s+(?:from\s+)?(?:one\s+of\s+)?(?:our\s+)?(?:\w+\s+){0,2}(?:office|hub)"
    r"|\bfrom\s+home\s+and\s+(?:in|from)\s+the\s+office\b"
    r"|\b(?:\d|one|two|three|four)\s+days?\s+(?:a|per|each)\s+week\s+(?:in|at|from)\s+(?:the|our)\s+office\b"
    r"|\bon[\s-]?site\s+(?:at\s+least\s+)?(?:\d|one|two|three|four)\s+days\b)",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"(?=[f1rwt])\b(?:fully\s+remote|100\s?%\s+remote|remote[\s-](?:first|friendly|only|position|role|job|work)|work\s+from\s+home|"
    r"wfh|remote(?:ly)?|telecommut\w*|work\s+from\s+anywhere)\b"
    # remote as a technical word, or the company's other people: "remote sensing", "office and remote locations"
    r"(?!\s+(?:sensing|control|controlled|monitoring|patient|terminal|units?|operations?|access|interviews?|support|"
    r"software|tools?|desktop|servers?|devices?|locations|management|debugging|procedures|teams|in\s+the\s+us\s+for\s+up))"
    r"(?!\s+(?:\w+\s+){0,3}for\s+up\s+to\s+\w+\s+weeks)",
    re.IGNORECASE,
)
_NOT_REMOTE = re.compile(
    r"(?=[nrw])\b(?:not\s+(?:a\s+)?remote|no\s+remote|remote\s+(?:is\s+)?not\s+(?:possible|available)|"
    r"(?:remote(?:/wfh)?|work(?:ing)?\s+remotely|wfh)\s*:?\s*no\b)",
    re.IGNORECASE,
)
_ONSITE = re.compile(
    r"(?=[ioaw#|,(bprjf1])(?:\b(?:in[\s-]office|in[\s-]person|office[\s-]based|office[\s-]first|at\s+our\s+office|work(?:ing)?\s+on[\s-]premises?)\b"
    r"(?!\s+(?:snacks|meals|lunch|amenities|events?|activities|interviews?|training|collaboration|meetings?)|"
    r",?\s+(?:hybrid|and\s+online|or\s+online|and\s+virtual|or\s+virtual))"
    # "on-site" says where one works when it stands alone or is said of the job, not "on-site health centers"
    r"|(?:#li-|[|,(]\s*|\b(?:work|working|be|based|position|role|job|is|are|fully|100%)\s+)on[\s-]?site\b"
    r"|\bon[\s-]?site\b(?=\s*(?:$|[|,.;:)\n/]|only\b|position|role|job|work|in\b|at\b|from\b|presence|attendance)))",
    re.IGNORECASE | re.MULTILINE,
)
#: Between a hybrid and a remote mention, what makes them alternatives: "Hybrid (San Mateo) or REMOTE".
_ALTERNATIVES = re.compile(r"^[\s|,/]*(?:\([^)]{0,60}\))?[\s,]*(?:or|and|/|,)[\s|/]*$", re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int) -> str:
    left, right = sentence_span(text, start, end)
    return text[left:right]


_GENERIC_DEGREE = re.compile(r"(?:degree|college|university|undergraduate|4)\b", re.IGNORECASE)


#: Words one of which every degree pattern needs (a quick test before the patterns).
_DEGREE_WORDS = (
    "bachelor", "master", "ph", "doctor", "degree", "b.", "m.", "bs", "ms", "ba", "mba", "btech", "meng",
    "graduate", "4-year", "4 year", "new grad",
)  # fmt: skip


def _education(text: str) -> Education | None:
    lowered = text.lower()
    if not any(word in lowered for word in _DEGREE_WORDS):
        return None
    found = []
    previous: re.Match[str] | None = None
    for match in _LEVEL.finditer(text):
        level = match.lastgroup
        assert level is not None
        after_higher = (
            previous is not None
            and previous.lastgroup != "bachelor"
            and re.fullmatch(r"[\s'’]*(?:s\s*)?", text[previous.end() : match.start()]) is not None
        )
        previous = match
        if level == "bachelor" and after_higher and _GENERIC_DEGREE.match(match.group(0)):
            continue  # "master's degree in statistics": the "degree in" belongs to the master's
        sentence = _sentence_around(text, match.start(), match.end())
        following = text[match.end() : match.end() + 30]
        if _PRODUCT_AFTER.match(following):
            continue  # "MS Office", "MS Teams" is not a degree
        short = re.fullmatch(r"m\.?s\.?|b\.?s\.?|ba|b\.a\.", match.group(0), re.IGNORECASE)
        if short and not (re.search(r"degree", sentence, re.I) or re.match(r"\s*(?:in|of|/)\s*\w", following, re.I)):
            continue
        found.append((level, match, sentence))
    if not found:
        return None
    order = {"bachelor": 0, "master": 1, "phd": 2}
    level, match, sentence = min(found, key=lambda item: (order[item[0]], item[1].start()))
    if level == "bachelor" and re.search(r"\bdiploma\b", sentence, re.IGNORECASE):
        return None  # "a degree or diploma", "Diploma/Degree": a diploma will do, so no degree is asked for
    if _PREFERRED_CUE.search(sentence) and not _REQUIRED_CUE.search(sentence):
        required: bool | None = False
    elif _REQUIRED_CUE.search(sentence) or re.search(
        r"\b(?:requirements?|qualifications?)\b", text[: match.start()][-400:], re.I
    ):
        required = True
    else:
        required = None
    fields = []
    for _, _, context in found:
        for name in _FIELD.findall(context):
            name = _FIELD_ALIASES.get(name.lower(), name.lower())
            if name not in fields:
                fields.append(name)
    return Education(level, required, tuple(fields), match.start(), match.end())


def _years(value: str) -> float:
    word = value.split("(")[0].strip().lower()  # "fifteen (15)"
    return float(_WORD_NUMBERS.get(word, word))


#: Before a number of years that is no requirement: "up to 8 years" (a maximum), "for the last 3 years".
_NOT_REQUIRED_BEFORE = re.compile(
    r"(?:\bup\s+to|\b(?:for|over|in|during)\s+the\s+(?:last|past|next)|\bfor\s+over)\s*$", re.IGNORECASE
)
#: After the years, what says they are experience without the word: "5+ years building ...", "3 years as a ...".
_EXPERIENCE_AFTER = re.compile(
    r"^\W*(?:of\s+)?(?:\w+\s+)?\w+ing\b|^\s+as\s+an?\b|^\s+in\s+(?!the\b|our\b|a\s+row\b)\w", re.IGNORECASE
)
#: What the years attach to, after them: "of experience in machine learning", "' experience with SQL",
#: "as a data scientist".
_SUBJECT = re.compile(
    r"^['’]?\s*(?:of\s+)?(?:(?:professional|relevant|related|hands[\s-]on|industry|work|working|practical|proven)\s+)*"
    r"(?:experience|exp\.?)?\s*(?:(?:in|with|using|as|on|doing)\s+|(?=\w+ing\b))(?:an?\s+(?=data|ml|software)|the\s+)?"
    r"(?P<subject>[^.;:()\n]{2,60}?)\s*(?=$|[.;:()\n]|,\s*(?:or|and)?\s*(?:a|an|the)\b|\s(?:is|are|required|preferred|"
    r"strongly|a\s+plus|or\s+(?:a|an|equivalent|similar|related)\b|and\s+(?:a|an)\b))",
    re.IGNORECASE,
)


def _subject(rest: str) -> str | None:
    """The skill or field years of experience attach to, where the posting says (``None`` otherwise)."""
    found = _SUBJECT.match(rest)
    if found is None:
        return None
    subject = found.group("subject").strip(" ,")
    if re.fullmatch(r"(?:experience|exp|required|minimum|total|overall|or\s+more)", subject, re.I):
        return None
    return subject or None
_REQUIRED_HEADING = re.compile(
    r"(?=[mbrwy])(?:(?:minimum|basic|required|must[\s-]have)\s+(?:qualifications|requirements|skills)|\brequirements\b|"
    r"what\s+you(?:'ll|\s+will)?\s+need|what\s+we(?:'re|\s+are)?\s+look(?:ing)?\s+for|\byou\s+have\b)",
    re.IGNORECASE,
)
_PREFERRED_HEADING = re.compile(
    r"(?=[pnbdg])(?:preferred\s+(?:qualifications|skills|experience|requirements|knowledge)|nice[\s-]to[\s-]haves?|"
    r"bonus\s+points|\bdesirable\b|\bpluses\b|good\s+to\s+have)",
    re.IGNORECASE,
)


class _Headings:
    """Where the requirement and the preferred headings of a text end, found once, on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: tuple[list[int], list[int]] | None = None

    def last_before(self, start: int) -> tuple[int, int]:
        """The end of the last required and of the last preferred heading in the 2,000 characters before
        ``start`` (-1: none)."""
        if self._ends is None:
            self._ends = (
                [m.end() for m in _REQUIRED_HEADING.finditer(self.text)],
                [m.end() for m in _PREFERRED_HEADING.finditer(self.text)],
            )
        found = []
        for ends in self._ends:
            index = bisect.bisect_right(ends, start) - 1
            found.append(ends[index] if index >= 0 and ends[index] >= start - 2000 else -1)
        return found[0], found[1]


def _preferred(text: str, start: int, end: int, headings: _Headings) -> bool:
    """Whether the years at ``start`` are preferred, not required: their sentence or their section says so."""
    left, right = sentence_span(text, start, end)
    sentence = text[left:right]
    if _PREFERRED_CUE.search(sentence) and not _REQUIRED_CUE.search(sentence):
        return True
    required, preferred = headings.last_before(start)
    return preferred > required


_YEARS_WORD = re.compile(r"\b(?:years?|yrs?)\b", re.IGNORECASE)


def _experience_matches(text: str):
    """Matches of the experience pattern, tried only around the words "year(s)" (each match once)."""
    seen: set[int] = set()
    for word in _YEARS_WORD.finditer(text):
        for match in _EXPERIENCE.finditer(text, max(0, word.start() - 40), min(len(text), word.end() + 61)):
            if match.start() in seen or not match.start() <= word.start() < match.end():
                continue
            whole = _EXPERIENCE.match(text, match.start())  # the rest of the sentence beyond the window
            if whole is not None:
                seen.add(match.start())
                yield whole


def _experience(text: str) -> Experience | None:
    candidates = []
    headings = _Headings(text)
    for match in _experience_matches(text):
        rest = match.group("rest")
        line_end = text.find("\n", match.start("rest"))
        line_rest = text[match.start("rest") : line_end if line_end >= 0 else None]
        if _NOT_EXPERIENCE.match(rest) or "in lieu" in line_rest.lower():
            continue  # "2+ years ... in lieu of a degree": an alternative, not what everyone needs
        context = text[max(0, match.start() - 40) : match.end()]
        if not re.search(
            r"experience|experienced|background|track\s+record|working|work|industry|professional", context, re.I
        ) and not _EXPERIENCE_AFTER.match(rest):
            continue
        if _NOT_REQUIRED_BEFORE.search(text, max(0, match.start() - 25), match.start()):
            continue
        low = _years(match.group(1))
        high = _years(match.group(2)) if match.group(2) else None
        if not (0 < low <= 30 or (low == 0 and high)) or (high is not None and high < low):
            continue  # "0-2 years" asks for none at least
        # required before preferred, overall before one tool's ("5+ years of experience, 2 with Spark": 5)
        rank = (not _preferred(text, match.start(), match.end(), headings), not _TOOL_EXPERIENCE.match(rest))
        candidates.append((rank, low, high, match))
    if not candidates:
        return None
    best = max(rank for rank, _, _, _ in candidates)
    if not best[0]:
        return None  # only preferred years ("1+ years ... a plus"): the posting requires none
    chosen = max((item for item in candidates if item[0] == best), key=lambda item: (item[1], -item[3].start()))
    _, low, high, match = chosen
    return Experience(low, high, match.start(), match.end() - len(match.group("rest")), _subject(match.group("rest")))


def _seniority(text: str, title: str | None) -> Fact | None:
    """From the title when it says (offsets -1: not in the text), else the first mention in the text."""
    for source, in_text in ((title, False), (text, True)):
        match = _SENIORITY_RE.search(source) if source else None
        if match:
            name = match.lastgroup.replace("_", " ")  # type: ignore[union-attr]
            return Fact(name, match.start(), match.end()) if in_text else Fact(name, -1, -1)
    return None


def _work_arrangement(text: str, title: str | None = None) -> Fact | None:
    """Remote, hybrid or on-site: from the title when it says (offsets -1), else from the text. A job offered
    both hybrid and remote ("Hybrid (NY) or Remote") is remote: the most flexible arrangement offered."""
    if title:
        found = _arrangement(title)
        if found is not None:
            return Fact(found.value, -1, -1)
    return _arrangement(text)


def _search_if(pattern: re.Pattern[str], text: str, lowered: str, words: tuple[str, ...]) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when none of the words it needs is in the text (a quick test)."""
    return pattern.search(text) if any(word in lowered for word in words) else None


def _arrangement(text: str) -> Fact | None:
    lowered = text.lower()
    hybrid = _search_if(_HYBRID, text, lowered, ("hybrid", "home", " days"))
    remote = _search_if(_REMOTE, text, lowered, ("remote", "home", "wfh", "telecommut", "anywhere"))
    refused = _search_if(_NOT_REMOTE, text, lowered, ("remote", "wfh"))
    if hybrid and remote and not refused:
        first, second = sorted((hybrid, remote), key=lambda match: match.start())
        if _ALTERNATIVES.match(text[first.end() : second.start()]):
            return Fact("remote", remote.start(), remote.end())
    if hybrid:
        return Fact("hybrid", hybrid.start(), hybrid.end())
    if remote and not refused:
        return Fact("remote", remote.start(), remote.end())
    onsite = _search_if(_ONSITE, text, lowered, ("site", "office", "person", "premise")) or refused
    if onsite:
        return Fact("on-site", onsite.start(), onsite.end())
    return None


def extract_facts(text: str, title: str | None = None) -> PostingFacts:
    """Salary, education, experience, seniority and work arrangement of a posting (``None`` where it does not say).

    >>> facts = extract_facts("Senior engineer, remote. $120,000 - $150,000 a year. 5+ years of experience.")
    >>> facts.salary.maximum, facts.experience.min_years, facts.work_arrangement.value
    (150000.0, 5.0, 'remote')
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a string, got {type(text).__name__}")
    return PostingFacts(
        salary=_salary(text),
        education=_education(text),
        experience=_experience(text),
        seniority=_seniority(text, title),
        work_arrangement=_work_arrangement(text, title),
    )


__all__ = ["extract_facts", "PostingFacts", "Salary", "SalaryRange", "Education", "Experience", "Fact", "FACT_COLUMNS"]
