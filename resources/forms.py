"""Forms of the library: the catalogue filters and the admin's upload checks."""

from django import forms
from django.core.exceptions import ValidationError

from resources.models import Resource, ResourceKind
from resources.validation import FileFacts, content_type_allowed, inspect_upload

SORTS = [("newest", "Newest"), ("popular", "Most downloaded"), ("relevance", "Best match")]


class ResourceFilterForm(forms.Form):
    """The catalogue's GET form. Invalid values are reported and ignored, never a 500."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "pricing, OKRs…"}),
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *ResourceKind.choices]
    )
    tag = forms.SlugField(label="Topic", required=False, max_length=100)
    series = forms.SlugField(required=False, max_length=200, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, tag_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tag_choices is not None:
            self.fields["tag"] = forms.ChoiceField(
                label="Topic", required=False, choices=[("", "All topics"), *tag_choices]
            )

    def value(self, name: str) -> str:
        """The cleaned value, or "" when missing or invalid (call is_valid() first)."""
        return getattr(self, "cleaned_data", {}).get(name) or ""


class ResourceAdminForm(forms.ModelForm):
    """Checks uploads by their content (see resources/validation.py) and records what it found,
    so the admin can fill in size, type and page count."""

    class Meta:
        model = Resource
        fields = [
            "kind", "title", "slug", "summary", "body", "tags", "authors", "status", "access",
            "published_on", "file", "external_url", "cover", "series", "episode_number",
            "transcript",
        ]  # fmt: skip

    file_facts: FileFacts | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload has content to check; an unchanged field is the stored file.
        if upload and hasattr(upload, "content_type") and self.files.get("file") is not None:
            kind = self.data.get("kind") or ""
            if kind not in ResourceKind.values:
                # clean_kind reports it; nothing to check the file against yet.
                return upload
            self.file_facts = inspect_upload(upload, kind=kind, size=upload.size)
        return upload

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and self.files.get("cover") is not None:
            inspect_upload(cover, kind="cover", size=cover.size)
        return cover

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        has_file = bool(cleaned.get("file"))
        if kind == ResourceKind.VIDEO and has_file:
            self.add_error("file", "Videos are links: remove the file and give the external link.")
        if kind == ResourceKind.VIDEO and not cleaned.get("external_url"):
            self.add_error("external_url", "A video needs its external link.")
        if kind in {ResourceKind.EBOOK, ResourceKind.INFOGRAPHIC} and not has_file:
            self.add_error("file", "An eBook or an infographic needs its file.")
        if kind == ResourceKind.PODCAST and not has_file and not cleaned.get("external_url"):
            self.add_error("file", "A podcast episode needs an audio file or an external link.")
        stored_type = self.instance.content_type if self.instance.pk else ""
        file_kept = has_file and "file" not in self.changed_data
        if file_kept and stored_type and kind and not content_type_allowed(kind, stored_type):
            self.add_error("kind", "The stored file is not allowed for this kind: upload one.")
        if kind and has_file and self.file_facts is None and "file" in self.changed_data:
            # Kind changed after the upload check was skipped: check now against the kind.
            try:
                upload = cleaned["file"]
                self.file_facts = inspect_upload(upload, kind=kind, size=upload.size)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned
