"""Community forms: ask, answer, edit, report, and staff's choice of FAQ category."""

from django import forms

from community.models import Answer, Question
from faq.models import Category
from faq.models import Question as FaqQuestion


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


def content_tags() -> list[tuple[str, str]]:
    """The FAQ's tags (the content vocabulary), never members' skills."""
    return [(tag.name, tag.name) for tag in FaqQuestion.tags.order_by("name")]


class AskForm(forms.ModelForm):
    tags = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Optional: up to five topics from the FAQ.",
    )

    class Meta:
        model = Question
        fields = ["title", "body"]
        labels = {"title": "Your question", "body": "Details (optional)"}
        help_texts = {"body": "Markdown. Links wait for staff on your first two posts."}
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = content_tags()

    def clean_title(self) -> str:
        title = " ".join(_clean_text(self.cleaned_data["title"]).split())
        if len(title) < 10:
            raise forms.ValidationError("Please ask in a few more words (at least 10 characters).")
        return title

    def clean_body(self) -> str:
        return _clean_text(self.cleaned_data["body"])

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data["tags"]
        if len(tags) > 5:
            raise forms.ValidationError("Choose at most five topics.")
        return tags


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["body"]
        labels = {"body": "Your answer"}
        help_texts = {"body": "Markdown. Links wait for staff on your first two posts."}
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}

    def clean_body(self) -> str:
        body = _clean_text(self.cleaned_data["body"])
        if len(body) < 10:
            raise forms.ValidationError("Please write a little more (at least 10 characters).")
        return body


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this post?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    def clean_reason(self) -> str:
        reason = _clean_text(self.cleaned_data["reason"])
        if len(reason) < 5:
            raise forms.ValidationError("Please say in a few words what is wrong.")
        return reason


class PromoteForm(forms.Form):
    """The FAQ category a promoted thread's draft goes in."""

    category = forms.ModelChoiceField(
        label="FAQ category",
        queryset=Category.objects.all(),
        error_messages=dict.fromkeys(["required", "invalid_choice"], "Choose an FAQ category."),
    )
