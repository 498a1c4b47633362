"""A tiny OpenID Connect provider on a spare port of 127.0.0.1, for the sign-in tests: it
issues RS256 ID tokens (PyJWT, cryptography) from its token endpoint, publishes its key at
/jwks and answers /userinfo. The test plays the browser at the authorization step: it reads
the state, nonce and PKCE challenge from Thi Đua's redirect and calls `authorize`."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "thidua"
CLIENT_SECRET = "oidc-bí-mật-2026"
KID = "test-key-1"


class Provider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.audience = CLIENT_ID
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json(200, {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
                elif self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    self._json(200, claims) if claims else self._json(401, {"error": "invalid"})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                self._json(*provider.token(form))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def authorize(self, *, nonce: str, challenge: str, redirect_uri: str, claims: dict) -> str:
        """The user signed in at the provider: a one-time code for Thi Đua's callback."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": nonce,
            "challenge": challenge,
            "redirect_uri": redirect_uri,
            "claims": claims,
        }
        return code

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = grant["claims"]
        id_token = jwt.encode(
            {
                "iss": self.base,
                "sub": claims["sub"],
                "aud": self.audience,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
            },
            self.key,
            algorithm="RS256",
            headers={"kid": KID},
        )
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = claims
        return 200, {"access_token": access_token, "id_token": id_token, "token_type": "Bearer"}

    def settings(self) -> dict:
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "THIDUA_OIDC_ISSUER": self.base,
        }
