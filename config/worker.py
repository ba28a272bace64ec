"""What a server process does once its application is loaded, before its first request."""
import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation


def settle():
    """Compile the site's templates and read its URLconf, then freeze every object made so far.

    A full collection of the garbage collector walks every object the process holds: on a 2-core machine
    some 100 ms, spent inside whichever request it falls on (measured: a 110 ms page taking 210 ms).
    Frozen objects are never walked again, so that a collection walks what requests made. Loading the
    templates and the URLconf first puts them among the frozen, and spares the first reader their cost.
    """
    for directory in (Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", ())):
        for path in sorted(directory.rglob("*.html")):
            get_template(path.relative_to(directory).as_posix())
    for language, _ in settings.LANGUAGES:  # the first reverse() in a language reads the URLconf for it
        with translation.override(language):
            reverse("archive:timeline")
    gc.collect()  # what is garbage now must not be frozen with the rest
    gc.freeze()
