"""Community pages: the list, a thread, asking, answering, votes, edits and reports.

Verified members only. Edit and delete look the post up among the viewer's own (`by`), and a
thread among what the viewer may read (`visible_to`): anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from taggit.models import Tag, TaggedItem

from community import services
from community.forms import AnswerForm, AskForm, ReportForm
from community.models import Answer, Follow, HelpfulVote, Question, Status
from faq.forms import SearchForm
from members.decorators import verified_member_required
from network.views import member_view


def member_post(view):
    """A verified member's POST: visitors are sent to sign in before any 405."""
    return verified_member_required(require_POST(view))


PAGE_SIZE = 20
ANSWERS_PAGE = 50
AUTHORS = ["author__profile"]


def _int(value, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def index(request):
    """Newest first, or only the unanswered, or one topic; keyset pages (`?before=<id>`)."""
    questions = Question.objects.filter(status=Status.VISIBLE)
    tab = "unanswered" if request.GET.get("tab") == "unanswered" else "newest"
    if tab == "unanswered":
        questions = questions.unanswered()
    slug = str(request.GET.get("tag", ""))[:100]
    tag = Tag.objects.filter(slug=slug).first() if slug else None
    if tag is not None:
        # A semi-join with the content type as a value (Django caches it per process): the
        # planner then walks the newest-first index and stops after a page, 1.8 ms instead of
        # 900 ms through taggit's join at 200,000 questions (scripts/bench_community.py).
        tagged = TaggedItem.objects.filter(
            tag=tag, content_type=ContentType.objects.get_for_model(Question)
        )
        questions = questions.filter(pk__in=tagged.values("object_id"))
    if before := _int(request.GET.get("before")):
        questions = questions.filter(pk__lt=before)
    page = list(
        questions.select_related(*AUTHORS).prefetch_related("tags").order_by("-id")[: PAGE_SIZE + 1]
    )
    context = {
        "questions": page[:PAGE_SIZE],
        "next_before": page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None,
        "tab": tab,
        "tag": tag,
    }
    return render(request, "community/index.html", context)


def _thread(request, pk: int) -> Question:
    questions = Question.objects.visible_to(request.user).select_related(*AUTHORS, "promoted_to")
    return get_object_or_404(
        questions.annotate(
            following=Exists(Follow.objects.filter(question=OuterRef("pk"), user=request.user))
        ).prefetch_related("tags"),
        pk=pk,
    )


def _render_thread(request, question: Question, form=None, status: int = 200):
    after = _int(request.GET.get("after"))
    voted = HelpfulVote.objects.filter(answer=OuterRef("pk"), user=request.user)
    answers = list(
        Answer.objects.visible_to(request.user)
        .filter(question=question, pk__gt=after)
        .select_related(*AUTHORS)
        .annotate(voted=Exists(voted))
        .order_by("id")[: ANSWERS_PAGE + 1]
    )
    context = {
        "question": question,
        "answers": answers[:ANSWERS_PAGE],
        "next_after": answers[ANSWERS_PAGE - 1].pk if len(answers) > ANSWERS_PAGE else None,
        "form": form or AnswerForm(),
        "can_accept": request.user.pk == question.author_id or request.user.is_staff,
        "mine": question.author_id == request.user.pk,
    }
    return render(request, "community/question.html", context, status=status)


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def question(request, pk: int):
    return _render_thread(request, _thread(request, pk))


def _refused(request, error: ValidationError, status: int = 400):
    return render(request, "community/refused.html", {"problem": error.messages[0]}, status=status)


@member_view(["GET", "HEAD", "POST"])
def ask(request):
    """Ask the members, prefilled with what the member searched for (`?q=`)."""
    if request.method != "POST":
        search = SearchForm(request.GET)
        form = AskForm(initial={"title": search.prefill()})
        return render(request, "community/ask.html", {"form": form, "q": search.prefill()})
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "community/ask.html", {"form": form}, status=400)
    try:
        asked, created = services.question_ask(
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
            search_query=str(request.POST.get("q", "")),
        )
    except services.RateLimited as error:
        return _refused(request, error, 429)
    if created:
        messages.success(request, _posted_message(asked, "question"))
    return redirect(asked)


def _posted_message(post, noun: str) -> str:
    if post.status == Status.PENDING:
        return f"Thank you. Your {noun} has a link, so staff look at it before others see it."
    return f"Your {noun} is posted."


@member_post
def answer(request, pk: int):
    question = _thread(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, question, form, status=400)
    try:
        posted, created = services.answer_post(
            author=request.user, question=question, body=form.cleaned_data["body"]
        )
    except services.RateLimited as error:
        return _refused(request, error, 429)
    except ValidationError as error:
        return _refused(request, error)
    if created:
        messages.success(request, _posted_message(posted, "answer"))
    return redirect(posted)


def _answer_in(request, pk: int) -> Answer:
    visible = Question.objects.visible_to(request.user)
    answers = Answer.objects.filter(status=Status.VISIBLE, question__in=visible)
    return get_object_or_404(answers.select_related("question"), pk=pk)


@member_post
def accept(request, pk: int):
    """The asker (or staff) accepts one answer; anyone else gets 404."""
    chosen = _answer_in(request, pk)
    try:
        services.answer_accept(answer=chosen, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, "You accepted this answer.")
    return redirect(chosen)


@member_post
def helpful(request, pk: int):
    chosen = _answer_in(request, pk)
    try:
        counted = services.helpful_vote(answer=chosen, user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, "Thanks for your vote." if counted else "You voted already.")
    return redirect(chosen)


@member_post
def follow(request, pk: int):
    thread = _thread(request, pk)
    following = services.follow_toggle(question=thread, user=request.user)
    messages.success(
        request,
        "We will tell you when this becomes an FAQ answer."
        if following
        else "You no longer follow this question.",
    )
    return redirect(thread)


def _own(request, model, pk: int):
    return get_object_or_404(model.objects.by(request.user), pk=pk)


@member_view(["GET", "HEAD", "POST"])
def edit(request, pk: int, model=Question):
    """Edit one's own post within the edit window."""
    post = _own(request, model, pk)
    form_class = AskForm if model is Question else AnswerForm
    initial = {"tags": list(post.tags.names())} if model is Question else {}
    form = form_class(
        request.POST if request.method == "POST" else None, instance=post, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, user=request.user, **_edited(form, model))
        except ValidationError as error:
            return _refused(request, error)
        messages.success(request, "Your changes are saved.")
        return redirect(post)
    status = 400 if form.errors else 200
    return render(request, "community/edit.html", {"form": form, "post": post}, status=status)


def _edited(form, model) -> dict:
    data = {"body": form.cleaned_data["body"]}
    if model is Question:
        data |= {"title": form.cleaned_data["title"], "tags": form.cleaned_data["tags"]}
    return data


@member_view(["GET", "HEAD", "POST"])
def delete(request, pk: int, model=Question):
    post = _own(request, model, pk)
    if request.method != "POST":
        return render(request, "community/delete.html", {"post": post})
    back = post.question if model is Answer else None
    try:
        services.post_delete(post=post, user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, "Your post is deleted.")
    return redirect(back or "community:index")


@member_view(["GET", "HEAD", "POST"])
def report(request, pk: int, model=Question):
    post = _thread(request, pk) if model is Question else _answer_in(request, pk)
    if post.author_id == request.user.pk:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.post_report(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Thank you: staff will look at this post.")
        return redirect(post)
    status = 400 if form.errors else 200
    return render(request, "community/report.html", {"form": form, "post": post}, status=status)
