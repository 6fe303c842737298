
  /**
   * Links a previous id (an anonymous id, an old user id) to the user id. Does nothing when the
   * transport has no `alias`.
   *
   * @param userId - The user's id in your system.
   * @param previousId - The id the user had before.
   */
  async alias(userId: string, previousId: string): Promise<void> {
    await this.#transport.alias?.(userId, previousId, this.#message());
  }

  async #send(event: string, properties: object): Promise<void> {
    await this.#transport.track(event, { ...this.#standard(), ...properties }, this.#message());
  }

  async #page(name: string, properties: object): Promise<void> {
    await this.#transport.page?.(name, { ...this.#standard(), ...properties }, this.#message());
  }

  async #screen(name: string, properties: object): Promise<void> {
    await this.#transport.screen?.(name, { ...this.#standard(), ...properties }, this.#message());
  }

  #standard(): Context {
    return typeof this.#context === 'function' ? this.#context() : this.#context;
  }

  #message(): Record<string, unknown> {
    const context = typeof this.#messageContext === 'function' ? this.#messageContext() : this.#messageContext;
    return { ...context };
  }
}

