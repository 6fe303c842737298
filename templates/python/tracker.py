
    def _context_value(self) -> Context:
        context = self._context
        return context() if callable(context) else context

    def _track(self, event: str, properties: Mapping[str, object]) -> None:
        context = self._message_context_value()
        if context is None:
            self._transport.track(event, properties)
        else:
            # The constructor's overloads take a message context only with a `ContextTransport`.
            cast(ContextTransport, self._transport).track(event, properties, context=context)

    def _identify(self, user_id: str, traits: Mapping[str, object]) -> None:
        transport = self._transport
        if not isinstance(transport, IdentifyTransport):
            raise _lacks(transport, "identify", "IdentifyTransport")
        context = self._message_context_value()
        if context is None:
            transport.identify(user_id, traits)
        else:
            transport.identify(user_id, traits, context=context)

    def _group(self, group_id: str, traits: Mapping[str, object]) -> None:
        transport = self._transport
        if not isinstance(transport, GroupTransport):
            raise _lacks(transport, "group", "GroupTransport")
        context = self._message_context_value()
        if context is None:
            transport.group(group_id, traits)
        else:
            transport.group(group_id, traits, context=context)

    def _page(self, name: str, properties: Mapping[str, object]) -> None:
        transport = self._transport
        if not isinstance(transport, PageTransport):
            raise _lacks(transport, "page", "PageTransport")
        context = self._message_context_value()
        if context is None:
            transport.page(name, properties)
        else:
            transport.page(name, properties, context=context)

    def _screen(self, name: str, properties: Mapping[str, object]) -> None:
        transport = self._transport
        if not isinstance(transport, ScreenTransport):
            raise _lacks(transport, "screen", "ScreenTransport")
        context = self._message_context_value()
        if context is None:
            transport.screen(name, properties)
        else:
            transport.screen(name, properties, context=context)

    def alias(self, user_id: str, previous_id: str) -> None:
        """Tells the destination that `previous_id` (an anonymous or earlier id) is user `user_id`.

        Args:
            user_id: The user's id from now on.
            previous_id: The id the user had before.
        """
        transport = self._transport
        if not isinstance(transport, AliasTransport):
            raise _lacks(transport, "alias", "AliasTransport")
        context = self._message_context_value()
        if context is None:
            transport.alias(user_id, previous_id)
        else:
            transport.alias(user_id, previous_id, context=context)
