"""A fake LTI 1.3 platform (an LMS) for the tests: its own RSA key, launch tokens signed with
PyJWT, and its key set, token, scores and membership endpoints on a local HTTP server."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from lti_tool.models import LtiDeployment, LtiRegistration

from quiz.lti.models import LtiLink

ISSUER = "https://lms.example"
CLIENT_ID = "quiz-client"
DEPLOYMENT_ID = "deployment-1"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakePlatform:
    """Start with `FakePlatform.start()`, stop with `stop()`. Scores it received are in
    `scores`; set `down = True` to answer every service call with 503, `hang_seconds` to
    answer it only after that long."""

    def __init__(self) -> None:
        self.key = new_rsa_key()
        self.kid = "platform-key-1"
        self.scores: list[dict] = []
        self.token_requests = 0
        self.members: list[dict] = []
        self.down = False
        self.hang_seconds = 0.0
        # Service calls being answered: one left hanging by a test must not land in the next.
        self.in_flight = 0
        self.in_flight_lock = threading.Lock()
        # What the platform's login step puts in the next launch (browser tests).
        self.next_launch: dict = {}
        self.tool_url = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @classmethod
    def start(cls) -> "FakePlatform":
        platform = cls()
        platform.thread.start()
        return platform

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def line_item_url(self) -> str:
        return f"{self.url}/lineitems/7/lineitem"

    def handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def reply(self, status: int, body: dict | None = None) -> None:
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def page(self, html: str) -> None:
                data = html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.startswith("/auth?"):
                    return self.page(platform.auth_page(self.path))
                if self.path == "/course":
                    return self.page(platform.course_page())
                if self.path == "/jwks":
                    public = json.loads(
                        jwt.algorithms.RSAAlgorithm.to_jwk(platform.key.public_key())
                    )
                    public.update(kid=platform.kid, alg="RS256", use="sig")
                    return self.reply(200, {"keys": [public]})
                if platform.down:
                    return self.reply(503)
                if self.path.startswith("/memberships"):
                    return self.reply(
                        200,
                        {
                            "id": self.path,
                            "context": {"id": "course-1"},
                            "members": platform.members,
                        },
                    )
                return self.reply(404)

            def do_POST(self) -> None:
                with platform.in_flight_lock:
                    platform.in_flight += 1
                try:
                    self.answer_post()
                finally:
                    with platform.in_flight_lock:
                        platform.in_flight -= 1

            def answer_post(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(platform.hang_seconds)
                if platform.down:
                    return self.reply(503)
                if self.path == "/token":
                    platform.token_requests += 1
                    return self.reply(
                        200,
                        {
                            "access_token": "service-token",
                            "token_type": "Bearer",
                            "expires_in": 3600,
                        },
                    )
                if self.path == "/lineitems/7/lineitem/scores":
                    if self.headers.get("Authorization") != "Bearer service-token":
                        return self.reply(401)
                    platform.scores.append(json.loads(body))
                    return self.reply(200)
                return self.reply(404)

        return Handler

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no service call is being answered (a test that made the platform hang
        leaves one sleeping after the tool gave up on it), so it lands in no later test."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.05)

    def auth_page(self, path: str) -> str:
        """The platform's OIDC authorisation step: a form posting the signed launch to the tool
        (a button without JavaScript, submitted by itself with it, as LMSs do)."""
        query = parse_qs(urlsplit(path).query)
        token = self.sign(self.claims(nonce=query["nonce"][0], **self.next_launch))
        return (
            "<!doctype html><html lang='en'><head><title>LMS</title></head><body><main>"
            f"<form id='launch' method='post' action='{query['redirect_uri'][0]}'>"
            f"<input type='hidden' name='id_token' value='{token}'>"
            f"<input type='hidden' name='state' value='{query['state'][0]}'>"
            "<button type='submit'>Continue to the activity</button></form>"
            "<script>document.getElementById('launch').submit();</script></main></body></html>"
        )

    def course_page(self) -> str:
        """A course page with the activity in an iframe, as Moodle shows it."""
        login = (
            f"{self.tool_url}/lti/login/?iss={ISSUER}&client_id={CLIENT_ID}"
            "&login_hint=hint-1&target_link_uri=" + f"{self.tool_url}/lti/launch/"
        )
        return (
            "<!doctype html><html lang='en'><head><title>History 9B: Fact-check quiz</title>"
            "<style>body{font-family:sans-serif;margin:0;background:#f2f4f7}"
            "header{background:#0f6cbf;color:#fff;padding:12px 24px;font-size:20px}"
            "main{padding:16px 24px}iframe{width:100%;height:560px;border:1px solid #ccc;"
            "background:#fff}</style></head><body><header>Moodle · History 9B</header>"
            "<main><h1>Fact-check quiz</h1>"
            f"<iframe title='Fact-check quiz' src='{login}'></iframe></main></body></html>"
        )

    # --- Registration and launches ----------------------------------------------------------

    def register(self) -> LtiRegistration:
        registration = LtiRegistration.objects.create(
            name="Test LMS",
            issuer=ISSUER,
            client_id=CLIENT_ID,
            auth_url=f"{self.url}/auth",
            token_url=f"{self.url}/token",
            keyset_url=f"{self.url}/jwks",
        )
        LtiDeployment.objects.create(
            registration=registration, deployment_id=DEPLOYMENT_ID, is_active=True
        )
        return registration

    def claims(
        self,
        *,
        nonce: str,
        sub: str = "student-1",
        roles: tuple[str, ...] = (LEARNER,),
        resource_link_id: str = "resource-1",
        link: LtiLink | None = None,
        message_type: str = "LtiResourceLinkRequest",
        now: float | None = None,
        **extra,
    ) -> dict:
        now = time.time() if now is None else now
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": int(now),
            "exp": int(now) + 60,
            "nonce": nonce,
            "name": f"Student {sub}",
            "given_name": "Student",
            "family_name": sub,
            CLAIM + "deployment_id": DEPLOYMENT_ID,
            CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "roles": list(roles),
            CLAIM + "context": {
                "id": "course-1",
                "title": "History 9B",
                "label": "HIS9B",
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitem": self.line_item_url,
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/memberships",
                "service_versions": ["2.0"],
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[CLAIM + "resource_link"] = {"id": resource_link_id, "title": "Quiz"}
            claims[CLAIM + "target_link_uri"] = "http://testserver/lti/launch/"
        else:
            claims[
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
            ] = {
                "deep_link_return_url": f"{ISSUER}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "opaque-platform-data",
            }
        if link is not None:
            claims[CLAIM + "custom"] = {"quiz_link": str(link.key)}
        claims.update(extra)
        return claims

    def sign(self, claims: dict, *, key=None) -> str:
        return jwt.encode(
            claims, key or self.key, algorithm="RS256", headers={"kid": self.kid}
        )

    def login(self, client: Client) -> tuple[str, str]:
        """The OIDC login initiation step; returns the (state, nonce) the tool asked for."""
        response = client.get(
            "/lti/login/",
            {
                "iss": ISSUER,
                "client_id": CLIENT_ID,
                "login_hint": "hint-1",
                "lti_message_hint": "message-hint-1",
                "target_link_uri": "http://testserver/lti/launch/",
            },
        )
        assert response.status_code == 302, response.content
        query = parse_qs(urlsplit(response["Location"]).query)
        return query["state"][0], query["nonce"][0]

    def launch(self, client: Client, *, key=None, **claim_options):
        """A whole launch: login, then the signed token posted to the tool."""
        state, nonce = self.login(client)
        token = self.sign(self.claims(nonce=nonce, **claim_options), key=key)
        return client.post("/lti/launch/", {"id_token": token, "state": state})


def other_nonce() -> str:
    return uuid.uuid4().hex
