//! The live check: messages that really flow, checked against the resolved plan.
//!
//! A stage of its own, next to `diff`: ingesters ([`ingest`]) turn inputs into chunks of lines,
//! checkers parse each line and run it through the plan compiled once into validators
//! ([`compile`]), and every checker keeps a [`Tally`]: counts, and per (call, payload path, rule)
//! group the number of violations and the first few examples. Tallies merge into one, which
//! [`report`] renders. Memory does not grow with the input: lines are streamed in bounded chunks
//! over a bounded channel, and a tally keeps counts and at most [`EXAMPLES`] examples per group,
//! with the number of groups capped ([`MAX_GROUPS`]). This module does not decide exit codes;
//! the `validate` command does.

pub mod collector;
pub mod compile;
pub mod ingest;
pub mod json;
pub mod postgres;
pub mod posthog;
pub mod report;

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use json::Val;

use compile::{CallId, Checker, Dispatch, Hit, RuleId, RuleKind};
use ingest::{Chunk, Input, Line};

/// Examples kept per group of violations (the first ones in input order).
pub const EXAMPLES: usize = 3;

/// Distinct groups of violations (and of unplanned calls) kept; past it, violations are only
/// counted (input can name unboundedly many unknown properties and events).
pub const MAX_GROUPS: usize = 10_000;

/// Malformed lines kept as examples.
pub const MALFORMED_EXAMPLES: usize = 10;

/// Where a message was read: input index, 1-based line (or row number), its index in a batch
/// body, and the row key of a database row.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Index into the run's inputs.
    pub input: u32,
    /// 1-based line number (row number for a database).
    pub line: u64,
    /// Index of the message in a `{"batch": [...]}` line.
    pub item: Option<u32>,
    /// The row key (`id=42`, `row 7`) of a database row; reports name the row by it.
    pub key: Option<Arc<str>>,
}

/// A count and the first examples.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// How many.
    pub count: u64,
    /// The first [`EXAMPLES`] origins, in input order.
    pub examples: Vec<Origin>,
}

impl Group {
    fn add(&mut self, origin: Origin) {
        self.count += 1;
        keep_first(&mut self.examples, origin, EXAMPLES);
    }

    fn merge(&mut self, other: Group) {
        self.count += other.count;
        for o in other.examples {
            keep_first(&mut self.examples, o, EXAMPLES);
        }
    }
}

fn keep_first<T: Ord>(list: &mut Vec<T>, item: T, max: usize) {
    if list.len() >= max && list.last().is_some_and(|last| *last <= item) {
        return;
    }
    let at = list.partition_point(|x| *x <= item);
    list.insert(at, item);
    list.truncate(max);
}

/// Key of a group of violations: the call (`None` when the message could not be attributed to
/// one), the payload path, the rule.
pub type GroupKey = (Option<CallId>, String, RuleId);

/// What one checker (or, merged, the whole run) found.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Messages read (malformed lines count as one each).
    pub read: u64,
    /// Messages that fit the plan.
    pub valid: u64,
    /// Messages that break at least one rule.
    pub invalid: u64,
    /// Lines that are not JSON messages (not JSON, too long, not an object).
    pub malformed: u64,
    /// Messages of calls the plan does not define.
    pub unplanned: u64,
    /// Messages per call id.
    pub seen: Vec<u64>,
    /// Invalid messages per call id.
    pub invalid_by_call: Vec<u64>,
    /// Violations by call, path and rule.
    pub violations: HashMap<GroupKey, Group>,
    /// Violations not grouped because [`MAX_GROUPS`] was reached.
    pub ungrouped: u64,
    /// Unplanned calls by call type and name.
    pub unplanned_calls: HashMap<(String, Option<String>), Group>,
    /// The first malformed lines, with why.
    pub malformed_examples: Vec<(Origin, String)>,
}

impl Tally {
    pub fn new(checker: &Checker) -> Tally {
        Tally {
            seen: vec![0; checker.calls.len()],
            invalid_by_call: vec![0; checker.calls.len()],
            ..Tally::default()
        }
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: Tally) {
        self.read += other.read;
        self.valid += other.valid;
        self.invalid += other.invalid;
        self.malformed += other.malformed;
        self.unplanned += other.unplanned;
        self.ungrouped += other.ungrouped;
        for (a, b) in self.seen.iter_mut().zip(other.seen) {
            *a += b;
        }
        for (a, b) in self.invalid_by_call.iter_mut().zip(other.invalid_by_call) {
            *a += b;
        }
        for (k, g) in other.violations {
            if let Some(mine) = self.violations.get_mut(&k) {
                mine.merge(g);
            } else if self.violations.len() < MAX_GROUPS {
                self.violations.insert(k, g);
            } else {
                self.ungrouped += g.count;
            }
        }
        for (k, g) in other.unplanned_calls {
            if let Some(mine) = self.unplanned_calls.get_mut(&k) {
                mine.merge(g);
            } else if self.unplanned_calls.len() < MAX_GROUPS {
                self.unplanned_calls.insert(k, g);
            }
        }
        for m in other.malformed_examples {
            keep_first(&mut self.malformed_examples, m, MALFORMED_EXAMPLES);
        }
    }

    fn malformed(&mut self, origin: Origin, why: String) {
        self.read += 1;
        self.malformed += 1;
        keep_first(
            &mut self.malformed_examples,
            (origin, why),
            MALFORMED_EXAMPLES,
        );
    }

    fn violation(&mut self, call: Option<CallId>, mut path: String, rule: RuleId, origin: Origin) {
        // Unknown keys come from the input: keep group keys short.
        if path.len() > 200 {
            let mut cut = 200;
            while !path.is_char_boundary(cut) {
                cut -= 1;
            }
            path.truncate(cut);
            path.push('…');
        }
        let key = (call, path, rule);
        if let Some(g) = self.violations.get_mut(&key) {
            g.add(origin);
        } else if self.violations.len() < MAX_GROUPS {
            let mut g = Group::default();
            g.add(origin);
            self.violations.insert(key, g);
        } else {
            self.ungrouped += 1;
        }
    }
}

/// The verdict on one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It fits the plan.
    Valid,
    /// It breaks at least one rule.
    Invalid,
    /// Its call is not in the plan.
    Unplanned,
    /// It is not a message.
    Malformed,
}

/// Checks one message (an element of a batch, or a whole line), recording it in `tally`.
fn check_message(
    checker: &Checker,
    value: &Val<'_>,
    origin: Origin,
    tally: &mut Tally,
    hits: &mut Vec<Hit>,
) -> Verdict {
    let Val::Object(message) = value else {
        tally.malformed(origin, "not a JSON object".into());
        return Verdict::Malformed;
    };
    if posthog::is_event(message) {
        let normal = posthog::normalize(&message.to_map());
        if let Val::Object(normal) = Val::from_value(&normal) {
            return check_object(checker, &normal, origin, tally, hits, true);
        }
    }
    check_object(checker, message, origin, tally, hits, false)
}

/// Checks one message object; `posthog` is a normalized PostHog event, which has no message
/// context to hold to the plan's required context keys.
fn check_object(
    checker: &Checker,
    message: &json::Obj<'_>,
    origin: Origin,
    tally: &mut Tally,
    hits: &mut Vec<Hit>,
    posthog: bool,
) -> Verdict {
    let plain = !message.contains_key("type") && message.contains_key("event");
    tally.read += 1;
    hits.clear();
    let call = match checker.dispatch(message, plain) {
        (Dispatch::Planned(id), _) => {
            tally.seen[id as usize] += 1;
            checker.check(id, message, plain, hits);
            if posthog {
                hits.retain(|h| {
                    !(h.path == "context"
                        && checker.rules[h.rule as usize].kind == RuleKind::Required)
                });
            }
            Some(id)
        }
        (Dispatch::Broken(rule), key) => {
            hits.push(Hit {
                path: key.to_owned(),
                rule,
            });
            None
        }
        (Dispatch::Unplanned(kind, name), _) => {
            tally.unplanned += 1;
            let name = name.map(|mut n| {
                if n.len() > 200 {
                    let mut cut = 200;
                    while !n.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    n.truncate(cut);
                }
                n
            });
            let key = (kind, name);
            if let Some(g) = tally.unplanned_calls.get_mut(&key) {
                g.add(origin);
            } else if tally.unplanned_calls.len() < MAX_GROUPS {
                let mut g = Group::default();
                g.add(origin);
                tally.unplanned_calls.insert(key, g);
            }
            return Verdict::Unplanned;
        }
    };
    if hits.is_empty() {
        tally.valid += 1;
        return Verdict::Valid;
    }
    tally.invalid += 1;
    if let Some(id) = call {
        tally.invalid_by_call[id as usize] += 1;
    }
    for h in hits.drain(..) {
        tally.violation(call, h.path, h.rule, origin.clone());
    }
    Verdict::Invalid
}

/// Checks one line: a message, or a `{"batch": [...]}` body of messages. Returns the verdict of
/// each message in it, in order, to `verdicts` (when given).
pub fn check_line(
    checker: &Checker,
    bytes: &[u8],
    origin: Origin,
    tally: &mut Tally,
    hits: &mut Vec<Hit>,
    verdicts: Option<&mut Vec<Verdict>>,
) {
    let value = match Val::parse(bytes) {
        Ok(v) => v,
        Err(e) => {
            tally.malformed(origin, format!("not JSON: {e}"));
            if let Some(list) = verdicts {
                list.push(Verdict::Malformed);
            }
            return;
        }
    };
    check_value(checker, &value, origin, tally, hits, verdicts);
}

/// Checks one parsed line or request body: a message, or a batch of messages (see
/// [`check_line`]).
fn check_value(
    checker: &Checker,
    value: &Val<'_>,
    origin: Origin,
    tally: &mut Tally,
    hits: &mut Vec<Hit>,
    mut verdicts: Option<&mut Vec<Verdict>>,
) {
    let mut record = |v: Verdict| {
        if let Some(list) = verdicts.as_deref_mut() {
            list.push(v);
        }
    };
    if let Some(items) = batch(value) {
        for (i, item) in items.iter().enumerate() {
            let origin = Origin {
                item: Some(i as u32),
                ..origin.clone()
            };
            let v = check_message(checker, item, origin, tally, hits);
            record(v);
        }
        return;
    }
    let v = check_message(checker, value, origin, tally, hits);
    record(v);
}

/// The messages of a Segment HTTP API (or PostHog `/batch/`) body: an object with a `batch`
/// array and no `type`.
fn batch<'v, 'a>(value: &'v Val<'a>) -> Option<&'v Vec<Val<'a>>> {
    let Val::Object(m) = value else { return None };
    if m.contains_key("type") {
        return None;
    }
    match m.get("batch") {
        Some(Val::Array(items)) => Some(items),
        _ => None,
    }
}

fn check_chunk(checker: &Checker, chunk: &Chunk, tally: &mut Tally, hits: &mut Vec<Hit>) {
    for (i, (line, l)) in chunk.lines.iter().enumerate() {
        let origin = Origin {
            input: chunk.input,
            line: *line,
            item: None,
            key: chunk.keys.get(i).map(|k| Arc::from(k.as_str())),
        };
        match *l {
            Line::TooLong => {
                tally.malformed(origin, format!("longer than {} bytes", ingest::MAX_LINE))
            }
            Line::Malformed { start, end } => tally.malformed(
                origin,
                String::from_utf8_lossy(&chunk.data[start as usize..end as usize]).into_owned(),
            ),
            Line::Text { start, end } => check_line(
                checker,
                &chunk.data[start as usize..end as usize],
                origin,
                tally,
                hits,
                None,
            ),
        }
    }
}

/// An input that could not be read to its end, and why.
#[derive(Debug, Clone)]
pub struct InputError {
    /// The input's name.
    pub input: String,
    /// What went wrong.
    pub message: String,
}

/// Runs `checker` over every input on every core: the reading thread cuts inputs into chunks,
/// `threads` checkers take chunks as they come. Inputs that cannot be read are reported in the
/// errors; the others are checked.
pub fn run(checker: &Checker, inputs: &[Input], threads: usize) -> (Tally, Vec<InputError>) {
    let threads = threads.max(1);
    let (tx, rx) = sync_channel::<Chunk>(threads * 2);
    let rx: Mutex<Receiver<Chunk>> = Mutex::new(rx);
    let mut errors = Vec::new();
    let mut total = Tally::new(checker);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = &rx;
                scope.spawn(move || {
                    let mut tally = Tally::new(checker);
                    let mut hits = Vec::new();
                    loop {
                        // A poisoned lock means another checker panicked: stop taking work.
                        let next = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => break,
                        };
                        let Ok(chunk) = next else { break };
                        check_chunk(checker, &chunk, &mut tally, &mut hits);
                    }
                    tally
                })
            })
            .collect();
        for (i, input) in inputs.iter().enumerate() {
            let result = match input {
                Input::Postgres(source) => {
                    postgres::chunks(i as u32, source, |c| tx.send(c).is_ok())
                }
                _ => ingest::open(input).and_then(|mut reader| {
                    ingest::chunks(i as u32, reader.as_mut(), ingest::MAX_LINE, |c| {
                        tx.send(c).is_ok()
                    })
                }),
            };
            if let Err(e) = result {
                errors.push(InputError {
                    input: input.name(),
                    message: e.to_string(),
                });
            }
        }
        drop(tx);
        for w in workers {
            match w.join() {
                Ok(t) => total.merge(t),
                Err(_) => errors.push(InputError {
                    input: "(checker)".into(),
                    message: "a checker thread failed".into(),
                }),
            }
        }
    });
    (total, errors)
}

/// The verdict on each message of `line` (a batch line gives one per message), for tests and
/// for checking single messages.
pub fn verdicts(checker: &Checker, line: &[u8]) -> Vec<Verdict> {
    let mut tally = Tally::new(checker);
    let mut out = Vec::new();
    check_line(
        checker,
        line,
        Origin {
            input: 0,
            line: 1,
            item: None,
            key: None,
        },
        &mut tally,
        &mut Vec::new(),
        Some(&mut out),
    );
    out
}

/// The plan's `targets.jsonschema.additional_properties`: whether payloads accept keys the plan
/// does not define (the generated schemas' reading, which `validate` shares).
pub fn additional_properties(plan: &crate::ir::Plan) -> bool {
    plan.accepts_undefined_keys()
}
