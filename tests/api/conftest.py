# Fixtures shared with the apps' own tests.
from tests.emulation.test_movements_services import clusters, movement, open_movement  # noqa: F401
from tests.goals.conftest import cascade, program  # noqa: F401
