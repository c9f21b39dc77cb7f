"""The digest's community section (read by digest.sections.discover; imports nothing of digest)."""

from django.utils.translation import ngettext

from community.models import Question, Status

PER_MEMBER = 5
NEWEST = 200


def new_questions(members, since, until):
    """Questions asked in the period whose topics are among the member's skills, the open
    ones (no accepted answer) first."""
    asked = (
        Question.objects.filter(status=Status.VISIBLE, created_at__gte=since, created_at__lt=until)
        .prefetch_related("tags")
        .order_by("accepted_answer", "-created_at")[:NEWEST]
    )
    tagged = [(question, {tag.slug for tag in question.tags.all()}) for question in asked]
    found = {}
    for member in members:
        skills = set(member.profile.skill_slugs)
        found[member.pk] = [
            {
                "title": question.title,
                "url": question.get_absolute_url(),
                "note": ngettext("%d answer", "%d answers", question.answer_count)
                % question.answer_count,
            }
            for question, slugs in tagged
            if question.author_id != member.pk and not slugs.isdisjoint(skills)
        ][:PER_MEMBER]
    return found


DIGEST_SECTIONS = [("community", "New questions from members", new_questions)]
