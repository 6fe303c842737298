
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

    def _track(self, event: str, properties: Mapping[str, object]) -> None:
        try:
            merged = {**properties, **self._context_value()}
            context = self._message_context_value()
        except Exception as error:
            self._report(error, TrackerCall("track", event))
            return
        if self._validation != "off":
            self._check("track", event, merged)
        try:
            if context is None:
                self._transport.track(event, merged)
            else:
                # The constructor's overloads take a message context only with a `ContextTransport`.
                cast(ContextTransport, self._transport).track(event, merged, context=context)
        except Exception as error:
            self._report(error, TrackerCall("track", event))

    def _identify(self, user_id: str, traits: Mapping[str, object]) -> None:
        try:
            transport = self._transport
            if not isinstance(transport, IdentifyTransport):
                raise _lacks(transport, "identify", "IdentifyTransport")
            context = self._message_context_value()
        except Exception as error:
            self._report(error, TrackerCall("identify", None))
            return
        if self._validation != "off":
            self._check("identify", "", traits)
        try:
            if context is None:
                transport.identify(user_id, traits)
            else:
                transport.identify(user_id, traits, context=context)
        except Exception as error:
            self._report(error, TrackerCall("identify", None))

    def _group(self, group_id: str, traits: Mapping[str, object]) -> None:
        try:
            transport = self._transport
            if not isinstance(transport, GroupTransport):
                raise _lacks(transport, "group", "GroupTransport")
            context = self._message_context_value()
        except Exception as error:
            self._report(error, TrackerCall("group", None))
            return
        if self._validation != "off":
            self._check("group", "", traits)
        try:
            if context is None:
                transport.group(group_id, traits)
            else:
                transport.group(group_id, traits, context=context)
        except Exception as error:
            self._report(error, TrackerCall("group", None))

    def _page(self, name: str, properties: Mapping[str, object]) -> None:
        try:
            transport = self._transport
            if not isinstance(transport, PageTransport):
                raise _lacks(transport, "page", "PageTransport")
            merged = {**properties, **self._context_value()}
            context = self._message_context_value()
        except Exception as error:
            self._report(error, TrackerCall("page", name))
            return
        if self._validation != "off":
            self._check("page", name, merged)
        try:
            if context is None:
                transport.page(name, merged)
            else:
                transport.page(name, merged, context=context)
        except Exception as error:
            self._report(error, TrackerCall("page", name))

    def _screen(self, name: str, properties: Mapping[str, object]) -> None:
        try:
            transport = self._transport
            if not isinstance(transport, ScreenTransport):
                raise _lacks(transport, "screen", "ScreenTransport")
            merged = {**properties, **self._context_value()}
            context = self._message_context_value()
        except Exception as error:
            self._report(error, TrackerCall("screen", name))
            return
        if self._validation != "off":
            self._check("screen", name, merged)
        try:
            if context is None:
                transport.screen(name, merged)
            else:
                transport.screen(name, merged, context=context)
        except Exception as error:
            self._report(error, TrackerCall("screen", name))

    def alias(self, user_id: str, previous_id: str) -> None:
        """Tells the destination that `previous_id` (an anonymous or earlier id) is user `user_id`.

        Args:
            user_id: The user's id from now on.
            previous_id: The id the user had before.
        """
        try:
            transport = self._transport
            if not isinstance(transport, AliasTransport):
                raise _lacks(transport, "alias", "AliasTransport")
            context = self._message_context_value()
            if context is None:
                transport.alias(user_id, previous_id)
            else:
                transport.alias(user_id, previous_id, context=context)
        except Exception as error:
            self._report(error, TrackerCall("alias", None))
