from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thidua.core.admin import AuditedModelAdmin

from .choices import RiskReason
from .models import (
    CheckIn,
    Goal,
    GoalChangeProposal,
    GoalTemplate,
    Indicator,
    IndicatorValue,
    KeyResult,
    Program,
    Task,
)
from .services import program_check_predecessor


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


class ProgramForm(forms.ModelForm):
    """The admin's programme form (ProgramAdmin builds its fields)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            candidate = Program(pk=self.instance.pk, period_start=start, period_end=end)
            # A successor starts after its predecessor ends; one successor per programme.
            program_check_predecessor(program=candidate, predecessor=data.get("predecessor"))
        return data


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramForm
    list_display = (
        "number",
        "name",
        "period_start",
        "period_end",
        "predecessor",
        "is_illustrative",
        "progress",
    )
    readonly_fields = ("progress", "progress_verified")
    inlines = [IndicatorInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "program",
        "baseline_value",
        "target_value",
        "target_on",
        "is_illustrative",
    )
    list_filter = ("program", "is_illustrative")
    inlines = [IndicatorValueInline]


@admin.register(GoalTemplate)
class GoalTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "unit_kind")


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = (
        "title",
        "metric_type",
        "baseline",
        "target",
        "current",
        "progress",
        "due_date",
        "weight",
    )
    readonly_fields = ("current", "progress")


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    """Read-mostly: goals change through the pages so that roll-ups and events stay right."""

    list_display = (
        "title",
        "owner_unit",
        "owner_person",
        "period_start",
        "status",
        "progress",
        "is_at_risk",
    )
    list_filter = ("status", "period_kind", "is_at_risk", "program")
    search_fields = ("title",)
    list_select_related = ("owner_unit", "owner_person")
    readonly_fields = (
        "path",
        "depth",
        "progress",
        "progress_verified",
        "is_at_risk",
        "risk_reasons_shown",
        "parent",
        "scope_unit",
    )
    raw_id_fields = ("owner_person", "template", "assigned_by")
    inlines = [KeyResultInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("risk reasons"))
    def risk_reasons_shown(self, goal: Goal) -> str:
        labels = dict(RiskReason.choices)
        return "; ".join(str(labels.get(r, r)) for r in goal.risk_reasons or ()) or "—"


@admin.register(CheckIn)
class CheckInAdmin(AuditedModelAdmin):
    list_display = ("key_result", "checked_on", "value", "confidence", "verified_at")
    list_filter = ("confidence",)
    raw_id_fields = ("key_result", "created_by", "verified_by")

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Task, AuditedModelAdmin)
admin.site.register(GoalChangeProposal, AuditedModelAdmin)
