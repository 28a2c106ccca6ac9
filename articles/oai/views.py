"""/oai/: the OAI-PMH endpoint, over GET and POST (application/x-www-form-urlencoded)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.oai.verbs import respond


@csrf_exempt  # harvesters POST without a session; nothing here changes state
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    body = respond({name: params.getlist(name) for name in params})
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
