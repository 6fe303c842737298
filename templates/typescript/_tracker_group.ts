
  /**
   * Puts the user in a group (an account, a company) with the group's traits. Does nothing when
   * the transport has no `group`.
   *
   * @param groupId - The group's id in your system.
   * @param traits - The group's traits.
   */
  group(groupId: string, traits: GroupTraits): Promise<void> {
    return group(this.#core, groupId, traits);
  }
