
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

/**
 * Checks the property `key` of the object `v` at `path`: a missing value when `required`, null
 * unless `nullable`, then the {@link Scalar} `s`.
 */
function $prop(v: Record<string, unknown>, key: string, path: string, required: boolean, nullable: boolean, s: Scalar, at: string | undefined, out: PayloadIssue[]): void {
  const x = v[key];
  if (x === undefined) {
    if (required) {
      $fail(out, $key(path, key), 'required', 'a value', undefined, at);
    }
  } else if (x === null) {
    if (!nullable) {
      $fail(out, $key(path, key), 'nullability', 'a value, not null', null, at);
    }
  } else {
    $scalar(x, $key(path, key), s, at, out);
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
  } else if (typeof x !== 'number' || (s.type === 'integer' && !Number.isInteger(x))) {
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

/** Every key of `v` the closed object does not define. */
function $unknownKeys(v: Record<string, unknown>, known: readonly string[], path: string, location: string | undefined, out: PayloadIssue[]): void {
  for (const k of Object.keys(v)) {
    if (v[k] !== undefined && !known.includes(k)) {
      out.push({ path: $key(path, k), rule: 'unknown-property', message: `${$key(path, k)}: the plan defines no such property`, location });
    }
  }
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
