"""Ask routes: questions in Russian or English, and period summaries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from assistant.api.deps import CallerDep, ContainerDep, PathUser, parse_user_id
from assistant.api.json_body import TextJSONRoute
from assistant.api.schemas.ask import AskRequest, AskResponse
from assistant.api.schemas.common import AUTH_ERRORS
from assistant.api.schemas.reads import Summary
from core.timerange import check_supported, check_supported_date

router = APIRouter(prefix="/api/v1/search", tags=["search"], responses=AUTH_ERRORS, route_class=TextJSONRoute)


@router.post("/memory")
async def ask(body: AskRequest, container: ContainerDep, caller: CallerDep) -> AskResponse:
    """Answer a question from the user's memories, citing the events used."""
    limit = container.settings.max_question_chars
    if len(body.question) > limit:
        raise HTTPException(status_code=422, detail=f"question: {len(body.question)} characters, the limit is {limit}")
    user_id = parse_user_id(body.user_id)
    caller.authorize(user_id)
    tz = caller.tz
    now = check_supported(body.now, "now") if body.now else datetime.now(tz)
    now = now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)
    result = await container.asker.ask(user_id, body.question, now, tz, body.conversation_id)
    return AskResponse.model_validate(result.as_dict(tz))


@router.get("/memory/{user_id}/summary")
async def summary(
    user_id: PathUser,
    container: ContainerDep,
    caller: CallerDep,
    period: Literal["day", "week", "month"] = "week",
    date_: Annotated[date | None, Query(alias="date")] = None,
) -> Summary:
    """Counts by type, spend and top items, people, places and activities for a day, week or month."""
    tz = caller.tz
    day = check_supported_date(date_, "date") if date_ else datetime.now(tz).date()
    if period == "day":
        start = day
        end = day + timedelta(days=1)
    elif period == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=7)
    else:
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
    lo, hi = datetime.combine(start, time(), tz), datetime.combine(end, time(), tz)
    if hi <= lo:
        raise HTTPException(status_code=422, detail="date: empty period")
    return Summary.model_validate(await container.asker.summarize(user_id, lo, hi, tz))
