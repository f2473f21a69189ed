"""OpenTelemetry traces and metrics of the SDK, recorded only where an application asked for them.

As OpenTelemetry expects of an instrumented library, the SDK depends on ``opentelemetry-api``
only (the ``timeback-common[otel]`` extra) and records through the global tracer and meter
providers. Until the application sets a real provider (``opentelemetry-sdk``, an agent...) those
are no-ops, and the SDK then skips its own work too: each request asks two cheap questions
(is the API installed, is a provider set) and goes on exactly as without telemetry. Without the
extra, ``opentelemetry`` is never imported: the first operation tries once and remembers.

What is recorded:

- one span per logical operation (``"oneroster GET /ims/.../users/{}"``, a list and all its
  pages: ``"oneroster list /ims/.../users"``), current while it runs, so that the token fetch
  (`telemetry_span` in ``timeback_auth``) and the circuit breaker's events land under it;
- each HTTP attempt as a child ``CLIENT`` span named ``"{method} {url.template}"`` with the
  HTTP client semantic conventions (``http.request.method``, ``url.full`` with secret-looking
  query values redacted, ``server.address``, ``server.port``, ``http.response.status_code``,
  ``error.type``, ``http.request.resend_count``, ``url.template``);
- each retry wait as a ``retry`` event of the operation span, with its reason and delay;
- the ``http.client.request.duration`` histogram (seconds, per attempt) and the
  ``timeback.client.retries`` counter, by service, operation, method, host and status.

The rest of the SDK reaches this module through `begin_call`, `begin_list`, `enabled`,
`current_span_event` and the public helpers `telemetry_operation`, `telemetry_span` and
`telemetry_count`.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    import httpx

    from timeback_common._retry import RetryDecision

__all__ = ["TelemetrySpan", "telemetry_count", "telemetry_operation", "telemetry_span"]

#: The instrumentation scope name of every span and instrument of the SDK.
SCOPE = "timeback"

AttributeValue: TypeAlias = "str | bool | int | float"

# The buckets OpenTelemetry's HTTP semantic conventions advise for request durations (seconds).
_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)

# Query parameters whose values never go into a span: they may carry credentials.
_SECRET_QUERY_WORDS = ("token", "secret", "key", "password", "signature", "sig", "code", "auth")

# The operation that requests made in this context belong to (a list fetching its pages, see
# `Operation.joined`, or a `telemetry_operation` block), so that each request records its
# attempts under that operation's span instead of opening one of its own.
_JOINED: contextvars.ContextVar[Operation | None] = contextvars.ContextVar(
    "timeback_joined_operation", default=None
)


class _OpenTelemetry:
    """The OpenTelemetry API, imported once, and the tracer and instruments of the current
    global providers (cached per provider, so an application setting its providers late is
    seen at the next operation)."""

    def __init__(self) -> None:
        import os

        from opentelemetry import context, metrics, trace
        from opentelemetry.metrics import _internal as metrics_internal

        self.context = context
        self.trace = trace
        self.metrics = metrics
        self._metrics_internal = metrics_internal
        # Whether `unset` may read the API's globals directly: they hold None until a provider
        # is set, unless an environment variable names one for the API to load on first use.
        self._globals_readable = (
            hasattr(trace, "_TRACER_PROVIDER")
            and hasattr(metrics_internal, "_METER_PROVIDER")
            and "OTEL_PYTHON_TRACER_PROVIDER" not in os.environ
            and "OTEL_PYTHON_METER_PROVIDER" not in os.environ
        )
        self._off_tracers = (trace.ProxyTracerProvider, trace.NoOpTracerProvider)
        off_meters: list[type] = [metrics.NoOpMeterProvider]
        try:  # the stand-in the API returns until a provider is set
            from opentelemetry.metrics._internal import _ProxyMeterProvider

            off_meters.append(_ProxyMeterProvider)
        except ImportError:  # pragma: no cover - a future API that moved it
            pass
        self._off_meters = tuple(off_meters)
        self._tracer: tuple[object, Any] | None = None
        self._instruments: tuple[object, _Instruments] | None = None

    def unset(self) -> bool:
        """True when the application has set neither provider (checked on every request).

        The public getters consult the environment on each call, which would add measurable
        work to every request of an application that never sets a provider.
        """
        return (
            self._globals_readable
            and self.trace._TRACER_PROVIDER is None
            and self._metrics_internal._METER_PROVIDER is None
        )

    def tracer(self) -> Any:
        provider = self.trace.get_tracer_provider()
        if isinstance(provider, self._off_tracers):
            return None
        cached = self._tracer
        if cached is None or cached[0] is not provider:
            cached = self._tracer = (provider, provider.get_tracer(SCOPE, _version()))
        return cached[1]

    def instruments(self) -> _Instruments | None:
        provider = self.metrics.get_meter_provider()
        if isinstance(provider, self._off_meters):
            return None
        cached = self._instruments
        if cached is None or cached[0] is not provider:
            cached = self._instruments = (provider, _Instruments(provider.get_meter(SCOPE)))
        return cached[1]


class _Instruments:
    """The SDK's instruments on one meter (counters of other packages are made on demand)."""

    def __init__(self, meter: Any) -> None:
        self.meter = meter
        duration = {
            "name": "http.client.request.duration",
            "unit": "s",
            "description": "Duration of HTTP client requests (one per attempt).",
        }
        try:
            self.duration = meter.create_histogram(
                **duration, explicit_bucket_boundaries_advisory=_DURATION_BUCKETS
            )
        except TypeError:  # an API before 1.30 takes no bucket advice: the default buckets
            self.duration = meter.create_histogram(**duration)
        self.retries = meter.create_counter(
            "timeback.client.retries",
            unit="{retry}",
            description="Attempts that failed and were retried.",
        )
        self._counters: dict[str, Any] = {}

    def counter(self, name: str, unit: str, description: str) -> Any:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = self.meter.create_counter(
                name, unit=unit, description=description
            )
        return counter


_api: _OpenTelemetry | None = None
_loaded = False


def _open() -> _OpenTelemetry | None:
    """The OpenTelemetry API, or None when it is not installed (tried once)."""
    global _api, _loaded
    if not _loaded:
        try:
            _api = _OpenTelemetry()
        except ImportError:
            _api = None
        _loaded = True
    return _api


def _version() -> str:
    from timeback_common._version import __version__

    return __version__


def enabled() -> bool:
    """Whether anything would be recorded now (the API is installed and a provider is set)."""
    api = _api if _loaded else _open()
    if api is None or api.unset():
        return False
    return api.tracer() is not None or api.instruments() is not None


class Operation:
    """One logical operation: its span (when tracing) and the attributes of its metrics."""

    __slots__ = ("_api", "_instruments", "_metric_attributes", "name", "service", "span")

    def __init__(
        self,
        api: _OpenTelemetry,
        tracer: Any,
        instruments: _Instruments | None,
        service: str,
        name: str,
        template: str,
        method: str,
    ) -> None:
        self._api = api
        self._instruments = instruments
        self.service = service
        self.name = name
        self._metric_attributes = {"timeback.service": service, "timeback.operation": name}
        self.span = (
            None
            if tracer is None
            else tracer.start_span(
                f"{service} {name}",
                attributes={
                    "timeback.service": service,
                    "timeback.operation": name,
                    "url.template": template,
                    **({"http.request.method": method} if method else {}),
                },
            )
        )

    def attempt(
        self,
        method: str,
        url: httpx.URL,
        template: str,
        outcome: object,
        attempt: int,
        elapsed: float,
        decision: RetryDecision | None,
    ) -> None:
        """Record one finished HTTP attempt (``outcome``: a status code or an error name)."""
        status = outcome if isinstance(outcome, int) else None
        error_type = str(outcome) if status is None else (str(status) if status >= 400 else None)
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        attributes: dict[str, AttributeValue] = {
            "http.request.method": method,
            "server.address": host,
            "server.port": port,
            "url.template": template,
        }
        if status is not None:
            attributes["http.response.status_code"] = status
        if error_type is not None:
            attributes["error.type"] = error_type
        instruments = self._instruments
        if instruments is not None:
            instruments.duration.record(elapsed, {**attributes, **self._metric_attributes})
        retrying = decision is not None and decision.retry
        if retrying and instruments is not None:
            instruments.retries.add(1, {**attributes, **self._metric_attributes})
        if self.span is None:
            return
        api = self._api
        end = time.time_ns()
        attributes["url.full"] = _redacted_url(url)
        if attempt > 1:
            attributes["http.request.resend_count"] = attempt - 1
        span = self._attempt_span(f"{method} {template}", attributes, end - int(elapsed * 1e9))
        if error_type is not None:
            span.set_status(api.trace.Status(api.trace.StatusCode.ERROR))
        span.end(end)
        if decision is not None and decision.retry:
            self.span.add_event(
                "retry",
                {
                    "timeback.retry.reason": decision.reason,
                    "timeback.retry.delay": decision.delay,
                    "timeback.retry.attempt": attempt,
                },
            )

    def _attempt_span(self, name: str, attributes: Mapping[str, AttributeValue], start: int) -> Any:
        api = self._api
        tracer = api.tracer()
        context = api.trace.set_span_in_context(self.span)
        if tracer is None:  # the application removed its provider meanwhile: record nothing
            return api.trace.INVALID_SPAN
        return tracer.start_span(
            name,
            context=context,
            kind=api.trace.SpanKind.CLIENT,
            attributes=attributes,
            start_time=start,
        )

    def end(self, error: BaseException | None) -> None:
        """End the span; an error (other than a consumer leaving early) marks it failed."""
        span = self.span
        if span is None:
            return
        if error is not None and not isinstance(error, GeneratorExit):
            trace = self._api.trace
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(trace.Status(trace.StatusCode.ERROR, str(error)))
        span.end()

    @contextmanager
    def current(self) -> Iterator[None]:
        """Make this operation current (its span the parent of what runs inside)."""
        context = self._api.context
        token = (
            None
            if self.span is None
            else context.attach(self._api.trace.set_span_in_context(self.span))
        )
        try:
            yield
        finally:
            if token is not None:
                context.detach(token)

    @contextmanager
    def running(self, scope: Literal["none", "current", "joined"]) -> Iterator[Operation]:
        """Run the block in this operation, then end it (failed if the block raised).

        ``scope``: ``"current"`` makes the operation current in the block, ``"joined"`` also
        makes the requests sent in it join the operation, ``"none"`` does neither (a block that
        yields to a consumer must not change the consumer's context).
        """
        scoped = (
            self.joined()
            if scope == "joined"
            else self.current()
            if scope == "current"
            else nullcontext()
        )
        try:
            with scoped:
                yield self
        except BaseException as exc:
            self.end(exc)
            raise
        self.end(None)

    @contextmanager
    def joined(self) -> Iterator[None]:
        """Make this operation current; the requests made inside join it (a list's pages)."""
        marker = _JOINED.set(self)
        try:
            with self.current():
                yield
        finally:
            _JOINED.reset(marker)


def begin_call(
    service: str, method: str, template: str
) -> AbstractContextManager[Operation] | None:
    """The telemetry of one request (None when nothing is recorded: the caller skips it all).

    Inside a list's page fetch, the request joins the list's operation.
    """
    joined = _JOINED.get()
    if joined is not None:
        return nullcontext(joined)
    api = _api if _loaded else _open()
    if api is None or api.unset():  # the common case, checked here: one call less per request
        return None
    operation = _begin(service, f"{method} {template}", template, method)
    return None if operation is None else operation.running("current")


@contextmanager
def telemetry_operation(service: str, name: str, template: str) -> Iterator[None]:
    """Record a block of several requests as one logical operation (one span).

    The requests sent inside the block (in this task, or in tasks and threads started from it
    with a copy of its context) record their HTTP attempts under the operation's span instead
    of opening spans of their own, and their metrics carry the operation's name. With no
    OpenTelemetry API installed or no provider set, this does nothing.

    Args:
        service: The service name (``"caliper"``).
        name: What the operation does (``"send"``); the span is named
            ``"{service} {name} {template}"``.
        template: The path template of its requests, e.g. ``"/caliper/event"``.

    Example:
        >>> with telemetry_operation("caliper", "send", "/caliper/event"):
        ...     pass  # the envelopes of one send
    """
    operation = _begin(service, f"{name} {template}", template, "")
    with nullcontext() if operation is None else operation.running("joined"):
        yield


def begin_list(service: str, template: str) -> Operation | None:
    """The operation of one walk over a paged collection (None when nothing is recorded)."""
    return _begin(service, f"list {template}", template, "GET")


def _begin(service: str, name: str, template: str, method: str) -> Operation | None:
    api = _api if _loaded else _open()
    if api is None or api.unset():
        return None
    tracer = api.tracer()
    instruments = api.instruments()
    if tracer is None and instruments is None:
        return None
    return Operation(api, tracer, instruments, service, name, template, method)


def current_span_event(name: str, attributes: Mapping[str, AttributeValue]) -> None:
    """Add an event to the current span (the running operation's), if one is recording."""
    api = _api if _loaded else _open()
    if api is None:
        return
    span = api.trace.get_current_span()
    if span.is_recording():
        span.add_event(name, attributes)


def _redacted_url(url: httpx.URL) -> str:
    """``url`` for a span: no user info, and values of secret-looking query keys redacted."""
    if not url.query:
        return str(url.copy_with(userinfo=b""))
    params = [
        (key, "REDACTED" if any(word in key.lower() for word in _SECRET_QUERY_WORDS) else value)
        for key, value in url.params.multi_items()
    ]
    return str(url.copy_with(userinfo=b"", params=params))


class TelemetrySpan:
    """A span opened by `telemetry_span`; does nothing when OpenTelemetry records nothing."""

    __slots__ = ("_api", "_span")

    def __init__(self, api: _OpenTelemetry | None, span: Any) -> None:
        self._api = api
        self._span = span

    @property
    def recording(self) -> bool:
        """Whether this span is recorded (a provider is set)."""
        return self._span is not None

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        """Set one attribute (e.g. ``http.response.status_code``) on the span.

        Args:
            key: The attribute name, preferably one of OpenTelemetry's semantic conventions.
            value: Its value.
        """
        if self._span is not None:
            self._span.set_attribute(key, value)


@contextmanager
def telemetry_span(
    name: str, attributes: Mapping[str, AttributeValue] | None = None
) -> Iterator[TelemetrySpan]:
    """Record an outgoing call of the SDK as an OpenTelemetry ``CLIENT`` span.

    The span is a child of the running operation (or of whatever span the application has
    made current) and is not made current itself, so the block may ``yield`` (as the token
    fetch in an httpx auth flow does). An exception leaving the block marks the span failed
    with ``error.type``. With no OpenTelemetry API installed or no tracer provider set, this
    does nothing and costs next to nothing.

    Args:
        name: The span name (low cardinality, e.g. ``"timeback_auth token"``).
        attributes: Attributes set when the span starts.

    Yields:
        The span, to add attributes learnt in the block.

    Example:
        >>> with telemetry_span("timeback_auth token", {"server.address": "a.example"}) as span:
        ...     span.set_attribute("http.response.status_code", 200)
    """
    api = _api if _loaded else _open()
    tracer = None if api is None else api.tracer()
    if api is None or tracer is None:
        yield TelemetrySpan(None, None)
        return
    span = tracer.start_span(name, kind=api.trace.SpanKind.CLIENT, attributes=attributes)
    try:
        yield TelemetrySpan(api, span)
    except BaseException as exc:
        span.set_attribute("error.type", type(exc).__name__)
        span.set_status(api.trace.Status(api.trace.StatusCode.ERROR, str(exc)))
        raise
    finally:
        span.end()


def telemetry_count(
    name: str,
    value: int = 1,
    attributes: Mapping[str, AttributeValue] | None = None,
    *,
    unit: str = "1",
    description: str = "",
) -> None:
    """Add ``value`` to the OpenTelemetry counter ``name`` (created on first use).

    Does nothing when no OpenTelemetry API is installed or no meter provider is set.

    Args:
        name: The counter's name, e.g. ``"timeback.caliper.events"``.
        value: How much to add (>= 0).
        attributes: The attributes of this measurement.
        unit: The counter's unit (UCUM, e.g. ``"{event}"``), used when it is created.
        description: What it counts, used when it is created.

    Example:
        >>> telemetry_count("timeback.caliper.events", 3, {"timeback.caliper.outcome": "sent"})
    """
    api = _api if _loaded else _open()
    instruments = None if api is None else api.instruments()
    if instruments is not None:
        instruments.counter(name, unit, description).add(value, attributes)
