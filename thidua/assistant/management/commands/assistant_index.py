from django.core.management.base import BaseCommand

from thidua.assistant.services import index_rebuild_now, index_updates_deferred
from thidua.assistant.signals import platform_documents_sync_all


class Command(BaseCommand):
    help = "Rebuild the assistant's search index now (with --sync, mirror the platform's records first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sync", action="store_true", help="mirror resolutions, movements, lessons, programmes"
        )

    def handle(self, *args, sync: bool = False, **options):
        if sync:
            with index_updates_deferred():
                count = platform_documents_sync_all()
            self.stdout.write(f"{count} platform records mirrored")
        state = index_rebuild_now()
        if getattr(state, "skipped", False):
            self.stdout.write(
                f"another build is running (since {state.build_started_at}); index v{state.version} stays current"
            )
            return
        self.stdout.write(
            f"index v{state.version}: {state.passages} passages of {state.documents} documents in {state.seconds:.1f} s"
        )
