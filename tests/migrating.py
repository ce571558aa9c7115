"""A base for tests that put the database back at an older migration and run a data migration."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase


class MigrationTestCase(TransactionTestCase):
    def migrate(self, target: str) -> Apps:
        """The quiz app migrated to `target`; its models as they were then."""
        executor = MigrationExecutor(connection)
        executor.migrate([("quiz", target)])
        return executor.loader.project_state(("quiz", target)).apps

    def migrate_to_latest(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("quiz"))

    def tearDown(self):
        # Back to the latest schema: the tests after this one need every later migration's tables.
        self.migrate_to_latest()
        super().tearDown()
