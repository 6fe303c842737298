
  /**
   * Links a previous id (an anonymous id, an old user id) to the user id. Does nothing when the
   * transport has no `alias`.
   *
   * @param userId - The user's id in your system.
   * @param previousId - The id the user had before.
   */
  async alias(userId: string, previousId: string): Promise<void> {
    await this.#run({ kind: 'alias' }, () => this.#transport.alias?.(userId, previousId, this.#message()));
  }

  async #send(event: string, properties: object): Promise<void> {
    await this.#run({ kind: 'track', name: event }, () =>
      this.#transport.track(event, { ...properties, ...this.#standard() }, this.#message()),
    );
  }

  async #page(name: string, properties: object): Promise<void> {
    await this.#run({ kind: 'page', name }, () =>
      this.#transport.page?.(name, { ...properties, ...this.#standard() }, this.#message()),
    );
  }

  async #screen(name: string, properties: object): Promise<void> {
    await this.#run({ kind: 'screen', name }, () =>
      this.#transport.screen?.(name, { ...properties, ...this.#standard() }, this.#message()),
    );
  }

  /** Runs one call: whatever it throws or rejects with goes to the error handler. */
  async #run(call: TrackerCall, send: () => void | Promise<void> | undefined): Promise<void> {
    try {
      await send();
    } catch (error: unknown) {
      this.#report(error, call);
      if (this.#options.throwOnError === true) {
        throw error;
      }
    }
  }

  #report(error: unknown, call: TrackerCall): void {
    try {
      if (this.#options.onError !== undefined) {
        this.#options.onError(error, call);
        return;
      }
      const key = call.name === undefined ? call.kind : `${call.kind} ${call.name}`;
      if (this.#reported.has(key)) {
        return;
      }
      this.#reported.add(key);
      const log = (globalThis as { console?: { error(...data: unknown[]): void } }).console;
      log?.error(`trackplan: the ${key} call failed (later failures of this call are not logged):`, error);
    } catch {
      // An error handler that throws must not take the app down either.
    }
  }

  #standard(): Context {
    return typeof this.#context === 'function' ? this.#context() : this.#context;
  }

  #message(): Record<string, unknown> {
    const context = typeof this.#messageContext === 'function' ? this.#messageContext() : this.#messageContext;
    return { ...context, trackplan: PLAN_IDENTITY };
  }
}

