

@dataclass(frozen=True)
class RecordedCall:
    """One call a `RecordingTransport` received."""

    kind: str
    """`track`, `identify`, `group`, `page`, `screen` or `alias`."""
    name: Optional[str]
    """The event's, page's or screen's name, the user id (`identify`, `alias`) or the group id."""
    payload: Dict[str, object]
    """The properties (standard properties included) or traits; for `alias`, `previous_id`."""
    context: Dict[str, object]
    """The message context sent with the call (with `trackplan`, the plan identity)."""
    options: SendOptions
    """The call's identity and options."""


class RecordingTransport:
    """A transport for the app's own tests: keeps every call, in order, in `calls` and checks them
    with `assert_tracked`, `assert_page`, `assert_screen`, `assert_identified` and
    `assert_grouped` (each fails with an `AssertionError` naming the call, what was expected and
    the closest call recorded). `Tracker.recording(context)` makes a tracker with one.
    """

    calls: List[RecordedCall]
    """Every call received, oldest first."""

    def __init__(self) -> None:
        self.calls = []

    def clear(self) -> None:
        """Forgets every call recorded so far."""
        self.calls.clear()

    def _record(
        self,
        kind: str,
        name: str,
        payload: Mapping[str, object],
        context: Optional[Mapping[str, object]],
        options: Optional[SendOptions],
    ) -> None:
        self.calls.append(
            RecordedCall(
                kind,
                name,
                dict(payload),
                {} if context is None else dict(context),
                SendOptions() if options is None else options,
            )
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
        self._record("track", event, properties, context, options)

    def identify(
        self,
        user_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._record("identify", user_id, traits, context, options)

    def group(
        self,
        group_id: str,
        traits: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._record("group", group_id, traits, context, options)

    def page(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._record("page", name, properties, context, options)

    def screen(
        self,
        name: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._record("screen", name, properties, context, options)

    def alias(
        self,
        user_id: str,
        previous_id: str,
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
        options: Optional[SendOptions] = None,
    ) -> None:
        self._record("alias", user_id, {"previous_id": previous_id}, context, options)

    def _assert(
        self, kind: str, name: Optional[str], what: str, partial: Mapping[str, object]
    ) -> RecordedCall:
        """The first call of `kind` (named `name`, unless `None`) whose payload holds `partial`;
        else an `AssertionError` with the closest call."""
        same = [c for c in self.calls if c.kind == kind and (name is None or c.name == name)]
        for call in same:
            if all(k in call.payload and call.payload[k] == v for k, v in partial.items()):
                return call
        expected = f"{what} with {_show_all(partial)}" if partial else what
        if not same:
            kinds = sorted({f"{c.kind} {c.name}" for c in self.calls})
            seen = ", ".join(kinds) if kinds else "no calls"
            raise AssertionError(f"expected {expected}, but it was not recorded (recorded: {seen})")

        def misses(call: RecordedCall) -> int:
            return sum(1 for k, v in partial.items() if call.payload.get(k, _MISSING) != v)

        closest = min(same, key=misses)
        differs = ", ".join(
            f"{k}: expected {_show(v)}, got "
            + (_show(closest.payload[k]) if k in closest.payload else "nothing")
            for k, v in partial.items()
            if closest.payload.get(k, _MISSING) != v
        )
        raise AssertionError(
            f"expected {expected}; the closest of {len(same)} recorded differs in {differs} "
            f"(recorded: {_show_all(closest.payload)})"
        )

    def assert_tracked(self, event: EventName, /, **partial: object) -> RecordedCall:
        """The first `event` call whose properties hold `partial` (name: value); raises
        `AssertionError` otherwise."""
        return self._assert("track", event, f"event {_show(event)}", partial)

    def assert_page(self, name: PageName, /, **partial: object) -> RecordedCall:
        """The first view of page `name` whose properties hold `partial`."""
        return self._assert("page", name, f"page {_show(name)}", partial)

    def assert_screen(self, name: ScreenName, /, **partial: object) -> RecordedCall:
        """The first view of screen `name` whose properties hold `partial`."""
        return self._assert("screen", name, f"screen {_show(name)}", partial)

    def assert_identified(
        self, user_id: Optional[str] = None, /, **partial: object
    ) -> RecordedCall:
        """The first `identify` call (of `user_id`, unless `None`) whose traits hold `partial`."""
        what = "identify" if user_id is None else f"identify of {_show(user_id)}"
        return self._assert("identify", user_id, what, partial)

    def assert_grouped(self, group_id: Optional[str] = None, /, **partial: object) -> RecordedCall:
        """The first `group` call (of `group_id`, unless `None`) whose traits hold `partial`."""
        what = "group" if group_id is None else f"group {_show(group_id)}"
        return self._assert("group", group_id, what, partial)


def _show_all(values: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={_show(v)}" for k, v in values.items()) or "nothing"
