
/**
 * How a {@link Tracker} checks each call against the plan before it sends it: `off` checks
 * nothing, `warn` hands every violation to {@link TrackerOptions.onViolation} and still sends,
 * `throw` sends nothing and rejects the call with a {@link TrackingPlanViolationError}.
 */
export type ValidationMode = 'off' | 'warn' | 'throw';

/** The plan rule a {@link Violation} breaks. */
export type ViolationRule =
  | 'type'
  | 'enum'
  | 'const'
  | 'required'
  | 'unknown-property'
  | 'format'
  | 'bound'
  | 'pattern'
  | 'nullability'
  | 'union'
  | 'unknown-call';

/** One way a call's payload breaks the plan. */
export interface Violation {
  /** The kind of call. */
  readonly kind: 'track' | 'page' | 'screen' | 'identify' | 'group';
  /** The event's, page's or screen's wire name; absent for `identify` and `group`. */
  readonly name?: string;
  /** Where in the payload: `target_criteria.region`, `channels[1]`, `` for the payload itself. */
  readonly path: string;
  /** The rule broken. */
  readonly rule: ViolationRule;
  /** One sentence: the path, what the plan expects and what was got. */
  readonly message: string;
  /** Where the plan declares the rule (`events/campaign.yaml:12:7`); absent when unknown. */
  readonly location?: string;
}

/** The error a call rejects with in `throw` mode: the call was not sent. */
export class TrackingPlanViolationError extends Error {
  /** Every violation of the call. */
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[]) {
    const first = violations[0];
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    super(first === undefined ? 'trackplan: the call breaks the plan' : `trackplan: ${first.message}${more}`);
    this.name = 'TrackingPlanViolationError';
    this.violations = violations;
  }
}

/** A violation before it knows its call. */
interface PayloadIssue {
  readonly path: string;
  readonly rule: ViolationRule;
  readonly message: string;
  readonly location: string | undefined;
}

/** A generated check of one call's payload. */
type PayloadCheck = (value: unknown, path: string, at: string | undefined, out: PayloadIssue[]) => void;

/** `process` as far as this module reads it; absent in a browser without a bundler. */
declare const process: { readonly env: { readonly NODE_ENV?: string; readonly TRACKPLAN_VALIDATION?: string } };

/**
 * The default mode: `TRACKPLAN_VALIDATION` (`off`, `warn` or `throw`) when set, else by
 * `NODE_ENV`: `production` → `off`, `test` → `throw`, anything else or absent → `warn`.
 * Never throws: without `process` (a browser without a bundler) nothing is read.
 */
function defaultValidation(): ValidationMode {
  let explicit: string | undefined;
  try {
    explicit = process.env.TRACKPLAN_VALIDATION;
  } catch {
    // No `process.env`.
  }
  if (explicit === 'off' || explicit === 'warn' || explicit === 'throw') {
    return explicit;
  }
  let env: string | undefined;
  try {
    env = process.env.NODE_ENV;
  } catch {
    // No `process.env`: a browser without a bundler.
  }
  return env === 'production' ? 'off' : env === 'test' ? 'throw' : 'warn';
}

/** The violations of `issues`, for one call. */
function $violations(kind: Violation['kind'], name: string | undefined, issues: readonly PayloadIssue[]): Violation[] {
  return issues.map((i) => {
    const v: { -readonly [K in keyof Violation]: Violation[K] } = { kind, path: i.path, rule: i.rule, message: i.message };
    if (name !== undefined) {
      v.name = name;
    }
    if (i.location !== undefined) {
      v.location = i.location;
    }
    return v;
  });
}

/**
 * The checks of a scalar value, as the plan declares them: its JSON type, then its enum, bounds
 * (`min`, `max`: a string's length in code points, a number's value), format and pattern.
 */
interface Scalar {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly enum?: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly format?: 'uuid' | 'date' | 'date-time' | 'email' | 'uri';
  readonly pattern?: string;
}

/** The check of a constant: the value and the message's expectation (`exactly \`draft\``). */
interface ConstSpec {
  readonly type: 'const';
  readonly value: string | number | boolean;
  readonly text: string;
}

/** The checks of an array: its items' spec, whether an item may be null, and the item counts. */
interface ArraySpec {
  readonly type: 'array';
  readonly items: Spec;
  readonly nullable?: true;
  readonly min?: number;
  readonly max?: number;
}

/**
 * One named property of an object: its wire name, flags (1: required, 2: nullable), the spec of
 * its value and the plan location its violations name.
 */
type Prop = readonly [key: string, flags: number, spec: Spec, at: string | undefined];

/**
 * The checks of an object (or of a call's payload): its named properties; what other keys hold
 * (`other` absent: nothing, they are unknown keys; `0`: anything; a spec: a map's values); the
 * standard properties checked first (`context`); whether Segment's page properties are accepted
 * as text (`page`); where unknown keys are reported when not at the value's location (`at`).
 */
interface ObjectSpec {
  readonly type: 'object';
  readonly props: readonly Prop[];
  readonly other?: Spec;
  readonly context?: ObjectSpec;
  readonly page?: true;
  readonly at?: string;
}

/** The checks of a union: its members' specs and the message's expectation (`one of a | b`). */
interface UnionSpec {
  readonly type: 'union';
  readonly members: readonly Spec[];
  readonly text: string;
}

/**
 * The generated description of how a value (present, not null) is checked; `0` checks nothing
 * (any value, null included). The generated specs are plain constants that only the checks of
 * calls reach, so a production bundle drops them with the calls' guards.
 */
type Spec = Scalar | ConstSpec | ArraySpec | ObjectSpec | UnionSpec | 0;

/** The properties Segment's page spec reserves, accepted as text (`keywords`: an array of text). */
const $pageProperties = ['name', 'path', 'referrer', 'search', 'title', 'url', 'keywords'];

/** The check of a call's payload against the {@link ObjectSpec} `s`. */
function $checker(s: ObjectSpec): PayloadCheck {
  return (v, path, at, out) => $object(s, v, path, at, out);
}

/** Checks the value `x` (present, not null) at `path` against the spec `s`. */
function $value(s: Spec, x: unknown, path: string, at: string | undefined, out: PayloadIssue[]): void {
  if (s === 0) {
    return;
  }
  switch (s.type) {
    case 'object':
      $object(s, x, path, at, out);
      return;
    case 'array':
      $array(s, x, path, at, out);
      return;
    case 'const':
      if (x !== s.value) {
        $fail(out, path, 'const', s.text, x, at);
      }
      return;
    case 'union':
      for (const m of s.members) {
        const o: PayloadIssue[] = [];
        $value(m, x, path, at, o);
        if (o.length === 0) {
          return;
        }
      }
      $fail(out, path, 'union', s.text, x, at);
      return;
    default:
      $scalar(x, path, s, at, out);
  }
}

function $array(s: ArraySpec, x: unknown, path: string, at: string | undefined, out: PayloadIssue[]): void {
  if (!Array.isArray(x)) {
    $fail(out, path, 'type', 'an array', x, at);
    return;
  }
  if (s.min !== undefined && x.length < s.min) {
    $fail(out, path, 'bound', `at least ${String(s.min)} items`, x, at);
  }
  if (s.max !== undefined && x.length > s.max) {
    $fail(out, path, 'bound', `at most ${String(s.max)} items`, x, at);
  }
  if (s.items === 0) {
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const item: unknown = x[i];
    if (item !== null) {
      $value(s.items, item, `${path}[${i}]`, at, out);
    } else if (s.nullable !== true) {
      $fail(out, `${path}[${i}]`, 'nullability', 'a value, not null', null, at);
    }
  }
}

/** Whether the object spec `s` (its standard properties included) names the property `key`. */
function $names(s: ObjectSpec, key: string): boolean {
  for (const p of s.props) {
    if (p[0] === key) {
      return true;
    }
  }
  return s.context !== undefined && $names(s.context, key);
}

/** Checks the named properties `props` of the object `v` at `path`. */
function $props(props: readonly Prop[], v: Record<string, unknown>, path: string, out: PayloadIssue[]): void {
  for (const p of props) {
    const key = p[0];
    const flags = p[1];
    const s = p[2];
    const at = p[3];
    const x = $own(v, key);
    if (x === undefined) {
      if ((flags & 1) !== 0) {
        $fail(out, $key(path, key), 'required', 'a value', undefined, at);
      }
    } else if (x === null) {
      if ((flags & 2) === 0 && s !== 0) {
        $fail(out, $key(path, key), 'nullability', 'a value, not null', null, at);
      }
    } else {
      $value(s, x, $key(path, key), at, out);
    }
  }
}

/** The value of `v`'s own property `key`: one its prototype has (`toString`, `constructor`) is absent. */
function $own(v: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

/** Checks `v` at `path` against the {@link ObjectSpec} `s`: an object, its properties, its other keys. */
function $object(s: ObjectSpec, v: unknown, path: string, at: string | undefined, out: PayloadIssue[]): void {
  if (!$isRecord(v)) {
    $fail(out, path, 'type', 'an object', v, at);
    return;
  }
  if (s.context !== undefined) {
    $props(s.context.props, v, path, out);
  }
  $props(s.props, v, path, out);
  if (s.page === true) {
    for (const name of $pageProperties) {
      const x = $own(v, name);
      if (x === undefined || $names(s, name)) {
        continue;
      }
      if (name !== 'keywords') {
        if (typeof x !== 'string') {
          $fail(out, $key(path, name), 'type', 'a string', x, undefined);
        }
      } else if (!Array.isArray(x)) {
        $fail(out, $key(path, name), 'type', 'an array', x, undefined);
      } else {
        for (let i = 0; i < x.length; i++) {
          const item: unknown = x[i];
          if (typeof item !== 'string') {
            $fail(out, `${$key(path, name)}[${i}]`, 'type', 'a string', item, undefined);
          }
        }
      }
    }
  }
  if (s.other === 0) {
    return;
  }
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined || $names(s, k) || (s.page === true && $pageProperties.includes(k))) {
      continue;
    }
    if (s.other === undefined) {
      out.push({ path: $key(path, k), rule: 'unknown-property', message: `${$key(path, k)}: the plan defines no such property`, location: s.at ?? at });
    } else if (x !== null) {
      $value(s.other, x, $key(path, k), at, out);
    } else {
      $fail(out, $key(path, k), 'nullability', 'a value, not null', null, at);
    }
  }
}

/** Checks the value `x` (present, not null) at `path` against the {@link Scalar} `s`. */
function $scalar(x: unknown, path: string, s: Scalar, at: string | undefined, out: PayloadIssue[]): void {
  if (s.type === 'boolean') {
    if (typeof x !== 'boolean') {
      $fail(out, path, 'type', 'a boolean', x, at);
    }
    return;
  }
  if (s.type === 'string') {
    if (typeof x !== 'string') {
      $fail(out, path, 'type', 'a string', x, at);
      return;
    }
  } else if (typeof x !== 'number' || !Number.isFinite(x) || (s.type === 'integer' && !Number.isInteger(x))) {
    // NaN and the infinities are numbers to JavaScript, but JSON has none: they would be sent as null.
    $fail(out, path, 'type', s.type === 'integer' ? 'an integer' : 'a number', x, at);
    return;
  }
  if (s.enum !== undefined && !s.enum.includes(x)) {
    $fail(out, path, 'enum', `one of ${s.enum.map((e) => `\`${String(e)}\``).join(' | ')}`, x, at);
  }
  const size = typeof x === 'string' ? $length(x) : x;
  const unit = typeof x === 'string' ? ' characters' : '';
  if (s.min !== undefined && size < s.min) {
    $fail(out, path, 'bound', `at least ${String(s.min)}${unit}`, x, at);
  }
  if (s.max !== undefined && size > s.max) {
    $fail(out, path, 'bound', `at most ${String(s.max)}${unit}`, x, at);
  }
  if (typeof x === 'string') {
    if (s.format !== undefined && !$format(s.format, x)) {
      $fail(out, path, 'format', `a ${s.format} string`, x, at);
    }
    if (s.pattern !== undefined && !$matches(s.pattern, x)) {
      $fail(out, path, 'pattern', `a match of \`${s.pattern}\``, x, at);
    }
  }
}

function $fail(out: PayloadIssue[], path: string, rule: ViolationRule, expected: string, got: unknown, location: string | undefined): void {
  const message = `${path === '' ? 'the payload' : path}: expected ${expected}, got ${$show(got)}`;
  out.push({ path, rule, message, location });
}

/** `key` under `path`. */
function $key(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A short description of a value for a message. */
function $show(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'an array';
  }
  if (typeof v === 'object') {
    return 'an object';
  }
  if (v === undefined) {
    return 'nothing';
  }
  const text = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function $isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The length of `s` in Unicode code points, as JSON Schema counts it. */
function $length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Compiled plan patterns by source, made on first use. */
let $patterns: Map<string, RegExp | null> | undefined;

/** Whether `s` matches the plan pattern `source` (an unanchored search); a pattern JavaScript cannot compile checks nothing. */
function $matches(source: string, s: string): boolean {
  $patterns ??= new Map<string, RegExp | null>();
  let re = $patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
    }
    $patterns.set(source, re);
  }
  return re === null || re.test(s);
}

/** Whether `s` has the shape of `format`, as trackplan reads formats everywhere. */
function $format(format: 'uuid' | 'date' | 'date-time' | 'email' | 'uri', s: string): boolean {
  switch (format) {
    case 'uuid':
      return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
    case 'date':
      return $date(s);
    case 'date-time':
      return $dateTime(s);
    case 'email':
      return $email(s);
    case 'uri':
      return $uri(s);
  }
}

function $date(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (m === null) {
    return false;
  }
  const y = Number(m[1]);
  const month = Number(m[2]);
  const d = Number(m[3]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/** A two-digit number up to `max`, or -1. */
function $two(s: string, max: number): number {
  if (!/^[0-9]{2}$/.test(s)) {
    return -1;
  }
  const n = Number(s);
  return n <= max ? n : -1;
}

function $dateTime(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s) || s.length < 20 || !$date(s.slice(0, 10))) {
    return false;
  }
  if (s[10] !== 'T' && s[10] !== 't') {
    return false;
  }
  const time = s.slice(11);
  const zoneAt = Math.max(time.lastIndexOf('Z'), time.lastIndexOf('z'), time.lastIndexOf('+'), time.lastIndexOf('-'));
  if (zoneAt < 0) {
    return false;
  }
  let clock = time.slice(0, zoneAt);
  const zone = time.slice(zoneAt);
  const dot = clock.indexOf('.');
  if (dot >= 0) {
    if (!/^[0-9]+$/.test(clock.slice(dot + 1))) {
      return false;
    }
    clock = clock.slice(0, dot);
  }
  if (clock.length !== 8 || clock[2] !== ':' || clock[5] !== ':') {
    return false;
  }
  const h = $two(clock.slice(0, 2), 23);
  const m = $two(clock.slice(3, 5), 59);
  const sec = $two(clock.slice(6, 8), 60);
  if (h < 0 || m < 0 || sec < 0) {
    return false;
  }
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    if (zone.length !== 6 || zone[3] !== ':') {
      return false;
    }
    const oh = $two(zone.slice(1, 3), 23);
    const om = $two(zone.slice(4, 6), 59);
    if (oh < 0 || om < 0) {
      return false;
    }
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (sec === 60) {
    // A leap second is 23:59:60 in UTC.
    const utc = (((h * 60 + m - offset) % 1440) + 1440) % 1440;
    return utc === 23 * 60 + 59;
  }
  return true;
}

function $hostname(host: string): boolean {
  if (host.length === 0 || host.length > 253 || host.endsWith('.')) {
    return false;
  }
  return host.split('.').every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-') && /^[A-Za-z0-9-]+$/.test(l));
}

function $ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function $ipv6(s: string): boolean {
  const groups = (text: string): number => {
    if (text === '') {
      return 0;
    }
    const parts = text.split(':');
    let n = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (i === parts.length - 1 && p.includes('.')) {
        if (!$ipv4(p)) {
          return -1;
        }
        n += 2;
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) {
        n += 1;
      } else {
        return -1;
      }
    }
    return n;
  };
  const halves = s.split('::');
  if (halves.length === 1) {
    return groups(s) === 8;
  }
  if (halves.length !== 2) {
    return false;
  }
  const head = halves[0] ?? '';
  const tail = halves[1] ?? '';
  if (head.includes('.')) {
    return false;
  }
  const h = groups(head);
  const t = groups(tail);
  return h >= 0 && t >= 0 && h + t <= 7;
}

function $email(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at < 0) {
    return false;
  }
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length === 0 || local.length > 64 || !local.split('.').every((a) => /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/.test(a))) {
    return false;
  }
  if (domain.length >= 2 && domain.startsWith('[') && domain.endsWith(']')) {
    const literal = domain.slice(1, -1);
    return literal.slice(0, 5).toLowerCase() === 'ipv6:' ? $ipv6(literal.slice(5)) : $ipv4(literal);
  }
  return $hostname(domain);
}

function $uri(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon < 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.slice(0, colon))) {
    return false;
  }
  return /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(s.slice(colon + 1));
}
