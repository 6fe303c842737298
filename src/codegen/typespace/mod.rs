//! The type space: one target-independent model of the types a plan's SDKs declare, built once per
//! plan before any target writes a line.
//!
//! Every type that some target declares under a name (an object, an enum, a const, a union, the
//! properties of each event, page and screen, the standard properties, the message context and the
//! traits) is one [`TypeEntry`] with a [`TypeId`], in a fixed order. A shared definition (`ref`) is
//! ONE entry wherever it is used, named after the definition; a bundle's property is one entry for
//! every event that takes it unchanged, named after the bundle; two identical nested types under one
//! shared definition or bundle property are one entry; any other nested type is named after its
//! parent and its property path (`checkout started billing` for `billing` of `checkout_started`).
//! An emitter finds the entry of the IR type it is at with [`TypeSpace::entry_of`] (the IR is not
//! copied: the space maps the address of each IR type node to its entry) and asks [`Names`] for its
//! name in its language. [`Names::new`] decides every type name of one [`SdkTarget`] in entry order
//! before anything is written, so names never depend on the order a printer visits types, and two
//! plan names that derive to one identifier get distinct ones.
//!
//! Constraints are data ([`constraints::Constraints`]) with one wording
//! ([`constraints::sentences`]) for every SDK's doc comments. The model follows oxidecomputer/typify's
//! `TypeSpace` (ids for types, names decided in the space, printers only lay text out); it is our own
//! code. Runtime validators and per-call options are meant to be generated from this same model.

pub(crate) mod constraints;
pub(crate) mod target;

use std::collections::HashMap;

use super::idents::Scope;
use crate::ir::{Additional, CallKind, Event, ObjectType, Plan, Property, Type};
use crate::source::Spanned;
pub(crate) use target::SdkTarget;

/// The index of a [`TypeEntry`] in its [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TypeId(pub(crate) usize);

/// A type that has a fixed name in every target, declared whatever the plan holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Root {
    /// The standard properties (`standard_properties:`).
    Context,
    /// The message context (`message_context:`).
    MessageContext,
    /// The user traits (`traits:`).
    Traits,
    /// The group traits (`group_traits:`).
    GroupTraits,
}

impl Root {
    /// Every root, in entry order.
    pub(crate) const ALL: [Root; 4] = [
        Root::Context,
        Root::MessageContext,
        Root::Traits,
        Root::GroupTraits,
    ];
}

/// Where an entry comes from: what names it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    /// A root type.
    Root(Root),
    /// The properties of an event, page or screen.
    Call,
    /// A shared definition (named after it).
    Shared,
    /// A bundle's property (named after both).
    Bundle,
    /// A type nested in another entry (named after it and the property path).
    Nested,
}

/// What an entry is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape<'p> {
    /// Named properties (a root or a call): a closed object.
    Properties(&'p [Property]),
    /// An object type: named properties and what other keys hold.
    Object(&'p ObjectType),
    /// A string enum.
    StringEnum(&'p [Spanned<String>]),
    /// An integer enum (whole numbers).
    IntegerEnum(&'p [Spanned<f64>]),
    /// A number enum.
    NumberEnum,
    /// Exactly one value.
    Const,
    /// One of several types.
    Union,
}

/// One type of the space.
#[derive(Debug, Clone)]
pub(crate) struct TypeEntry<'p> {
    /// Its id.
    pub(crate) id: TypeId,
    /// What it is.
    pub(crate) shape: Shape<'p>,
    /// What names it.
    pub(crate) origin: Origin,
    /// The words its name is derived from in every target (`checkout started billing`).
    pub(crate) words: String,
    /// The description of the property or definition that holds it.
    pub(crate) description: Option<&'p str>,
}

impl TypeEntry<'_> {
    /// Whether the entry is a shared definition's or a bundle property's: a type many calls use.
    pub(crate) fn is_shared(&self) -> bool {
        matches!(self.origin, Origin::Shared | Origin::Bundle)
    }
}

/// The type space of one plan.
#[derive(Debug)]
pub(crate) struct TypeSpace<'p> {
    entries: Vec<TypeEntry<'p>>,
    /// Entry of each IR type node, by its address (the plan is borrowed, so addresses are fixed).
    by_node: NodeMap,
    /// Entries of the events', pages' and screens' properties, in plan order.
    calls: [Vec<TypeId>; 3],
}

/// Entries by node address.
type NodeMap = crate::hash::FastMap<usize, TypeId>;

/// Whether `ty` is or holds a type some target declares under a name: only those are walked.
fn holds_entries(ty: &Type) -> bool {
    match ty {
        Type::Array(a) => holds_entries(&a.items),
        Type::Object(_) | Type::Union(_) | Type::Const(_) => true,
        other => is_entry(other),
    }
}

fn node(ty: &Type) -> usize {
    std::ptr::from_ref(ty) as usize
}

/// Whether `ty` is a type some target declares under a name.
fn is_entry(ty: &Type) -> bool {
    match ty {
        Type::String(s) => s.enum_values.is_some(),
        Type::Integer(n) | Type::Number(n) => n.enum_values.is_some(),
        Type::Object(o) => !o.properties.is_empty() || matches!(o.additional, Additional::Closed),
        Type::Const(_) | Type::Union(_) => true,
        Type::Boolean | Type::Array(_) | Type::Any | Type::Unknown => false,
    }
}

fn shape(ty: &Type) -> Option<Shape<'_>> {
    Some(match ty {
        Type::String(s) => Shape::StringEnum(&s.enum_values.as_ref()?.value),
        Type::Integer(n) => Shape::IntegerEnum(&n.enum_values.as_ref()?.value),
        Type::Number(n) => {
            n.enum_values.as_ref()?;
            Shape::NumberEnum
        }
        Type::Object(o) => Shape::Object(o),
        Type::Const(_) => Shape::Const,
        Type::Union(_) => Shape::Union,
        Type::Boolean | Type::Array(_) | Type::Any | Type::Unknown => return None,
    })
}

/// The index of `kind` in [`TypeSpace::calls`].
fn call_index(kind: CallKind) -> usize {
    match kind {
        CallKind::Track => 0,
        CallKind::Page => 1,
        CallKind::Screen => 2,
    }
}

/// The words naming the properties type of `call`: `<name> properties`, `<name> page properties`,
/// `<name> screen properties`, without saying `page` twice (`Landing Page` gives
/// `landing page properties`).
pub(crate) fn call_words(call: &Event) -> String {
    let name = &call.name.value;
    let kind = match call.kind {
        CallKind::Track => return format!("{name} properties"),
        CallKind::Page => "page",
        CallKind::Screen => "screen",
    };
    let stutters = crate::naming::rust_value(name)
        .rsplit('_')
        .next()
        .is_some_and(|last| last == kind);
    if stutters {
        format!("{name} properties")
    } else {
        format!("{name} {kind} properties")
    }
}

/// A structural key of `ty` without spans: two types with one key are the same type.
fn structure(ty: &Type, out: &mut String) {
    use std::fmt::Write as _;
    match ty {
        Type::String(s) => {
            let _ = write!(
                out,
                "s({:?},{:?},{:?},{:?},",
                s.format.as_ref().map(|f| f.value),
                s.pattern.as_ref().map(|p| &p.value),
                s.min_length.as_ref().map(|v| v.value),
                s.max_length.as_ref().map(|v| v.value),
            );
            if let Some(values) = &s.enum_values {
                for v in &values.value {
                    let _ = write!(out, "{:?},", v.value);
                }
            }
            out.push(')');
        }
        Type::Integer(n) | Type::Number(n) => {
            let _ = write!(
                out,
                "{}({:?},{:?},",
                if matches!(ty, Type::Integer(_)) {
                    'i'
                } else {
                    'n'
                },
                n.minimum.as_ref().map(|v| v.value),
                n.maximum.as_ref().map(|v| v.value),
            );
            if let Some(values) = &n.enum_values {
                for v in &values.value {
                    let _ = write!(out, "{:?},", v.value);
                }
            }
            out.push(')');
        }
        Type::Boolean => out.push('b'),
        Type::Any => out.push('a'),
        Type::Unknown => out.push('u'),
        Type::Const(c) => {
            let _ = write!(out, "c({:?})", c.value);
        }
        Type::Union(members) => {
            out.push_str("U(");
            for m in members {
                structure(m, out);
                out.push(',');
            }
            out.push(')');
        }
        Type::Array(a) => {
            let _ = write!(
                out,
                "A({},{:?},{:?},{:?},",
                a.items_nullable,
                a.items_shared.as_ref().map(|s| &s.value),
                a.min_items.as_ref().map(|v| v.value),
                a.max_items.as_ref().map(|v| v.value),
            );
            structure(&a.items, out);
            out.push(')');
        }
        Type::Object(o) => {
            out.push_str("O(");
            for p in &o.properties {
                let _ = write!(
                    out,
                    "{:?}:{},{},{},{:?},{:?},{:?},{:?},",
                    p.name.value,
                    p.required,
                    p.nullable,
                    p.pii,
                    p.description.as_ref().map(|d| &d.value),
                    p.deprecated.as_ref().map(|d| d.note()),
                    p.shared.as_ref().map(|s| &s.value),
                    p.examples,
                );
                structure(&p.ty, out);
                out.push(';');
            }
            match &o.additional {
                Additional::Closed => out.push_str("closed"),
                Additional::Any => out.push_str("open"),
                Additional::Values(v) => {
                    out.push_str("map ");
                    structure(v, out);
                }
            }
            out.push(')');
        }
    }
}

fn key(ty: &Type) -> String {
    let mut out = String::new();
    structure(ty, &mut out);
    out
}

/// Builds a [`TypeSpace`].
struct Builder<'p> {
    plan: &'p Plan,
    space: TypeSpace<'p>,
    /// The type node each shared definition was walked from, by name; `None` while it is walked.
    shared: HashMap<&'p str, Option<&'p Type>>,
    /// Under a shared definition or bundle property: the first of its nested types of each
    /// structure, so an identical one is the same entry.
    dedup: Option<HashMap<String, &'p Type>>,
    /// The first copy of each bundle property, by bundle, property and structure.
    bundles: HashMap<(&'p str, &'p str, String), &'p Type>,
}

impl<'p> Builder<'p> {
    fn push(
        &mut self,
        shape: Shape<'p>,
        origin: Origin,
        words: String,
        description: Option<&'p str>,
    ) -> TypeId {
        let id = TypeId(self.space.entries.len());
        self.space.entries.push(TypeEntry {
            id,
            shape,
            origin,
            words,
            description,
        });
        id
    }

    /// Maps every node of `copy` to the entry of the matching node of `first`: `copy` is another
    /// copy of the same type (lowering copies a definition into each use), walked in one order.
    fn alias(&mut self, first: &'p Type, copy: &'p Type) {
        if !holds_entries(first) {
            return;
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        nodes(first, &mut a);
        nodes(copy, &mut b);
        for (a, b) in a.into_iter().zip(b) {
            if let Some(&id) = self.space.by_node.get(&a) {
                self.space.by_node.insert(b, id);
            }
        }
    }

    /// The type node of shared definition `name`, walking the definition first if it was not yet.
    fn shared_def(&mut self, name: &str) -> Option<&'p Type> {
        if let Some(walked) = self.shared.get(name) {
            return *walked;
        }
        let def = self
            .plan
            .shared
            .iter()
            .find(|d| d.property.name.value == name)?;
        let p = &def.property;
        self.shared.insert(&p.name.value, None);
        let outer = self.dedup.replace(HashMap::new());
        self.ty(
            &p.ty,
            p.name.value.clone(),
            Origin::Shared,
            p.description.as_ref().map(|d| d.value.as_str()),
        );
        self.dedup = outer;
        self.shared.insert(&p.name.value, Some(&p.ty));
        Some(&p.ty)
    }

    /// Enters `properties` of an object at `path`.
    fn properties(&mut self, properties: &'p [Property], path: &str) {
        for p in properties.iter().filter(|p| holds_entries(&p.ty)) {
            self.property(p, &format!("{path} {}", p.name.value));
        }
    }

    fn property(&mut self, p: &'p Property, path: &str) {
        if let Some(r) = &p.shared {
            // An unresolved `ref` (its type is unknown) has no definition and no entry.
            if let Some(def) = self.shared_def(&r.value) {
                self.alias(def, &p.ty);
            }
            return;
        }
        let description = p.description.as_ref().map(|d| d.value.as_str());
        if let Some(bundle) = &p.bundle {
            let bundle = self.bundle_name(bundle);
            let property = p.name.value.as_str();
            let key = (bundle, property, key(&p.ty));
            if let Some(first) = self.bundles.get(&key).copied() {
                self.alias(first, &p.ty);
                return;
            }
            self.bundles.insert(key, &p.ty);
            let outer = self.dedup.replace(HashMap::new());
            let words = format!("{bundle} {property}");
            self.ty(&p.ty, words, Origin::Bundle, description);
            self.dedup = outer;
            return;
        }
        self.ty(&p.ty, path.to_owned(), Origin::Nested, description);
    }

    /// The bundle's name as the plan's bundle list holds it (borrowed for `'p`).
    fn bundle_name(&self, bundle: &str) -> &'p str {
        self.plan
            .bundles
            .iter()
            .find(|b| b.name.value == bundle)
            .map_or("", |b| b.name.value.as_str())
    }

    /// Makes entries for `ty` (named after `words`) and the types nested in it.
    fn ty(&mut self, ty: &'p Type, words: String, origin: Origin, description: Option<&'p str>) {
        match ty {
            Type::Array(a) => {
                if let Some(r) = &a.items_shared {
                    if let Some(def) = self.shared_def(&r.value) {
                        self.alias(def, &a.items);
                    }
                    return;
                }
                return self.ty(&a.items, format!("{words} item"), origin, None);
            }
            Type::Object(o) if o.properties.is_empty() => {
                if let Additional::Values(values) = &o.additional {
                    return self.ty(values, format!("{words} value"), origin, None);
                }
            }
            _ => {}
        }
        let Some(shape) = shape(ty).filter(|_| is_entry(ty)) else {
            return;
        };
        let structural = self.dedup.as_ref().map(|_| key(ty));
        if let (Some(seen), Some(k)) = (&self.dedup, &structural)
            && let Some(&first) = seen.get(k)
        {
            self.alias(first, ty);
            return;
        }
        if let (Some(seen), Some(k)) = (&mut self.dedup, structural) {
            seen.insert(k, ty);
        }
        let id = self.push(shape, origin, words.clone(), description);
        self.space.by_node.insert(node(ty), id);
        match ty {
            Type::Object(o) => {
                self.properties(&o.properties, &words);
                if let Additional::Values(values) = &o.additional {
                    self.ty(values, format!("{words} value"), Origin::Nested, None);
                }
            }
            Type::Union(members) => {
                for m in members {
                    self.ty(m, format!("{words} {}", m.name()), Origin::Nested, None);
                }
            }
            _ => {}
        }
    }
}

/// The addresses of the nodes under `ty` (itself included), depth first, in the order
/// [`Builder::ty`] visits them.
fn nodes(ty: &Type, out: &mut Vec<usize>) {
    out.push(node(ty));
    match ty {
        Type::Array(a) => nodes(&a.items, out),
        Type::Object(o) => {
            for p in &o.properties {
                nodes(&p.ty, out);
            }
            if let Additional::Values(v) = &o.additional {
                nodes(v, out);
            }
        }
        Type::Union(members) => {
            for m in members {
                nodes(m, out);
            }
        }
        _ => {}
    }
}

impl<'p> TypeSpace<'p> {
    /// The type space of `plan`: every entry, in a fixed order (roots, calls, shared definitions,
    /// bundle properties, then nested types in plan order).
    pub(crate) fn new(plan: &'p Plan) -> Self {
        let mut b = Builder {
            plan,
            space: TypeSpace {
                entries: Vec::new(),
                by_node: NodeMap::default(),
                calls: [Vec::new(), Vec::new(), Vec::new()],
            },
            shared: HashMap::new(),
            dedup: None,
            bundles: HashMap::new(),
        };
        let root_properties = |root: Root| -> (&'p [Property], &'static str) {
            match root {
                Root::Context => (&plan.context, "context"),
                Root::MessageContext => (&plan.message_context, "message context"),
                Root::Traits => (&plan.traits, "traits"),
                Root::GroupTraits => (&plan.group_traits, "group traits"),
            }
        };
        for root in Root::ALL {
            let (properties, words) = root_properties(root);
            b.push(
                Shape::Properties(properties),
                Origin::Root(root),
                words.to_owned(),
                None,
            );
        }
        for call in plan.calls() {
            let id = b.push(
                Shape::Properties(&call.properties),
                Origin::Call,
                call_words(call),
                call.description.as_ref().map(|d| d.value.as_str()),
            );
            b.space.calls[call_index(call.kind)].push(id);
        }
        // Shared definitions next, in plan order, each after the definitions it refers to.
        for def in &plan.shared {
            b.shared_def(&def.property.name.value);
        }
        for bundle in &plan.bundles {
            for p in &bundle.properties {
                b.property(p, "");
            }
        }
        for root in Root::ALL {
            let (properties, words) = root_properties(root);
            b.properties(properties, words);
        }
        for call in plan.calls() {
            b.properties(&call.properties, &call.name.value);
        }
        b.space
    }

    /// Every entry, in id order.
    pub(crate) fn entries(&self) -> &[TypeEntry<'p>] {
        &self.entries
    }

    /// The entry with `id`.
    pub(crate) fn entry(&self, id: TypeId) -> &TypeEntry<'p> {
        &self.entries[id.0]
    }

    /// The entry of the IR type node `ty` (a node of the plan the space was built from), when
    /// `ty` is a type some target declares under a name.
    pub(crate) fn entry_of(&self, ty: &Type) -> Option<&TypeEntry<'p>> {
        self.by_node.get(&node(ty)).map(|id| self.entry(*id))
    }

    /// The properties entry of the `index`th call of `kind` in plan order.
    pub(crate) fn call(&self, kind: CallKind, index: usize) -> TypeId {
        self.calls[call_index(kind)][index]
    }
}

/// The type names of one target, every one decided before anything is written.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    by_id: Vec<Option<String>>,
    /// The target's type namespace with every decided name taken, for names a printer adds.
    scope: Scope,
}

impl Names {
    /// The names `target` gives the entries of `space`: its root names, then one claim per entry
    /// it declares under a name, in id order, in one scope seeded with its fixed names.
    pub(crate) fn new(space: &TypeSpace<'_>, target: &dyn SdkTarget) -> Self {
        let mut scope = Scope::with(&target.fixed_types());
        let separator = target.number_separator();
        let by_id = space
            .entries()
            .iter()
            .map(|entry| {
                if let Origin::Root(root) = entry.origin {
                    return Some(target.root_name(root).to_owned());
                }
                target
                    .declares(entry)
                    .then(|| scope.claim_joined(target.type_ident(&entry.words), separator))
            })
            .collect();
        Self { by_id, scope }
    }

    /// The name of entry `id`; `None` when the target writes it inline.
    pub(crate) fn get(&self, id: TypeId) -> Option<&str> {
        self.by_id.get(id.0).and_then(|n| n.as_deref())
    }

    /// The target's type namespace, every decided name taken: for the helper types a printer adds.
    pub(crate) fn scope(&mut self) -> &mut Scope {
        &mut self.scope
    }
}

#[cfg(test)]
mod tests;
