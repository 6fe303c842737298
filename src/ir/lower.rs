//! Lowering: the spanned AST of all plan files into one resolved [`Plan`].
//!
//! Merges fragments in include order, resolves `ref`s against the shared definitions (applying the
//! overrides written next to the `ref`), and turns raw property keys into typed [`Type`]s. Anything it
//! cannot make sense of becomes a [`Problem`]; lowering itself never fails.

use std::collections::HashMap;

use super::*;
use crate::parse::LoadedPlan;
use crate::parse::ast::{
    ConventionName, RawAllow, RawCategory, RawConvention, RawDeprecated, RawEvent, RawFormat,
    RawProperty, RawType, Sp, SpMap,
};

/// The sections of one plan file that lowering merges: categories, shared properties, events.
type FileSections<'a> = (
    FileId,
    &'a SpMap<RawCategory>,
    &'a SpMap<RawProperty>,
    &'a SpMap<RawEvent>,
);

/// Resolves a loaded plan into the IR.
pub fn lower(loaded: &LoadedPlan) -> Plan {
    let root = &loaded.root;
    let rf = loaded.root_file;
    let mut problems = Vec::new();
    let sp = |s: &Sp<String>, file: FileId| Spanned::new(s.value.clone(), s.span(file));

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
    let naming = Naming {
        events: convention(
            naming_raw.and_then(|n| n.events.as_ref()),
            Convention::ObjectAction,
        ),
        properties: convention(
            naming_raw.and_then(|n| n.properties.as_ref()),
            Convention::SnakeCase,
        ),
        objects: naming_raw
            .and_then(|n| n.objects.as_ref())
            .map(|o| o.iter().map(|s| sp(s, rf)).collect()),
        actions: naming_raw
            .map(|n| n.actions.iter().map(|s| sp(s, rf)).collect())
            .unwrap_or_default(),
        words: naming_raw
            .map(|n| n.words.iter().map(|s| sp(s, rf)).collect())
            .unwrap_or_default(),
    };

    // All files in load order: the root, then each fragment.
    let files: Vec<FileSections<'_>> =
        std::iter::once((rf, &root.categories, &root.properties, &root.events))
            .chain(
                loaded
                    .fragments
                    .iter()
                    .map(|(id, f)| (*id, &f.categories, &f.properties, &f.events)),
            )
            .collect();

    let mut categories: Vec<Category> = Vec::new();
    let mut category_index: HashMap<String, Span> = HashMap::new();
    for (file, cats, _, _) in &files {
        for (name, cat) in cats.iter() {
            let name = sp(name, *file);
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
                description: cat.description.as_ref().map(|d| sp(d, *file)),
            });
        }
    }

    // Shared definitions first, so events in any file can use them.
    let mut raw_shared: Vec<(FileId, &Sp<String>, &RawProperty)> = Vec::new();
    let mut shared_index: HashMap<&str, usize> = HashMap::new();
    for (file, _, props, _) in &files {
        for (name, prop) in props.iter() {
            if let Some(&i) = shared_index.get(name.value.as_str()) {
                let (ffile, fname, _) = raw_shared[i];
                problems.push(Problem::DefinedTwice {
                    kind: "shared property",
                    second: sp(name, *file),
                    first: fname.span(ffile),
                });
                continue;
            }
            shared_index.insert(&name.value, raw_shared.len());
            raw_shared.push((*file, name, prop));
        }
    }
    let mut shared: Vec<SharedProperty> = raw_shared
        .iter()
        .map(|(file, name, prop)| {
            if let Some(r) = &prop.reference {
                problems.push(Problem::NestedRef {
                    reference: sp(r, *file),
                });
            }
            let property = Lowerer {
                file: *file,
                problems: &mut problems,
                shared: None,
            }
            .property(name, prop);
            SharedProperty {
                property,
                used_by: Vec::new(),
            }
        })
        .collect();
    let shared_names: Vec<String> = shared
        .iter()
        .map(|s| s.property.name.value.clone())
        .collect();

    // Context and traits are written in the root file and may refer to shared properties.
    let mut root_properties = |props: &SpMap<RawProperty>| -> Vec<Property> {
        props
            .iter()
            .map(|(name, prop)| {
                Lowerer {
                    file: rf,
                    problems: &mut problems,
                    shared: Some((&shared, &shared_index, &shared_names)),
                }
                .property(name, prop)
            })
            .collect()
    };
    let context = root_properties(&root.context);
    let traits = root_properties(&root.traits);

    let mut events: Vec<Event> = Vec::new();
    let mut event_index: HashMap<String, Span> = HashMap::new();
    let mut uses: Vec<(usize, String)> = Vec::new();
    for (file, _, _, evs) in &files {
        for (name, ev) in evs.iter() {
            let name = sp(name, *file);
            if let Some(first) = event_index.get(&name.value) {
                problems.push(Problem::DefinedTwice {
                    kind: "event",
                    second: name.clone(),
                    first: *first,
                });
            } else {
                event_index.insert(name.value.clone(), name.span);
            }
            let mut lowerer = Lowerer {
                file: *file,
                problems: &mut problems,
                shared: Some((&shared, &shared_index, &shared_names)),
            };
            let properties: Vec<Property> = ev
                .properties
                .iter()
                .map(|(n, p)| lowerer.property(n, p))
                .collect();
            for p in &properties {
                if let Some(r) = &p.shared
                    && let Some(&i) = shared_index.get(r.value.as_str())
                {
                    uses.push((i, name.value.clone()));
                }
            }
            events.push(Event {
                category: ev.category.as_ref().map(|c| sp(c, *file)),
                description: ev.description.as_ref().map(|d| sp(d, *file)),
                trigger: ev.trigger.as_ref().map(|t| sp(t, *file)),
                deprecated: ev.deprecated.as_ref().map(|d| deprecation(d, *file)),
                allow: allows(ev.lint.as_ref(), *file),
                properties,
                name,
            });
        }
    }
    for (i, event) in uses {
        if shared[i].used_by.last() != Some(&event) {
            shared[i].used_by.push(event);
        }
    }

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
        traits,
        shared,
        events,
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
        targets: root.targets.clone(),
        problems,
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

type SharedLookup<'a> = (
    &'a [SharedProperty],
    &'a HashMap<&'a str, usize>,
    &'a [String],
);

/// Lowers the properties of one file.
struct Lowerer<'a, 'p> {
    file: FileId,
    problems: &'p mut Vec<Problem>,
    /// Shared definitions to resolve `ref` against; `None` while lowering the definitions themselves.
    shared: Option<SharedLookup<'a>>,
}

impl Lowerer<'_, '_> {
    fn sp<T: Clone>(&self, s: &Sp<T>) -> Spanned<T> {
        Spanned::new(s.value.clone(), s.span(self.file))
    }

    fn property(&mut self, name: &Sp<String>, raw: &RawProperty) -> Property {
        let name = self.sp(name);
        if let (Some(reference), Some((shared, index, names))) = (&raw.reference, self.shared) {
            let reference = self.sp(reference);
            self.check_ref_overrides(raw);
            let Some(&i) = index.get(reference.value.as_str()) else {
                self.problems.push(Problem::UnknownRef {
                    reference: reference.clone(),
                    known: names.to_vec(),
                });
                return self.base(name, raw, Type::Unknown, Some(reference));
            };
            let def = &shared[i].property;
            // The definition, with the overrides written next to the ref.
            return Property {
                name,
                description: raw
                    .description
                    .as_ref()
                    .map(|d| self.sp(d))
                    .or_else(|| def.description.clone()),
                required: raw.required.as_ref().map_or(def.required, |r| r.value),
                nullable: raw.nullable.as_ref().map_or(def.nullable, |r| r.value),
                ty: def.ty.clone(),
                examples: raw.examples.clone().unwrap_or_else(|| def.examples.clone()),
                deprecated: raw
                    .deprecated
                    .as_ref()
                    .map(|d| deprecation(d, self.file))
                    .or_else(|| def.deprecated.clone()),
                shared: Some(reference),
                allow: allows(raw.lint.as_ref(), self.file),
            };
        }
        let ty = match &raw.ty {
            None => {
                if raw.reference.is_none() {
                    self.problems
                        .push(Problem::MissingType { name: name.clone() });
                }
                Type::Unknown
            }
            Some(t) => self.ty(&name, t.value, raw),
        };
        self.base(name, raw, ty, None)
    }

    fn base(
        &self,
        name: Spanned<String>,
        raw: &RawProperty,
        ty: Type,
        shared: Option<Spanned<String>>,
    ) -> Property {
        Property {
            name,
            description: raw.description.as_ref().map(|d| self.sp(d)),
            required: raw.required.as_ref().is_none_or(|r| r.value),
            nullable: raw.nullable.as_ref().is_some_and(|r| r.value),
            ty,
            examples: raw.examples.clone().unwrap_or_default(),
            deprecated: raw.deprecated.as_ref().map(|d| deprecation(d, self.file)),
            shared,
            allow: allows(raw.lint.as_ref(), self.file),
        }
    }

    /// Keys that define a type cannot be combined with `ref`: the definition owns the type.
    fn check_ref_overrides(&mut self, raw: &RawProperty) {
        for (key, span) in type_keys(raw) {
            self.problems.push(Problem::InapplicableKey {
                key,
                span: Span::new(self.file, span.0, span.1),
                ty: "ref",
            });
        }
    }

    fn ty(&mut self, name: &Spanned<String>, ty: RawType, raw: &RawProperty) -> Type {
        let ty_name = match ty {
            RawType::String => "string",
            RawType::Integer => "integer",
            RawType::Number => "number",
            RawType::Boolean => "boolean",
            RawType::Object => "object",
            RawType::Array => "array",
        };
        // Report keys that do not apply to this type.
        let applies = |key: &str| match key {
            "format" | "pattern" | "min_length" | "max_length" => ty == RawType::String,
            "minimum" | "maximum" => matches!(ty, RawType::Integer | RawType::Number),
            "enum" => matches!(ty, RawType::String | RawType::Integer),
            "items" | "min_items" | "max_items" => ty == RawType::Array,
            "properties" => ty == RawType::Object,
            _ => true,
        };
        for (key, span) in type_keys(raw) {
            if key != "type" && !applies(key) {
                self.problems.push(Problem::InapplicableKey {
                    key,
                    span: Span::new(self.file, span.0, span.1),
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
                        f.span(self.file),
                    )
                }),
                pattern: raw.pattern.as_ref().map(|p| self.sp(p)),
                min_length: raw.min_length.as_ref().map(|p| self.sp(p)),
                max_length: raw.max_length.as_ref().map(|p| self.sp(p)),
                enum_values: raw.enum_values.as_ref().map(|values| {
                    let list = values
                        .value
                        .iter()
                        .filter_map(|v| match &v.value {
                            EnumValue::String(s) => {
                                Some(Spanned::new(s.clone(), v.span(self.file)))
                            }
                            EnumValue::Integer(_) => {
                                self.problems.push(Problem::EnumValueType {
                                    value: self.sp(v),
                                    ty: "string",
                                });
                                None
                            }
                        })
                        .collect();
                    Spanned::new(list, values.span(self.file))
                }),
            }),
            RawType::Integer | RawType::Number => {
                let numbers = NumberType {
                    minimum: raw.minimum.as_ref().map(|p| self.sp(p)),
                    maximum: raw.maximum.as_ref().map(|p| self.sp(p)),
                    enum_values: raw
                        .enum_values
                        .as_ref()
                        .filter(|_| ty == RawType::Integer)
                        .map(|values| {
                            let list = values
                                .value
                                .iter()
                                .filter_map(|v| match &v.value {
                                    EnumValue::Integer(i) => {
                                        Some(Spanned::new(*i, v.span(self.file)))
                                    }
                                    EnumValue::String(_) => {
                                        self.problems.push(Problem::EnumValueType {
                                            value: self.sp(v),
                                            ty: "integer",
                                        });
                                        None
                                    }
                                })
                                .collect();
                            Spanned::new(list, values.span(self.file))
                        }),
                };
                if ty == RawType::Integer {
                    Type::Integer(numbers)
                } else {
                    Type::Number(numbers)
                }
            }
            RawType::Boolean => Type::Boolean,
            RawType::Object => Type::Object(
                raw.properties
                    .as_ref()
                    .map(|ps| ps.iter().map(|(n, p)| self.property(n, p)).collect())
                    .unwrap_or_default(),
            ),
            RawType::Array => {
                let (items, items_nullable) = match &raw.items {
                    None => {
                        self.problems
                            .push(Problem::MissingItems { name: name.clone() });
                        (Type::Unknown, false)
                    }
                    Some(items) => {
                        let item_name = Sp {
                            value: format!("{}[]", name.value),
                            start: items.start,
                            end: items.end,
                        };
                        let item = self.property(&item_name, &items.value);
                        (item.ty, item.nullable)
                    }
                };
                Type::Array(Box::new(ArrayType {
                    items,
                    items_nullable,
                    min_items: raw.min_items.as_ref().map(|p| self.sp(p)),
                    max_items: raw.max_items.as_ref().map(|p| self.sp(p)),
                }))
            }
        }
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
        ("min_items", at(&raw.min_items)),
        ("max_items", at(&raw.max_items)),
        ("items", raw.items.as_ref().map(|i| (i.start, i.end))),
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
