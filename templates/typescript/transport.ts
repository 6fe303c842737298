/**
 * Where the tracker sends calls: implement it to use any analytics client or your own endpoint,
 * or use one of the adapters at the end of this module. Only `track` is required; the tracker
 * skips a call whose method the transport does not have.
 *
 * Every method receives the message context last: the fields of the message's `context` object
 * (Segment, RudderStack), `{}` when the tracker has none.
 */
export interface Transport {
  /** Sends one event: its wire name and its properties (standard properties included). */
  track(event: string, properties: Record<string, unknown>, context: Record<string, unknown>): void | Promise<void>;
  /** Identifies a user with their traits. */
  identify?(userId: string, traits: Record<string, unknown>, context: Record<string, unknown>): void | Promise<void>;
  /** Puts the user in a group (an account, a company) and sets the group's traits. */
  group?(groupId: string, traits: Record<string, unknown>, context: Record<string, unknown>): void | Promise<void>;
  /** Sends a page view: the page's name and its properties (standard properties included). */
  page?(name: string, properties: Record<string, unknown>, context: Record<string, unknown>): void | Promise<void>;
  /** Sends a screen view: the screen's name and its properties (standard properties included). */
  screen?(name: string, properties: Record<string, unknown>, context: Record<string, unknown>): void | Promise<void>;
  /** Links a previous id (an anonymous id, an old user id) to the user id. */
  alias?(userId: string, previousId: string, context: Record<string, unknown>): void | Promise<void>;
}

