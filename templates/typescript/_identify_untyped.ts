
/**
 * Identifies the user (the plan has no user traits). Does nothing when the transport has no
 * `identify`.
 *
 * @param userId - The user's id in your system.
 */
export function identify(core: TrackerCore, userId: string): Promise<void> {
  return core.identify(userId, {});
}
