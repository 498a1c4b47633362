from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "thidua.goals"
    label = "goals"
    verbose_name = _("Goals and key results")

    def ready(self) -> None:
        from thidua.core import audit, demo, nextsteps

        from .audit_scope import goals_audit_scope
        from .demo import demo_loader
        from .nextsteps import goals_next_steps

        nextsteps.register(goals_next_steps)

        from .cycle_kinds import register_goal_kinds

        register_goal_kinds()  # cycle time of tasks, verification, proposals

        from django.db.models.signals import post_delete, post_save, pre_save

        from . import rollups
        from .models import Goal

        # The stored roll-ups per unit follow each goal saved or deleted (thidua.goals.rollups).
        pre_save.connect(rollups.goal_pre_save, sender=Goal, dispatch_uid="goal_rollups_pre")
        post_save.connect(rollups.goal_saved, sender=Goal, dispatch_uid="goal_rollups_saved")
        post_delete.connect(rollups.goal_deleted, sender=Goal, dispatch_uid="goal_rollups_deleted")
        from .models import DailyLog
        from .streak_rollups import dailylog_changed

        # The stored "1% a day" days per unit follow each entry (thidua.goals.streak_rollups).
        post_save.connect(dailylog_changed, sender=DailyLog, dispatch_uid="dailylog_streaks_saved")
        post_delete.connect(dailylog_changed, sender=DailyLog, dispatch_uid="dailylog_streaks_del")
        audit.register_scope(goals_audit_scope)
        demo.register(demo.DemoLoader(name="goals", order=20, load=demo_loader))
        from .fieldwork_demo import demo_loader as field_visits_demo

        demo.register(demo.DemoLoader(name="field_visits", order=25, load=field_visits_demo))
        from .demo_closed import demo_loader as closed_goals_demo  # 2025 goals closed

        demo.register(demo.DemoLoader(name="closed_goals", order=27, load=closed_goals_demo))

        from thidua.core import menu

        from .rules import can_apply_templates, can_see_field_visits

        menu.register_section(menu.Section("goals", _("Goals"), order=10, namespaces=("goals",)))
        menu.register(
            menu.Entry("goals", _("My goals"), "goals:mine", order=10),
            menu.Entry("goals", _("Ministry dashboard"), "goals:dashboard", order=20),
            menu.Entry("goals", _("Monthly review"), "goals:review", order=30),
            menu.Entry(
                "goals",
                _("Goal templates"),
                "goals:templates",
                order=40,
                visible=can_apply_templates,
            ),
            menu.Entry(
                "goals",
                _("Field visits"),
                "goals:field_visits",
                order=45,
                visible=can_see_field_visits,
            ),
        )
