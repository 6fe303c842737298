
  /**
   * Identifies the user (the plan has no user traits). Does nothing when the transport has no
   * `identify`.
   *
   * @param userId - The user's id in your system.
   */
  async identify(userId: string): Promise<void> {
    await identify(this.#core, userId);
  }
