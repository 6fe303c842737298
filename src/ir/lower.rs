//! Lowering: the spanned AST of all plan files into one resolved [`Plan`].
//!
//! Merges fragments in include order, resolves `ref`s against the shared definitions at any depth
//! (applying the overrides written next to the `ref`, refusing loops), takes bundles into the events
//! that name them, applies the plan's defaults and turns raw property keys into typed [`Type`]s.
//! Anything it cannot make sense of becomes a [`Problem`]; lowering itself never fails.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::parse::LoadedPlan;
use crate::parse::ast::{
    ConventionName, RawAdditional, RawAllow, RawBundle, RawCategory, RawConvention, RawDeprecated,
    RawEvent, RawFormat, RawProperty, RawStatus, RawType, Sp, SpMap, TYPE_KEYS,
};

/// The sections of one plan file that lowering merges.
struct FileSections<'a> {
    file: FileId,
    categories: &'a SpMap<RawCategory>,
    properties: &'a SpMap<RawProperty>,
    bundles: &'a SpMap<RawBundle>,
    events: &'a SpMap<RawEvent>,
    pages: &'a SpMap<RawEvent>,
    screens: &'a SpMap<RawEvent>,
}

fn sp(s: &Sp<String>, file: FileId) -> Spanned<String> {
    Spanned::new(s.value.clone(), s.span(file))
}

fn sps(list: &[Sp<String>], file: FileId) -> Vec<Spanned<String>> {
    list.iter().map(|s| sp(s, file)).collect()
}

/// Resolves a loaded plan into the IR.
pub fn lower(loaded: &LoadedPlan) -> Plan {
    let root = &loaded.root;
    let rf = loaded.root_file;
    let mut problems = Vec::new();

    let naming_raw = root.naming.as_ref();
    let convention = |c: Option<&Sp<RawConvention>>, default: Convention| match c {
        None => Spanned::new(default, Span::new(rf, 0, 0)),
        Some(c) => Spanned::new(
            match &c.value {
                RawConvention::Named(ConventionName::ObjectAction) => Convention::ObjectAction,
                RawConvention::Named(ConventionName::SnakeCase) => Convention::SnakeCase,
                RawConvention::Named(ConventionName::CamelCase) => Convention::CamelCase,
                RawConvention::Named(ConventionName::TitleCase) => Convention::TitleCase,
                RawConvention::Named(ConventionName::ObjectActionTitle) => {
                    Convention::ObjectActionTitle
                }
                RawConvention::Pattern { pattern } => Convention::Pattern(pattern.clone()),
            },
            c.span(rf),
        ),
    };
    let properties_convention = convention(
        naming_raw.and_then(|n| n.properties.as_ref()),
        Convention::SnakeCase,
    );
    let naming = Naming {
        events: convention(
            naming_raw.and_then(|n| n.events.as_ref()),
            Convention::ObjectAction,
        ),
        traits: match naming_raw.and_then(|n| n.traits.as_ref()) {
            Some(c) => convention(Some(c), Convention::SnakeCase),
            None => properties_convention.clone(),
        },
        pages: convention(
            naming_raw.and_then(|n| n.pages.as_ref()),
            Convention::TitleCase,
        ),
        message_context: convention(
            naming_raw.and_then(|n| n.message_context.as_ref()),
            Convention::CamelCase,
        ),
        properties: properties_convention,
        objects: naming_raw
            .and_then(|n| n.objects.as_ref())
            .map(|o| sps(o, rf)),
        actions: naming_raw.map(|n| sps(&n.actions, rf)).unwrap_or_default(),
        words: naming_raw.map(|n| sps(&n.words, rf)).unwrap_or_default(),
    };

    // All files in load order: the root, then each fragment.
    let files: Vec<FileSections<'_>> = std::iter::once(FileSections {
        file: rf,
        categories: &root.categories,
        properties: &root.properties,
        bundles: &root.bundles,
        events: &root.events,
        pages: &root.pages,
        screens: &root.screens,
    })
    .chain(loaded.fragments.iter().map(|(id, f)| FileSections {
        file: *id,
        categories: &f.categories,
        properties: &f.properties,
        bundles: &f.bundles,
        events: &f.events,
        pages: &f.pages,
        screens: &f.screens,
    }))
    .collect();

    let mut categories: Vec<Category> = Vec::new();
    let mut category_index: HashMap<String, Span> = HashMap::new();
    for f in &files {
        for (name, cat) in f.categories.iter() {
            let name = sp(name, f.file);
            if let Some(first) = category_index.get(&name.value) {
                problems.push(Problem::DefinedTwice {
                    kind: "category",
                    second: name,
                    first: *first,
                });
                continue;
            }
            category_index.insert(name.value.clone(), name.span);
            categories.push(Category {
                name,
                description: cat.description.as_ref().map(|d| sp(d, f.file)),
            });
        }
    }

    // Shared definitions and bundles first, so events in any file can use them.
    let raw_shared = first_definitions(&files, |f| f.properties, "shared property", &mut problems);
    let raw_bundles = first_definitions(&files, |f| f.bundles, "bundle", &mut problems);

    let mut resolver = Resolver {
        shared_index: raw_shared
            .iter()
            .enumerate()
            .map(|(i, (_, name, _))| (name.value.as_str(), i))
            .collect(),
        shared_names: raw_shared.iter().map(|(_, n, _)| n.value.clone()).collect(),
        states: raw_shared.iter().map(|_| DefState::Todo).collect(),
        referenced: vec![false; raw_shared.len()],
        stack: Vec::new(),
        raw_shared: &raw_shared,
        problems: &mut problems,
        default_required: root
            .defaults
            .as_ref()
            .and_then(|d| d.required.as_ref())
            .is_none_or(|r| r.value),
    };
    for i in 0..raw_shared.len() {
        resolver.definition(i);
    }

    let bundles: Vec<Bundle> = raw_bundles
        .iter()
        .map(|(file, name, bundle)| Bundle {
            name: sp(name, *file),
            description: bundle.description.as_ref().map(|d| sp(d, *file)),
            properties: resolver.properties(*file, &bundle.properties),
            used_by: Vec::new(),
        })
        .collect();

    // Standard properties, message context and traits are written in the root file.
    let mut context = resolver.properties(rf, &root.standard_properties);
    if let Some(old) = &root.context {
        resolver.problems.push(Problem::RenamedKey {
            old: Spanned::new("context".to_owned(), old.span(rf)),
            new: "standard_properties",
        });
        for p in resolver.properties(rf, &old.value) {
            match context.iter().find(|c| c.name.value == p.name.value) {
                Some(first) => resolver.problems.push(Problem::DefinedTwice {
                    kind: "standard property",
                    second: p.name.clone(),
                    first: first.name.span,
                }),
                None => context.push(p),
            }
        }
    }
    let message_context = resolver.properties(rf, &root.message_context);
    let traits = resolver.properties(rf, &root.traits);
    let group_traits = resolver.properties(rf, &root.group_traits);

    let sources: Vec<Source> = root
        .sources
        .iter()
        .map(|(name, s)| Source {
            name: sp(name, rf),
            description: s.description.as_ref().map(|d| sp(d, rf)),
        })
        .collect();
    let source_names: Vec<String> = sources.iter().map(|s| s.name.value.clone()).collect();
    let bundle_index: HashMap<&str, usize> = bundles
        .iter()
        .enumerate()
        .rev()
        .map(|(i, b)| (b.name.value.as_str(), i))
        .collect();
    let bundle_names: Vec<String> = bundles.iter().map(|b| b.name.value.clone()).collect();

    let mut calls = CallLowering {
        resolver,
        bundles: &bundles,
        bundle_index: &bundle_index,
        bundle_names: &bundle_names,
        source_names: &source_names,
        bundle_uses: Vec::new(),
    };
    let events = calls.lower_all(CallKind::Track, &files, |f| f.events);
    let pages = calls.lower_all(CallKind::Page, &files, |f| f.pages);
    let screens = calls.lower_all(CallKind::Screen, &files, |f| f.screens);
    let CallLowering {
        resolver,
        bundle_uses,
        ..
    } = calls;
    let Resolver {
        states, referenced, ..
    } = resolver;

    let mut bundles = bundles;
    for (i, call) in bundle_uses {
        if bundles[i].used_by.last() != Some(&call) {
            bundles[i].used_by.push(call);
        }
    }

    // Which track events use each shared definition, at any depth.
    let shared_index: HashMap<&str, usize> = raw_shared
        .iter()
        .enumerate()
        .map(|(i, (_, name, _))| (name.value.as_str(), i))
        .collect();
    let mut used_by: Vec<Vec<String>> = vec![Vec::new(); raw_shared.len()];
    for event in &events {
        let mut seen = HashSet::new();
        for p in &event.properties {
            collect_refs(p, &mut |name| {
                if let Some(&i) = shared_index.get(name)
                    && seen.insert(i)
                {
                    used_by[i].push(event.name.value.clone());
                }
            });
        }
    }
    let shared: Vec<SharedProperty> = states
        .into_iter()
        .zip(used_by)
        .zip(referenced)
        .map(|((state, used_by), referenced)| SharedProperty {
            property: match state {
                DefState::Done(p) => *p,
                DefState::Todo | DefState::InProgress => {
                    unreachable!("every definition is resolved before the events")
                }
            },
            used_by,
            referenced,
        })
        .collect();

    Plan {
        root_file: rf,
        name: sp(&root.name, rf),
        title: root
            .title
            .as_ref()
            .map_or_else(|| root.name.value.clone(), |t| t.value.clone()),
        description: root.description.as_ref().map(|d| sp(d, rf)),
        naming,
        categories,
        context,
        message_context,
        traits,
        group_traits,
        sources,
        shared,
        bundles,
        events,
        pages,
        screens,
        lint_rules: root
            .lint
            .as_ref()
            .map(|l| {
                l.rules
                    .iter()
                    .map(|(k, v)| (sp(k, rf), Spanned::new(v.value, v.span(rf))))
                    .collect()
            })
            .unwrap_or_default(),
        targets: root.targets.as_ref().map(crate::ir::targets::Targets::from),
        problems,
        content_hash: String::new(),
        locator: crate::source::Locator::default(),
    }
}

/// The first definition of each name of one section across all files, in load order; later ones
/// are reported as defined twice.
fn first_definitions<'a, T>(
    files: &[FileSections<'a>],
    section: impl Fn(&FileSections<'a>) -> &'a SpMap<T>,
    kind: &'static str,
    problems: &mut Vec<Problem>,
) -> Vec<(FileId, &'a Sp<String>, &'a T)> {
    let mut out: Vec<(FileId, &'a Sp<String>, &'a T)> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    for f in files {
        for (name, def) in section(f).iter() {
            if let Some(&i) = index.get(name.value.as_str()) {
                let (ffile, fname, _) = out[i];
                problems.push(Problem::DefinedTwice {
                    kind,
                    second: sp(name, f.file),
                    first: fname.span(ffile),
                });
                continue;
            }
            index.insert(&name.value, out.len());
            out.push((f.file, name, def));
        }
    }
    out
}

/// Calls `f` with the name of every shared definition `p` refers to, at any depth.
fn collect_refs(p: &Property, f: &mut dyn FnMut(&str)) {
    if let Some(r) = &p.shared {
        f(&r.value);
    }
    collect_type_refs(&p.ty, f);
}

fn collect_type_refs(ty: &Type, f: &mut dyn FnMut(&str)) {
    match ty {
        Type::Object(o) => {
            for p in &o.properties {
                collect_refs(p, f);
            }
            if let Additional::Values(v) = &o.additional {
                collect_type_refs(v, f);
            }
        }
        Type::Array(a) => collect_type_refs(&a.items, f),
        Type::Union(members) => {
            for m in members {
                collect_type_refs(m, f);
            }
        }
        _ => {}
    }
}

fn deprecation(d: &Sp<RawDeprecated>, file: FileId) -> Deprecation {
    let (reason, renamed_to) = match &d.value {
        RawDeprecated::Reason(r) => (Some(r.clone()), None),
        RawDeprecated::Detailed { reason, renamed_to } => (reason.clone(), renamed_to.clone()),
    };
    Deprecation {
        reason,
        renamed_to,
        span: d.span(file),
    }
}

fn allows(lint: Option<&RawAllow>, file: FileId) -> Vec<Allow> {
    lint.map(|l| {
        l.allow
            .iter()
            .map(|(k, reason)| Allow {
                rule: Spanned::new(k.value.clone(), k.span(file)),
                reason: reason.clone(),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Where a shared definition is in its resolution.
enum DefState {
    Todo,
    /// Being resolved: a `ref` to it now closes a loop.
    InProgress,
    Done(Box<Property>),
}

/// Resolves properties: types, `ref`s at any depth (each definition once), defaults.
struct Resolver<'a, 'p> {
    raw_shared: &'a [(FileId, &'a Sp<String>, &'a RawProperty)],
    shared_index: HashMap<&'a str, usize>,
    shared_names: Vec<String>,
    states: Vec<DefState>,
    referenced: Vec<bool>,
    /// The definitions being resolved, innermost last.
    stack: Vec<usize>,
    problems: &'p mut Vec<Problem>,
    /// `required` of a property that does not say.
    default_required: bool,
}

impl Resolver<'_, '_> {
    /// Resolves shared definition `i` unless it is done; `None` while it is in progress (a loop).
    fn definition(&mut self, i: usize) -> Option<&Property> {
        if matches!(self.states[i], DefState::Todo) {
            self.states[i] = DefState::InProgress;
            self.stack.push(i);
            let (file, name, raw) = self.raw_shared[i];
            let property = self.property(file, name, raw);
            self.stack.pop();
            self.states[i] = DefState::Done(Box::new(property));
        }
        match &self.states[i] {
            DefState::Done(p) => Some(p),
            DefState::Todo | DefState::InProgress => None,
        }
    }

    fn properties(&mut self, file: FileId, props: &SpMap<RawProperty>) -> Vec<Property> {
        props
            .iter()
            .map(|(n, p)| self.property(file, n, p))
            .collect()
    }

    fn property(&mut self, file: FileId, name: &Sp<String>, raw: &RawProperty) -> Property {
        let name = sp(name, file);
        if let Some(reference) = &raw.reference {
            let reference = sp(reference, file);
            self.check_ref_overrides(file, raw);
            let Some(&i) = self.shared_index.get(reference.value.as_str()) else {
                self.problems.push(Problem::UnknownRef {
                    reference: reference.clone(),
                    known: self.shared_names.clone(),
                });
                return self.base(file, name, raw, Type::Unknown, Some(reference));
            };
            self.referenced[i] = true;
            let Some(def) = self.definition(i).cloned() else {
                let start = self.stack.iter().position(|&s| s == i).unwrap_or(0);
                let cycle = self.stack[start..]
                    .iter()
                    .map(|&s| self.shared_names[s].clone())
                    .collect();
                self.problems.push(Problem::RefCycle {
                    reference: reference.clone(),
                    cycle,
                });
                return self.base(file, name, raw, Type::Unknown, Some(reference));
            };
            // The definition, with the overrides written next to the ref.
            return Property {
                name,
                description: raw
                    .description
                    .as_ref()
                    .map(|d| sp(d, file))
                    .or(def.description),
                required: raw.required.as_ref().map_or(def.required, |r| r.value),
                nullable: raw.nullable.as_ref().map_or(def.nullable, |r| r.value),
                ty: def.ty,
                examples: raw.examples.clone().unwrap_or(def.examples),
                deprecated: raw
                    .deprecated
                    .as_ref()
                    .map(|d| deprecation(d, file))
                    .or(def.deprecated),
                shared: Some(reference),
                bundle: None,
                pii: raw.pii.as_ref().map_or(def.pii, |p| p.value),
                allow: allows(raw.lint.as_ref(), file),
            };
        }
        let ty = self.ty(file, &name, raw);
        self.base(file, name, raw, ty, None)
    }

    fn base(
        &self,
        file: FileId,
        name: Spanned<String>,
        raw: &RawProperty,
        ty: Type,
        shared: Option<Spanned<String>>,
    ) -> Property {
        Property {
            name,
            description: raw.description.as_ref().map(|d| sp(d, file)),
            required: raw
                .required
                .as_ref()
                .map_or(self.default_required, |r| r.value),
            nullable: raw.nullable.as_ref().is_some_and(|r| r.value),
            ty,
            examples: raw.examples.clone().unwrap_or_default(),
            deprecated: raw.deprecated.as_ref().map(|d| deprecation(d, file)),
            shared,
            bundle: None,
            pii: raw.pii.as_ref().is_some_and(|p| p.value),
            allow: allows(raw.lint.as_ref(), file),
        }
    }

    /// Keys that define a type cannot be combined with `ref`: the definition owns the type.
    fn check_ref_overrides(&mut self, file: FileId, raw: &RawProperty) {
        for (key, span) in type_keys(raw) {
            self.problems.push(Problem::InapplicableKey {
                key,
                span: Span::new(file, span.0, span.1),
                ty: "ref",
            });
        }
    }

    /// The type of a property written without `ref`.
    fn ty(&mut self, file: FileId, name: &Spanned<String>, raw: &RawProperty) -> Type {
        let Some(ty) = raw.ty.as_ref().map(|t| t.value) else {
            if let Some(members) = &raw.any_of {
                return self.union(file, name, raw, members);
            }
            if let Some(c) = &raw.const_value {
                self.inapplicable(file, raw, c.value.type_name(), |k| k == "const");
                return Type::Const(Spanned::new(c.value.clone(), c.span(file)));
            }
            self.problems
                .push(Problem::MissingType { name: name.clone() });
            return Type::Unknown;
        };
        let ty_name = raw_type_name(ty);
        // Report keys that do not apply to this type.
        let applies = |key: &str| {
            TYPE_KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .is_none_or(|(_, types)| types.contains(&ty_name))
        };
        self.inapplicable(file, raw, ty_name, applies);
        if let Some(c) = &raw.const_value {
            let fits = match (&c.value, ty) {
                (Literal::String(_), RawType::String)
                | (Literal::Integer(_), RawType::Integer | RawType::Number)
                | (Literal::Number(_), RawType::Number)
                | (Literal::Boolean(_), RawType::Boolean) => true,
                (_, _) => false,
            };
            if fits {
                return Type::Const(Spanned::new(c.value.clone(), c.span(file)));
            }
            if applies("const") {
                self.problems.push(Problem::ConstValueType {
                    value: Spanned::new(c.value.clone(), c.span(file)),
                    ty: ty_name,
                });
            }
        }
        match ty {
            RawType::String => Type::String(StringType {
                format: raw.format.as_ref().map(|f| {
                    Spanned::new(
                        match f.value {
                            RawFormat::Uuid => Format::Uuid,
                            RawFormat::DateTime => Format::DateTime,
                            RawFormat::Date => Format::Date,
                            RawFormat::Email => Format::Email,
                            RawFormat::Uri => Format::Uri,
                        },
                        f.span(file),
                    )
                }),
                pattern: raw.pattern.as_ref().map(|p| sp(p, file)),
                min_length: raw
                    .min_length
                    .as_ref()
                    .map(|p| Spanned::new(p.value, p.span(file))),
                max_length: raw
                    .max_length
                    .as_ref()
                    .map(|p| Spanned::new(p.value, p.span(file))),
                enum_values: raw.enum_values.as_ref().map(|values| {
                    let list = values
                        .value
                        .iter()
                        .filter_map(|v| match &v.value {
                            EnumValue::String(s) => Some(Spanned::new(s.clone(), v.span(file))),
                            EnumValue::Integer(_) | EnumValue::Number(_) => {
                                self.problems.push(Problem::EnumValueType {
                                    value: Spanned::new(v.value.clone(), v.span(file)),
                                    ty: "string",
                                });
                                None
                            }
                        })
                        .collect();
                    Spanned::new(list, values.span(file))
                }),
            }),
            RawType::Integer | RawType::Number => {
                let numbers = NumberType {
                    minimum: raw
                        .minimum
                        .as_ref()
                        .map(|p| Spanned::new(p.value, p.span(file))),
                    maximum: raw
                        .maximum
                        .as_ref()
                        .map(|p| Spanned::new(p.value, p.span(file))),
                    enum_values: raw.enum_values.as_ref().map(|values| {
                        let list = values
                            .value
                            .iter()
                            .filter_map(|v| match (&v.value, ty) {
                                // Integers beyond 2^53 lose precision here; enums of such
                                // values do not occur in tracking plans.
                                #[allow(clippy::cast_precision_loss)]
                                (EnumValue::Integer(i), _) => {
                                    Some(Spanned::new(*i as f64, v.span(file)))
                                }
                                (EnumValue::Number(n), RawType::Number) => {
                                    Some(Spanned::new(*n, v.span(file)))
                                }
                                _ => {
                                    self.problems.push(Problem::EnumValueType {
                                        value: Spanned::new(v.value.clone(), v.span(file)),
                                        ty: ty_name,
                                    });
                                    None
                                }
                            })
                            .collect();
                        Spanned::new(list, values.span(file))
                    }),
                };
                if ty == RawType::Integer {
                    Type::Integer(numbers)
                } else {
                    Type::Number(numbers)
                }
            }
            RawType::Boolean => Type::Boolean,
            RawType::Any => Type::Any,
            RawType::Object => {
                let properties = raw
                    .properties
                    .as_ref()
                    .map(|ps| self.properties(file, ps))
                    .unwrap_or_default();
                let additional = match raw.additional_properties.as_ref().map(|a| &a.value) {
                    None | Some(RawAdditional::Allowed(false)) => Additional::Closed,
                    Some(RawAdditional::Allowed(true)) => Additional::Any,
                    Some(RawAdditional::Values(values)) => {
                        if let Some(n) = values.nullable.as_ref().filter(|n| n.value) {
                            self.problems.push(Problem::InapplicableKey {
                                key: "nullable",
                                span: n.span(file),
                                ty: "map value",
                            });
                        }
                        let value_name = Spanned::new(format!("{}{{}}", name.value), name.span);
                        let value = self.property(
                            file,
                            &Sp {
                                value: value_name.value,
                                start: name.span.start,
                                end: name.span.end,
                            },
                            values,
                        );
                        Additional::Values(Box::new(value.ty))
                    }
                };
                if raw.properties.is_none() && raw.additional_properties.is_none() {
                    self.problems
                        .push(Problem::BareObject { name: name.clone() });
                }
                Type::Object(ObjectType {
                    properties,
                    additional,
                })
            }
            RawType::Array => {
                let (items, items_nullable, items_shared) = match &raw.items {
                    None => {
                        self.problems
                            .push(Problem::MissingItems { name: name.clone() });
                        (Type::Unknown, false, None)
                    }
                    Some(items) => {
                        let item_name = Sp {
                            value: format!("{}[]", name.value),
                            start: items.start,
                            end: items.end,
                        };
                        let item = self.property(file, &item_name, &items.value);
                        (item.ty, item.nullable, item.shared)
                    }
                };
                Type::Array(Box::new(ArrayType {
                    items,
                    items_nullable,
                    items_shared,
                    min_items: raw
                        .min_items
                        .as_ref()
                        .map(|p| Spanned::new(p.value, p.span(file))),
                    max_items: raw
                        .max_items
                        .as_ref()
                        .map(|p| Spanned::new(p.value, p.span(file))),
                }))
            }
        }
    }

    /// The union of `any_of`'s members; keys other than `any_of` and the documenting ones do not
    /// apply to the union itself.
    fn union(
        &mut self,
        file: FileId,
        name: &Spanned<String>,
        raw: &RawProperty,
        members: &Sp<Vec<Sp<RawProperty>>>,
    ) -> Type {
        self.inapplicable(file, raw, "union", |k| k == "any_of");
        let mut types = Vec::with_capacity(members.value.len());
        for (i, m) in members.value.iter().enumerate() {
            if let Some(n) = m.value.nullable.as_ref().filter(|n| n.value) {
                // A member cannot be null on its own: null is the property's to allow.
                self.problems.push(Problem::InapplicableKey {
                    key: "nullable",
                    span: n.span(file),
                    ty: "union member",
                });
            }
            let member_name = Sp {
                value: format!("{}|{}", name.value, i + 1),
                start: m.start,
                end: m.end,
            };
            types.push(self.property(file, &member_name, &m.value).ty);
        }
        if types.is_empty() {
            self.problems
                .push(Problem::MissingType { name: name.clone() });
            return Type::Unknown;
        }
        Type::Union(types)
    }

    fn inapplicable(
        &mut self,
        file: FileId,
        raw: &RawProperty,
        ty_name: &'static str,
        applies: impl Fn(&str) -> bool,
    ) {
        for (key, span) in type_keys(raw) {
            if key != "type" && !applies(key) {
                self.problems.push(Problem::InapplicableKey {
                    key,
                    span: Span::new(file, span.0, span.1),
                    ty: ty_name,
                });
            }
        }
    }
}

/// Lowers events, pages and screens: bundles taken in, metadata, sources checked.
struct CallLowering<'a, 'r, 'p> {
    resolver: Resolver<'r, 'p>,
    bundles: &'a [Bundle],
    bundle_index: &'a HashMap<&'a str, usize>,
    bundle_names: &'a [String],
    source_names: &'a [String],
    /// (bundle index, call name) for every use.
    bundle_uses: Vec<(usize, String)>,
}

impl<'f> CallLowering<'_, '_, '_> {
    fn lower_all(
        &mut self,
        kind: CallKind,
        files: &[FileSections<'f>],
        section: impl Fn(&FileSections<'f>) -> &'f SpMap<RawEvent>,
    ) -> Vec<Event> {
        let mut out = Vec::new();
        let mut index: HashMap<String, Span> = HashMap::new();
        for f in files {
            for (name, ev) in section(f).iter() {
                let name = sp(name, f.file);
                if let Some(first) = index.get(&name.value) {
                    self.resolver.problems.push(Problem::DefinedTwice {
                        kind: kind.noun(),
                        second: name.clone(),
                        first: *first,
                    });
                } else {
                    index.insert(name.value.clone(), name.span);
                }
                out.push(self.call(kind, f.file, name, ev));
            }
        }
        out
    }

    fn call(
        &mut self,
        kind: CallKind,
        file: FileId,
        name: Spanned<String>,
        ev: &RawEvent,
    ) -> Event {
        let mut properties: Vec<Property> = Vec::new();
        let mut taken: Vec<usize> = Vec::new();
        for b in &ev.bundles {
            match self.bundle_index.get(b.value.as_str()) {
                // A bundle listed twice brings its properties once.
                Some(&i) if taken.contains(&i) => {}
                Some(&i) => {
                    taken.push(i);
                    self.bundle_uses.push((i, name.value.clone()));
                    let bundle = &self.bundles[i];
                    for p in &bundle.properties {
                        if let Some(first) =
                            properties.iter().find(|q| q.name.value == p.name.value)
                        {
                            // Two bundles with one property name: the first one's stays.
                            self.resolver.problems.push(Problem::DefinedTwice {
                                kind: "bundle property",
                                second: p.name.clone(),
                                first: first.name.span,
                            });
                            continue;
                        }
                        let mut p = p.clone();
                        p.bundle = Some(bundle.name.value.clone());
                        properties.push(p);
                    }
                }
                None => self.resolver.problems.push(Problem::UnknownBundle {
                    bundle: sp(b, file),
                    known: self.bundle_names.to_vec(),
                }),
            }
        }
        let from_bundles = properties.len();
        for (pname, raw) in ev.properties.iter() {
            let existing = properties[..from_bundles]
                .iter()
                .position(|p| p.name.value == pname.value);
            match existing {
                // Override keys only: adjust the bundle's property.
                Some(at) if is_override_only(raw) => {
                    let p = &mut properties[at];
                    if let Some(d) = &raw.description {
                        p.description = Some(sp(d, file));
                    }
                    if let Some(r) = &raw.required {
                        p.required = r.value;
                    }
                    if let Some(n) = &raw.nullable {
                        p.nullable = n.value;
                    }
                    if let Some(e) = &raw.examples {
                        p.examples = e.clone();
                    }
                    if let Some(d) = &raw.deprecated {
                        p.deprecated = Some(deprecation(d, file));
                    }
                    if let Some(x) = &raw.pii {
                        p.pii = x.value;
                    }
                    p.allow.extend(allows(raw.lint.as_ref(), file));
                }
                // A full definition replaces the bundle's, where it stood.
                Some(at) => properties[at] = self.resolver.property(file, pname, raw),
                None => properties.push(self.resolver.property(file, pname, raw)),
            }
        }
        for s in &ev.sources {
            if !self.source_names.contains(&s.value) {
                self.resolver.problems.push(Problem::UnknownSource {
                    source: sp(s, file),
                    known: self.source_names.to_vec(),
                });
            }
        }
        let status = ev.status.as_ref().map(|s| {
            Spanned::new(
                match s.value {
                    RawStatus::Draft => Status::Draft,
                    RawStatus::Live => Status::Live,
                    RawStatus::Deprecated => Status::Deprecated,
                },
                s.span(file),
            )
        });
        let deprecated = ev
            .deprecated
            .as_ref()
            .map(|d| deprecation(d, file))
            .or_else(|| {
                status
                    .as_ref()
                    .filter(|s| s.value == Status::Deprecated)
                    .map(|s| Deprecation {
                        reason: None,
                        renamed_to: None,
                        span: s.span,
                    })
            });
        Event {
            kind,
            category: ev.category.as_ref().map(|c| sp(c, file)),
            description: ev.description.as_ref().map(|d| sp(d, file)),
            trigger: ev.trigger.as_ref().map(|t| sp(t, file)),
            deprecated,
            properties,
            bundles: sps(&ev.bundles, file),
            owners: sps(&ev.owners, file),
            tags: sps(&ev.tags, file),
            status,
            sources: sps(&ev.sources, file),
            allow: allows(ev.lint.as_ref(), file),
            name,
        }
    }
}

/// Whether `raw` only adjusts a property defined elsewhere (no type of its own).
fn is_override_only(raw: &RawProperty) -> bool {
    raw.reference.is_none()
        && raw.any_of.is_none()
        && raw.const_value.is_none()
        && type_keys(raw).is_empty()
}

fn raw_type_name(ty: RawType) -> &'static str {
    match ty {
        RawType::String => "string",
        RawType::Integer => "integer",
        RawType::Number => "number",
        RawType::Boolean => "boolean",
        RawType::Object => "object",
        RawType::Array => "array",
        RawType::Any => "any",
    }
}

/// The type-defining keys present on `raw`, with their byte ranges.
fn type_keys(raw: &RawProperty) -> Vec<(&'static str, (u32, u32))> {
    fn at<T>(s: &Option<Sp<T>>) -> Option<(u32, u32)> {
        s.as_ref().map(|s| (s.start, s.end))
    }
    let mut keys = vec![
        ("type", at(&raw.ty)),
        ("format", at(&raw.format)),
        ("pattern", at(&raw.pattern)),
        ("min_length", at(&raw.min_length)),
        ("max_length", at(&raw.max_length)),
        ("minimum", at(&raw.minimum)),
        ("maximum", at(&raw.maximum)),
        ("enum", at(&raw.enum_values)),
        ("const", at(&raw.const_value)),
        ("any_of", at(&raw.any_of)),
        ("min_items", at(&raw.min_items)),
        ("max_items", at(&raw.max_items)),
        ("items", raw.items.as_ref().map(|i| (i.start, i.end))),
        ("additional_properties", at(&raw.additional_properties)),
    ];
    if let Some(ps) = &raw.properties {
        let first =
            ps.0.first()
                .map(|(k, _)| (k.start, k.end))
                .unwrap_or((0, 0));
        keys.push(("properties", Some(first)));
    }
    keys.into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect()
}
