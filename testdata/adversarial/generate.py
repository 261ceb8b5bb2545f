#!/usr/bin/env python3
"""Writes the adversarial corpus of issue #16: every secret shape in several log dialects
and in every HAR place, each with a unique canary. Run from this directory; the outputs
are committed, so the test does not need Python. needles.txt lists, one a line, what must
never reach any output (the canary, or the encoded secret when the canary is encoded)."""
import base64, json

SHAPES = [
    ("env DB_PASSWORD", "DB_PASSWORD={c}hunter2"),
    ("env GITHUB_TOKEN", "GITHUB_TOKEN={c}x"),
    ("env SECRET_KEY", "SECRET_KEY={c}"),
    ("auth_token", "auth_token={c}"),
    ("CLAUDE_API_KEY", "CLAUDE_API_KEY={c}"),
    ("github ghp_", "ghp_aaaaaaaaaaaaaaaaaaaa{c}"),
    ("gitlab glpat-", "glpat-aaaaaaaaaaaaaaaa{c}"),
    ("slack xoxb-", "xoxb-1234567890-abcdefghij{c}"),
    ("stripe sk_live_", "sk_live_aaaaaaaaaaaa{c}"),
    ("google AIza", "AIzaSyaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa{c}"),
    ("huggingface hf_", "hf_aaaaaaaaaaaaaaaaaaaaaaaa{c}"),
    ("npm_", "npm_aaaaaaaaaaaaaaaaaaaaaaaa{c}"),
    ("openai sk-proj-", "sk-proj-aaaaaaaaaaaaaaaaaaaa{c}"),
    ("bare sk-", "sk-aaaaaaaaaaaaaaaaaaaaaaaa{c}"),
    ("PEM private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow{c}AAAA\nBBBB\n-----END RSA PRIVATE KEY-----"),
    ("slack webhook", "https://hooks.slack.com/services/T000/B000/{c}"),
    ("discord webhook", "https://discord.com/api/webhooks/123456/{c}"),
    ("SigV4 Signature", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature={c}fe5f80"),
    ("azure AccountKey", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={c}abc+/==;EndpointSuffix=core.windows.net"),
    ("azure SAS sig", "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig={c}%2Babc%3D&se=2026"),
    ("digest response", 'Authorization: Digest username="bob", realm="api", nonce="abc", uri="/", response="{c}a053"'),
    ("curl -u", "curl -u admin:{c} https://api.example.com"),
    ("--api-key X", "claude-proxy --api-key {c} --port 8080"),
    ("Pwd=", "Server=db;Uid=sa;Pwd={c};Database=app"),
    ("passphrase=", "passphrase={c}"),
    ("sessionid=", "sessionid={c}"),
    ("DSN password with @ and /", "postgres://app:p@ss/{c}@db.example.com:5432/app"),
    ("short Bearer", "Authorization: Bearer {c}"),
    ("url-encoded key", "key=sk%2Dant%2Dapi03%2D{c}aaaa"),
    ("upper-case SK-ANT", "SK-ANT-API03-{c}AAAAAAAAAA"),
    ("base64 header line", "b64:Authorization: Bearer {c}"),
    ("x-api-key header", "x-api-key: sk-ant-api03-{c}aaaaaaaa"),
    ("json password", '{{"password": "{c}"}}'),
    ("client_secret", "client_secret={c}"),
    ("aws_secret_access_key", "aws_secret_access_key={c}"),
    ("proxy url password", "https://user:{c}@proxy.example.com:3128"),
    ("JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ{c}.c2lnbmF0dXJl"),
    ("AWS key id", "AKIA{C16}"),
    ("ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY=sk-ant-api03-{c}aaaaaaaa"),
    ("sessionKey cookie", "Cookie: sessionKey=sk-ant-sid01-{c}aaaa; lastActiveOrg=org1"),
    ("X-Functions-Key", "X-Functions-Key: {c}"),
    ("Ocp-Apim-Subscription-Key", "Ocp-Apim-Subscription-Key: {c}"),
    ("yaml private_key", "private_key: {c}"),
    ("json privateKey", '{{"privateKey":"{c}"}}'),
    ("mfa_code", "mfa_code={c}"),
    ("claude code session url", "https://claude.ai/code/session_01{C16}"),
    ("github_pat_", "github_pat_11AAAAAAA0{c}aaaaaaaaaaaa"),
    ("Basic", "Authorization: Basic dXNlcjp{c}"),
    ("token=", "token={c}"),
    ("fragment access_token", "https://example.com/cb#access_token={c}&state=x"),
    ("query key", "https://example.com/v1?key={c}&beta=true"),
    ("X-Amz-Security-Token", "X-Amz-Security-Token: {c}"),
    ("--password=", "mysqldump --password={c} app"),
    ("aws_session_token", "aws_session_token={c}"),
    ("OAuth sk-ant-oat01", "Authorization: Bearer sk-ant-oat01-{c}aaaaaaaa"),
    ("admin key", "sk-ant-admin01-{c}aaaaaaaa"),
    ("code_verifier", "code_verifier={c}"),
    ("SAMLResponse", "SAMLResponse={c}"),
    ("__cf_bm", "__cf_bm={c}"),
    ("Stripe restricted rk_live_", "rk_live_aaaaaaaaaaaa{c}"),
]

needles = []


def secret(i, n):
    """The shape i with canary n, and the needle that must not come out."""
    c = "CANARY_%d" % n
    tmpl = SHAPES[i][1]
    c16 = ("CANARY%d" % n).ljust(16, "X")[:16]
    s = tmpl.replace("{c}", c).replace("{C16}", c16).replace("{{", "{").replace("}}", "}")
    needle = c if "{c}" in tmpl else c16[:10]
    if s.startswith("b64:"):
        s = base64.b64encode(s[4:].encode()).decode()
        needle = s
    needles.append(needle)
    return s


def oneline(s):
    return s.replace("\n", "\\n")


def js(s):
    return json.dumps(s)[1:-1]


DIALECTS = {
    "python-sdk": lambda m, n: "anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid credentials: %s'}, 'request_id': 'req_011CADV%d'}" % (oneline(m).replace("'", "\\'"), n),
    "claude-code": lambda m, n: '  \u23bf  API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid credentials: %s"},"request_id":"req_011CADV%d"}' % (js(m), n),
    "json-lines": lambda m, n: '{"ts":"2026-11-20T18:%02d:02.500Z","level":"error","msg":"claude call failed","method":"POST","url":"https://api.anthropic.com/v1/messages","status":401,"request_id":"req_011CADV%d","error":{"type":"authentication_error","message":"invalid credentials: %s"}}' % (n % 60, n, js(m)),
    "logfmt": lambda m, n: 'time=2026-11-20T19:%02d:05Z level=error msg="anthropic call failed" method=POST url=https://api.anthropic.com/v1/messages status=401 request_id=req_011CADV%d error.type=authentication_error error.message="invalid credentials: %s"' % (n % 60, n, oneline(m).replace('"', '\\"')),
    "go-sdk": lambda m, n: '2026/11/20 12:%02d:04 summarize: POST "https://api.anthropic.com/v1/messages": 401 Unauthorized (Request-ID: req_011CADV%d) {"type":"error","error":{"type":"authentication_error","message":"invalid credentials: %s"}}' % (n % 60, n, js(m)),
    "syslog": lambda m, n: "Nov 20 21:%02d:01 host1 assistant[4411]: anthropic.AuthenticationError: Error code: 401 - invalid credentials: %s" % (n % 60, oneline(m)),
    "typescript": lambda m, n: 'AuthenticationError: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid credentials: %s"},"request_id":"req_011CADV%d"}' % (js(m), n),
    "raw-lines": lambda m, n: "2026-11-20T09:%02d:03Z debug: %s" % (n % 60, oneline(m)),
}

for d, (name, line) in enumerate(DIALECTS.items()):
    lines = []
    for i in range(len(SHAPES)):
        n = (d + 1) * 100 + i
        lines.append(line(secret(i, n), n))
    if name == "raw-lines":
        lines.append("anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}")
    open("secrets-%s.log" % name, "w").write("\n".join(lines) + "\n")


def entry(i, url="https://api.anthropic.com/v1/messages", req_headers=(), cookies=(), query=(), post=None,
          status=401, resp_headers=(), body=None, mime="application/json", extra=None):
    if body is None:
        body = json.dumps({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}, "request_id": "req_011CADVH%d" % i})
    e = {
        "startedDateTime": "2026-11-20T09:%02d:%02d.000Z" % (i // 60 % 60, i % 60),
        "time": 12,
        "request": {"method": "POST", "url": url, "httpVersion": "HTTP/2",
                    "headers": [{"name": k, "value": v} for k, v in req_headers],
                    "queryString": [{"name": k, "value": v} for k, v in query],
                    "cookies": [{"name": k, "value": v} for k, v in cookies],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/2",
                     "headers": [{"name": "content-type", "value": mime}] + [{"name": k, "value": v} for k, v in resp_headers],
                     "cookies": [], "content": {"size": len(body), "mimeType": mime, "text": body},
                     "redirectURL": "", "headersSize": -1, "bodySize": len(body)},
        "cache": {}, "timings": {"send": 0, "wait": 12, "receive": 0},
    }
    if post is not None:
        e["request"]["postData"] = post
    if extra:
        e.update(extra)
    return e


PLACES = [
    ("request header", lambda s, i: entry(i, req_headers=[("x-debug", s)])),
    ("unknown secret header", lambda s, i: entry(i, req_headers=[("X-Vendor-Key", s)])),
    ("response header", lambda s, i: entry(i, resp_headers=[("x-error-detail", s)])),
    ("cookie", lambda s, i: entry(i, cookies=[("session", s)], req_headers=[("cookie", "session=" + s.replace(";", "%3B"))])),
    ("query", lambda s, i: entry(i, url="https://api.example.com/v1/messages?debug=" + s.replace(" ", "%20").replace("#", "%23").replace("&", "%26").replace("\n", "%0A"), query=[("debug", s)])),
    ("fragment", lambda s, i: entry(i, url="https://api.example.com/v1/messages#" + s.replace(" ", "%20").replace("\n", "%0A"))),
    ("path", lambda s, i: entry(i, url="https://api.example.com/v1/" + s.replace(" ", "%20").replace("#", "%23").replace("?", "%3F").replace("\n", "%0A") + "/messages")),
    ("postData text", lambda s, i: entry(i, url="https://api.example.com/login", post={"mimeType": "text/plain", "text": "config dump: " + s})),
    ("postData params", lambda s, i: entry(i, url="https://api.example.com/login", post={"mimeType": "application/x-www-form-urlencoded", "text": "", "params": [{"name": "note", "value": s}]})),
    ("error body message", lambda s, i: entry(i, body=json.dumps({"type": "error", "error": {"type": "authentication_error", "message": "invalid credentials: " + s}, "request_id": "req_011CADVH%d" % i}))),
    ("html error body", lambda s, i: entry(i, url="https://api.example.com/x", status=500, mime="text/html", body="<html><body><pre>" + s + "</pre></body></html>")),
    ("base64 body", lambda s, i: entry(i, status=400, body=base64.b64encode(json.dumps({"type": "error", "error": {"type": "invalid_request_error", "message": "bad: " + s}}).encode()).decode(), extra=None)),
    ("_error", lambda s, i: entry(i, status=0, body="", extra={"_error": "net::ERR_FAILED " + s})),
    ("sse error event", lambda s, i: entry(i, url="https://claude.ai/api/organizations/o/chat_conversations/c/completion", status=200, mime="text/event-stream",
                                            body="event: error\ndata: " + json.dumps({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded " + s}}) + "\n\n")),
    ("websocket", lambda s, i: entry(i, url="wss://api.example.com/socket", status=101, body="", extra={"_webSocketMessages": [{"type": "send", "time": 1.0, "opcode": 1, "data": s}]})),
]

har_entries = []
pages = []
for p, (pname, make) in enumerate(PLACES):
    for i in range(len(SHAPES)):
        n = 1000 + p * 100 + i
        har_entries.append(make(secret(i, n), len(har_entries)))
for i in range(len(SHAPES)):
    n = 3000 + i
    pages.append({"startedDateTime": "2026-11-20T09:00:00.000Z", "id": "page_%d" % i, "title": secret(i, n), "pageTimings": {}})
har = {"log": {"version": "1.2", "creator": {"name": "adversarial", "version": "1"}, "pages": pages, "entries": har_entries}}
open("secrets.har", "w").write(json.dumps(har) + "\n")
open("needles.txt", "w").write("\n".join(needles) + "\n")
