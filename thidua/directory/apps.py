from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Sign-in with the agency's directory (LDAP / Active Directory, OpenID Connect): a
    directory account becomes its Thi Đua person's account, with roles from its groups."""

    name = "thidua.directory"
    label = "directory"
    verbose_name = _("Directory sign-in")

    def ready(self) -> None:
        from django.core import checks

        from thidua.org.hr_sync_file import people_source_register

        from .hr_source import directory_columns, read_directory_people
        from .services import directory_settings_check

        checks.register(directory_settings_check)
        # the HR sync's other source (THIDUA_HR_SYNC_SOURCE=directory; docs/HR_SYNC.md)
        people_source_register("directory", read_directory_people, columns=directory_columns)
