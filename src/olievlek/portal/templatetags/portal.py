from django import template

register = template.Library()


@register.simple_tag
def facet_query(request, name: str, value: str) -> str:
    """The search's query string with facet ``name`` set to ``value`` (or removed), page 1."""
    params = request.GET.copy()
    params.pop("page", None)
    if value:
        params[name] = value
    else:
        params.pop(name, None)
    return params.urlencode()


@register.simple_tag
def page_query(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return params.urlencode()
