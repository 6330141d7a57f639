"""jobclass serve as a real server process: tritonclient against /v2, the key and the logs, SIGTERM, workers."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="jobclass serve needs the 'serve' extra (fastapi)")
pytest.importorskip("uvicorn", reason="jobclass serve needs the 'serve' extra (uvicorn)")

KEY = "process-test-key-0b9e77c1"
ML_TEXT = "We deploy PyTorch models on Kubernetes with Docker, build feature stores and monitor model latency."
SECRET_TEXT = "Zyxwv-posting-marker-4417 we deploy PyTorch models on Kubernetes."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``jobclass serve`` in a child process, its output in a file."""

    def __init__(self, tmp_path: Path, *args: str, key: bool = False) -> None:
        self.port = free_port()
        self.log = tmp_path / f"server-{self.port}.log"
        command = [sys.executable, "-m", "classifier.cli", "serve", "--port", str(self.port), *args]
        if key:
            key_file = tmp_path / "key.txt"
            key_file.write_text(KEY + "\n")
            command += ["--api-key-file", str(key_file)]
        self.headers = {"Authorization": f"Bearer {KEY}"} if key else {}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}: {self.log.read_text()}")
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"the server did not get ready: {self.log.read_text()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: object = None, headers: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, {"text": raw.decode()}

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("keyed"), key=True)
    yield server
    server.stop()


def test_tritonclient_speaks_to_the_v2_routes(keyed_server):
    import numpy as np

    httpclient = pytest.importorskip("tritonclient.http", reason="needs tritonclient[http] (the test extra)")
    from classifier.predict import Predictor

    client = httpclient.InferenceServerClient(url=f"127.0.0.1:{keyed_server.port}")
    headers = keyed_server.headers
    assert client.is_server_live(headers=headers)
    assert client.is_server_ready(headers=headers)
    assert client.is_model_ready("jobclass", headers=headers)
    metadata = client.get_model_metadata("jobclass", headers=headers)
    assert metadata["inputs"][0]["name"] == "description"
    texts = [ML_TEXT, "Analyse experiments with statistics, forecasting and causal inference in R and SQL.", ""]
    expected = Predictor.load().predict_frame(__import__("pandas").DataFrame({"description": texts}), "description")
    for binary in (False, True):  # JSON tensor data, and the binary tensor extension (tritonclient's default)
        tensor = httpclient.InferInput("description", [len(texts)], "BYTES")
        tensor.set_data_from_numpy(np.array(texts, dtype=object), binary_data=binary)
        outputs = [httpclient.InferRequestedOutput(name, binary_data=False) for name in ("label", "probabilities")]
        result = client.infer("jobclass", [tensor], outputs=outputs, headers=headers)
        labels = [value.decode() if isinstance(value, bytes) else value for value in result.as_numpy("label")]
        assert labels == expected["label"].tolist()
        probabilities = result.as_numpy("probabilities")
        assert probabilities.shape == (3, 3)
        assert probabilities[0].tolist() == pytest.approx(
            [expected.loc[0, f"p_{label}"] for label in ("data_science", "ml_engineering", "other")]
        )
    assert not client.is_model_ready("jobclass")  # no key
    from tritonclient.utils import InferenceServerException

    with pytest.raises(InferenceServerException, match="missing or wrong API key"):
        client.infer("jobclass", [tensor])
    client.close()


def test_the_key_over_real_http_and_never_in_the_log(keyed_server):
    body = {"postings": [{"id": "s1", "description": SECRET_TEXT}]}
    assert keyed_server.request("POST", "/v1/classify", body)[0] == 401
    assert keyed_server.request("GET", "/metrics")[0] == 401
    assert keyed_server.request("POST", "/v1/classify", body, {"X-API-Key": KEY + "x"})[0] == 401
    status, reply = keyed_server.request("POST", "/v1/classify", body, keyed_server.headers)
    assert status == 200 and reply["results"][0]["label"] == "ml_engineering"
    assert keyed_server.request("POST", "/v1/skills", body, {"X-API-Key": KEY})[0] == 200
    assert keyed_server.request("POST", "/v1/classify", {"postings": "x"}, keyed_server.headers)[0] == 422
    assert keyed_server.request("GET", "/healthz")[0] == 200
    status, metrics = keyed_server.request("GET", "/metrics", headers=keyed_server.headers)
    assert 'status="401"' in metrics["text"]
    log = keyed_server.log.read_text()
    assert '"POST /v1/classify HTTP/1.1" 401' in log  # the access log is on, and has these requests
    assert KEY not in log
    assert "Zyxwv" not in log


def test_sigterm_finishes_the_request_in_flight_then_exits_0(tmp_path):
    server = Server(tmp_path)
    body = {"postings": [{"id": index, "description": ML_TEXT * 10} for index in range(6000)]}
    answers: list[tuple[int, dict]] = []
    thread = threading.Thread(target=lambda: answers.append(server.request("POST", "/v1/classify", body)))
    thread.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until the server is working on it (its batch has started)
        status, metrics = server.request("GET", "/metrics")
        if "jobclass_batch_size_count 1.0" in metrics["text"]:
            break
        time.sleep(0.02)
    else:
        pytest.fail("the large request never reached the model")
    stopped_at = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    code = server.process.wait(timeout=15)
    thread.join(timeout=15)
    assert code == 0, server.log.read_text()
    assert time.monotonic() - stopped_at < 10  # the bound on shutting down, not a speed figure
    assert answers and answers[0][0] == 200
    assert len(answers[0][1]["results"]) == 6000
    with pytest.raises(OSError):
        server.request("GET", "/healthz")
    log = server.log.read_text()
    assert "Shutting down" in log and "Traceback" not in log


def test_two_workers_serve_and_stop_on_sigterm(tmp_path):
    server = Server(tmp_path, "--workers", "2")
    try:
        for _ in range(4):
            status, reply = server.request("POST", "/v1/classify", {"postings": [{"description": ML_TEXT}]})
            assert status == 200 and reply["results"][0]["label"] == "ml_engineering"
    finally:
        code = server.stop()
    assert code == 0, server.log.read_text()
    assert server.log.read_text().count("Started server process") == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--api-key-file", "{tmp}/absent.txt"], "absent.txt: cannot read the API key file"),
        (["--api-key-file", "{tmp}/empty.txt"], "empty.txt: the API key file is empty; put the key on its first line"),
        (["--model", "{tmp}/absent.joblib"], "absent.joblib"),
    ],
)
def test_bad_options_fail_with_one_line_before_listening(tmp_path, arguments, message):
    from click.testing import CliRunner

    from classifier.cli import main

    (tmp_path / "empty.txt").write_text("")
    command = ["serve", "--port", str(free_port())] + [argument.format(tmp=tmp_path) for argument in arguments]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
