"""The time-range parser: rules → pieces → intervals and combinations → one ``TimeRange`` (or an
"unparsed" report). dateparser is only the fallback for detected time words the rules did not cover."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.timerange import SUPPORTED_END, SUPPORTED_START
from retrieval.question.time.combine import Marker, Nth, Value, combine, interval, to_abs
from retrieval.question.time.fallback import fallback_range
from retrieval.question.time.hints import uncovered_hint
from retrieval.question.time.lexicon import Normalised, normalise
from retrieval.question.time.markers import RULES as MARKER_RULES
from retrieval.question.time.resolve import Ctx
from retrieval.question.time.rules_en import RULES as EN_RULES
from retrieval.question.time.rules_en_clock import RULES as EN_CLOCK_RULES
from retrieval.question.time.rules_en_offsets import RULES as EN_OFFSET_RULES
from retrieval.question.time.rules_num import RULES as NUM_RULES
from retrieval.question.time.rules_num import Rule
from retrieval.question.time.rules_ru import RULES as RU_RULES
from retrieval.question.time.spans import attached_duration, span_end
from retrieval.question.time.types import Abs, Num, TimeOptions, TimeParse, TimeRange, Tod
from retrieval.question.time.zones import Zone, applies, strip_zones, to_user_zone

_RULES: dict[str, list[Rule]] = {"ru": RU_RULES + MARKER_RULES + NUM_RULES,
                                 "en": EN_OFFSET_RULES + EN_RULES + EN_CLOCK_RULES + MARKER_RULES + NUM_RULES}
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_JOIN = re.compile(r"^[\s,]*(?:(?:в|во|на|at|on|of|the|@|for|in|from|around|,)\s*)*$")
_RANGE_SEP = re.compile(r"^\s*(?:-|/|по|to|thru|through|till|until|untill|and|but\s+before|до)\s*$")
_RANGE_OPEN = re.compile(r"(?:\b(?:с|со|from|between|later\s+than)\s+(?:the\s+)?)$")
_NEEDS_OPENER = {"and", "but before", "до"}
_OPEN = re.compile(r"(?P<w>\b(?:до|после|с|со|начиная\s+с|since|after|anytime\s+after|before|"
                   r"sometimes\s+before|"
                   r"until|till|untill|through|from|earlier\s+than|later\s+than|prior\s+to|не\s+позднее|"
                   r"не\s+ранее|by))\s+(?:the\s+)?$")
_NAMED_PERIOD = re.compile(r"(?:last|this|past|previous|yesterday|today)\b")
_ASAP = re.compile(r"asap|as\s+soon")
_BEFORE = ("до", "before", "sometimes before", "until", "till", "untill", "earlier than", "prior to",
           "не позднее")


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    value: Value


@dataclass(frozen=True)
class Bounds:
    start: datetime | None
    end: datetime | None
    grain: str


def language_of(text: str) -> str:
    """ "ru" or "en" by the letters of the question's own words: capitalised words after the first are names
    ("Who did I meet at Му-Му?" is English, "Сколько стоит Flat White?" is Russian)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text)
    own = [w for i, w in enumerate(words) if i == 0 or not w[0].isupper()] or words
    cyrillic = sum(1 for w in own for ch in w if _CYRILLIC.match(ch))
    latin = sum(1 for w in own for ch in w if "a" <= ch.lower() <= "z")
    if cyrillic == latin:
        return "ru" if _CYRILLIC.search(text) else "en"
    return "ru" if cyrillic > latin else "en"


def parse_time_detailed(text: str, now: datetime, tz: str | ZoneInfo = "Europe/Moscow",
                        options: TimeOptions | None = None) -> TimeParse:
    """The time range of ``text`` and/or the time phrase it saw but could not resolve."""
    user_zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local_now = now.astimezone(user_zone) if now.tzinfo else now.replace(tzinfo=user_zone)
    norm, zone = strip_zones(normalise(text))
    ctx = Ctx(local_now, options or TimeOptions(), language_of(text))
    pieces: list[_Piece] = []
    try:
        pieces = _scan(norm, ctx, text)
        found = _parse(text, norm, zone, ctx, pieces)
    except OverflowError:  # "31.12.9999" plus one day, "через 99999999 дней": beyond what a datetime holds
        span = (pieces[0].start, pieces[-1].end) if pieces else (0, len(norm.text))
        return TimeParse(None, _phrase(text, norm, span))
    return _supported(found, user_zone)


def _supported(found: TimeParse, zone: ZoneInfo) -> TimeParse:
    """Nothing is stored outside core.timerange's range: a range wholly outside it is reported as not understood
    (the answer then asks for dates), one reaching past it is cut at its edges."""
    rng = found.time_range
    if rng is None:
        return found
    lo, hi = SUPPORTED_START.astimezone(zone), SUPPORTED_END.astimezone(zone)
    if (rng.end is not None and rng.end <= lo) or (rng.start is not None and rng.start >= hi):
        return TimeParse(None, rng.phrase)
    start = lo if rng.start is not None and rng.start < lo else rng.start
    end = hi if rng.end is not None and rng.end > hi else rng.end
    if (start, end) == (rng.start, rng.end):
        return found
    return TimeParse(TimeRange(start, end, rng.phrase, rng.grain), found.unparsed)


def _parse(text: str, norm: Normalised, zone: Zone | None, ctx: Ctx, pieces: list[_Piece]) -> TimeParse:
    best = _best(ctx, norm, pieces)
    covered = [(best[0], best[1])] if best else []
    hint = uncovered_hint(norm.text, covered + [(p.start, p.end) for p in pieces])
    if best is None and hint is not None:
        found = fallback_range(text, hint, ctx.now)
        if found is not None:
            return TimeParse(found, None)
    if best is None:
        return TimeParse(None, _phrase(text, norm, hint) if hint else None)
    start, end, rng = best
    start, end, rng = _with_duration(ctx, norm.text, start, end, rng)
    if zone is not None and applies(rng.grain):
        rng = _in_zone(ctx, rng, zone)
        end = max(end, zone.span[1])
    a, b = norm.original_span(start, end)
    result = TimeRange(rng.start, rng.end, text[a:b].strip(" ,.?!"), rng.grain)
    return TimeParse(result, _phrase(text, norm, hint) if hint else None)


def parse_time(text: str, now: datetime, tz: str | ZoneInfo = "Europe/Moscow",
               options: TimeOptions | None = None) -> TimeRange | None:
    """``[start, end)`` of the time phrase in ``text``, or None (see ``parse_time_detailed`` for why)."""
    return parse_time_detailed(text, now, tz, options).time_range


def _with_duration(ctx: Ctx, text: str, start: int, end: int, rng: Bounds) -> tuple[int, int, Bounds]:
    found = attached_duration(text, start, end) if ctx.lang == "en" and rng.start is not None else None
    if found is None or rng.start is None:
        return start, end, rng
    a, b, grain, n = found
    new_end = span_end(rng.start, grain, n, ctx.opts.duckling_grains)
    if not ctx.future and rng.end is not None and new_end < rng.end:
        return start, end, rng  # about the past "yesterday for 2 hours" is how long, not when
    return a, b, Bounds(rng.start, new_end, rng.grain)


def _in_zone(ctx: Ctx, rng: Bounds, zone: Zone) -> Bounds:
    start, end = to_user_zone(rng.start, zone), to_user_zone(rng.end, zone)
    one_hour = start is not None and end is not None and end - start == timedelta(hours=1)
    if ctx.opts.duckling_grains and one_hour and start is not None:
        return Bounds(start, start + timedelta(minutes=1), "minute")
    return Bounds(start, end, rng.grain)


def _phrase(text: str, norm: Normalised, span: tuple[int, int]) -> str:
    a, b = norm.original_span(*span)
    return text[a:b].strip(" ,.?!")


def _scan(norm: Normalised, ctx: Ctx, original: str) -> list[_Piece]:
    found: list[tuple[int, int, int, Value]] = []
    for order, (pattern, handler) in enumerate(_RULES[ctx.lang]):
        for m in pattern.finditer(norm.text):
            start, end = m.span("t") if "t" in pattern.groupindex else m.span()
            text = m.group()
            start += len(text) - len(text.lstrip())
            if end <= start:
                continue
            value = handler(m, ctx)
            if value is not None and not _is_false_month(original, norm, start, end, m):
                found.append((start, end, order, value))
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    taken: list[_Piece] = []
    for start, end, _, value in found:
        if all(end <= p.start or start >= p.end for p in taken):
            taken.append(_Piece(start, end, value))
    return sorted(taken, key=lambda p: p.start)


def _is_false_month(original: str, norm: Normalised, start: int, end: int, m: re.Match[str]) -> bool:
    """"May" the name or "may" the verb: a month only next to a number or after in/of/since/last/...."""
    groups = m.groupdict()
    if (groups.get("m") or "").rstrip(".") != "may" or groups.get("d") or groups.get("y"):
        return False
    before = norm.text[:start].rstrip()
    if re.search(r"\b(?:in|of|since|before|after|until|during|last|next|this|early|mid|late|by|from|end|"
                 r"beginning|through)$", before) or re.match(r"\s*\d", norm.text[end:]):
        return False
    return m.group().strip() != norm.text.strip()


def _best(ctx: Ctx, norm: Normalised, pieces: list[_Piece]) -> tuple[int, int, Bounds] | None:
    merged = _join(ctx, norm.text, _intervals(ctx, norm.text, pieces))
    options: list[tuple[int, int, Bounds]] = []
    for piece in merged:
        if isinstance(piece.value, Tod) and piece.value.meal:
            continue  # "who did I have lunch with", "тратил на обед": a meal, not today 12:00-14:00
        rng = to_abs(ctx, piece.value)
        if rng is None:
            continue
        start, bounds = _open(ctx, norm.text, piece.start, rng)
        options.append((start, piece.end, bounds))
    options.sort(key=lambda o: (o[0] - o[1], o[0]))
    return options[0] if options else None


def _intervals(ctx: Ctx, text: str, pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if i + 1 < len(pieces):
            q = pieces[i + 1]
            gap = text[p.end:q.start]
            opener = _RANGE_OPEN.search(text[:p.start])
            sep = _RANGE_SEP.match(gap)
            if sep and (opener or sep.group().strip() not in _NEEDS_OPENER):
                value = interval(ctx, p.value, q.value)
                if value is not None:
                    out.append(_Piece(opener.start() if opener else p.start, q.end, value))
                    i += 2
                    continue
        out.append(p)
        i += 1
    return out


def _join(ctx: Ctx, text: str, pieces: list[_Piece]) -> list[_Piece]:
    groups: list[list[_Piece]] = []
    for p in pieces:
        if groups and _JOIN.match(text[groups[-1][-1].end:p.start]):
            groups[-1].append(p)
        else:
            groups.append([p])
    out: list[_Piece] = []
    for group in groups:
        out += _fold(ctx, group)
    return [p for p in out if not isinstance(p.value, (Num, Marker, Nth))]


def _fold(ctx: Ctx, group: list[_Piece]) -> list[_Piece]:
    """Dates first, then times of day ("1:30 ночи сб, 21 сен."); else left to right."""
    if len(group) > 2:
        dates = [p.value for p in group if not isinstance(p.value, Tod)]
        tods = [p.value for p in group if isinstance(p.value, Tod)]
        value = _reduce(ctx, dates) if dates else None
        tod = _reduce(ctx, tods) if tods else None
        if dates and tods:
            value = combine(ctx, value, tod) if value is not None and tod is not None else None
        elif tods:
            value = tod
        if value is not None:
            return [_Piece(group[0].start, group[-1].end, value)]
    out: list[_Piece] = []
    for p in group:
        merged = combine(ctx, out[-1].value, p.value) if out else None
        if merged is not None:
            out[-1] = _Piece(out[-1].start, p.end, merged)
        else:
            out.append(p)
    return out


def _reduce(ctx: Ctx, values: Sequence[Value]) -> Value | None:
    acc: Value | None = values[0]
    for v in values[1:]:
        acc = combine(ctx, acc, v) if acc is not None else None
    return acc


def _open(ctx: Ctx, text: str, start: int, rng: Abs) -> tuple[int, Bounds]:
    m = _OPEN.search(text[:start])
    if m is None and ctx.future and _ASAP.match(text, start):
        return start, Bounds(rng.start, None, rng.grain)
    if m is None:
        return start, Bounds(rng.start, rng.end, rng.grain)
    word = re.sub(r"\s+", " ", m["w"])
    if word == "from" and _NAMED_PERIOD.match(text, start):
        # "entries from last week", "photos from yesterday": that period; an interval "from … to …" is joined earlier
        return m.start(), Bounds(rng.start, rng.end, rng.grain)
    if word == "through":
        return m.start(), Bounds(None, rng.end if rng.grain in ("day", "week", "month", "year") else
                                        rng.start, rng.grain)
    if word in _BEFORE or word == "by":
        closing = re.match(r"(?:the\s+)?(?:конц|end\b|eo[dmwy])", text[start:])
        # "by Friday" looking forward is a deadline: from now until then
        opening = ctx.now if word == "by" and ctx.future else None
        return m.start(), Bounds(opening, rng.end if closing else rng.start, rng.grain)
    return m.start(), Bounds(rng.start, None, rng.grain)


