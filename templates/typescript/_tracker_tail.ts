
  /**
   * Links a previous id (an anonymous id, an old user id) to the user id. Does nothing when the
   * transport has no `alias`.
   *
   * @param userId - The user's id in your system.
   * @param previousId - The id the user had before.
   * @param options - The call's options ({@link CallOptions}).
   */
  alias(userId: string, previousId: string, options?: CallOptions): Promise<void> {
    return alias(this.#core, userId, previousId, options);
  }
}
