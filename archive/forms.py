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
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Article files (.txt)"), help_text=_("One article per file, as copied off the page."))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)
    outlet = forms.CharField(label=_("Outlet"), required=False, help_text=_("Used when the text does not name one."))
