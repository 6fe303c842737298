// ajv (with ajv-formats) on the same NDJSON file and generated message schemas that
// `cargo bench --bench validate` times trackplan and the jsonschema crate on: SCHEMAS.json maps
// each event name to its message schema (`jsonschema/messages/track/<event>.json`); each is
// compiled once up front, and each line is checked by the validator its `event` names, as an
// application would do it.
//
//   node benches/peers/ajv-validate.mjs SCHEMAS.json EVENTS.ndjson RUNS
//
// Prints one JSON line: {"lines", "valid", "invalid", "seconds": [...]}, one time per run
// (a warm-up run first, not counted). Each run reads the file, splits it into lines, and
// JSON.parses and validates every line: what a Node.js validation step would do.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.TRACKPLAN_NODE_MODULES + "/");
// The generated schemas are draft 2020-12: ajv's class for that draft.
const Ajv = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const [schemaPath, inputPath, runsArg] = process.argv.slice(2);
const schemas = JSON.parse(readFileSync(schemaPath, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
const validators = new Map(Object.entries(schemas).map(([event, schema]) => [event, ajv.compile(schema)]));

function once() {
  const start = process.hrtime.bigint();
  const text = readFileSync(inputPath, "utf8");
  let lines = 0, valid = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf("\n", from);
    if (to === -1) to = text.length;
    if (to > from) {
      lines++;
      const message = JSON.parse(text.slice(from, to));
      const validate = validators.get(message.event);
      if (validate !== undefined && validate(message)) valid++;
    }
    from = to + 1;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { lines, valid, seconds };
}

once();
const runs = Number(runsArg || 3);
const results = Array.from({ length: runs }, once);
const { lines, valid } = results[0];
console.log(JSON.stringify({ lines, valid, invalid: lines - valid, seconds: results.map((r) => r.seconds) }));
