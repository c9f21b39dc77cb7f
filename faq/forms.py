"""FAQ forms: search, "Ask us" and the "Was this helpful?" comment."""

from django import forms

from faq.models import HelpfulVote, SubmittedQuestion
from faq.search import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    # No max_length on purpose: an over-long query is cut and searched, not rejected.
    q = forms.CharField(label="Search the FAQ", required=False, strip=True)

    def query(self) -> str:
        """The raw text, never invalid: NUL bytes and other junk are the search's to drop."""
        return str(self.data.get("q", ""))[: MAX_QUERY_CHARS * 5].replace("\x00", " ")

    def prefill(self) -> str:
        """The query as the visitor typed it (case kept), to start an "Ask us" question."""
        return " ".join(self.query().split())[:MAX_QUERY_CHARS]


class AskForm(forms.ModelForm):
    """Name, email and question. `website` is a honeypot: people never see or fill it."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = SubmittedQuestion
        fields = ["name", "email", "question", "search_query"]
        labels = {"name": "Your name", "email": "Your email", "question": "Your question"}
        help_texts = {
            "email": "We send the answer here. We never show it to anyone.",
            "question": "A sentence or two is plenty.",
        }
        error_messages = {
            "name": {"required": "Tell us your name, so we know whom we are answering."},
            "email": {
                "required": "Give us your email address: the answer goes there.",
                "invalid": "That is not an email address we can write to (name@example.org).",
            },
            "question": {"required": "Write your question, in a sentence or two."},
        }
        widgets = {
            "question": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "search_query": forms.HiddenInput(),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_question(self) -> str:
        question = self.cleaned_data["question"].strip().replace("\x00", "")
        if len(question) < 10:
            raise forms.ValidationError(
                "Please write your question in a few more words (at least 10 characters)."
            )
        return question

    def clean_search_query(self) -> str:
        return self.cleaned_data.get("search_query", "").replace("\x00", "")[:200]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class HelpfulCommentForm(forms.ModelForm):
    class Meta:
        model = HelpfulVote
        fields = ["comment"]
        labels = {"comment": "What were you looking for? (optional)"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].strip().replace("\x00", "")
