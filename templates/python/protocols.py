class _Missing:
    """The type of `_MISSING`, the default of optional arguments: "not given", unlike `None`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class Transport(Protocol):
    """Where calls go. `track` is all a transport must have; `identify`, `group`, `page`, `screen`
    and `alias` are optional (`IdentifyTransport`, `GroupTransport`, `PageTransport`,
    `ScreenTransport`, `AliasTransport`): the tracker looks each one up when that call is made and
    hands a `TypeError` to its `on_error` when the transport lacks it. A tracker given a message
    context passes it to every method as the keyword argument `context` (see `ContextTransport`);
    without one it never does, so two-argument methods keep working. `SegmentTransport` and
    `PostHogTransport` have them all.
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


@runtime_checkable
class IdentifyTransport(Protocol):
    """A transport that sends `identify` calls."""

    def identify(
        self, user_id: str, traits: Mapping[str, object], /, *, context: Mapping[str, object] = ...
    ) -> None:
        """Sets the traits of user `user_id`."""


@runtime_checkable
class GroupTransport(Protocol):
    """A transport that sends `group` calls."""

    def group(
        self, group_id: str, traits: Mapping[str, object], /, *, context: Mapping[str, object] = ...
    ) -> None:
        """Puts the current user in group `group_id` and sets the group's traits."""


@runtime_checkable
class PageTransport(Protocol):
    """A transport that sends `page` calls."""

    def page(
        self, name: str, properties: Mapping[str, object], /, *, context: Mapping[str, object] = ...
    ) -> None:
        """Records a view of page `name` with its properties (standard properties merged in)."""


@runtime_checkable
class ScreenTransport(Protocol):
    """A transport that sends `screen` calls."""

    def screen(
        self, name: str, properties: Mapping[str, object], /, *, context: Mapping[str, object] = ...
    ) -> None:
        """Records a view of screen `name` with its properties (standard properties merged in)."""


@runtime_checkable
class AliasTransport(Protocol):
    """A transport that sends `alias` calls."""

    def alias(
        self, user_id: str, previous_id: str, /, *, context: Mapping[str, object] = ...
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
