"""Signals other apps listen to (messaging knows nothing of them)."""

from django.dispatch import Signal

# Sent once, after the last pending delivery of a dispatch left the queue; kwargs: dispatch.
dispatch_finished = Signal()
