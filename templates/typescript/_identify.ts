
/**
 * Identifies the user with their traits. Does nothing when the transport has no `identify`.
 *
 * @param userId - The user's id in your system.
 * @param traits - The user's traits.
 * @param options - The call's options ({@link CallOptions}).
 */
export function identify(core: TrackerCore, userId: string, traits: Traits, options?: CallOptions): Promise<void> {
  return core.identify(userId, traits, () => (process.env.NODE_ENV !== 'production' ? $checker($checkIdentify) : undefined), options);
}
