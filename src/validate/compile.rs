//! The plan compiled into validators: one tree of [`Node`]s per message kind, built once from the
//! IR, and the code that walks a JSON message along it.
//!
//! Each node carries the rules it enforces as [`RuleId`]s into one table of [`Rule`]s, and each
//! rule keeps the plan span where it is declared, so a violation found in traffic points back at
//! the YAML. The trees mirror what the JSON Schema target emits for `message.json` (the envelope,
//! the message `context`, Segment's reserved page properties, `additional_properties`), so that a
//! message is valid here exactly when it is valid against the generated schema; the differential
//! test in `tests/validate.rs` holds the two together. This module neither reads input nor
//! aggregates findings.

use super::json::{Obj, Val};

use crate::ir::format::fits as format_fits;
use crate::ir::{Additional, CallKind, Event, Format, Literal, Plan, Property, Type};
use crate::source::Span;

/// Index of a rule in [`Checker::rules`].
pub type RuleId = u32;

/// Index of a call definition in [`Checker::calls`].
pub type CallId = u32;

/// The kinds of rule a message can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleKind {
    /// The JSON type.
    Type,
    /// One of the enum values.
    Enum,
    /// Exactly one value.
    Const,
    /// A required key is missing.
    Required,
    /// A key the (closed) object does not define.
    UnknownProperty,
    /// A string format (`uuid`, `date-time`, ...).
    Format,
    /// A length, range or item-count bound.
    Bound,
    /// A regular expression.
    Pattern,
    /// `null` where the plan does not allow it.
    Nullability,
    /// A value that fits none of a union's members.
    Union,
    /// Neither `userId` nor `anonymousId` is a string.
    Identity,
}

impl RuleKind {
    /// The rule's name in reports (`type`, `unknown-property`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Type => "type",
            RuleKind::Enum => "enum",
            RuleKind::Const => "const",
            RuleKind::Required => "required",
            RuleKind::UnknownProperty => "unknown-property",
            RuleKind::Format => "format",
            RuleKind::Bound => "bound",
            RuleKind::Pattern => "pattern",
            RuleKind::Nullability => "nullability",
            RuleKind::Union => "union",
            RuleKind::Identity => "identity",
        }
    }
}

/// One rule: its kind, what it demands, and where the plan declares it (`None` for the rules of
/// the Segment message spec itself, such as the envelope's field types).
#[derive(Debug, Clone)]
pub struct Rule {
    /// What kind of rule.
    pub kind: RuleKind,
    /// What it demands, in a few words (`integer`, `one of free | pro`, `minimum 0`).
    pub expects: String,
    /// Where the plan declares it.
    pub span: Option<Span>,
}

/// One broken rule in one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Where in the message, with `[]` for any array item and `*` for any map key
    /// (`properties.products[].price.amount`).
    pub path: String,
    /// The rule broken.
    pub rule: RuleId,
}

/// JSON type bits for [`Node::Json`].
const NULL: u8 = 1;
const BOOL: u8 = 2;
const NUMBER: u8 = 4;
const STRING: u8 = 8;
const ARRAY: u8 = 16;
const OBJECT: u8 = 32;

fn json_bit(v: &Val<'_>) -> u8 {
    match v {
        Val::Null => NULL,
        Val::Bool(_) => BOOL,
        Val::Number(_) => NUMBER,
        Val::Str(_) => STRING,
        Val::Array(_) => ARRAY,
        Val::Object(_) => OBJECT,
    }
}

/// A compiled check of one value.
#[derive(Debug)]
enum Node {
    /// Anything.
    Any,
    /// Any value of these JSON types (bits); the envelope's loosely typed fields.
    Json { types: u8, rule: RuleId },
    /// `true` or `false`.
    Bool { rule: RuleId },
    /// A string and its constraints.
    Str(Box<StrNode>),
    /// A number (or a whole number) and its constraints.
    Num(Box<NumNode>),
    /// Exactly this value.
    Const { value: Literal, rule: RuleId },
    /// At least one member fits.
    Union { members: Vec<Node>, rule: RuleId },
    /// An array.
    Array(Box<ArrayNode>),
    /// An object.
    Object(Box<ObjectNode>),
}

#[derive(Debug)]
struct StrNode {
    rule: RuleId,
    enum_values: Option<(Vec<String>, RuleId)>,
    min_length: Option<(u64, RuleId)>,
    max_length: Option<(u64, RuleId)>,
    format: Option<(Format, RuleId)>,
    pattern: Option<(regex::Regex, RuleId)>,
}

#[derive(Debug)]
struct NumNode {
    integer: bool,
    rule: RuleId,
    enum_values: Option<(Vec<f64>, RuleId)>,
    minimum: Option<(f64, RuleId)>,
    maximum: Option<(f64, RuleId)>,
}

#[derive(Debug)]
struct ArrayNode {
    rule: RuleId,
    items: Slot,
    min_items: Option<(u64, RuleId)>,
    max_items: Option<(u64, RuleId)>,
}

/// A node with its nullability.
#[derive(Debug)]
struct Slot {
    node: Node,
    nullable: bool,
    null_rule: RuleId,
}

#[derive(Debug)]
struct Field {
    name: String,
    slot: Slot,
    required: Option<RuleId>,
}

#[derive(Debug)]
enum Extra {
    Closed(RuleId),
    Any,
    Values(Node),
}

#[derive(Debug)]
struct ObjectNode {
    rule: RuleId,
    fields: Vec<Field>,
    /// Field index by name, for objects with many fields (a linear scan is faster for few).
    index: Option<Names<usize>>,
    extra: Extra,
}

/// A map from the plan's names (fields, event names) to their index, looked up with the input's
/// keys, with the [`crate::hash::FastHasher`]: these lookups are a large part of checking a message.
pub type Names<V> = crate::hash::FastMap<String, V>;

/// Fields above which an object gets a name index.
const INDEX_ABOVE: usize = 12;

impl ObjectNode {
    fn field(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.fields.iter().position(|f| f.name == key),
        }
    }
}

/// Which call a message makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// `track`, `page` or `screen`: a planned definition.
    Call(CallKind),
    /// `identify`.
    Identify,
    /// `group`.
    Group,
    /// `alias`.
    Alias,
}

/// One compiled call: a planned event, page or screen, or `identify`, `group`, `alias`.
#[derive(Debug)]
pub struct CompiledCall {
    /// Which call.
    pub kind: MessageKind,
    /// The event or page name; the call type for identify, group and alias.
    pub name: String,
    /// Where the plan defines it (`None` for identify, group and alias).
    pub span: Option<Span>,
    /// Deprecated in the plan (a deprecation note or `status: deprecated`).
    pub deprecated: bool,
    /// The plan sources that send it; empty means every source (and for identify, group, alias).
    pub sources: Vec<String>,
    message: ObjectNode,
    /// The index of the `properties` field in `message`, for plain `{"event", "properties"}` lines.
    payload: Option<usize>,
    identity: Option<RuleId>,
}

impl CompiledCall {
    /// How reports name the call: "track `Order Completed`", "identify".
    pub fn label(&self) -> String {
        match self.kind {
            MessageKind::Call(kind) => format!("{} `{}`", kind.as_str(), self.name),
            _ => self.name.clone(),
        }
    }
}

/// What a message is, once dispatched on its `type` and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatch {
    /// A planned call, checked.
    Planned(CallId),
    /// A planned call whose name or dispatch key is itself broken (`event` missing or not a
    /// string): counted as invalid against the rule, with no call to attribute it to.
    Broken(RuleId),
    /// A call the plan does not define: the call type, and the event or page name if any.
    Unplanned(String, Option<String>),
}

/// The whole plan, compiled: every call's validator and the rule table.
#[derive(Debug)]
pub struct Checker {
    /// Every rule, indexed by [`RuleId`].
    pub rules: Vec<Rule>,
    /// Every call, indexed by [`CallId`]: events, pages, screens in plan order, then identify,
    /// group and alias.
    pub calls: Vec<CompiledCall>,
    tracks: Names<CallId>,
    pages: Names<CallId>,
    screens: Names<CallId>,
    identify: CallId,
    group: CallId,
    alias: CallId,
    /// Planned events, pages and screens (the first entries of `calls`), for coverage.
    pub planned: usize,
    /// The plan's sources, in plan order, for coverage per source.
    pub sources: Vec<String>,
    dispatch_rules: [RuleId; 3],
}

/// The JSON type bit of a type name of the JSON Schema target's list of standard context keys
/// ([`crate::codegen::json_schema::STANDARD_CONTEXT`], the one list both read).
fn json_type_bit(name: &str) -> u8 {
    match name {
        "boolean" => BOOL,
        "string" => STRING,
        "number" | "integer" => NUMBER,
        "array" => ARRAY,
        "null" => NULL,
        _ => OBJECT,
    }
}

/// The properties Segment reserves for every page call, all strings but `keywords`.
const PAGE_PROPERTIES: &[&str] = &["name", "path", "referrer", "search", "title", "url"];

fn type_names(bits: u8) -> String {
    let names = [
        (NULL, "null"),
        (BOOL, "boolean"),
        (NUMBER, "number"),
        (STRING, "string"),
        (ARRAY, "array"),
        (OBJECT, "object"),
    ];
    names
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(" or ")
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

struct Compiler {
    rules: Vec<Rule>,
    additional: bool,
}

impl Compiler {
    fn rule(&mut self, kind: RuleKind, expects: impl Into<String>, span: Option<Span>) -> RuleId {
        self.rules.push(Rule {
            kind,
            expects: expects.into(),
            span,
        });
        (self.rules.len() - 1) as RuleId
    }

    fn json(&mut self, types: u8) -> Node {
        let rule = self.rule(RuleKind::Type, type_names(types), None);
        Node::Json { types, rule }
    }

    fn date_time(&mut self) -> Node {
        let rule = self.rule(RuleKind::Type, "string", None);
        let format = self.rule(RuleKind::Format, "date-time", None);
        Node::Str(Box::new(StrNode {
            rule,
            enum_values: None,
            min_length: None,
            max_length: None,
            format: Some((Format::DateTime, format)),
            pattern: None,
        }))
    }

    fn slot(&mut self, node: Node, nullable: bool, span: Option<Span>) -> Slot {
        let null_rule = self.rule(RuleKind::Nullability, "not null", span);
        Slot {
            node,
            nullable,
            null_rule,
        }
    }

    /// The node of `ty`, declared on the property at `span`; `closed` is what a closed object
    /// becomes (`additional_properties` of the JSON Schema target, or always closed in the
    /// message context).
    fn node(&mut self, ty: &Type, span: Span, additional: bool) -> Node {
        let at = Some(span);
        match ty {
            Type::Any | Type::Unknown => Node::Any,
            Type::Boolean => Node::Bool {
                rule: self.rule(RuleKind::Type, "boolean", at),
            },
            Type::String(s) => {
                let rule = self.rule(RuleKind::Type, "string", at);
                let enum_values = s.enum_values.as_ref().map(|e| {
                    let values: Vec<String> = e.value.iter().map(|v| v.value.clone()).collect();
                    let id = self.rule(
                        RuleKind::Enum,
                        format!("one of {}", values.join(" | ")),
                        Some(e.span),
                    );
                    (values, id)
                });
                let min_length = s.min_length.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("at least {} characters", m.value),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                let max_length = s.max_length.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("at most {} characters", m.value),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                let format = s.format.as_ref().map(|f| {
                    let id = self.rule(RuleKind::Format, f.value.as_str(), Some(f.span));
                    (f.value, id)
                });
                // A pattern that does not compile is a lint error: such a plan never gets here.
                let pattern = s.pattern.as_ref().and_then(|p| {
                    let re = regex::RegexBuilder::new(&p.value)
                        .size_limit(1 << 20)
                        .build()
                        .ok()?;
                    let id = self.rule(
                        RuleKind::Pattern,
                        format!("matches `{}`", p.value),
                        Some(p.span),
                    );
                    Some((re, id))
                });
                Node::Str(Box::new(StrNode {
                    rule,
                    enum_values,
                    min_length,
                    max_length,
                    format,
                    pattern,
                }))
            }
            Type::Integer(n) | Type::Number(n) => {
                let integer = matches!(ty, Type::Integer(_));
                let rule = self.rule(
                    RuleKind::Type,
                    if integer { "integer" } else { "number" },
                    at,
                );
                let enum_values = n.enum_values.as_ref().map(|e| {
                    let values: Vec<f64> = e.value.iter().map(|v| v.value).collect();
                    let text: Vec<String> = values.iter().map(|v| number_text(*v)).collect();
                    let id = self.rule(
                        RuleKind::Enum,
                        format!("one of {}", text.join(" | ")),
                        Some(e.span),
                    );
                    (values, id)
                });
                let minimum = n.minimum.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("minimum {}", number_text(m.value)),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                let maximum = n.maximum.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("maximum {}", number_text(m.value)),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                Node::Num(Box::new(NumNode {
                    integer,
                    rule,
                    enum_values,
                    minimum,
                    maximum,
                }))
            }
            Type::Const(c) => Node::Const {
                value: c.value.clone(),
                rule: self.rule(
                    RuleKind::Const,
                    format!("exactly {}", c.value.to_json()),
                    Some(c.span),
                ),
            },
            Type::Union(members) => {
                let shapes: Vec<String> = members.iter().map(Type::shape).collect();
                let rule = self.rule(
                    RuleKind::Union,
                    format!("one of {}", shapes.join(" | ")),
                    at,
                );
                Node::Union {
                    members: members
                        .iter()
                        .map(|m| self.node(m, span, additional))
                        .collect(),
                    rule,
                }
            }
            Type::Array(a) => {
                let rule = self.rule(RuleKind::Type, "array", at);
                let items = self.node(&a.items, span, additional);
                let items = self.slot(items, a.items_nullable, at);
                let min_items = a.min_items.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("at least {} items", m.value),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                let max_items = a.max_items.as_ref().map(|m| {
                    let id = self.rule(
                        RuleKind::Bound,
                        format!("at most {} items", m.value),
                        Some(m.span),
                    );
                    (m.value, id)
                });
                Node::Array(Box::new(ArrayNode {
                    rule,
                    items,
                    min_items,
                    max_items,
                }))
            }
            Type::Object(o) => {
                let extra = match &o.additional {
                    Additional::Closed if additional => Extra::Any,
                    Additional::Closed => Extra::Closed(self.rule(
                        RuleKind::UnknownProperty,
                        "only the planned properties",
                        at,
                    )),
                    Additional::Any => Extra::Any,
                    Additional::Values(values) => {
                        Extra::Values(self.node(values, span, additional))
                    }
                };
                Node::Object(Box::new(self.object(
                    o.properties.iter(),
                    extra,
                    at,
                    additional,
                )))
            }
        }
    }

    fn property_field(&mut self, p: &Property, additional: bool) -> Field {
        let node = self.node(&p.ty, p.name.span, additional);
        let slot = self.slot(node, p.nullable, Some(p.name.span));
        let required = p
            .required
            .then(|| self.rule(RuleKind::Required, "present", Some(p.name.span)));
        Field {
            name: p.name.value.clone(),
            slot,
            required,
        }
    }

    /// An object of `properties` (a later property of one name replaces an earlier one, as in
    /// the generated schema, and stays required if either was).
    fn object<'a>(
        &mut self,
        properties: impl Iterator<Item = &'a Property>,
        extra: Extra,
        span: Option<Span>,
        additional: bool,
    ) -> ObjectNode {
        let rule = self.rule(RuleKind::Type, "object", span);
        let mut fields: Vec<Field> = Vec::new();
        for p in properties {
            let field = self.property_field(p, additional);
            match fields.iter_mut().find(|f| f.name == field.name) {
                Some(old) => {
                    let required = field.required.or(old.required);
                    *old = field;
                    old.required = required;
                }
                None => fields.push(field),
            }
        }
        finish_object(rule, fields, extra)
    }

    fn loose(&mut self, name: &str, types: u8) -> Field {
        let node = self.json(types);
        Field {
            name: name.to_owned(),
            slot: self.slot(node, types & NULL != 0, None),
            required: None,
        }
    }

    fn required_loose(&mut self, name: &str, types: u8) -> Field {
        let mut field = self.loose(name, types);
        field.required = Some(self.rule(RuleKind::Required, "present", None));
        field
    }

    fn field(&mut self, name: &str, node: Node, required: bool) -> Field {
        Field {
            name: name.to_owned(),
            slot: self.slot(node, false, None),
            required: required.then(|| self.rule(RuleKind::Required, "present", None)),
        }
    }

    /// The message `context`: the plan's message context (nested objects always closed), the
    /// other standard keys with their JSON types, open for the rest.
    fn context(&mut self, plan: &Plan) -> (Node, bool) {
        let mut object = self.object(plan.message_context.iter(), Extra::Any, None, false);
        for (name, ty) in crate::codegen::json_schema::STANDARD_CONTEXT {
            if object.field(name).is_none() {
                let field = self.loose(name, json_type_bit(ty));
                object.fields.push(field);
            }
        }
        let required = object.fields.iter().any(|f| f.required.is_some());
        let object = finish_object(object.rule, object.fields, object.extra);
        (Node::Object(Box::new(object)), required)
    }

    /// The fields every message carries after its own: context, integrations, timestamps.
    fn envelope(&mut self, plan: &Plan, fields: &mut Vec<Field>) {
        let (context, required) = self.context(plan);
        fields.push(self.field("context", context, required));
        let values = self.json(BOOL | OBJECT);
        let rule = self.rule(RuleKind::Type, "object", None);
        let integrations = Node::Object(Box::new(finish_object(
            rule,
            Vec::new(),
            Extra::Values(values),
        )));
        fields.push(self.field("integrations", integrations, false));
        let timestamp = self.date_time();
        fields.push(self.field("timestamp", timestamp, false));
        fields.push(self.loose("messageId", STRING));
        for name in ["originalTimestamp", "sentAt", "receivedAt"] {
            let node = self.date_time();
            fields.push(self.field(name, node, false));
        }
        fields.push(self.loose("version", NUMBER | STRING));
        fields.push(self.loose("channel", STRING));
    }

    /// `type`, the identity fields, `fields`, the envelope; open like the generated schema.
    fn message(&mut self, plan: &Plan, own: Vec<Field>, identity: bool) -> ObjectNode {
        let mut fields = vec![Field {
            name: "type".to_owned(),
            slot: Slot {
                node: Node::Any,
                nullable: true,
                null_rule: 0,
            },
            required: None,
        }];
        if identity {
            fields.push(self.loose("userId", STRING | NULL));
            fields.push(self.loose("anonymousId", STRING | NULL));
        }
        fields.extend(own);
        self.envelope(plan, &mut fields);
        let rule = self.rule(RuleKind::Type, "object", None);
        finish_object(rule, fields, Extra::Any)
    }

    fn traits(&mut self, traits: &[Property]) -> (Node, bool) {
        if traits.is_empty() {
            return (self.json(OBJECT), false);
        }
        let extra = if self.additional {
            Extra::Any
        } else {
            Extra::Closed(self.rule(RuleKind::UnknownProperty, "only the planned traits", None))
        };
        let additional = self.additional;
        let object = self.object(traits.iter(), extra, None, additional);
        let required = object.fields.iter().any(|f| f.required.is_some());
        (Node::Object(Box::new(object)), required)
    }

    fn call(&mut self, plan: &Plan, call: &Event) -> CompiledCall {
        let additional = self.additional;
        let extra = if additional {
            Extra::Any
        } else {
            Extra::Closed(self.rule(
                RuleKind::UnknownProperty,
                format!("only the planned properties of `{}`", call.name.value),
                Some(call.name.span),
            ))
        };
        let mut payload = self.object(
            plan.context.iter().chain(&call.properties),
            extra,
            None,
            additional,
        );
        if call.kind == CallKind::Page {
            for name in PAGE_PROPERTIES {
                if payload.field(name).is_none() {
                    let field = self.loose(name, STRING);
                    payload.fields.push(field);
                }
            }
            if payload.field("keywords").is_none() {
                let items = self.json(STRING);
                let items = self.slot(items, false, None);
                let rule = self.rule(RuleKind::Type, "array", None);
                let node = Node::Array(Box::new(ArrayNode {
                    rule,
                    items,
                    min_items: None,
                    max_items: None,
                }));
                let field = self.field("keywords", node, false);
                payload.fields.push(field);
            }
        }
        let required = payload.fields.iter().any(|f| f.required.is_some());
        let payload = finish_object(payload.rule, payload.fields, payload.extra);
        let mut own = vec![Field {
            name: if call.kind == CallKind::Track {
                "event"
            } else {
                "name"
            }
            .to_owned(),
            slot: Slot {
                node: Node::Any,
                nullable: true,
                null_rule: 0,
            },
            required: None,
        }];
        if call.kind == CallKind::Page {
            // segment-analytics-python sends `"category": null` with every page call.
            own.push(self.loose("category", STRING | NULL));
        }
        own.push(self.field("properties", Node::Object(Box::new(payload)), required));
        let message = self.message(plan, own, true);
        let payload = message.field("properties");
        let identity = Some(self.rule(
            RuleKind::Identity,
            "a string `userId` or `anonymousId`",
            None,
        ));
        CompiledCall {
            kind: MessageKind::Call(call.kind),
            name: call.name.value.clone(),
            span: Some(call.name.span),
            deprecated: call.deprecated.is_some()
                || call
                    .status
                    .as_ref()
                    .is_some_and(|s| s.value == crate::ir::Status::Deprecated),
            sources: call.sources.iter().map(|s| s.value.clone()).collect(),
            message,
            payload,
            identity,
        }
    }
}

fn finish_object(rule: RuleId, fields: Vec<Field>, extra: Extra) -> ObjectNode {
    let index = (fields.len() > INDEX_ABOVE).then(|| {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), i))
            .collect()
    });
    ObjectNode {
        rule,
        fields,
        index,
        extra,
    }
}

impl Checker {
    /// Compiles `plan`. `additional` is the JSON Schema target's `additional_properties`
    /// (whether payloads and nested objects accept keys the plan does not define).
    pub fn compile(plan: &Plan, additional: bool) -> Checker {
        let mut c = Compiler {
            rules: Vec::new(),
            additional,
        };
        // Rule 0 is never reported: the placeholder of slots that accept anything.
        c.rule(RuleKind::Type, "anything", None);
        let mut calls = Vec::new();
        let (mut tracks, mut pages, mut screens) =
            (Names::default(), Names::default(), Names::default());
        for call in plan.calls() {
            let id = calls.len() as CallId;
            let map = match call.kind {
                CallKind::Track => &mut tracks,
                CallKind::Page => &mut pages,
                CallKind::Screen => &mut screens,
            };
            // Two definitions of one name are a lint error; the first one wins here.
            if map.contains_key(&call.name.value) {
                continue;
            }
            map.insert(call.name.value.clone(), id);
            calls.push(c.call(plan, call));
        }
        let planned = calls.len();
        let identity = c.rule(
            RuleKind::Identity,
            "a string `userId` or `anonymousId`",
            None,
        );
        let (traits, required) = c.traits(&plan.traits);
        let own = vec![c.field("traits", traits, required)];
        let message = c.message(plan, own, true);
        let identify = calls.len() as CallId;
        calls.push(CompiledCall {
            kind: MessageKind::Identify,
            name: "identify".into(),
            span: None,
            deprecated: false,
            sources: Vec::new(),
            message,
            payload: None,
            identity: Some(identity),
        });
        let (traits, required) = c.traits(&plan.group_traits);
        let own = vec![
            c.required_loose("groupId", STRING),
            c.field("traits", traits, required),
        ];
        let message = c.message(plan, own, true);
        let group = calls.len() as CallId;
        calls.push(CompiledCall {
            kind: MessageKind::Group,
            name: "group".into(),
            span: None,
            deprecated: false,
            sources: Vec::new(),
            message,
            payload: None,
            identity: Some(identity),
        });
        let own = vec![
            c.required_loose("userId", STRING),
            c.required_loose("previousId", STRING),
        ];
        let message = c.message(plan, own, false);
        let alias = calls.len() as CallId;
        calls.push(CompiledCall {
            kind: MessageKind::Alias,
            name: "alias".into(),
            span: None,
            deprecated: false,
            sources: Vec::new(),
            message,
            payload: None,
            identity: None,
        });
        let dispatch_rules = [
            c.rule(RuleKind::Required, "present", None),
            c.rule(RuleKind::Type, "string", None),
            c.rule(RuleKind::Type, "object", None),
        ];
        Checker {
            rules: c.rules,
            calls,
            tracks,
            pages,
            screens,
            identify,
            group,
            alias,
            planned,
            sources: plan.sources.iter().map(|s| s.name.value.clone()).collect(),
            dispatch_rules,
        }
    }

    /// Which call `message` makes. `plain` is a line without `type` read as a track call.
    pub fn dispatch(&self, message: &Obj<'_>, plain: bool) -> (Dispatch, &'static str) {
        let [missing, not_string, _] = self.dispatch_rules;
        let kind = if plain {
            "track"
        } else {
            match message.get("type") {
                None => return (Dispatch::Broken(missing), "type"),
                Some(Val::Str(s)) => s.as_ref(),
                Some(_) => return (Dispatch::Broken(not_string), "type"),
            }
        };
        let (map, key) = match kind {
            "track" => (&self.tracks, "event"),
            "page" => (&self.pages, "name"),
            "screen" => (&self.screens, "name"),
            "identify" => return (Dispatch::Planned(self.identify), ""),
            "group" => return (Dispatch::Planned(self.group), ""),
            "alias" => return (Dispatch::Planned(self.alias), ""),
            other => return (Dispatch::Unplanned(other.to_owned(), None), "type"),
        };
        if map.is_empty() {
            return (Dispatch::Unplanned(kind.to_owned(), None), "type");
        }
        match message.get(key) {
            None => (Dispatch::Broken(missing), key),
            Some(Val::Str(name)) => match map.get(name.as_ref()) {
                Some(id) => (Dispatch::Planned(*id), ""),
                None => (
                    Dispatch::Unplanned(kind.to_owned(), Some(name.to_string())),
                    key,
                ),
            },
            Some(_) => (Dispatch::Broken(not_string), key),
        }
    }

    /// The rule a message breaks when it is not a JSON object.
    pub fn not_an_object(&self) -> RuleId {
        self.dispatch_rules[2]
    }

    /// Checks `message` against call `id`, pushing every broken rule onto `hits`. With `plain`,
    /// only `properties` is checked (a bare `{"event", "properties"}` line has no envelope).
    pub fn check(&self, id: CallId, message: &Obj<'_>, plain: bool, hits: &mut Vec<Hit>) {
        let call = &self.calls[id as usize];
        let mut path = String::with_capacity(64);
        if plain {
            if let Some(i) = call.payload {
                let field = &call.message.fields[i];
                match message.get("properties") {
                    Some(v) => {
                        path.push_str("properties");
                        check_slot(&field.slot, v, &mut path, hits);
                    }
                    None => {
                        if let Some(rule) = field.required {
                            hits.push(Hit {
                                path: "properties".into(),
                                rule,
                            });
                        }
                    }
                }
            }
            return;
        }
        check_object(&call.message, message, &mut path, hits);
        if let Some(rule) = call.identity {
            let identified = ["userId", "anonymousId"]
                .iter()
                .any(|k| matches!(message.get(k), Some(Val::Str(_))));
            if !identified {
                hits.push(Hit {
                    path: String::new(),
                    rule,
                });
            }
        }
    }
}

fn hit(hits: &mut Vec<Hit>, path: &str, rule: RuleId) {
    hits.push(Hit {
        path: path.to_owned(),
        rule,
    });
}

fn accepts_null(node: &Node) -> bool {
    match node {
        Node::Any => true,
        Node::Json { types, .. } => types & NULL != 0,
        Node::Union { members, .. } => members.iter().any(accepts_null),
        _ => false,
    }
}

fn check_slot(slot: &Slot, v: &Val<'_>, path: &mut String, hits: &mut Vec<Hit>) {
    if v.is_null() {
        if !slot.nullable && !accepts_null(&slot.node) {
            hit(hits, path, slot.null_rule);
        }
        return;
    }
    check_node(&slot.node, v, path, hits);
}

fn is_whole(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0)
}

fn check_node(node: &Node, v: &Val<'_>, path: &mut String, hits: &mut Vec<Hit>) {
    match node {
        Node::Any => {}
        Node::Json { types, rule } => {
            if json_bit(v) & types == 0 {
                hit(hits, path, *rule);
            }
        }
        Node::Bool { rule } => {
            if !matches!(v, Val::Bool(_)) {
                hit(hits, path, *rule);
            }
        }
        Node::Str(s) => {
            let Val::Str(text) = v else {
                return hit(hits, path, s.rule);
            };
            if let Some((values, rule)) = &s.enum_values
                && !values.iter().any(|x| x.as_str() == text.as_ref())
            {
                hit(hits, path, *rule);
            }
            if s.min_length.is_some() || s.max_length.is_some() {
                let chars = text.chars().count() as u64;
                if let Some((min, rule)) = s.min_length
                    && chars < min
                {
                    hit(hits, path, rule);
                }
                if let Some((max, rule)) = s.max_length
                    && chars > max
                {
                    hit(hits, path, rule);
                }
            }
            if let Some((format, rule)) = s.format
                && !format_fits(format, text)
            {
                hit(hits, path, rule);
            }
            if let Some((re, rule)) = &s.pattern
                && !re.is_match(text)
            {
                hit(hits, path, *rule);
            }
        }
        Node::Num(n) => {
            let Val::Number(number) = v else {
                return hit(hits, path, n.rule);
            };
            if n.integer && !is_whole(number) {
                return hit(hits, path, n.rule);
            }
            let x = number.as_f64().unwrap_or(f64::NAN);
            if let Some((values, rule)) = &n.enum_values
                && !values.contains(&x)
            {
                hit(hits, path, *rule);
            }
            if let Some((min, rule)) = n.minimum
                && x < min
            {
                hit(hits, path, rule);
            }
            if let Some((max, rule)) = n.maximum
                && x > max
            {
                hit(hits, path, rule);
            }
        }
        Node::Const { value, rule } => {
            let fits = match (value, v) {
                (Literal::String(s), Val::Str(t)) => s.as_str() == t.as_ref(),
                (Literal::Boolean(b), Val::Bool(c)) => b == c,
                (Literal::Integer(i), Val::Number(n)) => n.as_f64() == Some(*i as f64),
                (Literal::Number(x), Val::Number(n)) => n.as_f64() == Some(*x),
                _ => false,
            };
            if !fits {
                hit(hits, path, *rule);
            }
        }
        Node::Union { members, rule } => {
            let mut scratch = Vec::new();
            let fits = members.iter().any(|m| {
                scratch.clear();
                let len = path.len();
                check_node(m, v, path, &mut scratch);
                path.truncate(len);
                scratch.is_empty()
            });
            if !fits {
                hit(hits, path, *rule);
            }
        }
        Node::Array(a) => {
            let Val::Array(items) = v else {
                return hit(hits, path, a.rule);
            };
            let n = items.len() as u64;
            if let Some((min, rule)) = a.min_items
                && n < min
            {
                hit(hits, path, rule);
            }
            if let Some((max, rule)) = a.max_items
                && n > max
            {
                hit(hits, path, rule);
            }
            let len = path.len();
            path.push_str("[]");
            for item in items {
                check_slot(&a.items, item, path, hits);
            }
            path.truncate(len);
        }
        Node::Object(o) => {
            let Val::Object(map) = v else {
                return hit(hits, path, o.rule);
            };
            check_object(o, map, path, hits);
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn check_object(o: &ObjectNode, map: &Obj<'_>, path: &mut String, hits: &mut Vec<Hit>) {
    let len = path.len();
    let mut seen_small = 0u64;
    let mut seen_large: Vec<bool> = if o.fields.len() > 64 {
        vec![false; o.fields.len()]
    } else {
        Vec::new()
    };
    for (key, value) in map.iter() {
        match o.field(key) {
            Some(i) => {
                if i < 64 {
                    seen_small |= 1 << i;
                }
                if let Some(s) = seen_large.get_mut(i) {
                    *s = true;
                }
                push_key(path, key);
                check_slot(&o.fields[i].slot, value, path, hits);
                path.truncate(len);
            }
            None => match &o.extra {
                Extra::Any => {}
                Extra::Closed(rule) => {
                    push_key(path, key);
                    hit(hits, path, *rule);
                    path.truncate(len);
                }
                Extra::Values(node) => {
                    push_key(path, "*");
                    check_node(node, value, path, hits);
                    path.truncate(len);
                }
            },
        }
    }
    for (i, f) in o.fields.iter().enumerate() {
        let Some(rule) = f.required else { continue };
        let seen = if i < 64 {
            seen_small & (1 << i) != 0
        } else {
            seen_large.get(i).copied().unwrap_or(false)
        };
        if !seen {
            push_key(path, &f.name);
            hit(hits, path, rule);
            path.truncate(len);
        }
    }
}
