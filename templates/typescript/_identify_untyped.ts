
/**
 * Identifies the user with any traits (the plan declares none, so none are checked). Does nothing
 * when the transport has no `identify`.
 *
 * @param userId - The user's id in your system.
 * @param traits - The user's traits: JSON values.
 * @param options - The call's options ({@link CallOptions}).
 */
export function identify(core: TrackerCore, userId: string, traits: Readonly<Record<string, JsonValue>> = {}, options?: CallOptions): Promise<void> {
  return core.identify(userId, traits, undefined, options);
}
