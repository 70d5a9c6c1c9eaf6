from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation, Role


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=Role.choices, **kwargs)


class InviteForm(forms.Form):
    note = forms.CharField(
        label=_("被邀请人"), max_length=100, help_text=_("姓名或岗位，便于日后辨认这条邀请")
    )
    roles = RolesField(label=_("角色"))


class MemberRolesForm(forms.Form):
    roles = RolesField(label=_("角色"), required=False)


class OrganisationForm(forms.ModelForm):
    """An organisation's name and level (its place under a parent is set when it is made)."""

    class Meta:
        model = Organisation
        fields = ["name", "level"]


class ChildOrganisationForm(OrganisationForm):
    pass


class JoinForm(UserCreationForm):
    """A new account made from an invitation link."""

    first_name = forms.CharField(label=_("姓名"), max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "first_name")


class OrganisationChoice:
    """For a form of a model with an `organisation`: picked among those the user runs; with
    only one, that one is the default and may be left out of the posted form."""

    def choose_organisation_for(self, user) -> None:
        from orgs.access import organisations_to_run

        field = self.fields["organisation"]
        field.queryset = organisations_to_run(user)
        field.empty_label = None
        field.help_text = _("归属的组织：其成员按角色参与，上级组织可只读查看")
        choices = list(field.queryset[:2])
        self.only_organisation = choices[0] if len(choices) == 1 else None
        if self.only_organisation:
            field.initial = self.only_organisation.pk
            field.required = False

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation
