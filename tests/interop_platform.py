"""An LMS built on lti1p3platform (OpenLearning's LTI 1.3 platform library), not on our own code.

The library signs the launch and deep-linking requests, checks the tool's answer to the OIDC
login, validates the deep-linking response, issues service tokens against the tool's public key
and answers the score (AGS) and roster (NRPS) calls. What is left to a platform using it is
left to this module: storage (lists), the HTTP plumbing (a local server for the calls the tool
makes), and the checks the library leaves to its user (the redirect address and login hint).
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from lti1p3platform.lineitem import TLineItem
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest
from lti1p3platform.response import Response
from lti1p3platform.score import TScore, UpdateScoreStatus
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
    TPage,
)
from lti_tool.models import LtiDeployment, LtiRegistration

ISSUER = "https://lms.interop.example"
CLIENT_ID = "interop-client"
DEPLOYMENT_ID = "interop-deployment"
COURSE = Context(id="course-7", label="SCI7", title="Science 7")
TOOL = "http://testserver"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


class PlatformConfiguration(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        return self._registration


class DictRequest(Request):
    """A request as the library reads it, from the parts a handler has at hand."""

    def build_metadata(self, request: dict) -> TRequest:
        return {
            "method": request.get("method", "GET"),
            "form_data": request.get("form_data", {}),
            "get_data": request.get("get_data", {}),
            "headers": request.get("headers", {}),
            "content_type": request.get("content_type"),
            "path": request.get("path", ""),
            "json": request.get("json"),
        }


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    def __init__(self, request, platform_config, *, user: dict, prepare) -> None:
        super().__init__(request, platform_config)
        self.user = user
        self.prepare = prepare

    def prepare_launch(self, preflight_response: dict) -> None:
        # What the library leaves to the platform: the tool may only send the browser back to a
        # registered address, for the user who started the login.
        assert preflight_response["redirect_uri"] == f"{TOOL}/lti/launch/"
        assert preflight_response["login_hint"] == self.user["id"]
        self.set_user_data(
            self.user["id"], self.user["roles"], full_name=self.user["name"]
        )
        self.set_launch_context_claim(
            COURSE.id, context_title=COURSE.title, context_label=COURSE.label
        )
        self.prepare(self)

    def render_launch_form(self, launch_data: dict, **kwargs: Any) -> dict:
        """The fields of the form the LMS posts to the tool."""
        return launch_data


class Gradebook(AssignmentsGradesService):
    """The score service of the one line item each activity gets; the rest of AGS is unused by
    the tool."""

    def __init__(self, *args, platform: "InteropPlatform", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.platform = platform

    def update_score(self, line_item_id: str, score: TScore) -> UpdateScoreStatus:
        self.platform.scores.append({"line_item": line_item_id, **score})
        return UpdateScoreStatus.SUCCESS

    def find_lineitem(self, line_item_id: str) -> TLineItem:
        return self.platform.line_items[line_item_id]

    def find_lineitems(self, *args, **kwargs) -> TPage:
        raise NotImplementedError

    def create_lineitem(self, creation_data: TLineItem) -> TLineItem:
        raise NotImplementedError

    def update_lineitem(self, update_data: TLineItem) -> TLineItem:
        raise NotImplementedError

    def delete_lineitem(self, line_item_id: str) -> None:
        raise NotImplementedError

    def get_results(self, *args, **kwargs) -> TPage:
        raise NotImplementedError


class Roster(NamesRoleProvisioningService):
    def __init__(self, *args, platform: "InteropPlatform", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.platform = platform

    def get_member_data_page(self, *args, **kwargs) -> TPage:
        return {"content": list(self.platform.members), "has_next": False}

    def get_context_by_id(self) -> Context:
        return COURSE


class InteropPlatform:
    """Start with `InteropPlatform.start()`, register the tool with `register(client)`, stop
    with `stop()`. Scores the library accepted are in `scores`, each with its line item."""

    def __init__(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.public_pem = (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
            .decode()
        )
        self.scores: list[dict] = []
        self.line_items: dict[str, TLineItem] = {}
        self.members: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.registration = (
            Registration()
            .set_iss(ISSUER)
            .set_client_id(CLIENT_ID)
            .set_deployment_id(DEPLOYMENT_ID)
            .set_launch_url(f"{TOOL}/lti/launch/")
            .set_deeplink_launch_url(f"{TOOL}/lti/launch/")
            .set_oidc_login_url(f"{TOOL}/lti/login/")
            .set_platform_public_key(self.public_pem)
            .set_platform_private_key(self.private_pem)
        )

    @classmethod
    def start(cls) -> "InteropPlatform":
        platform = cls()
        platform.thread.start()
        return platform

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def configuration(self) -> PlatformConfiguration:
        return PlatformConfiguration(registration=self.registration)

    def register(self, tool: Client) -> None:
        """Both sides of the registration an LMS administrator does: the tool's public keys
        given to the platform (as Moodle's "RSA key" field, since the tool runs in the test
        client, where the platform's server cannot fetch them), the platform's addresses given to
        the tool."""
        self.registration.set_tool_key_set(tool.get("/lti/jwks/").json())
        registration = LtiRegistration.objects.create(
            name="lti1p3platform LMS",
            issuer=ISSUER,
            client_id=CLIENT_ID,
            auth_url=f"{self.url}/auth",
            token_url=f"{self.url}/token",
            keyset_url=f"{self.url}/jwks",
        )
        LtiDeployment.objects.create(
            registration=registration, deployment_id=DEPLOYMENT_ID, is_active=True
        )

    def line_item_url(self, line_item_id: str) -> str:
        return f"{self.url}/lineitems/{line_item_id}/lineitem"

    # --- A browser's way through a launch ----------------------------------------------------

    def launch(self, browser: Client, *, user: dict, prepare) -> Any:
        """The OIDC login started by the platform, answered by the tool, then the signed
        launch posted to the tool: returns the tool's answer to that post."""
        login = Login(DictRequest({}), self.configuration())
        login.set_lti_message_hint(hint="launch")
        to_tool = login.initiate_login(user["id"])
        asked = browser.get(to_tool)
        assert asked.status_code == 302, asked.content
        auth_request = urlsplit(asked["Location"])
        assert f"{auth_request.scheme}://{auth_request.netloc}" == self.url
        query = {
            name: values[0] for name, values in parse_qs(auth_request.query).items()
        }
        form = Launch(
            DictRequest({"get_data": query}),
            self.configuration(),
            user=user,
            prepare=prepare,
        ).lti_launch()
        return browser.post(
            form["launch_url"], {"id_token": form["id_token"], "state": form["state"]}
        )

    def accept_deep_link(self, jwt_value: str) -> list[dict]:
        """What the LMS does with the form the tool posts back: the library checks the tool's
        signature and the message, and returns the content items."""
        return self.configuration().validate_deeplinking_resp({"JWT": jwt_value})

    # --- The calls the tool makes ------------------------------------------------------------

    def handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def reply(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def answer(self, response: Response) -> None:
                if 200 <= response.code < 300:
                    self.reply(response.code, response.result or {})
                else:
                    self.reply(response.code, {"error": response.message})

            def request_data(self, body: bytes = b"") -> DictRequest:
                content_type = self.headers.get("Content-Type", "")
                return DictRequest(
                    {
                        "method": self.command,
                        "headers": dict(self.headers),
                        "content_type": content_type,
                        "path": urlsplit(self.path).path,
                        "get_data": {
                            name: values[0]
                            for name, values in parse_qs(
                                urlsplit(self.path).query
                            ).items()
                        },
                        "form_data": {
                            name: values[0]
                            for name, values in parse_qs(body.decode()).items()
                        }
                        if "form" in content_type
                        else {},
                        "json": json.loads(body) if "json" in content_type else None,
                    }
                )

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/jwks":
                    return self.reply(200, platform.configuration().get_jwks())
                if path == "/memberships":
                    roster = Roster(
                        self.request_data(),
                        platform.configuration(),
                        f"{platform.url}/memberships",
                        platform=platform,
                    )
                    return self.answer(roster.handle_resp(roster.handle_get_members))
                return self.reply(404, {})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                path = urlsplit(self.path).path
                if path == "/token":
                    try:
                        token = platform.configuration().get_access_token(
                            self.request_data(body).form_data
                        )
                    except (
                        Exception
                    ) as error:  # the library's refusals have no common base
                        return self.reply(400, {"error": str(error)})
                    return self.reply(200, token)
                parts = path.strip("/").split("/")
                if len(parts) == 4 and parts[0] == "lineitems" and parts[3] == "scores":
                    line_item_id = parts[1]
                    gradebook = Gradebook(
                        self.request_data(body),
                        platform.configuration(),
                        f"{platform.url}/lineitems",
                        platform.line_item_url(line_item_id),
                        platform=platform,
                    )
                    return self.answer(
                        gradebook.handle_resp(
                            gradebook.handle_update_score, line_item_id=line_item_id
                        )
                    )
                return self.reply(404, {})

        return Handler
