
/**
 * Puts the user in a group (the plan has no group traits). Does nothing when the transport has
 * no `group`.
 *
 * @param groupId - The group's id in your system.
 */
export function group(core: TrackerCore, groupId: string): Promise<void> {
  return core.group(groupId, {});
}
