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
    ) -> object: ...

    def identify(
        self,
        *,
        user_id: Optional[str] = ...,
        traits: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
    ) -> object: ...

    def group(
        self,
        *,
        user_id: Optional[str] = ...,
        group_id: Optional[str] = ...,
        traits: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
    ) -> object: ...

    def page(
        self,
        *,
        user_id: Optional[str] = ...,
        name: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
    ) -> object: ...

    def screen(
        self,
        *,
        user_id: Optional[str] = ...,
        name: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        context: Optional[Dict[str, object]] = ...,
        anonymous_id: Optional[str] = ...,
    ) -> object: ...

    def alias(
        self,
        *,
        previous_id: Optional[str] = ...,
        user_id: Optional[str] = ...,
        context: Optional[Dict[str, object]] = ...,
    ) -> object: ...


def _copy(context: Optional[Mapping[str, object]]) -> Optional[Dict[str, object]]:
    # A fresh dict per call: the Segment client adds `library` to the context it is given.
    return None if context is None else dict(context)


class SegmentTransport:
    """Sends calls with Segment's `segment-analytics-python`: `track`, `identify`, `group`, `page`,
    `screen` and `alias`, each with the tracker's message context as the message's `context`.

    `client` is a `segment.analytics.Client` or the `segment.analytics` module; `user_id` and/or
    `anonymous_id` say whom the calls are about. Flushing and shutdown stay with the client.
    """

    def __init__(
        self,
        client: SegmentClient,
        user_id: Optional[str] = None,
        anonymous_id: Optional[str] = None,
    ) -> None:
        if user_id is None and anonymous_id is None:
            raise ValueError("SegmentTransport needs a user_id or an anonymous_id")
        self._client = client
        self._user_id = user_id
        self._anonymous_id = anonymous_id

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.track(
            user_id=self._user_id,
            anonymous_id=self._anonymous_id,
            event=event,
            properties=dict(properties),
            context=_copy(context),
        )

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.identify(
            user_id=user_id,
            anonymous_id=self._anonymous_id,
            traits=dict(traits),
            context=_copy(context),
        )

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.group(
            user_id=self._user_id,
            anonymous_id=self._anonymous_id,
            group_id=group_id,
            traits=dict(traits),
            context=_copy(context),
        )

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.page(
            user_id=self._user_id,
            anonymous_id=self._anonymous_id,
            name=name,
            properties=dict(properties),
            context=_copy(context),
        )

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.screen(
            user_id=self._user_id,
            anonymous_id=self._anonymous_id,
            name=name,
            properties=dict(properties),
            context=_copy(context),
        )

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.alias(previous_id=previous_id, user_id=user_id, context=_copy(context))


class PostHogClient(Protocol):
    """What `PostHogTransport` needs: a `posthog.Posthog` client, or the `posthog` module."""

    def capture(
        self,
        event: str,
        /,
        *,
        distinct_id: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
        groups: Optional[Dict[str, str]] = ...,
    ) -> object: ...

    def set(
        self,
        *,
        distinct_id: Optional[str] = ...,
        properties: Optional[Dict[str, object]] = ...,
    ) -> object: ...

    def group_identify(
        self,
        group_type: str,
        group_key: str,
        properties: Optional[Dict[str, object]] = ...,
        *,
        distinct_id: Optional[str] = ...,
    ) -> object: ...

    def alias(self, previous_id: str, distinct_id: str) -> object: ...


class PostHogTransport:
    """Sends calls with PostHog's `posthog` library: events as `capture`, traits with `set`, groups
    with `group_identify`, pages as `$pageview` and screens as `$screen` events, and `alias`.

    `group` also puts the user's later events in that group (`groups={group_type: group_id}` on
    every `capture`); `group_type` is the PostHog group type, `"company"` unless given. A page's
    name is sent as its `$page_name` property and as `title` (the page title of posthog-js's
    `$pageview`s, unless the page has a property of that name), and a screen's as `$screen_name`. PostHog has
    no message context: a tracker's message context is accepted and not sent.
    """

    def __init__(
        self, client: PostHogClient, distinct_id: str, group_type: str = "company"
    ) -> None:
        self._client = client
        self._distinct_id = distinct_id
        self._group_type = group_type
        self._groups: Dict[str, str] = {}

    def _capture(self, event: str, properties: Dict[str, object]) -> None:
        if self._groups:
            self._client.capture(
                event,
                distinct_id=self._distinct_id,
                properties=properties,
                groups=dict(self._groups),
            )
        else:
            self._client.capture(event, distinct_id=self._distinct_id, properties=properties)

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._capture(event, dict(properties))

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.set(distinct_id=user_id, properties=dict(traits))

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._groups[self._group_type] = group_id
        self._client.group_identify(
            self._group_type, group_id, dict(traits), distinct_id=self._distinct_id
        )

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._capture("$pageview", {"title": name, **properties, "$page_name": name})

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._capture("$screen", {"$screen_name": name, **properties})

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._client.alias(previous_id, user_id)
