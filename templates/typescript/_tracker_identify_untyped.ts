
  /**
   * Identifies the user (the plan has no user traits). Does nothing when the transport has no
   * `identify`.
   *
   * @param userId - The user's id in your system.
   */
  identify(userId: string): Promise<void> {
    return identify(this.#core, userId);
  }
