"""Create or update the "Teachers" group with exactly the permissions teachers need."""

from django.core.management.base import BaseCommand

from quiz.admin.teachers_group import ensure_teachers_group


class Command(BaseCommand):
    help = 'Create or update the "Teachers" group and its permissions.'

    def handle(self, *args, **options) -> None:
        group = ensure_teachers_group()
        self.stdout.write(
            f"Group {group.name!r} has {group.permissions.count()} permissions."
        )
