
  /**
   * Identifies the user with their traits. Does nothing when the transport has no `identify`.
   *
   * @param userId - The user's id in your system.
   * @param traits - The user's traits.
   * @param options - The call's options ({@link CallOptions}).
   */
  identify(userId: string, traits: Traits, options?: CallOptions): Promise<void> {
    return identify(this.#core, userId, traits, options);
  }
