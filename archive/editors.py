"""The editors' group: staff who curate the archive without being superusers."""
from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"


def ensure_editors_group():
    """Create the group (or bring it up to date) with every permission on the archive's models."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="archive"))
    return group
