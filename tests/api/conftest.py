from tests.goals.conftest import cascade, program  # noqa: F401 (fixtures shared with tests/goals)
