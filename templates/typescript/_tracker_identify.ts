
  /**
   * Identifies the user with their traits. Does nothing when the transport has no `identify`.
   *
   * @param userId - The user's id in your system.
   * @param traits - The user's traits.
   */
  async identify(userId: string, traits: Traits): Promise<void> {
    await identify(this.#core, userId, traits);
  }
