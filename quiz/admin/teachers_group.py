"""The "Teachers" group: exactly the permissions a teacher needs in the admin."""

from django.contrib.auth.models import Group, Permission

TEACHERS_GROUP = "Teachers"

# Teachers write and publish material, and read (never edit) what students did.
TEACHER_PERMISSIONS = {
    "article": ["add", "change", "delete", "view"],
    "question": ["add", "change", "delete", "view"],
    "choice": ["add", "change", "delete", "view"],
    "quiz": ["add", "change", "delete", "view"],
    "quizentry": ["add", "change", "delete", "view"],
    "assignment": ["add", "change", "delete", "view"],
    "attempt": ["view"],
    "response": ["view"],
}


def ensure_teachers_group() -> Group:
    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    codenames = [
        f"{action}_{model}"
        for model, actions in TEACHER_PERMISSIONS.items()
        for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="quiz", codename__in=codenames
    )
    group.permissions.set(permissions)
    return group
