class SegmentClient(Protocol):
    """What `SegmentTransport` needs: `segment.analytics.Client`, or the `segment.analytics` module."""

    def track(
        self,
        *,
        user_id: Optional[str] = ...,
        event: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...

    def identify(
        self,
        *,
        user_id: Optional[str] = ...,
        traits: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...

    def group(
        self,
        *,
        user_id: Optional[str] = ...,
        group_id: Optional[str] = ...,
        traits: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...

    def page(
        self,
        *,
        user_id: Optional[str] = ...,
        name: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...

    def screen(
        self,
        *,
        user_id: Optional[str] = ...,
        name: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...

    def alias(
        self,
        *,
        previous_id: Optional[str] = ...,
        user_id: Optional[str] = ...,
        context: Optional[Dict[str, object]] = ...,
        timestamp: Optional[datetime] = ...,
        integrations: Optional[Dict[str, object]] = ...,
        message_id: Optional[str] = ...,
    ) -> object: ...


def _copy(context: Optional[Mapping[str, object]]) -> Optional[Dict[str, object]]:
    # A fresh dict per call: the Segment client adds `library` to the context it is given.
    return None if context is None else dict(context)


class _SegmentArgs(TypedDict):
    user_id: Optional[str]
    anonymous_id: Optional[str]
    context: Optional[Dict[str, object]]
    timestamp: Optional[datetime]
    integrations: Optional[Dict[str, object]]
    message_id: Optional[str]


def _segment_args(
    context: Optional[Mapping[str, object]], options: Optional[SendOptions]
) -> _SegmentArgs:
    """The keyword arguments every Segment call takes: the identity (one is required) and the
    call options."""
    o = SendOptions() if options is None else options
    if o.user_id is None and o.anonymous_id is None:
        raise ValueError(
            "a Segment call needs a user_id or an anonymous_id: give the tracker one "
            "(`Tracker.with_identity`) or the call (`CallOptions`)"
        )
    return {
        "user_id": o.user_id,
        "anonymous_id": o.anonymous_id,
        "context": _copy(context),
        "timestamp": o.timestamp,
        "integrations": o.integrations,
        "message_id": o.message_id,
    }


class SegmentTransport:
    """Sends calls with Segment's `segment-analytics-python` (or RudderStack's `rudder-sdk-python`,
    which has the same API): `track`, `identify`, `group`, `page`, `screen` and `alias`, each
    with the message context as the message's `context` and the call's identity (`userId` and/or
    `anonymousId`), `timestamp`, `messageId` and `integrations`. PostHog `groups` are ignored.

    `client` is a `segment.analytics.Client` or the `segment.analytics` module. One transport
    serves every user: the identity comes with each call (`Tracker.with_identity`, `CallOptions`);
    a call with neither id fails (to the tracker's `on_error`). Flushing and shutdown stay with
    the client.
    """

    def __init__(self, client: SegmentClient) -> None:
        self._client = client

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        args = _segment_args(context, options)
        self._client.track(event=event, properties=dict(properties), **args)

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        args = _segment_args(context, options)
        args["user_id"] = user_id
        self._client.identify(traits=dict(traits), **args)

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        args = _segment_args(context, options)
        self._client.group(group_id=group_id, traits=dict(traits), **args)

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        args = _segment_args(context, options)
        self._client.page(name=name, properties=dict(properties), **args)

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        args = _segment_args(context, options)
        self._client.screen(name=name, properties=dict(properties), **args)

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        o = SendOptions() if options is None else options
        self._client.alias(
            previous_id=previous_id,
            user_id=user_id,
            context=_copy(context),
            timestamp=o.timestamp,
            integrations=o.integrations,
            message_id=o.message_id,
        )


class PostHogClient(Protocol):
    """What `PostHogTransport` needs: a `posthog.Posthog` client, or the `posthog` module."""

    def capture(
        self,
        event: str,
        /,
        *,
        distinct_id: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        timestamp: Optional[datetime] = ...,
        uuid: Optional[str] = ...,
        groups: Optional[Dict[str, str]] = ...,
    ) -> object: ...

    def set(
        self,
        *,
        distinct_id: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        timestamp: Optional[datetime] = ...,
        uuid: Optional[str] = ...,
    ) -> object: ...

    def group_identify(
        self,
        group_type: str,
        group_key: str,
        properties: Optional[Dict[str, object]] = ...,
        timestamp: Optional[datetime] = ...,
        uuid: Optional[str] = ...,
        *,
        distinct_id: Optional[str] = ...,
    ) -> object: ...

    def alias(
        self,
        previous_id: str,
        distinct_id: str,
        timestamp: Optional[datetime] = ...,
        uuid: Optional[str] = ...,
    ) -> object: ...


def _uuid_text(message_id: Optional[str]) -> Optional[str]:
    """`message_id` when it is a UUID (PostHog's `uuid` must be one), else `None`."""
    if message_id is None:
        return None
    parts = message_id.split("-")
    if [len(part) for part in parts] != [8, 4, 4, 4, 12]:
        return None
    digits = "0123456789abcdefABCDEF"
    return message_id if all(c in digits for part in parts for c in part) else None


class PostHogTransport:
    """Sends calls with PostHog's `posthog` library: events as `capture`, traits with `set`, groups
    with `group_identify`, pages as `$pageview` and screens as `$screen` events, and `alias`.

    One transport serves every user: the `distinct_id` of a call is its user id, else its
    anonymous id (`Tracker.with_identity`, `CallOptions`); a call with neither fails (to the
    tracker's `on_error`). A call's `timestamp` is sent, its `message_id` as the `uuid` when it is
    a UUID (PostHog accepts no other), its `groups` as the event's `groups`. `group` sets the
    group's properties with `group_identify` (group type `group_type`, `"company"` unless given);
    PostHog keeps no group membership, so events name their groups in `CallOptions.groups`. A
    page's name is sent as its `$page_name` property and as `title` (the page title of
    posthog-js's `$pageview`s, unless the page has a property of that name), and a screen's as
    `$screen_name`. PostHog has no message context nor `integrations`: they are not sent.
    """

    def __init__(self, client: PostHogClient, group_type: str = "company") -> None:
        self._client = client
        self._group_type = group_type

    def _capture(
        self, event: str, properties: Dict[str, object], options: Optional[SendOptions]
    ) -> None:
        o = SendOptions() if options is None else options
        self._client.capture(
            event,
            distinct_id=_distinct_id(o),
            properties=properties,
            timestamp=o.timestamp,
            uuid=_uuid_text(o.message_id),
            groups=o.groups,
        )

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._capture(event, dict(properties), options)

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        o = SendOptions() if options is None else options
        self._client.set(
            distinct_id=user_id,
            properties=dict(traits),
            timestamp=o.timestamp,
            uuid=_uuid_text(o.message_id),
        )

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        o = SendOptions() if options is None else options
        self._client.group_identify(
            self._group_type,
            group_id,
            dict(traits),
            o.timestamp,
            _uuid_text(o.message_id),
            distinct_id=_distinct_id(o),
        )

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._capture("$pageview", {"title": name, **properties, "$page_name": name}, options)

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._capture("$screen", {"$screen_name": name, **properties}, options)

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        o = SendOptions() if options is None else options
        self._client.alias(previous_id, user_id, o.timestamp, _uuid_text(o.message_id))


def _distinct_id(options: SendOptions) -> str:
    distinct_id = options.user_id if options.user_id is not None else options.anonymous_id
    if distinct_id is None:
        raise ValueError(
            "a PostHog call needs a user_id or an anonymous_id: give the tracker one "
            "(`Tracker.with_identity`) or the call (`CallOptions`)"
        )
    return distinct_id
