
/**
 * Puts the user in a group (the plan has no group traits). Does nothing when the transport has
 * no `group`.
 *
 * @param groupId - The group's id in your system.
 * @param options - The call's options ({@link CallOptions}).
 */
export function group(core: TrackerCore, groupId: string, options?: CallOptions): Promise<void> {
  return core.group(groupId, {}, undefined, options);
}
