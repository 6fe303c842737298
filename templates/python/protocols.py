class _Missing:
    """The type of `_MISSING`, the default of optional arguments: "not given", unlike `None`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


@dataclass(frozen=True)
class CallOptions:
    """Options of one call, passed as `call_options=` to any tracking method. Every field is
    optional; the plan does not check them, but `context` and `integrations` must be
    JSON-serialisable."""

    timestamp: Optional[datetime] = None
    """When the call happened (the client's clock at sending time when not given)."""
    message_id: Optional[str] = None
    """The caller's id of the message, for de-duplication (PostHog's `uuid` when it is a UUID)."""
    user_id: Optional[str] = None
    """The user this call is about, overriding the tracker's identity (`Tracker.with_identity`)."""
    anonymous_id: Optional[str] = None
    """The anonymous id this call is about, overriding the tracker's; both ids may be given."""
    context: Optional[Union[CallContext, Mapping[str, object]]] = None
    """The message context of this call, merged over the tracker's message context."""
    integrations: Optional[Mapping[str, object]] = None
    """Segment / RudderStack destination switches: `{"All": False, "Amplitude": True}`."""
    groups: Optional[Mapping[str, str]] = None
    """PostHog groups of this call (`{"company": "org_1"}`); ignored by Segment."""


@dataclass(frozen=True)
class SendOptions:
    """A call's options as a transport receives them (`options=`): the identity resolved (call
    options over the tracker's identity; for `identify` and `alias` the call's own user id), the
    mappings copied. The call's message context arrives merged, as `context=`."""

    user_id: Optional[str] = None
    """The user the call is about, if known."""
    anonymous_id: Optional[str] = None
    """The anonymous id the call is about, if known."""
    timestamp: Optional[datetime] = None
    """When the call happened, if given."""
    message_id: Optional[str] = None
    """The caller's message id, if given."""
    integrations: Optional[Dict[str, object]] = None
    """Destination switches, if given."""
    groups: Optional[Dict[str, str]] = None
    """PostHog groups, if given."""


class Transport(Protocol):
    """Where calls go. `track` is all a transport must have; `identify`, `group`, `page`, `screen`
    and `alias` are optional (`IdentifyTransport`, `GroupTransport`, `PageTransport`,
    `ScreenTransport`, `AliasTransport`): the tracker looks each one up when that call is made and
    hands a `TypeError` to its `on_error` when the transport lacks it. The tracker passes the
    message context (the plan identity at least) to every method as the keyword argument
    `context`, and, when the call has an identity or call options, the `SendOptions` as `options`
    (see `OptionsTransport`). `SegmentTransport`, `PostHogTransport` and `RecordingTransport`
    take both, on every method.
    """

    def track(self, event: str, properties: Mapping[str, object], /) -> None:
        """Sends event `event` with its properties (standard properties merged in)."""


class ContextTransport(Protocol):
    """A transport for a tracker with a message context: its methods take `context=`."""

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
    ) -> None:
        """Sends event `event` with its properties and, when given, the message context."""


class OptionsTransport(Protocol):
    """A transport that takes each call's identity and options (`options=`) besides `context=`."""

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Sends event `event` with its properties, the message context and the call's options."""


@runtime_checkable
class IdentifyTransport(Protocol):
    """A transport that sends `identify` calls."""

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Sets the traits of user `user_id`."""


@runtime_checkable
class GroupTransport(Protocol):
    """A transport that sends `group` calls."""

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Puts the call's user in group `group_id` and sets the group's traits."""


@runtime_checkable
class PageTransport(Protocol):
    """A transport that sends `page` calls."""

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Records a view of page `name` with its properties (standard properties merged in)."""


@runtime_checkable
class ScreenTransport(Protocol):
    """A transport that sends `screen` calls."""

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Records a view of screen `name` with its properties (standard properties merged in)."""


@runtime_checkable
class AliasTransport(Protocol):
    """A transport that sends `alias` calls."""

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Mapping[str, object] = ...,
        options: SendOptions = ...,
    ) -> None:
        """Tells the destination that `previous_id` (an earlier id) and `user_id` are one user."""


class TrackerCall(NamedTuple):
    """The call an error belongs to, as the tracker's `on_error` receives it."""

    kind: str
    """`track`, `identify`, `group`, `page`, `screen` or `alias`."""
    name: Optional[str]
    """The event's, page's or screen's wire name; `None` for `identify`, `group` and `alias`."""


def _lacks(transport: object, method: str, protocol: str) -> TypeError:
    return TypeError(
        f"{type(transport).__name__} has no `{method}` method, so it cannot send `{method}` calls "
        f"(see `{protocol}`)"
    )


def _send_options(
    options: Optional[CallOptions],
    user_id: Optional[str],
    anonymous_id: Optional[str],
    own_user_id: Optional[str] = None,
) -> Optional[SendOptions]:
    """The `SendOptions` of a call: `None` when it has neither call options nor an identity from
    the tracker (so transports without `options=` keep working). `own_user_id`, the user id of an
    `identify` or `alias` call, wins over the others. Raises `TypeError` when `context` or
    `integrations` is not JSON-serialisable."""
    if options is None and user_id is None and anonymous_id is None:
        return None
    if own_user_id is not None:
        user_id = own_user_id
    if options is None:
        return SendOptions(user_id, anonymous_id)
    if options.user_id is not None and own_user_id is None:
        user_id = options.user_id
    if options.anonymous_id is not None:
        anonymous_id = options.anonymous_id
    integrations = None if options.integrations is None else dict(options.integrations)
    try:
        json.dumps(integrations)
        json.dumps(options.context)
    except (TypeError, ValueError) as error:
        raise TypeError(f"call options must be JSON-serialisable: {error}") from None
    return SendOptions(
        user_id,
        anonymous_id,
        options.timestamp,
        options.message_id,
        integrations,
        None if options.groups is None else dict(options.groups),
    )
