
    def _context_value(self) -> Context:
        context = self._context
        return context() if callable(context) else context

    def _report(self, error: Exception, call: TrackerCall) -> None:
        """Hands `error` to `on_error`; without one, logs the first error of each call once."""
        try:
            if self._on_error is not None:
                self._on_error(error, call)
                return
            key = call.kind if call.name is None else f"{call.kind} {call.name}"
            if key in self._reported:
                return
            self._reported.add(key)
            logging.getLogger("trackplan").error(
                "the %s call failed (later failures of this call are not logged)",
                key,
                exc_info=error,
            )
        except Exception:
            # An error handler that raises must not take the app down either.
            pass

    def _check(self, kind: str, name: str, payload: Mapping[str, object]) -> None:
        """Checks a call against the plan: raises in `throw` mode, hands violations to
        `on_violation` (or logs them) in `warn` mode."""
        violations = validate_payload(kind, name, payload)
        if not violations:
            return
        if self._validation == "throw":
            raise TrackingPlanViolation(violations)
        for violation in violations:
            try:
                if self._on_violation is not None:
                    self._on_violation(violation)
                    continue
                key = (kind, name, violation.path, violation.rule)
                if key in self._violations_logged or len(self._violations_logged) >= 1000:
                    continue
                self._violations_logged.add(key)
                _log_violation(violation)
            except Exception:
                # A violation handler that raises must not take the app down.
                pass

    def with_identity(
        self, *, user_id: Optional[str] = None, anonymous_id: Optional[str] = None
    ) -> Tracker:
        """A view of this tracker for one user: the same transport, context, handlers and
        validation, with calls about `user_id` and/or `anonymous_id` (call options still override
        them). Cheap: make one per request instead of a tracker or a transport per user."""
        view = copy.copy(self)
        view._user_id = user_id
        view._anonymous_id = anonymous_id
        view.pages = Pages(view._page)
        view.screens = Screens(view._screen)
        return view

    def _deliver(
        self,
        call: TrackerCall,
        protocol: Optional[type],
        payload: Optional[Mapping[str, object]],
        first: str,
        second: Optional[Union[str, Mapping[str, object]]],
        call_options: Optional[CallOptions],
        user_id: Optional[str] = None,
    ) -> None:
        """Checks `payload` (unless it is `None`) and sends one call with the transport's method
        named `call.kind`, which `protocol` (if any) says the transport may lack: `first` and
        `second` are its positional arguments. `user_id` is the call's own user id (`identify`,
        `alias`), which wins over the options'. Errors go to `_report`."""
        try:
            transport = self._transport
            if protocol is not None and not isinstance(transport, protocol):
                raise _lacks(transport, call.kind, protocol.__name__)
            method: Callable[..., object] = getattr(transport, call.kind)
            context = self._message_context_value(call_options)
            options = _send_options(call_options, self._user_id, self._anonymous_id, user_id)
        except Exception as error:
            self._report(error, call)
            return
        if payload is not None and self._validation != "off":
            self._check(call.kind, call.name or "", payload)
        try:
            if options is None:
                method(first, second, context=context)
            else:
                method(first, second, context=context, options=options)
        except Exception as error:
            self._report(error, call)

    def _track(
        self, event: str, properties: Mapping[str, object], options: Optional[CallOptions]
    ) -> None:
        try:
            merged = {**properties, **self._context_value()}
        except Exception as error:
            self._report(error, TrackerCall("track", event))
            return
        self._deliver(TrackerCall("track", event), None, merged, event, merged, options)

    def _identify(
        self, user_id: str, traits: Mapping[str, object], options: Optional[CallOptions]
    ) -> None:
        call = TrackerCall("identify", None)
        self._deliver(call, IdentifyTransport, traits, user_id, traits, options, user_id)

    def _group(
        self, group_id: str, traits: Mapping[str, object], options: Optional[CallOptions]
    ) -> None:
        call = TrackerCall("group", None)
        self._deliver(call, GroupTransport, traits, group_id, traits, options)

    def _page(
        self, name: str, properties: Mapping[str, object], options: Optional[CallOptions]
    ) -> None:
        try:
            merged = {**properties, **self._context_value()}
        except Exception as error:
            self._report(error, TrackerCall("page", name))
            return
        self._deliver(TrackerCall("page", name), PageTransport, merged, name, merged, options)

    def _screen(
        self, name: str, properties: Mapping[str, object], options: Optional[CallOptions]
    ) -> None:
        try:
            merged = {**properties, **self._context_value()}
        except Exception as error:
            self._report(error, TrackerCall("screen", name))
            return
        self._deliver(TrackerCall("screen", name), ScreenTransport, merged, name, merged, options)

    def alias(
        self, user_id: str, previous_id: str, *, call_options: Optional[CallOptions] = None
    ) -> None:
        """Tells the destination that `previous_id` (an anonymous or earlier id) is user `user_id`.

        Args:
            user_id: The user's id from now on.
            previous_id: The id the user had before.
            call_options: This call's timestamp, message id, context, integrations.
        """
        call = TrackerCall("alias", None)
        self._deliver(call, AliasTransport, None, user_id, previous_id, call_options, user_id)
