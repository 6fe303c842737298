//! The plan's `targets:` section, resolved: which outputs `trackplan build` writes and their
//! options, as the code generators read them (they never read the parsed YAML).

use crate::parse::ast::RawTargets;

/// The outputs the plan asks for, and their options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// Output folder, relative to the plan's root file; `None` means `generated`.
    pub out: Option<String>,
    /// The TypeScript module, when enabled.
    pub typescript: Option<TypeScriptTarget>,
    /// The Python package, when enabled.
    pub python: Option<PythonTarget>,
    /// The Rust module, when enabled.
    pub rust: Option<RustTarget>,
    /// The JSON Schemas, when enabled.
    pub jsonschema: Option<JsonSchemaTarget>,
    /// The docs, when enabled.
    pub docs: Option<DocsTarget>,
}

/// TypeScript options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeScriptTarget {
    /// Module file name without extension; `None` means `tracking`.
    pub module: Option<String>,
}

/// Python options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PythonTarget {
    /// Package name; `None` means the plan name in snake_case plus `_tracking`.
    pub package: Option<String>,
}

/// Rust options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustTarget {
    /// Module file name without extension; `None` means `tracking`.
    pub module: Option<String>,
}

/// JSON Schema options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonSchemaTarget {
    /// Whether event payloads may carry properties the plan does not define; `None` means no.
    pub additional_properties: Option<bool>,
}

/// Docs options (none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsTarget {}

impl From<&RawTargets> for Targets {
    fn from(raw: &RawTargets) -> Self {
        Self {
            out: raw.out.clone(),
            typescript: raw.typescript.as_ref().map(|t| TypeScriptTarget {
                module: t.module.clone(),
            }),
            python: raw.python.as_ref().map(|p| PythonTarget {
                package: p.package.clone(),
            }),
            rust: raw.rust.as_ref().map(|r| RustTarget {
                module: r.module.clone(),
            }),
            jsonschema: raw.jsonschema.as_ref().map(|j| JsonSchemaTarget {
                additional_properties: j.additional_properties,
            }),
            docs: raw.docs.as_ref().map(|_| DocsTarget {}),
        }
    }
}
