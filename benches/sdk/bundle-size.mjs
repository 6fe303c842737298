// Minified bundle sizes of a generated TypeScript module, as an app pays for them: esbuild
// `--bundle --minify --format=esm` with `process.env.NODE_ENV` defined as "production" (the
// validators dropped) and as "development" (kept), for (a) the whole `Tracker` class and (b) one
// event through its free function on a `TrackerCore`.
//
//   node benches/sdk/bundle-size.mjs LABEL=DIR/tracking.ts:trackFunction:method ...
//
// `TRACKPLAN_ESBUILD` names the esbuild binary (scripts/setup-toolchains.sh installs it). Prints
// one JSON line per module and build with the bytes, the gzip bytes, and whether validator code
// is in the bundle (`validators`: a rule name or message text only the validators hold).
// tests/sdk_bundle_typescript.rs runs it and asserts that a production bundle of one event holds
// no validator code.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const esbuild = process.env.TRACKPLAN_ESBUILD;
if (!esbuild) {
  console.error('TRACKPLAN_ESBUILD is not set (source tests/toolchains/env.sh)');
  process.exit(2);
}
/** Text only the generated validators hold: the survivors of minification. */
const MARKERS = ['unknown-property', 'the plan defines no such property', "'nullability'", '"nullability"'];

for (const arg of process.argv.slice(2)) {
  const [label, spec] = arg.split('=');
  const [module, fn, method] = spec.split(':');
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-bundle-'));
  copyFileSync(module, join(dir, 'tracking.ts'));
  // The transport and context are cast: only what the bundle keeps matters here.
  writeFileSync(
    join(dir, 'one.ts'),
    `import { TrackerCore, ${fn} } from './tracking';\n` +
      `const core = new TrackerCore({ track() {} }, {} as never, {} as never);\n` +
      `void ${fn}(core, {} as never);\n`,
  );
  writeFileSync(
    join(dir, 'whole.ts'),
    `import { Tracker } from './tracking';\n` +
      `const tracker = new Tracker({ track() {} }, {} as never, {} as never);\n` +
      `void (tracker as unknown as Record<string, (p: unknown) => Promise<void>>)[${JSON.stringify(method)}]!({});\n`,
  );
  for (const entry of ['whole', 'one']) {
    for (const env of ['production', 'development']) {
      const out = execFileSync(
        esbuild,
        [join(dir, `${entry}.ts`), '--bundle', '--minify', '--format=esm', `--define:process.env.NODE_ENV="${env}"`, '--log-level=error'],
        { maxBuffer: 1 << 28 },
      );
      const text = out.toString('utf8');
      console.log(
        JSON.stringify({
          module: label,
          entry: entry === 'one' ? `one event (${fn})` : 'whole Tracker class',
          env,
          bytes: out.length,
          gzip: gzipSync(out).length,
          validators: MARKERS.some((m) => text.includes(m)),
        }),
      );
    }
  }
}
