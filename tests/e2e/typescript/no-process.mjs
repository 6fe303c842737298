// Runtime check for tests/sdk_bundle_typescript.rs: the generated module, bundled without any
// `process.env.NODE_ENV` define (as a browser loads it without a bundler), runs in a context that
// has no `process`: creating a tracker and making a call that breaks the plan must not throw, the
// call is sent unchecked. Usage: node no-process.mjs BUNDLE.js (an IIFE setting `globalThis.sdk`).

import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const code = readFileSync(process.argv[2], 'utf8');
const sent = [];
const sandbox = { console, sent };
vm.createContext(sandbox);
vm.runInContext(code, sandbox);
await vm.runInContext(
  `(async () => {
    const tracker = new sdk.Tracker({ track(event, properties) { sent.push([event, properties.name]); } }, {}, {}, { throwOnError: true });
    await tracker.${process.argv[3]}({ name: 42 });
    sent.push(tracker.validation);
  })()`,
  sandbox,
);
console.log(JSON.stringify({ sent, hasProcess: 'process' in sandbox }));
