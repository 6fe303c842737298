// Runtime check for tests/e2e_typescript.rs: the generated hostile module sends the plan's exact
// wire names, however odd, through a custom in-memory transport, and prints what it received as
// one JSON document.

import { type Transport, Tracker } from './tracking.js';

async function main(): Promise<void> {
  const received: Array<{ event: string; properties: Record<string, unknown>; kind: string }> = [];
  const memory: Transport = {
    track(event, properties) {
      received.push({ kind: 'track', event, properties });
    },
    identify(userId, traits) {
      received.push({ kind: 'identify', event: userId, properties: traits });
    },
  };
  const tracker = new Tracker(memory, { this: 't', super: null, provider: 'b' });
  await tracker.classCreated({
    class: 'c',
    type: 'past due!',
    from: -1,
    self: { match: 'm', fn: [{ import: true }] },
    default: null,
    '3d_secure': true,
    'it\'s "quoted"': 'q',
    'prix (€)': 1.5,
    'user-name': 'a',
    user_name: 'b',
  });
  await tracker.classCreated_2({ constructor: 'x' });
  await tracker.identify_2();
  await tracker.orderCompleted({ '': 'empty' });
  await tracker.constructor_({ toString: 's' });
  await tracker.identify('u1', { None: 'n', async: false, '3d_secure': null });
  console.log(JSON.stringify(received));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
