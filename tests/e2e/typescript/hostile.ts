// Runtime check for tests/e2e_typescript.rs: the generated hostile module sends the plan's exact
// wire names, however odd, through a custom in-memory transport, and prints what it received as
// one JSON document. Validation throws, so a call the plan allows but the validators reject (a
// property named like an `Object.prototype` member, such as `toString`, read from the prototype)
// fails the run.

import { type Transport, Tracker, validatePayload } from './tracking.js';

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
  const tracker = new Tracker(memory, { this: 't', super: null, provider: 'b' }, {}, { validation: 'throw', throwOnError: true });
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
  // NaN and Infinity are numbers to JavaScript but not to JSON (they would be sent as null).
  for (const bad of [NaN, Infinity]) {
    const found = validatePayload('track', 'class_created', { ...received[0]?.properties, 'prix (€)': bad });
    received.push({ kind: 'violations', event: String(bad), properties: { found: found.map((v) => `${v.path} ${v.rule} ${v.message}`) } });
  }
  console.log(JSON.stringify(received));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
