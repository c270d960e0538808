from django.conf import settings

from .access import viewer


def site(request):
    """What every page needs: whether this is the synthetic demo, and who is looking."""
    return {"demo": settings.DEMO, "viewer": viewer(getattr(request, "user", None))}
