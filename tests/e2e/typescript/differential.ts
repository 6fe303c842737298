// Runtime check for tests/sdk_validation_typescript.rs: feeds every case of an NDJSON corpus
// (`{"kind", "name", "payload", "valid"}` a line, tests/support/payloads.rs) to the generated
// module's `validatePayload` and prints one JSON line per case: whether it found no violation,
// the rules it reported, and whether every violation has a path, a message and a rule.

import { readFileSync } from 'node:fs';
import { validatePayload } from './tracking.js';

type Kind = 'track' | 'page' | 'screen' | 'identify' | 'group';

const path = process.argv[2];
if (path === undefined) {
  throw new Error('usage: differential.js CASES.ndjson');
}
const lines: string[] = [];
for (const line of readFileSync(path, 'utf8').split('\n')) {
  if (line === '') {
    continue;
  }
  const c = JSON.parse(line) as { kind: Kind; name: string; payload: unknown };
  const violations = validatePayload(c.kind, c.name, c.payload);
  lines.push(
    JSON.stringify({
      valid: violations.length === 0,
      rules: violations.map((v) => v.rule),
      complete: violations.every((v) => typeof v.path === 'string' && v.message.length > 0 && v.rule.length > 0),
      located: violations.filter((v) => v.location !== undefined).length,
    }),
  );
}
process.stdout.write(lines.join('\n') + '\n');
