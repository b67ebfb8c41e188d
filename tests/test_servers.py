import httpx

from tests.servers import HTTPServer, Reply


def test_http_server_serves_routes_in_order() -> None:
    with HTTPServer() as server:
        server.route("/a", [Reply(500), Reply(200, "ok")])
        assert httpx.get(server.url + "/a").status_code == 500
        assert httpx.get(server.url + "/a").text == "ok"
        assert httpx.get(server.url + "/a").text == "ok"
        assert httpx.get(server.url + "/missing").status_code == 404
        assert server.hits("/a") == 3
