"""The app's URLs plus `bench/bare/`: a short fixed response through the same middleware, the
ceiling any Django view reaches on this machine and server configuration."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [*app_urlpatterns, path("bench/bare/", bare, name="bench_bare")]
