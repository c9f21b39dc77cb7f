"""FAQ pages: the index, one question, search, "Ask us" and the helpful vote."""

import hashlib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from faq.forms import AskForm, HelpfulCommentForm, SearchForm
from faq.models import Category, HelpfulVote, Question
from faq.search import normalize_query, search_log, search_questions
from faq.services import (
    answer_request_create,
    helpful_vote_record,
    submitted_question_create,
)
from pmportal.bots import is_bot
from pmportal.cache import cache_for_visitors
from pmportal.links import absolute_url
from pmportal.search_sources import search_others

ASK_LIMIT = 5  # questions per hour from one IP address or browser session
ASK_WINDOW_SECONDS = 60 * 60
VOTED_STATES = {"no", "thanks"}
VOTES_SESSION_KEY = "faq_votes"

NOTIFY_RETURN = "notify"  # `from=` on the search page a member is sent back to


def _faq_page_jsonld(categories) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": absolute_url(reverse("faq:index")),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "url": absolute_url(question.get_absolute_url()),
                "acceptedAnswer": {"@type": "Answer", "text": question.answer_text},
            }
            for category in categories
            for question in category.published_questions
        ],
    }


@require_safe
@cache_for_visitors()
def index(request: HttpRequest) -> HttpResponse:
    """The whole FAQ on one page, by category, with contents."""
    categories = [
        category
        for category in Category.objects.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.published().order_by("position", "question"),
                to_attr="published_questions",
            )
        )
        if category.published_questions
    ]
    context = {
        "categories": categories,
        "question_count": sum(len(c.published_questions) for c in categories),
        "jsonld": _faq_page_jsonld(categories),
        "search_form": SearchForm(),
    }
    return render(request, "faq/index.html", context)


def _question_jsonld(question: Question) -> list[dict]:
    url = absolute_url(question.get_absolute_url())
    crumbs = [
        ("Home", absolute_url("/")),
        ("FAQ", absolute_url(reverse("faq:index"))),
        (question.category.name, absolute_url(question.category.get_absolute_url())),
        (question.question, url),
    ]
    return [
        {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "url": url,
            "mainEntity": {
                "@type": "Question",
                "name": question.question,
                "text": question.question,
                "answerCount": 1,
                "dateCreated": question.created_at.isoformat(),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": question.answer_text,
                    "url": url,
                    "dateModified": question.last_reviewed.isoformat(),
                },
            },
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": item}
                for position, (name, item) in enumerate(crumbs, start=1)
            ],
        },
    ]


def _published_question(slug: str, user=None) -> Question:
    questions = Question.objects.published().select_related("category").prefetch_related("tags")
    if user is not None and user.is_authenticated:
        questions = questions.with_vote_of(user)
    return get_object_or_404(questions, slug=slug)


def _ask_form(request: HttpRequest, **initial) -> AskForm:
    """An empty "Ask us" form; a signed-in member's address is already filled in (their
    pages are never the cached ones visitors share)."""
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    return AskForm(initial=initial)


def _render_question(
    request: HttpRequest, question: Question, extra: dict, status: int = 200
) -> HttpResponse:
    context = {
        "question": question,
        "related": list(Question.objects.related_to(question)),
        "jsonld": _question_jsonld(question),
        "search_form": SearchForm(),
        "ask_form": _ask_form(request),
        **extra,
    }
    return render(request, "faq/question.html", context, status=status)


def _visitor_votes(request: HttpRequest) -> dict[str, bool]:
    """The votes this browser cast as a visitor, by question slug (the session remembers them)."""
    return request.session.get(VOTES_SESSION_KEY, {})


def _question_page(request: HttpRequest, slug: str) -> HttpResponse:
    question = _published_question(slug, request.user)
    my_vote = getattr(question, "my_vote", _visitor_votes(request).get(slug))
    # `?voted=` follows a vote: "no" asks what was missing, "thanks" follows that comment.
    voted = request.GET.get("voted", "") if my_vote is False else ""
    extra = {"my_vote": my_vote, "voted": voted if voted in VOTED_STATES else ""}
    if extra["voted"] == "no":
        extra["comment_form"] = HelpfulCommentForm()
    return _render_question(request, question, extra)


_shared_question_page = cache_for_visitors()(_question_page)


# Outside the per-request transaction, like the cached page it hands most visitors to: it reads.
@transaction.non_atomic_requests
@require_safe
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One question. Only visitors who have not voted on it share the cached page, so it never
    shows one visitor's vote to another."""
    if request.user.is_authenticated or slug in _visitor_votes(request):
        return _question_page(request, slug)
    return _shared_question_page(request, slug)


def _session_key(request: HttpRequest) -> str:
    """The browser session's key, creating the session on a first vote."""
    if not request.session.session_key:
        request.session["faq_voter"] = True
        request.session.save()
    return request.session.session_key or ""


@require_POST
def question_vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Record "Was this helpful?", or change it: one vote per member or browser session."""
    question = _published_question(slug)
    answer = request.POST.get("helpful")
    if answer not in {"yes", "no"}:
        return redirect(question.get_absolute_url())
    vote = helpful_vote_record(
        question=question,
        helpful=answer == "yes",
        user=request.user,
        session_key=_session_key(request),
    )
    if not request.user.is_authenticated:
        request.session[VOTES_SESSION_KEY] = {**_visitor_votes(request), slug: vote.helpful}
    return redirect(f"{question.get_absolute_url()}{'' if vote.helpful else '?voted=no'}#helpful")


@require_POST
def question_vote_comment(request: HttpRequest, slug: str) -> HttpResponse:
    """The optional comment after a "no": it updates this visitor's own vote, nothing else."""
    question = _published_question(slug)
    votes = HelpfulVote.objects.filter(question=question, helpful=False)
    if request.user.is_authenticated:
        vote = votes.filter(user=request.user).first()
    else:
        vote = votes.filter(user=None, session_key=request.session.session_key or "-").first()
    if vote is None:
        return redirect(question.get_absolute_url())
    form = HelpfulCommentForm(request.POST, instance=vote)
    if not form.is_valid():
        context = {"my_vote": False, "voted": "no", "comment_form": form}
        return _render_question(request, question, context, 400)
    form.save()
    return redirect(f"{question.get_absolute_url()}?voted=thanks#helpful")


# Outside the per-request transaction, like the cached pages: it reads, and its one write (the
# search log row) is a single INSERT that commits on its own.
@transaction.non_atomic_requests
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Search results. Every search a person runs is logged; bots and as-you-type are not."""
    form = SearchForm(request.GET)
    raw_query = form.query()
    outcome = search_questions(raw_query)
    partial = request.GET.get("partial") == "1"
    # Back from "Email me when this is answered": the same search, already logged once.
    returning = request.GET.get("from") == NOTIFY_RETURN
    person = not is_bot(request.headers.get("user-agent", ""))
    if outcome.query and not partial and not returning and person:
        search_log(
            query=outcome.query,
            results=len(outcome.results),
            signed_in=request.user.is_authenticated,
        )
    # The results list is the same for everyone: render it once per cached outcome.
    if outcome.results_html is None:
        outcome.results_html = render_to_string("faq/search.html#results", {"outcome": outcome})
    if partial:
        return HttpResponse(outcome.results_html)
    return _search_page(request, form, outcome)


@cache_for_visitors(query=["q"])
def _search_page(request: HttpRequest, form: SearchForm, outcome) -> HttpResponse:
    # The page depends only on the text typed; the search is logged before, every time.
    failed = outcome.query and not (outcome.results and outcome.matched_all_words)
    context = {
        "search_form": form,
        "outcome": outcome,
        "others": search_others(outcome.tsquery, request.user),
        "ask_form": _ask_form(request, question=form.prefill(), search_query=outcome.query)
        if failed
        else None,
    }
    return render(request, "faq/search.html", context)


@login_required
@require_POST
def notify_me(request: HttpRequest) -> HttpResponse:
    """A member asks to be emailed when their search that found nothing gets an answer."""
    query = str(request.POST.get("q", ""))[:500]
    try:
        answer_request, created = answer_request_create(user=request.user, query=query)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return render(request, "400.html", status=400)
    messages.success(
        request,
        f"We will email you when an answer for “{answer_request.query}” is published."
        if created
        else f"You are already on the list for “{answer_request.query}”.",
    )
    back = urlencode({"q": answer_request.query, "from": NOTIFY_RETURN})
    return redirect(f"{reverse('faq:search')}?{back}")


def _over_ask_limit(request: HttpRequest) -> bool:
    """Rate limit "Ask us" per IP address (hashed into a cache key, never stored; behind a
    proxy, as allauth's rate limits read it) and per session, in the shared cache."""
    address = get_adapter(request).get_client_ip(request)
    keys = [f"faq:ask:ip:{hashlib.sha256(address.encode()).hexdigest()[:32]}"]
    if request.session.session_key:
        keys.append(f"faq:ask:session:{request.session.session_key}")
    over = False
    for key in keys:
        cache.add(key, 0, ASK_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
            cache.set(key, count, ASK_WINDOW_SECONDS)
        over = over or count > ASK_LIMIT
    return over


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """'Ask us': store the question, notify staff and confirm to the asker."""
    if request.method == "POST":
        form = AskForm(request.POST)
        if _over_ask_limit(request):
            form.is_valid()
            form.add_error(
                None,
                "You have sent several questions in a short time. Please try again in an hour, "
                f"or email us at {settings.CONTACT_EMAIL}.",
            )
            return render(request, "faq/ask.html", {"form": form}, status=429)
        if form.is_valid():
            if not form.is_spam:
                submitted_question_create(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    question=form.cleaned_data["question"],
                    search_query=form.cleaned_data["search_query"],
                    user=request.user,
                )
            # A bot that filled the honeypot sees the same thanks and learns nothing.
            messages.success(
                request,
                "Thank you, we have your question. We sent you a confirmation email and will "
                "write again when the answer is published.",
            )
            return redirect("faq:ask")
        return render(request, "faq/ask.html", {"form": form}, status=400)

    search_form = SearchForm(request.GET)
    form = _ask_form(
        request,
        question=search_form.prefill(),
        search_query=normalize_query(search_form.query()),
    )
    return render(request, "faq/ask.html", {"form": form, "search_form": SearchForm()})
