
/**
 * Puts the user in a group (an account, a company) with the group's traits. Does nothing when
 * the transport has no `group`.
 *
 * @param groupId - The group's id in your system.
 * @param traits - The group's traits.
 * @param options - The call's options ({@link CallOptions}).
 */
export function group(core: TrackerCore, groupId: string, traits: GroupTraits, options?: CallOptions): Promise<void> {
  return core.group(groupId, traits, () => (process.env.NODE_ENV !== 'production' ? $checker($checkGroup) : undefined), options);
}
