"""Forms for editors: uploading article files."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]
        return [f for f in files if f]


class LinksField(forms.CharField):
    """Web links, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files (.txt, .html)"), required=False,
        help_text=_("One article per file: its text as copied off the page, or the page saved from a browser."),
    )
    links = LinksField(label=_("Import from a link"), required=False,
                       help_text=_("One link a line: the page is fetched, kept as it was (WARC), and its article imported."))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)
    outlet = forms.CharField(label=_("Outlet"), required=False, help_text=_("Used when the text does not name one."))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("links"):
            raise forms.ValidationError(_("Choose files or give links to import."))
        return cleaned


class CaptionRowsField(forms.CharField):
    """Photo captions as rows, one a line, "caption | credit", instead of raw JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _('One caption a line; its credit after " | ", e.g. "Hai bộ trưởng tại Bắc Kinh | Reuters".'))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c.get('text', '')} | {c['credit']}" if c.get("credit") else c.get("text", "")
                             for c in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        rows = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            text, _sep, credit = line.partition(" | ")
            rows.append({"text": text.strip(), "credit": credit.strip() or None})
        return rows
