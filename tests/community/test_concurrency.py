"""Real transactions on their own connections: two accepts leave one, double submits one row,
parallel votes one count."""

import pytest

from community import services
from community.models import Answer, HelpfulVote, Question
from tests.community.conftest import ANSWER, BODY, TITLE, answer_of, thread
from tests.network.conftest import person
from tests.network.test_concurrency import in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_accepts_at_once_leave_one_accepted_answer():
    ada, ben, cara = person("Ada Asker"), person("Ben One"), person("Cara Two")
    question = thread(ada)
    answers = [answer_of(question, ben), answer_of(question, cara, body=f"{ANSWER} Also.")]
    results = in_parallel([lambda a=a: services.answer_accept(answer=a, by=ada) for a in answers])
    assert all(isinstance(r, Question) for r in results), results
    question.refresh_from_db()
    assert question.accepted_answer_id in {a.pk for a in answers}


def test_a_double_submit_makes_one_question_and_one_answer():
    ada, ben = person("Ada Asker"), person("Ben Answerer")
    asked = in_parallel(
        [lambda: services.question_ask(author=ada, title=TITLE, body=BODY)[0].pk] * 4
    )
    assert Question.objects.count() == 1 and len(set(asked)) == 1
    question = Question.objects.get()
    in_parallel([lambda: services.answer_post(author=ben, question=question, body=ANSWER)] * 4)
    assert Answer.objects.count() == 1


def test_parallel_helpful_votes_count_once():
    answer = answer_of(thread(person("Ada Asker")), person("Ben Answerer"))
    voter = person("Vic Voter")
    in_parallel([lambda: services.helpful_vote(answer=answer, user=voter)] * 5)
    answer.refresh_from_db()
    assert answer.helpful_count == 1 and HelpfulVote.objects.count() == 1


def test_the_daily_limit_holds_under_parallel_posts():
    ada = person("Ada Asker")
    results = in_parallel(
        [
            lambda n=n: services.question_ask(author=ada, title=f"{TITLE} {n}")
            for n in range(services.QUESTIONS_PER_DAY + 3)
        ]
    )
    assert Question.objects.count() == services.QUESTIONS_PER_DAY
    assert sum(isinstance(r, services.RateLimited) for r in results) == 3
