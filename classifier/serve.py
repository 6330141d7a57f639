"""``jobclass serve``: the classifier over HTTP (FastAPI on uvicorn; the optional extra ``jobclass[serve]``).

The routes are a thin layer over the library: labels come from :meth:`Predictor.predict_frame`, skills
from :func:`classifier.skills.get_matcher`, explanations from :meth:`Predictor.explain`. Concurrent
requests are gathered into batches (:class:`MicroBatcher`) so the vectorised path does the work, off
the event loop. Besides the JSON API (``/v1``) the server speaks the Open Inference Protocol v2
(``/v2``, as KServe, MLServer and Triton do), reports Prometheus metrics and serves a small page.

Nothing here logs a posting's text or the API key.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import os
import secrets
import struct
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from classifier import __version__
from classifier.errors import JobclassError
from classifier.predict import STATUS_OK, Predictor

logger = logging.getLogger("jobclass.serve")

MODEL_NAME = "jobclass"
#: Routes open without an API key: the health checks and the page (which carries no data).
OPEN_PATHS = frozenset({"/", "/healthz", "/readyz", "/v2/health/live", "/v2/health/ready"})
OPTIONS_ENVIRONMENT = "JOBCLASS_SERVE_OPTIONS"
PAGE_PATH = Path(__file__).resolve().parent / "serve_page.html"


@dataclass(frozen=True)
class ServeOptions:
    """How ``jobclass serve`` runs: where, which model, the key file, the limits and the batching."""

    host: str = "127.0.0.1"
    port: int = 8000
    model: Path | None = None
    #: a file holding the API key (its first line); None: no key needed
    api_key_file: Path | None = None
    workers: int = 1
    max_body_bytes: int = 10 * 1024 * 1024
    max_postings: int = 10_000
    #: micro-batching: at most this many postings per model call, waiting at most this long for them
    max_batch_size: int = 64
    max_batch_wait_ms: float = 2.0
    #: SIGTERM: in-flight requests get this long to finish
    graceful_timeout: float = 8.0
    access_log: bool = True

    def to_environment(self) -> str:
        """The options as JSON (paths, never the key itself), for worker processes."""
        values = dataclasses.asdict(self)
        return json.dumps({name: str(value) if isinstance(value, Path) else value for name, value in values.items()})

    @classmethod
    def from_environment(cls, text: str) -> ServeOptions:
        values = json.loads(text)
        for name in ("model", "api_key_file"):
            if values.get(name) is not None:
                values[name] = Path(values[name])
        return cls(**values)


def read_api_key(path: Path) -> str:
    """The key in ``path``: its first line, stripped. Refuses a missing, unreadable or empty file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise JobclassError(f"{path}: cannot read the API key file ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise JobclassError(f"{path}: the API key file is not UTF-8 text") from None
    key = lines[0].strip() if lines else ""
    if not key:
        raise JobclassError(f"{path}: the API key file is empty; put the key on its first line")
    return key


def check_options(options: ServeOptions) -> Predictor:
    """Load the model and read the key once, so bad options fail with one line before anything listens."""
    if options.api_key_file is not None:
        read_api_key(options.api_key_file)
    if options.workers < 1:
        raise JobclassError(f"--workers must be 1 or more, got {options.workers}")
    return Predictor.load(options.model)


# -- the library calls behind the routes -------------------------------------------------------------


def classify_texts(predictor: Predictor, texts: Sequence[str | None]) -> list[dict[str, Any]]:
    """Each text's label, confidence and probabilities, as ``predict_frame`` gives them; a text that cannot be
    classified (empty, no letters, no known skill or word) gets ``label: None`` and its reason in ``error``."""
    import pandas as pd

    frame = predictor.predict_frame(pd.DataFrame({"description": list(texts)}), "description")
    columns = [f"p_{label}" for label in predictor.labels]
    probabilities = frame[columns].to_numpy(dtype=float).tolist()
    results = []
    for label, confidence, row, status in zip(
        frame["label"].tolist(), frame["confidence"].tolist(), probabilities, frame["status"].tolist()
    ):
        if status == STATUS_OK:
            results.append(
                {
                    "label": label,
                    "confidence": confidence,
                    "probabilities": dict(zip(predictor.labels, row)),
                    "error": None,
                }
            )
        else:
            results.append({"label": None, "confidence": None, "probabilities": None, "error": status})
    return results


def skills_of(text: str | None, kinds: frozenset[str]) -> list[dict[str, object]]:
    """The taxonomy matches in one text, as ``jobclass skills --json`` prints them (offsets in characters)."""
    from classifier.skills import get_matcher

    if not text:
        return []
    return [match.to_dict() for match in get_matcher().find(text, kinds)]


def explain_text(predictor: Predictor, text: str, top: int) -> dict[str, Any]:
    """Why one posting gets its label: the label, probabilities and the ``top`` largest contributions."""
    explanation = predictor.explain(text)
    return {
        "label": explanation.label,
        "probabilities": explanation.probabilities,
        "score": explanation.score,
        "intercept": explanation.intercept,
        "contributions": [dataclasses.asdict(item) for item in explanation.contributions[:top]],
        "more": max(0, len(explanation.contributions) - top),
    }


def model_description(predictor: Predictor, version: str) -> dict[str, Any]:
    """What ``GET /v1/model`` tells: labels, training data summary, validation figures, versions."""
    metadata = predictor.metadata
    training = metadata.get("training_data", {})
    keep = ("split", "folds", "sources", "macro_f1", "accuracy", "f1_per_label")
    return {
        "name": MODEL_NAME,
        "version": version,
        "labels": predictor.labels,
        "jobclass_version": metadata.get("jobclass_version"),
        "created": metadata.get("created"),
        "taxonomy_version": metadata.get("taxonomy_version"),
        "training_data": {
            key: training[key]
            for key in ("source", "rows_read", "rows_used", "rows_per_label", "label_source", "sha256")
            if key in training
        },
        "validation": {
            name: {key: value for key, value in metadata[name].items() if key in keep}
            for name in ("cross_validation", "source_validation")
            if isinstance(metadata.get(name), dict)
        },
    }


def taxonomy_description() -> dict[str, Any]:
    """The built-in taxonomy's version and entries (name, kind, category, aliases, codes)."""
    from classifier.taxonomy import load_taxonomy

    loaded = load_taxonomy()
    return {
        "version": loaded.version,
        "entries": [{"kind": skill.kind, **skill.to_dict()} for skill in loaded],
    }


# -- micro-batching -----------------------------------------------------------------------------------


@dataclass
class _Job:
    texts: list[str | None]
    future: asyncio.Future[list[dict[str, Any]]]


class MicroBatcher:
    """Gathers the texts of concurrent requests into one model call (like MLServer's adaptive batching).

    A batch closes when it holds ``max_batch_size`` texts or ``max_wait`` seconds after its first
    request; it runs on ``executor`` (off the event loop), one batch at a time, while the next fills.
    A request larger than a batch runs as a batch of its own. ``on_batch`` hears each batch's size.
    ``in_flight`` (the requests the server is answering) makes the wait adaptive: a batch waits only
    while more requests are in flight than it holds, so a lone request never waits.
    """

    def __init__(
        self,
        run: Callable[[list[str | None]], list[dict[str, Any]]],
        executor: ThreadPoolExecutor,
        *,
        max_batch_size: int = 64,
        max_wait: float = 0.002,
        on_batch: Callable[[int], None] | None = None,
        in_flight: Callable[[], int] | None = None,
    ) -> None:
        self._run = run
        self._in_flight = in_flight
        self._executor = executor
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait
        self._on_batch = on_batch
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._held: _Job | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def submit(self, texts: list[str | None]) -> list[dict[str, Any]]:
        """The results of ``texts``, in order, once their batch has run."""
        if not texts:
            return []
        future: asyncio.Future[list[dict[str, Any]]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Job(texts, future))
        return await future

    async def _next_batch(self) -> list[_Job]:
        first = self._held if self._held is not None else await self._queue.get()
        self._held = None
        jobs, size = [first], len(first.texts)
        deadline = time.monotonic() + self.max_wait
        while size < self.max_batch_size:
            try:
                job = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self._in_flight is not None and self._in_flight() <= len(jobs)):
                    break
                try:
                    job = await asyncio.wait_for(self._queue.get(), remaining)
                except TimeoutError:
                    break
            if size + len(job.texts) > self.max_batch_size:
                self._held = job  # starts the next batch
                break
            jobs.append(job)
            size += len(job.texts)
        return jobs

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = await self._next_batch()
            texts = [text for job in jobs for text in job.texts]
            if self._on_batch is not None:
                self._on_batch(len(texts))
            try:
                results = await loop.run_in_executor(self._executor, self._run, texts)
            except Exception as error:  # noqa: BLE001 - each waiting request gets the error, the loop goes on
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(error)
                continue
            start = 0
            for job in jobs:
                if not job.future.done():  # a request whose client went away was cancelled
                    job.future.set_result(results[start : start + len(job.texts)])
                start += len(job.texts)


# -- metrics ------------------------------------------------------------------------------------------


class Metrics:
    """Prometheus metrics of one server process: requests, latency, batch sizes, errors by status."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        self.requests = Counter(
            "jobclass_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "jobclass_request_duration_seconds",
            "Time from request to the end of the response",
            ["route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )
        self.batch_size = Histogram(
            "jobclass_batch_size",
            "Postings per model call (micro-batches)",
            buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096, 10000),
            registry=self.registry,
        )
        self.errors = Counter("jobclass_errors", "Responses with status 4xx or 5xx", ["status"], registry=self.registry)
        self.postings = Counter("jobclass_postings", "Postings classified", registry=self.registry)
        self.in_flight_gauge = Gauge("jobclass_requests_in_flight", "Requests being answered", registry=self.registry)
        self.in_flight_gauge.set_function(lambda: self.in_flight)
        #: requests being answered now (the batcher waits for more only while there are)
        self.in_flight = 0

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if status >= 400:
            self.errors.labels(str(status)).inc()

    def text(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


# -- request and response shapes --------------------------------------------------------------------


class PostingIn(BaseModel):
    """One posting: its text (``description``), and an id and title the response carries back."""

    model_config = ConfigDict(extra="ignore")
    id: str | int | None = None
    title: str | None = None
    description: str | None


class PostingsIn(BaseModel):
    postings: list[PostingIn]


class ExplainIn(BaseModel):
    description: str
    top: int = Field(default=10, ge=1, le=100)


class ClassifyResult(BaseModel):
    id: str | int | None
    label: str | None
    confidence: float | None
    probabilities: dict[str, float] | None
    error: str | None = None


class ClassifyOut(BaseModel):
    model: dict[str, Any]
    results: list[ClassifyResult]


class SkillOut(BaseModel):
    name: str
    category: str
    kind: str
    start: int
    end: int
    text: str
    esco_uri: str | None = None
    onet_commodity_code: str | None = None
    onet_example: str | None = None


class SkillsResult(BaseModel):
    id: str | int | None
    skills: list[SkillOut]


class SkillsOut(BaseModel):
    model: dict[str, Any]
    results: list[SkillsResult]


class TensorIn(BaseModel):
    name: str
    shape: list[int]
    datatype: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    data: list[Any] | None = None


class InferIn(BaseModel):
    id: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    inputs: list[TensorIn]
    outputs: list[dict[str, Any]] | None = None


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema with its ``$defs`` written in place (for a request body in OpenAPI)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            if "$ref" in value:
                return inline(definitions[value["$ref"].rsplit("/", 1)[-1]])
            return {name: inline(item) for name, item in value.items()}
        if isinstance(value, list):
            return [inline(item) for item in value]
        return value

    return inline(schema)


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a route that reads a JSON body of ``model`` itself (see :func:`_parse`)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": _inline_schema(model)}}}}


async def _parse(request: Request, model: type[BaseModel]) -> Any:
    """The body as ``model``, parsed by pydantic's JSON parser whatever the content type (curl -d sends a form's)."""
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(error.errors()) from None


# -- errors -------------------------------------------------------------------------------------------


class _BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body passes the limit (an HTTPException, so FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit:,} bytes")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _validation_message(errors: Sequence[Any]) -> tuple[str, list[dict[str, Any]]]:
    """One line naming the first problem, and every problem without the input it was given (a posting's text)."""
    details = [
        {
            "location": [str(part) for part in error.get("loc", ())],
            "message": error.get("msg", ""),
            "type": error.get("type"),
        }
        for error in errors
    ]
    if not details:
        return "the request is not valid", details
    first = details[0]
    where = ".".join(part for part in first["location"] if part != "body") or "body"
    if first["type"] == "json_invalid":
        return f"malformed JSON: {first['message']}", details
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{where}: {first['message']}{more}", details


# -- the ASGI layer that guards every request: limits, key, metrics, no traceback -----------------------


class _Gate:
    """Pure ASGI middleware: the API key, the body limit, metrics, and a JSON 500 for a bug."""

    def __init__(self, app: Any, *, key: str | None, max_body_bytes: int, metrics: Metrics) -> None:
        self.app = app
        self.key = key.encode() if key is not None else None
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics

    def _authorised(self, headers: list[tuple[bytes, bytes]]) -> bool:
        assert self.key is not None
        given = b""
        for name, value in headers:
            if name == b"authorization" and value[:7].lower() == b"bearer ":
                given = value[7:].strip()
                break
            if name == b"x-api-key":
                given = value.strip()
                break
        return secrets.compare_digest(given, self.key)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500, "sent": False}
        self.metrics.in_flight += 1

        async def send_and_note(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
            await send(message)

        try:
            if self.key is not None and scope["path"] not in OPEN_PATHS and not self._authorised(scope["headers"]):
                response: Response = _error(
                    401, "missing or wrong API key: send Authorization: Bearer KEY or X-API-Key: KEY"
                )
                response.headers["WWW-Authenticate"] = "Bearer"
                await response(scope, receive, send_and_note)
                return
            length = next((value for name, value in scope["headers"] if name == b"content-length"), None)
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                await _error(413, f"request body over the limit of {self.max_body_bytes:,} bytes")(
                    scope, receive, send_and_note
                )
                return
            received = 0

            async def receive_limited() -> dict[str, Any]:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body_bytes:
                        raise _BodyTooLarge(self.max_body_bytes)
                return message

            await self.app(scope, receive_limited, send_and_note)
        except Exception as error:  # a bug: one log line without the request's content, and a JSON 500
            if os.environ.get("JOBCLASS_DEBUG"):
                logger.exception("unexpected error on %s", scope.get("path"))
            else:
                logger.error("unexpected %s on %s (JOBCLASS_DEBUG=1 logs where)", type(error).__name__, scope["path"])
            if not status["sent"]:
                await _error(500, f"internal error ({type(error).__name__}); the server's log says more")(
                    scope, receive, send_and_note
                )
        finally:
            self.metrics.in_flight -= 1
            route = scope.get("route")
            self.metrics.observe(
                scope["method"],
                getattr(route, "path", "(no route)"),
                int(status["code"]),
                time.perf_counter() - started,
            )


# -- Open Inference Protocol v2: binary tensor extension (BYTES inputs) --------------------------------


def _split_binary_request(body: bytes, header_length: str) -> tuple[dict[str, Any], bytes]:
    """The JSON header and the binary part of a request in the binary tensor data extension."""
    if not header_length.isdigit() or int(header_length) > len(body):
        raise HTTPException(422, "Inference-Header-Content-Length is not a length within the body")
    size = int(header_length)
    try:
        header = json.loads(body[:size])
    except ValueError as error:
        raise HTTPException(422, f"malformed JSON: {error}") from None
    return header, body[size:]


def _bytes_elements(data: bytes, where: str) -> list[str]:
    """A BYTES tensor in the binary extension: each element a little-endian uint32 length, then its bytes."""
    texts, position = [], 0
    while position < len(data):
        if position + 4 > len(data):
            raise HTTPException(422, f"{where}: binary BYTES data ends inside an element's length")
        (size,) = struct.unpack_from("<I", data, position)
        position += 4
        if position + size > len(data):
            raise HTTPException(422, f"{where}: binary BYTES data ends inside an element")
        texts.append(data[position : position + size].decode("utf-8", errors="replace"))
        position += size
    return texts


def infer_texts(request: InferIn, binary: bytes = b"") -> list[str]:
    """The postings of a v2 inference request: its BYTES input ``description`` (JSON or binary tensor data)."""
    found = [tensor for tensor in request.inputs if tensor.name == "description"]
    if not found:
        names = ", ".join(tensor.name for tensor in request.inputs) or "none"
        raise HTTPException(422, f"inputs: no input named 'description' (got {names})")
    tensor = found[0]
    if tensor.datatype != "BYTES":
        raise HTTPException(422, f"inputs.description: datatype must be BYTES, got {tensor.datatype}")
    if len(tensor.shape) not in (1, 2) or (len(tensor.shape) == 2 and tensor.shape[1] != 1):
        raise HTTPException(422, f"inputs.description: shape must be [n] (or [n, 1]), got {tensor.shape}")
    if "binary_data_size" in tensor.parameters:
        offset = 0
        for other in request.inputs:  # binary parts follow in the order of the inputs
            if other is tensor:
                break
            offset += int(other.parameters.get("binary_data_size", 0))
        size = int(tensor.parameters["binary_data_size"])
        texts = _bytes_elements(binary[offset : offset + size], "inputs.description")
    elif tensor.data is not None:
        flat = tensor.data
        while flat and isinstance(flat[0], list):  # nested JSON tensor data is allowed: flatten it
            flat = [item for row in flat for item in row]
        if not all(isinstance(item, str) for item in flat):
            raise HTTPException(422, "inputs.description: every element must be a string")
        texts = flat
    else:
        raise HTTPException(422, "inputs.description: no data")
    if len(texts) != tensor.shape[0]:
        raise HTTPException(422, f"inputs.description: shape says {tensor.shape[0]} elements, data has {len(texts)}")
    return texts


# -- the app ----------------------------------------------------------------------------------------------


def _model_version(predictor: Predictor) -> str:
    """The model file's digest, short: it changes whenever the model does."""
    if predictor.path is None:
        return "0"
    return hashlib.sha256(predictor.path.read_bytes()).hexdigest()[:12]


def create_app(options: ServeOptions = ServeOptions(), predictor: Predictor | None = None) -> FastAPI:  # noqa: B008
    """The HTTP app of ``jobclass serve``; ``predictor``: a model already loaded (default: ``options.model``)."""
    key = read_api_key(options.api_key_file) if options.api_key_file is not None else None
    predictor = predictor if predictor is not None else Predictor.load(options.model)
    version = _model_version(predictor)
    model_summary = {
        "name": MODEL_NAME,
        "version": version,
        "labels": predictor.labels,
        "taxonomy_version": predictor.metadata.get("taxonomy_version"),
    }
    metrics = Metrics()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobclass-model")

    def run_batch(texts: list[str | None]) -> list[dict[str, Any]]:
        results = classify_texts(predictor, texts)
        metrics.postings.inc(len(texts))
        return results

    batcher = MicroBatcher(
        run_batch,
        executor,
        max_batch_size=options.max_batch_size,
        max_wait=options.max_batch_wait_ms / 1000,
        on_batch=metrics.batch_size.observe,
        in_flight=lambda: metrics.in_flight,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        batcher.start()
        yield
        await batcher.stop()
        executor.shutdown(wait=True)

    app = FastAPI(
        title="jobclass",
        version=__version__,
        description="Labels job postings data_science, ml_engineering or other, and finds their skills.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads its scripts from a CDN; the description is at /openapi.json
        redoc_url=None,
    )
    app.state.batcher = batcher
    app.state.metrics = metrics

    def too_many(count: int) -> None:
        if count > options.max_postings:
            raise HTTPException(413, f"postings: {count:,} in one request, over the limit of {options.max_postings:,}")

    async def off_loop(function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(executor, function, *args)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        message, details = _validation_message(error.errors())
        return _error(422, message, details=details)

    @app.exception_handler(JobclassError)
    async def bad_value(request: Request, error: JobclassError) -> JSONResponse:
        return _error(422, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        response = _error(error.status_code, str(error.detail))
        response.headers.update(error.headers or {})
        return response

    @app.post("/v1/classify", response_model=ClassifyOut, tags=["v1"], openapi_extra=_json_body(PostingsIn))
    async def classify(request: Request) -> Response:
        """Label each posting: one result per posting, in order."""
        body = await _parse(request, PostingsIn)
        too_many(len(body.postings))
        results = await batcher.submit([posting.description for posting in body.postings])
        results = [{"id": posting.id, **result} for posting, result in zip(body.postings, results)]
        return JSONResponse({"model": model_summary, "results": results})

    @app.post("/v1/skills", response_model=SkillsOut, tags=["v1"], openapi_extra=_json_body(PostingsIn))
    async def skills(
        request: Request, kind: str = Query("skill", description="skill, context, all or categories")
    ) -> Response:
        """The skills in each posting, with kind, category, codes and character offsets."""
        from classifier.taxonomy import resolve_kinds

        body = await _parse(request, PostingsIn)
        too_many(len(body.postings))
        kinds = resolve_kinds(kind)
        texts = [posting.description for posting in body.postings]
        found = await off_loop(lambda: [skills_of(text, kinds) for text in texts])
        results = [{"id": posting.id, "skills": items} for posting, items in zip(body.postings, found)]
        return JSONResponse({"model": model_summary, "results": results})

    @app.post("/v1/explain", tags=["v1"], openapi_extra=_json_body(ExplainIn))
    async def explain(request: Request) -> Response:
        """Why one posting gets its label: probabilities and the largest contributions (skills and words)."""
        body = await _parse(request, ExplainIn)
        if not any(char.isalpha() for char in body.description):
            raise HTTPException(422, "description: nothing to explain, the text has no letters")
        return JSONResponse(await off_loop(explain_text, predictor, body.description, body.top))

    described = model_description(predictor, version)

    @app.get("/v1/model", tags=["v1"])
    async def model() -> dict[str, Any]:
        """The model: labels, training data, validation figures, versions."""
        return described

    @app.get("/v1/taxonomy", tags=["v1"])
    async def taxonomy() -> Response:
        """The built-in taxonomy: every entry's name, kind, category, aliases and standard codes."""
        return JSONResponse(await off_loop(taxonomy_description))

    # -- Open Inference Protocol v2 --
    model_metadata = {
        "name": MODEL_NAME,
        "versions": [version],
        "platform": "jobclass",
        "inputs": [{"name": "description", "datatype": "BYTES", "shape": [-1]}],
        "outputs": [
            {"name": "label", "datatype": "BYTES", "shape": [-1]},
            {"name": "confidence", "datatype": "FP32", "shape": [-1]},
            {"name": "probabilities", "datatype": "FP32", "shape": [-1, len(predictor.labels)]},
        ],
        "parameters": {"labels": predictor.labels},
    }

    @app.get("/v2", tags=["v2"])
    async def server_metadata() -> dict[str, Any]:
        return {"name": "jobclass", "version": __version__, "extensions": ["binary_tensor_data"]}

    @app.get("/v2/health/live", tags=["v2"])
    async def live() -> dict[str, bool]:
        return {"live": True}

    @app.get("/v2/health/ready", tags=["v2"])
    async def ready() -> Response:
        return JSONResponse({"ready": batcher.running}, status_code=200 if batcher.running else 503)

    def known_version(model_version: str | None) -> None:
        if model_version is not None and model_version != version:
            raise HTTPException(404, f"model {MODEL_NAME} has no version {model_version!r}; it has {version!r}")

    @app.get("/v2/models/{name}", tags=["v2"])
    @app.get("/v2/models/{name}/versions/{model_version}", tags=["v2"])
    async def metadata_v2(name: str, model_version: str | None = None) -> dict[str, Any]:
        known_model(name)
        known_version(model_version)
        return model_metadata

    @app.get("/v2/models/{name}/ready", tags=["v2"])
    @app.get("/v2/models/{name}/versions/{model_version}/ready", tags=["v2"])
    async def model_ready(name: str, model_version: str | None = None) -> Response:
        known_model(name)
        known_version(model_version)
        return JSONResponse({"name": MODEL_NAME, "ready": batcher.running}, status_code=200 if batcher.running else 503)

    def known_model(name: str) -> None:
        if name != MODEL_NAME:
            raise HTTPException(404, f"no model named {name!r}; this server has {MODEL_NAME!r}")

    @app.post("/v2/models/{name}/infer", tags=["v2"], openapi_extra=_json_body(InferIn))
    @app.post("/v2/models/{name}/versions/{model_version}/infer", tags=["v2"], openapi_extra=_json_body(InferIn))
    async def infer(name: str, request: Request, model_version: str | None = None) -> Response:
        """Open Inference Protocol v2: a BYTES input ``description`` of shape [n]; outputs label, confidence,
        probabilities (n x labels, in the order of the model's ``parameters.labels``)."""
        known_model(name)
        known_version(model_version)
        body = await request.body()
        binary = b""
        header_length = request.headers.get("inference-header-content-length")
        if header_length is not None:
            header, binary = _split_binary_request(body, header_length)
        try:
            parsed = InferIn.model_validate(header) if header_length is not None else InferIn.model_validate_json(body)
        except ValidationError as error:
            raise RequestValidationError(error.errors()) from None
        texts = infer_texts(parsed, binary)
        too_many(len(texts))
        results = await batcher.submit(list(texts))
        labels = [result["label"] or "" for result in results]
        confidence = [result["confidence"] if result["confidence"] is not None else float("nan") for result in results]
        nan_row = [float("nan")] * len(predictor.labels)
        probabilities = [
            [result["probabilities"][label] for label in predictor.labels] if result["probabilities"] else nan_row
            for result in results
        ]
        outputs = [
            {"name": "label", "datatype": "BYTES", "shape": [len(texts)], "data": labels},
            {"name": "confidence", "datatype": "FP32", "shape": [len(texts)], "data": confidence},
            {
                "name": "probabilities",
                "datatype": "FP32",
                "shape": [len(texts), len(predictor.labels)],
                "data": [value for row in probabilities for value in row],
            },
            {
                "name": "error",
                "datatype": "BYTES",
                "shape": [len(texts)],
                "data": [result["error"] or "" for result in results],
            },
        ]
        if parsed.outputs:
            wanted = {str(item.get("name")) for item in parsed.outputs}
            unknown = wanted - {output["name"] for output in outputs}
            if unknown:
                raise HTTPException(422, f"outputs: no output named {sorted(unknown)[0]!r}")
            outputs = [output for output in outputs if output["name"] in wanted]
        reply: dict[str, Any] = {"model_name": MODEL_NAME, "model_version": version, "outputs": outputs}
        if parsed.id is not None:
            reply["id"] = parsed.id
        return Response(_json_with_nulls(reply), media_type="application/json")  # no label: NaN, sent as null

    # -- operations --

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "alive"}

    @app.get("/readyz", tags=["operations"])
    async def readyz() -> Response:
        """The model is loaded and the batcher runs."""
        ready_now = batcher.running
        return JSONResponse({"ready": ready_now, "model": model_summary}, status_code=200 if ready_now else 503)

    @app.get("/metrics", tags=["operations"])
    async def metrics_text() -> Response:
        """Prometheus metrics (text format)."""
        from prometheus_client import CONTENT_TYPE_LATEST

        return Response(metrics.text(), media_type=CONTENT_TYPE_LATEST)

    page = PAGE_PATH.read_text(encoding="utf-8").replace("{{NEEDS_KEY}}", "true" if key is not None else "false")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        """A page to paste a posting into: its label, probabilities, contributions and skills."""
        return HTMLResponse(page)

    app.add_middleware(_Gate, key=key, max_body_bytes=options.max_body_bytes, metrics=metrics)
    return app


def _json_with_nulls(reply: dict[str, Any]) -> bytes:
    """JSON with every NaN as null."""

    def clean(value: Any) -> Any:
        if isinstance(value, float) and value != value:
            return None
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {name: clean(item) for name, item in value.items()}
        return value

    return json.dumps(clean(reply), allow_nan=False).encode()


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``jobclass serve --workers N`` (options in the environment)."""
    return create_app(ServeOptions.from_environment(os.environ[OPTIONS_ENVIRONMENT]))


def serve(options: ServeOptions, predictor: Predictor | None = None) -> None:
    """Run the server until SIGTERM or Ctrl-C; in-flight requests get ``options.graceful_timeout`` to finish."""
    import signal

    import uvicorn

    settings: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "timeout_graceful_shutdown": options.graceful_timeout,
        "access_log": options.access_log,
        "log_level": "info",
        "server_header": False,
    }
    if options.workers > 1:
        os.environ[OPTIONS_ENVIRONMENT] = options.to_environment()
        target: Any = "classifier.serve:app_from_environment"
        settings.update(factory=True, workers=options.workers)
    else:
        target = create_app(options, predictor)
    stopped: list[int] = []
    # uvicorn stops gracefully on SIGTERM and SIGINT, then raises the signal again: note it and return (exit 0)
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda number, frame: stopped.append(number))
    uvicorn.run(target, **settings)


__all__ = [
    "ServeOptions",
    "MicroBatcher",
    "Metrics",
    "create_app",
    "classify_texts",
    "skills_of",
    "explain_text",
    "model_description",
    "taxonomy_description",
    "infer_texts",
    "read_api_key",
    "check_options",
    "serve",
]
