"""Fetch a web page a teacher names, without letting the server be used to reach anything else.

A teacher's link is fetched by our server, from inside whatever network it runs in. Without guards,
a link could read the cloud provider's metadata service (169.254.169.254), a database's admin page on
localhost or a printer on the school's network, and show it back as an "article". So:

- only http and https;
- the host is resolved once, every address it resolves to must be a public one, and the connection
  goes to that checked address itself (with the name in the Host header and for TLS), so a second,
  different DNS answer (DNS rebinding) cannot slip a private address in between check and use;
- redirects are followed by hand, at most `MAX_REDIRECTS`, each new address checked the same way;
- the body is read in small pieces up to `MAX_BYTES` (after decompression), the whole fetch within
  `settings.ARTICLE_FETCH_SECONDS`;
- only HTML is accepted.

Each refusal raises `FetchRefused` with a sentence a teacher can act on.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# Small reads, so a server that sends one byte at a time is stopped at the time limit, not after it.
READ_SIZE = 64 * 1024


class FetchRefused(Exception):
    """The page was not fetched; the message says why, for the teacher."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects: the address the page was actually read from
    body: bytes
    charset: str | None


def fetch_page(url: str) -> FetchedPage:
    """The HTML page at `url`, read within the guards above."""
    deadline = time.monotonic() + settings.ARTICLE_FETCH_SECONDS
    for _ in range(MAX_REDIRECTS + 1):
        response = _request(url, deadline)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location)
                continue
            return _read_page(url, response, deadline)
        finally:
            # Closed, not drained: nothing more is read from a server that sent a refused page.
            response.close()
    raise FetchRefused(
        f"The address redirects more than {MAX_REDIRECTS} times. Open it in your browser and "
        "use the address of the page it ends on."
    )


def _request(url: str, deadline: float) -> urllib3.BaseHTTPResponse:
    """Send the GET to the checked address of `url`'s host; the response's body is not read yet."""
    parts = _checked_parts(url)
    hostname = _ascii_hostname(parts.hostname)
    address = public_address(hostname, parts.port)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    host = f"[{hostname}]" if ":" in hostname else hostname
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    timeout = urllib3.Timeout(
        connect=_seconds_left(deadline), read=_seconds_left(deadline)
    )
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            parts.port or 443,
            timeout=timeout,
            retries=False,
            server_hostname=hostname,
            assert_hostname=hostname,
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            address, parts.port or 80, timeout=timeout, retries=False
        )
    try:
        return pool.urlopen(
            "GET",
            target,
            headers={
                "Host": host_header,
                "Accept": "text/html,application/xhtml+xml",
                "User-Agent": "factquiz article import",
            },
            redirect=False,
            preload_content=False,
        )
    except urllib3.exceptions.SSLError as error:
        raise FetchRefused(
            f"The secure connection to {hostname} could not be verified, so the page was "
            "not read. Save the page from your browser and upload it instead."
        ) from error
    except urllib3.exceptions.TimeoutError as error:
        # urllib3's "connection refused" is a kind of timeout error, but is no timeout.
        if isinstance(error, urllib3.exceptions.NewConnectionError):
            raise _no_answer(hostname) from error
        raise _too_slow() from error
    except urllib3.exceptions.HTTPError as error:
        raise _no_answer(hostname) from error


def _no_answer(hostname: str) -> FetchRefused:
    return FetchRefused(
        f"{hostname} did not answer. Check the address, or save the page from your "
        "browser and upload it instead."
    )


def _checked_parts(url: str):
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (reading it validates it: a port that is not a number raises)
    except ValueError as error:
        raise FetchRefused(f"“{url}” is not a web address.") from error
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(
            "Only web addresses starting with http:// or https:// can be read."
        )
    if not parts.hostname:
        raise FetchRefused(f"“{url}” names no web server.")
    return parts


def _ascii_hostname(hostname: str) -> str:
    """bücher.example as DNS, the Host header and TLS spell it: xn--bcher-kva.example."""
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchRefused(f"There is no web server called {hostname}.") from error


def public_address(hostname: str, port: int | None) -> str:
    """The address to connect to for `hostname`, when every address it resolves to is public."""
    try:
        infos = socket.getaddrinfo(hostname, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(
            f"There is no web server called {hostname}. Check the address."
        ) from error
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if not _may_connect_to(ipaddress.ip_address(address.split("%")[0])):
            where = hostname if address == hostname else f"{hostname} ({address})"
            raise FetchRefused(
                f"{where} is an address inside a private network, which this "
                "server does not read from. Use the article's public address, or save the page "
                "from your browser and upload it."
            )
    return addresses[0]


def _may_connect_to(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 2002:0a00:0001:: reach IPv4 addresses: judge those.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return _may_connect_to(embedded)
    if address.is_loopback:
        # Only the tests' local web server, and only when a test asks for it.
        return settings.ARTICLE_FETCH_ALLOW_LOOPBACK
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_link_local
        or address.is_private
    )


def _read_page(url: str, response, deadline: float) -> FetchedPage:
    if response.status != 200:
        raise FetchRefused(
            f"The web server answered “{response.status} {response.reason}” instead of the page."
        )
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        raise FetchRefused(
            f"The address leads to {media_type or 'something of unknown type'}, not a web page. "
            "Give the address of the article's page."
        )
    declared_length = response.headers.get("Content-Length", "")
    if declared_length.isdigit() and int(declared_length) > MAX_BYTES:
        raise _too_big()
    body = bytearray()
    try:
        while chunk := response.read1(READ_SIZE):
            body += chunk
            if len(body) > MAX_BYTES:
                raise _too_big()
            if time.monotonic() > deadline:
                raise _too_slow()
    except urllib3.exceptions.TimeoutError as error:
        raise _too_slow() from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchRefused(
            "The connection broke while the page was being read. Try again, or save the page "
            "from your browser and upload it."
        ) from error
    charset = None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return FetchedPage(url=url, body=bytes(body), charset=charset)


def _seconds_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    return left


def _too_big() -> FetchRefused:
    return FetchRefused(
        f"The page is larger than {MAX_BYTES // 1_000_000} MB, more than an article needs. "
        "Save the page from your browser and upload it instead."
    )


def _too_slow() -> FetchRefused:
    return FetchRefused(
        f"The web server took longer than {settings.ARTICLE_FETCH_SECONDS} seconds to send the "
        "page. Try again later, or save the page from your browser and upload it."
    )
