"""Forms of the coding pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from olievlek.coding.files import EXTENSIONS, MAX_FILE_BYTES

from .models import Code, Source


def codable_codes():
    """The codes that can be applied now, in codebook order."""
    return Code.objects.filter(codable=True, retired_at__isnull=True, merged_into__isnull=True)


class SourceForm(forms.ModelForm):
    file = forms.FileField(
        label=_("file"),
        allow_empty_file=True,  # refused by read_source, with the file's name
        help_text=_("Text (.txt, .md), Word (.docx), OpenDocument (.odt) or PDF with a text "
                    "layer; at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    class Meta:
        model = Source
        fields = ["kind", "title", "date", "study_year", "participants", "event", "memo"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "memo": forms.Textarea(attrs={"rows": 3}),
                   "participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, network, roles: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the file name.")
        people = self.fields["participants"]
        people.queryset = network.people.order_by("name")  # type: ignore[attr-defined]
        people.label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.name} ({roles[p.pk]})" if roles.get(p.pk) else p.name)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("%(name)s: the file is too large (at most 20 MB).") % {"name": f.name})
        return f


class ReplaceSourceForm(forms.Form):
    """A new version of a source's file (the codings are re-anchored by their quotes)."""

    file = forms.FileField(
        label=_("new version of the file"), allow_empty_file=True,
        help_text=SourceForm.base_fields["file"].help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("%(name)s: the file is too large (at most 20 MB).") % {"name": f.name})
        return f


class SourceMemoForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["memo"]
        widgets = {"memo": forms.Textarea(attrs={"rows": 3})}


class CodingForm(forms.Form):
    """A selection and the codes to apply; the page's script fills start and end."""

    start = forms.IntegerField(label=_("from character"), min_value=0)
    end = forms.IntegerField(label=_("to character"), min_value=1)
    codes = forms.ModelMultipleChoiceField(
        label=_("codes"), queryset=Code.objects.none(), widget=forms.CheckboxSelectMultiple)
    memo = forms.CharField(label=_("memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.length = length
        self.fields["codes"].queryset = codable_codes()  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and not (start < end <= self.length):
            raise forms.ValidationError(
                _("Select some text of the source (characters 0 to %(n)s).") % {"n": self.length})
        return data


class ChangeCodingForm(forms.Form):
    code = forms.ModelChoiceField(label=_("code"), queryset=Code.objects.none())
    memo = forms.CharField(label=_("memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = codable_codes()


class CodeMemoForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["memo"]
        widgets = {"memo": forms.Textarea(attrs={"rows": 3})}


def parent_codes():
    """The codes a code can go under: every code that is neither merged nor retired."""
    return Code.objects.filter(merged_into__isnull=True, retired_at__isnull=True).select_related(
        "parent__parent__parent")


def _path_label(code: Code) -> str:
    parts = [code.name]
    node = code.parent
    while node is not None:
        parts.append(node.name)
        node = node.parent
    return " > ".join(reversed(parts))


class _ParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _path_label(obj)


class AddCodeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    parent = _ParentField(label=_("under"), queryset=Code.objects.none(), required=False,
                          empty_label=_("(top level: a new category)"))
    description = forms.CharField(label=_("definition"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_codes()


class EditCodeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    description = forms.CharField(label=_("definition"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class MoveCodeForm(forms.Form):
    parent = _ParentField(label=_("move under"), queryset=Code.objects.none(), required=False,
                          empty_label=_("(top level)"))

    def __init__(self, *args, code: Code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_codes().exclude(pk=code.pk)  # type: ignore[attr-defined]


class MergeCodeForm(forms.Form):
    into = _ParentField(label=_("merge into"), queryset=Code.objects.none())

    def __init__(self, *args, code: Code, **kwargs):
        super().__init__(*args, **kwargs)
        codes = codable_codes().exclude(pk=code.pk).select_related("parent__parent__parent")
        self.fields["into"].queryset = codes  # type: ignore[attr-defined]
