"""jobclass serve in process (FastAPI's TestClient): every route, limit and error, and the micro-batcher."""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

pytest.importorskip("fastapi", reason="jobclass serve needs the 'serve' extra (fastapi)")
from fastapi.testclient import TestClient  # noqa: E402

from classifier.predict import Predictor  # noqa: E402
from classifier.serve import MicroBatcher, ServeOptions, create_app  # noqa: E402

ML_TEXT = "We deploy PyTorch models on Kubernetes with Docker, build feature stores and monitor model latency."
DS_TEXT = (
    "Analyse experiments with statistics, forecasting and causal inference in R and SQL; "
    "present actionable insights to product teams."
)
OTHER_TEXT = "Sell our SaaS to mid-market accounts with HubSpot and Salesforce; negotiation and quotas."
KEY = "s3cret-key-for-tests-7f1d"


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


@pytest.fixture(scope="module")
def client(predictor):
    with TestClient(create_app(ServeOptions(), predictor)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("key") / "key.txt"
    path.write_text(KEY + "\n")
    return path


@pytest.fixture(scope="module")
def keyed_client(predictor, key_file):
    with TestClient(create_app(ServeOptions(api_key_file=key_file), predictor)) as test_client:
        yield test_client


def postings(*texts: str | None) -> dict:
    return {"postings": [{"id": f"p{index}", "description": text} for index, text in enumerate(texts)]}


# -- /v1 ------------------------------------------------------------------------------------------------


def test_classify_gives_predict_frames_labels_in_order(client, predictor):
    texts = [ML_TEXT, DS_TEXT, OTHER_TEXT, ML_TEXT + " " + DS_TEXT]
    response = client.post("/v1/classify", json=postings(*texts))
    assert response.status_code == 200
    body = response.json()
    assert body["model"]["labels"] == predictor.labels
    expected = predictor.predict_frame(pd.DataFrame({"description": texts}), "description")
    assert [result["id"] for result in body["results"]] == ["p0", "p1", "p2", "p3"]
    assert [result["label"] for result in body["results"]] == expected["label"].tolist()
    assert [result["label"] for result in body["results"]] == predictor.predict(texts)
    for result, (_, row) in zip(body["results"], expected.iterrows()):
        assert result["confidence"] == row["confidence"]
        assert result["probabilities"] == {label: row[f"p_{label}"] for label in predictor.labels}
        assert result["error"] is None
    assert {result["label"] for result in body["results"][:3]} == {"ml_engineering", "data_science", "other"}


def test_an_empty_or_missing_text_still_gets_its_row(client):
    body = {
        "postings": [
            {"id": 1, "description": ""},
            {"id": 2, "title": "Data Scientist", "description": ML_TEXT},
            {"description": None},
            {"id": "x", "description": "1234 !!"},
        ]
    }
    results = client.post("/v1/classify", json=body).json()["results"]
    assert len(results) == 4
    assert results[0] == {"id": 1, "label": None, "confidence": None, "probabilities": None, "error": "empty text"}
    assert results[1]["id"] == 2 and results[1]["label"] == "ml_engineering"  # the title is not read
    assert results[2]["id"] is None and results[2]["error"] == "empty text"
    assert results[3]["error"] == "text has no letters"


def test_no_postings_gives_no_results(client):
    assert client.post("/v1/classify", json={"postings": []}).json()["results"] == []


def test_skills_with_kind_codes_and_offsets(client):
    from classifier.skills import get_matcher

    response = client.post("/v1/skills", json=postings(ML_TEXT, ""))
    assert response.status_code == 200
    first, empty = response.json()["results"]
    assert empty == {"id": "p1", "skills": []}
    assert [item["name"] for item in first["skills"]] == [match.name for match in get_matcher().find(ML_TEXT, "skill")]
    pytorch = next(item for item in first["skills"] if item["name"] == "PyTorch")
    assert ML_TEXT[pytorch["start"] : pytorch["end"]] == "PyTorch" == pytorch["text"]
    assert pytorch["kind"] == "skill" and pytorch["category"] == "library"
    assert set(pytorch) >= {"esco_uri", "onet_commodity_code", "onet_example"}
    everything = client.post("/v1/skills?kind=all", json=postings("Fintech startup; a degree in statistics.")).json()
    assert "context" in {item["kind"] for item in everything["results"][0]["skills"]}


def test_skills_unknown_kind_is_a_422_naming_it(client):
    response = client.post("/v1/skills?kind=nonsense", json=postings(ML_TEXT))
    assert response.status_code == 422
    assert response.json()["error"].startswith("unknown kind 'nonsense'")


def test_explain_sums_to_the_score(client, predictor):
    body = client.post("/v1/explain", json={"description": ML_TEXT, "top": 3}).json()
    explanation = predictor.explain(ML_TEXT)
    assert body["label"] == explanation.label
    assert len(body["contributions"]) == 3
    assert body["more"] == len(explanation.contributions) - 3
    assert body["contributions"][0]["feature"] == explanation.contributions[0].feature
    assert client.post("/v1/explain", json={"description": "1 2 3"}).status_code == 422


def test_model_and_taxonomy(client, predictor):
    from classifier.taxonomy import load_taxonomy

    model = client.get("/v1/model").json()
    assert model["labels"] == predictor.labels
    assert model["training_data"]["rows_used"] == predictor.metadata["training_data"]["rows_used"]
    assert model["validation"]["source_validation"]["macro_f1"] == predictor.metadata["source_validation"]["macro_f1"]
    assert len(model["version"]) == 12
    taxonomy = client.get("/v1/taxonomy").json()
    loaded = load_taxonomy()
    assert taxonomy["version"] == loaded.version
    assert [entry["name"] for entry in taxonomy["entries"]] == loaded.names
    assert {"kind", "category", "aliases"} <= set(taxonomy["entries"][0])


def test_openapi_describes_the_routes_and_bodies(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/classify", "/v1/skills", "/v2/models/{name}/infer", "/metrics", "/healthz"} <= set(spec["paths"])
    schema = spec["paths"]["/v1/classify"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["postings"]["items"]["required"] == ["description"]


def test_page_is_served_and_says_whether_a_key_is_needed(client, keyed_client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'data-needs-key="false"' in page.text
    keyed = keyed_client.get("/")  # no key: the page carries no data
    assert keyed.status_code == 200 and 'data-needs-key="true"' in keyed.text


# -- Open Inference Protocol v2 (our own requests; tritonclient's in test_serve_process.py) ---------------


def test_v2_health_and_metadata(client, predictor):
    assert client.get("/v2").json()["name"] == "jobclass"
    assert client.get("/v2/health/live").json() == {"live": True}
    assert client.get("/v2/health/ready").json() == {"ready": True}
    assert client.get("/v2/models/jobclass/ready").json()["ready"] is True
    metadata = client.get("/v2/models/jobclass").json()
    assert metadata["inputs"] == [{"name": "description", "datatype": "BYTES", "shape": [-1]}]
    assert {output["name"] for output in metadata["outputs"]} >= {"label", "probabilities"}
    version = metadata["versions"][0]
    assert client.get(f"/v2/models/jobclass/versions/{version}").status_code == 200
    assert client.get("/v2/models/jobclass/versions/nope").status_code == 404
    missing = client.get("/v2/models/other")
    assert missing.status_code == 404 and "no model named 'other'" in missing.json()["error"]


def infer_body(texts, **extra):
    return {"inputs": [{"name": "description", "shape": [len(texts)], "datatype": "BYTES", "data": texts}], **extra}


def test_v2_infer_json(client, predictor):
    texts = [ML_TEXT, DS_TEXT, ""]
    response = client.post("/v2/models/jobclass/infer", json=infer_body(texts, id="r1"))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "r1" and body["model_name"] == "jobclass"
    outputs = {output["name"]: output for output in body["outputs"]}
    expected = predictor.predict_frame(pd.DataFrame({"description": texts}), "description")
    assert outputs["label"]["data"] == expected["label"].tolist()  # "" where there is no label
    assert outputs["probabilities"]["shape"] == [3, len(predictor.labels)]
    first = [expected.loc[0, f"p_{label}"] for label in predictor.labels]
    assert outputs["probabilities"]["data"][:3] == first
    assert outputs["probabilities"]["data"][6:] == [None, None, None]
    assert outputs["error"]["data"] == ["", "", "empty text"]
    only = client.post("/v2/models/jobclass/infer", json=infer_body(texts, outputs=[{"name": "label"}])).json()
    assert [output["name"] for output in only["outputs"]] == ["label"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["x"]}]}, "no input named"),
        ({"inputs": [{"name": "description", "shape": [1], "datatype": "FP32", "data": [1.0]}]}, "must be BYTES"),
        ({"inputs": [{"name": "description", "shape": [2], "datatype": "BYTES", "data": ["x"]}]}, "shape says 2"),
        ({"inputs": [{"name": "description", "shape": [1], "datatype": "BYTES", "data": [3]}]}, "must be a string"),
        ({"inputs": [{"name": "description", "shape": [1], "datatype": "BYTES"}]}, "no data"),
        ({"inputs": "nope"}, "inputs"),
        (infer_body(["x"], outputs=[{"name": "nope"}]), "no output named 'nope'"),
    ],
)
def test_v2_infer_wrong_shapes_are_422(client, body, message):
    response = client.post("/v2/models/jobclass/infer", json=body)
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_v2_infer_binary_tensor_data(client, predictor):
    import struct

    texts = [ML_TEXT, DS_TEXT]
    binary = b"".join(struct.pack("<I", len(text.encode())) + text.encode() for text in texts)
    header = json.dumps(
        {
            "inputs": [
                {
                    "name": "description",
                    "shape": [2],
                    "datatype": "BYTES",
                    "parameters": {"binary_data_size": len(binary)},
                }
            ]
        }
    ).encode()
    response = client.post(
        "/v2/models/jobclass/infer",
        content=header + binary,
        headers={"Inference-Header-Content-Length": str(len(header)), "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200
    labels = next(output for output in response.json()["outputs"] if output["name"] == "label")["data"]
    assert labels == predictor.predict(texts)
    cut = client.post(
        "/v2/models/jobclass/infer",
        content=header + binary[:-5],
        headers={"Inference-Header-Content-Length": str(len(header))},
    )
    assert cut.status_code == 422 and "ends inside an element" in cut.json()["error"]


# -- limits and errors -----------------------------------------------------------------------------------


def test_malformed_json_and_wrong_shapes_are_one_line_422s(client):
    cases = {
        b"{not json": "malformed JSON",
        b'{"postings": {"id": 1}}': "postings: Input should be a valid array",
        b'{"postings": [{"id": 1}]}': "postings.0.description: Field required",
        b"[1, 2]": "Input should be an object",
        b"": "malformed JSON",
    }
    for raw, message in cases.items():
        response = client.post("/v1/classify", content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 422, raw
        error = response.json()["error"]
        assert message in error and "\n" not in error, raw


def test_a_422_does_not_echo_the_posting(client):
    secret = "confidential-posting-text-9931"
    response = client.post("/v1/classify", json={"postings": [{"id": {"nested": secret}, "description": secret}]})
    assert response.status_code == 422
    assert secret not in response.text


def test_bodies_over_10_mb_are_413(client):
    big = b'{"postings": [{"description": "' + b"x" * (10 * 1024 * 1024) + b'"}]}'
    response = client.post("/v1/classify", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "request body over the limit of 10,485,760 bytes"

    def chunks():  # no Content-Length: the limit is counted as the body arrives
        for _ in range(11):
            yield b" " * (1024 * 1024)

    streamed = client.post("/v1/classify", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_more_than_10000_postings_is_413(client):
    body = {"postings": [{"description": ""}] * 10_001}
    response = client.post("/v1/classify", json=body)
    assert response.status_code == 413
    assert response.json()["error"] == "postings: 10,001 in one request, over the limit of 10,000"
    assert client.post("/v1/skills", json=body).status_code == 413
    inferred = client.post("/v2/models/jobclass/infer", json=infer_body([""] * 10_001))
    assert inferred.status_code == 413
    assert (
        len(client.post("/v1/classify", json={"postings": [{"description": ""}] * 10_000}).json()["results"]) == 10_000
    )


def test_unknown_routes_and_methods_are_json(client):
    assert client.get("/nope").json() == {"error": "Not Found"}
    wrong = client.get("/v1/classify")
    assert wrong.status_code == 405 and wrong.json()["error"] == "Method Not Allowed"


def test_a_bug_is_a_json_500_and_one_log_line_without_the_text(predictor, caplog):
    class Broken:
        labels = predictor.labels
        metadata = predictor.metadata
        path = None

        def predict_frame(self, frame, *args, **kwargs):
            raise RuntimeError(f"cannot read {frame['description'][0]}")

    secret = "a posting that must not be logged 5521"
    # the CLI's commands stop "jobclass" logs reaching the root logger once one ran: listen on the server's own
    served = logging.getLogger("jobclass.serve")
    served.addHandler(caplog.handler)
    with TestClient(create_app(ServeOptions(), Broken()), raise_server_exceptions=False) as broken:  # type: ignore[arg-type]
        try:
            with caplog.at_level(logging.INFO):
                response = broken.post("/v1/classify", json=postings(secret))
        finally:
            served.removeHandler(caplog.handler)
        assert response.status_code == 500
        assert response.json() == {"error": "internal error (RuntimeError); the server's log says more"}
        assert secret not in caplog.text and "Traceback" not in caplog.text
        assert "unexpected RuntimeError on /v1/classify" in caplog.text
        assert broken.get("/healthz").status_code == 200  # the batcher goes on


# -- the API key ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/v1/classify"),
        ("post", "/v1/skills"),
        ("post", "/v1/explain"),
        ("get", "/v1/model"),
        ("get", "/v1/taxonomy"),
        ("get", "/metrics"),
        ("get", "/openapi.json"),
        ("get", "/v2"),
        ("get", "/v2/models/jobclass"),
        ("get", "/v2/models/jobclass/ready"),
        ("post", "/v2/models/jobclass/infer"),
    ],
)
def test_every_data_route_needs_the_key(keyed_client, method, path):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-API-Key": KEY[:-1]}, {"Authorization": KEY}):
        response = getattr(keyed_client, method)(path, headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"].startswith("missing or wrong API key")
        assert response.headers["www-authenticate"] == "Bearer"
        assert KEY not in response.text


def test_the_key_opens_the_routes_by_bearer_or_header(keyed_client):
    for headers in ({"Authorization": f"Bearer {KEY}"}, {"authorization": f"bearer {KEY}"}, {"X-API-Key": KEY}):
        assert keyed_client.post("/v1/classify", json=postings(ML_TEXT), headers=headers).status_code == 200
        assert keyed_client.get("/metrics", headers=headers).status_code == 200


def test_health_checks_need_no_key(keyed_client):
    for path in ("/healthz", "/readyz", "/v2/health/live", "/v2/health/ready", "/"):
        assert keyed_client.get(path).status_code == 200, path


def test_a_missing_or_empty_key_file_is_one_line(tmp_path, predictor):
    from classifier.errors import JobclassError

    with pytest.raises(JobclassError, match=r"missing\.txt: cannot read the API key file"):
        create_app(ServeOptions(api_key_file=tmp_path / "missing.txt"), predictor)
    (tmp_path / "empty.txt").write_text("\n  \n")
    with pytest.raises(JobclassError, match=r"empty\.txt: the API key file is empty"):
        create_app(ServeOptions(api_key_file=tmp_path / "empty.txt"), predictor)


def test_the_options_travel_to_workers_without_the_key(key_file):
    options = ServeOptions(port=9000, api_key_file=key_file, workers=2, max_batch_size=8)
    text = options.to_environment()
    assert KEY not in text
    assert ServeOptions.from_environment(text) == options
    assert KEY not in repr(options)


# -- metrics -------------------------------------------------------------------------------------------------


def test_metrics_count_requests_latency_batches_and_errors(predictor):
    with TestClient(create_app(ServeOptions(), predictor)) as fresh:
        fresh.post("/v1/classify", json=postings(ML_TEXT, DS_TEXT, OTHER_TEXT))
        fresh.post("/v1/classify", content=b"{", headers={"Content-Type": "application/json"})
        fresh.get("/nope")
        text = fresh.get("/metrics").text
    assert 'jobclass_requests_total{method="POST",route="/v1/classify",status="200"} 1.0' in text
    assert 'jobclass_requests_total{method="POST",route="/v1/classify",status="422"} 1.0' in text
    assert 'jobclass_errors_total{status="422"} 1.0' in text
    assert 'jobclass_errors_total{status="404"} 1.0' in text
    assert 'jobclass_request_duration_seconds_count{route="/v1/classify"} 2.0' in text
    assert "jobclass_batch_size_count 1.0" in text and "jobclass_batch_size_sum 3.0" in text
    assert "jobclass_postings_total 3.0" in text
    assert "jobclass_requests_in_flight 1.0" in text  # the /metrics request itself


# -- the micro-batcher ------------------------------------------------------------------------------------------


def run_batcher(coroutine_factory, **options):
    """Run ``coroutine_factory(batcher, sizes)`` with a batcher whose model echoes its texts."""
    sizes: list[int] = []

    def run(texts):
        if "boom" in texts:
            raise ValueError("boom")
        return [{"text": text} for text in texts]

    async def main():
        with ThreadPoolExecutor(1) as executor:
            batcher = MicroBatcher(run, executor, on_batch=sizes.append, **options)
            batcher.start()
            try:
                return await asyncio.wait_for(coroutine_factory(batcher), 30)
            finally:
                await batcher.stop()

    return asyncio.run(main()), sizes


def test_concurrent_requests_are_gathered_into_batches_and_answered_in_order():
    async def requests(batcher):
        return await asyncio.gather(*(batcher.submit([f"{index}a", f"{index}b"]) for index in range(20)))

    results, sizes = run_batcher(requests, max_batch_size=16, max_wait=1.0, in_flight=lambda: 20)
    assert results == [[{"text": f"{index}a"}, {"text": f"{index}b"}] for index in range(20)]
    assert sizes == [16, 16, 8]  # whole requests per batch, none split


def test_a_request_larger_than_a_batch_runs_alone():
    async def requests(batcher):
        return await asyncio.gather(
            batcher.submit(["a"]), batcher.submit([str(i) for i in range(50)]), batcher.submit(["z"])
        )

    results, sizes = run_batcher(requests, max_batch_size=8, max_wait=1.0, in_flight=lambda: 3)
    assert [len(result) for result in results] == [1, 50, 1]
    assert sizes == [1, 50, 1]


def test_a_lone_request_does_not_wait_for_company():
    async def request(batcher):
        return await batcher.submit(["only"])

    # a wait of an hour: the test would hang (and fail at 30 s) if a lone request waited for it
    results, sizes = run_batcher(request, max_batch_size=8, max_wait=3600, in_flight=lambda: 1)
    assert results == [{"text": "only"}] and sizes == [1]


def test_a_failing_batch_fails_its_requests_and_the_batcher_goes_on():
    async def requests(batcher):
        failed = await asyncio.gather(batcher.submit(["boom"]), batcher.submit(["fine"]), return_exceptions=True)
        return failed, await batcher.submit(["after"])

    (failed, after), _ = run_batcher(requests, max_batch_size=8, max_wait=1.0, in_flight=lambda: 2)
    assert all(isinstance(item, ValueError) for item in failed)
    assert after == [{"text": "after"}]
