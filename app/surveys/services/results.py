"""Response rates and answers of a campaign, aggregated in the database.

Anonymous (pulse) campaigns show aggregates only, and only once at least the
tenant's anonymity threshold of people have answered; their free-text answers are
listed without names, in alphabetical rather than arrival order. This page (and the
tenant export's `anonymous_survey_answers`, which holds the same answers) is the only
place anonymous answers appear at all (docs/surveys.md).
"""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.surveys.models import (
    QuestionKind,
    SkipReason,
    SurveyAnswer,
    SurveyCampaign,
    SurveyRecipient,
    SurveyResponse,
)
from app.surveys.services.settings import survey_settings

DELIVERED = (OutboxStatus.SENT, OutboxStatus.CAPTURED)


@dataclass
class CampaignStats:
    recipients: int = 0
    sent: int = 0
    delivered: int = 0
    opened: int = 0
    answered: int = 0
    opted_out: int = 0
    bounced: int = 0
    skipped_recently: int = 0
    skipped_suppressed: int = 0
    untried: int = 0  # emails the outbox has not tried to deliver yet

    @property
    def sending(self):
        """Emails are still waiting for the outbox's first try: no delivery rate yet."""
        return self.untried > 0

    @property
    def skipped(self):
        return self.skipped_recently + self.skipped_suppressed

    @property
    def not_sent(self):
        return self.recipients - self.sent - self.skipped_recently - self.skipped_suppressed

    def rate(self, count):
        """`count` as a whole percentage of the emails sent (0 when none were)."""
        return round(100 * count / self.sent) if self.sent else 0


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _stats_columns():
    bounced = or_(SurveyRecipient.bounced_at.is_not(None), OutboxMessage.status == OutboxStatus.FAILED)
    return (
        func.count(SurveyRecipient.id),
        _count_if(SurveyRecipient.sent_at.is_not(None)),
        _count_if(OutboxMessage.status.in_(DELIVERED)),
        _count_if(SurveyRecipient.opened_at.is_not(None)),
        _count_if(SurveyRecipient.answered_at.is_not(None)),
        _count_if(SurveyRecipient.opted_out_at.is_not(None)),
        _count_if(bounced),
        _count_if(SurveyRecipient.skip_reason == SkipReason.SURVEYED_RECENTLY),
        _count_if(SurveyRecipient.skip_reason == SkipReason.SUPPRESSED),
        _count_if(and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts == 0)),
    )


def _stats_select():
    return (
        select(SurveyRecipient.campaign_id, *_stats_columns())
        .outerjoin(OutboxMessage, OutboxMessage.id == SurveyRecipient.outbox_message_id)
        .group_by(SurveyRecipient.campaign_id)
    )


def stats_by_campaign(campaign_ids):
    """{campaign id: CampaignStats} for the given campaigns, in one query."""
    if not campaign_ids:
        return {}
    rows = db.session.execute(_stats_select().where(SurveyRecipient.campaign_id.in_(list(campaign_ids))))
    stats = {campaign_id: CampaignStats() for campaign_id in campaign_ids}
    for campaign_id, *counts in rows:
        stats[campaign_id] = CampaignStats(*(int(count) for count in counts))
    return stats


def campaign_stats(campaign):
    return stats_by_campaign([campaign.id])[campaign.id]


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    average: float | None = None
    distribution: list = field(default_factory=list)  # [(value or option, count)] in scale/option order
    nps: int | None = None  # % promoters - % detractors, for NPS questions
    texts: list = field(default_factory=list)  # [(respondent label or "", text)]


def _number_rows(campaign):
    return db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.number_value, func.count())
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.campaign_id == campaign.id, SurveyAnswer.number_value.is_not(None))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.number_value)
    ).all()


def _net_promoter_score(counts):
    total = sum(counts.values())
    promoters = sum(n for value, n in counts.items() if value >= 9)
    detractors = sum(n for value, n in counts.items() if value <= 6)
    return round(100 * (promoters - detractors) / total) if total else None


def _fill_numbers(results, campaign):
    counts = {}
    for question_id, value, count in _number_rows(campaign):
        counts.setdefault(question_id, Counter())[value] = count
    for result in results:
        scale = result.question.kind.scale
        if not scale or result.question.id not in counts:
            continue
        values = counts[result.question.id]
        result.answered = sum(values.values())
        result.average = round(sum(v * n for v, n in values.items()) / result.answered, 1)
        result.distribution = [(value, values.get(value, 0)) for value in range(scale[0], scale[1] + 1)]
        if result.question.kind == QuestionKind.NPS:
            result.nps = _net_promoter_score(values)


def _answers_of_kinds(campaign, kinds, question_ids):
    ids = [qid for qid, kind in question_ids.items() if kind in kinds]
    if not ids:
        return []
    return db.session.scalars(
        select(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.campaign_id == campaign.id, SurveyAnswer.question_id.in_(ids))
        .options(selectinload(SurveyAnswer.response).selectinload(SurveyResponse.recipient))
        .order_by(SurveyAnswer.id)
    ).all()


def _fill_choices_and_texts(results, campaign):
    by_id = {result.question.id: result for result in results}
    kinds = {result.question.id: result.question.kind for result in results}
    wanted = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.TEXT)
    chosen = {}
    for answer in _answers_of_kinds(campaign, wanted, kinds):
        result = by_id[answer.question_id]
        result.answered += 1
        if result.question.kind.has_choices:
            chosen.setdefault(answer.question_id, Counter()).update(answer.choice_values)
        else:
            label = "" if campaign.anonymous else _respondent_label(answer.response.recipient)
            result.texts.append((label, answer.text_value))
    for question_id, counter in chosen.items():
        question = by_id[question_id].question
        by_id[question_id].distribution = [(option, counter.get(option, 0)) for option in question.choices]
    if campaign.anonymous:
        for result in results:
            result.texts.sort(key=lambda pair: pair[1].casefold())


def _respondent_label(recipient):
    return recipient.name or recipient.email


def response_count(campaign):
    return db.session.scalar(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.campaign_id == campaign.id)
    )


@dataclass
class CampaignResults:
    responses: int
    hidden: bool  # anonymous and below the threshold: nothing may be shown
    threshold: int
    questions: list


def campaign_results(campaign):
    """Per-question aggregates of a campaign (see the module docstring for anonymity)."""
    responses = response_count(campaign)
    threshold = survey_settings().anonymity_threshold
    if campaign.anonymous and responses < threshold:
        return CampaignResults(responses=responses, hidden=True, threshold=threshold, questions=[])
    results = [QuestionResult(question=question) for question in campaign.survey.questions]
    _fill_numbers(results, campaign)
    _fill_choices_and_texts(results, campaign)
    return CampaignResults(responses=responses, hidden=False, threshold=threshold, questions=results)


def _anonymous_campaigns_shown(threshold):
    """The ids of anonymous campaigns with at least `threshold` responses."""
    return (
        select(SurveyResponse.campaign_id)
        .join(SurveyCampaign, SurveyCampaign.id == SurveyResponse.campaign_id)
        .where(SurveyCampaign.anonymous.is_(True))
        .group_by(SurveyResponse.campaign_id)
        .having(func.count() >= threshold)
    )


def shown_anonymous_answers():
    """A select of every answer of the anonymous campaigns whose results are shown, as
    (campaign id, question id, number, text, choices): what their results pages show,
    with no response or id to group answers by, sorted by value so that no order of
    answering remains (rows that tie are identical)."""
    threshold = survey_settings().anonymity_threshold
    return (
        select(SurveyResponse.campaign_id, SurveyAnswer.question_id, SurveyAnswer.number_value,
               SurveyAnswer.text_value, SurveyAnswer.choice_values)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.campaign_id.in_(_anonymous_campaigns_shown(threshold)))
        .order_by(SurveyResponse.campaign_id, SurveyAnswer.question_id, SurveyAnswer.number_value,
                  SurveyAnswer.text_value, cast(SurveyAnswer.choice_values, String))
    )
