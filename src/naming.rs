//! Identifiers derived from plan names, per target language.
//!
//! Wire names (event and property names as written in the plan) never change; code identifiers are
//! derived here, in one place, so the collision lint and the emitters always agree. Every function
//! returns a valid, non-reserved identifier for its language whatever the input.

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

/// TypeScript reserved words and names that cannot be used as bindings.
pub const TS_RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "as",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "any",
    "boolean",
    "constructor",
    "declare",
    "get",
    "module",
    "require",
    "number",
    "set",
    "string",
    "symbol",
    "type",
    "from",
    "of",
    "async",
    "await",
    "arguments",
    "eval",
    "undefined",
    "never",
    "unknown",
    "object",
];

/// Python keywords, soft keywords and builtins that generated code must not shadow.
pub const PY_RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "match",
    "case",
    "type",
    "self",
    "cls",
    "print",
    "id",
    "list",
    "dict",
    "str",
    "int",
    "float",
    "bool",
    "object",
    "property",
    "super",
    "Any",
    "Optional",
    "Literal",
    "TypedDict",
    "NotRequired",
    "Required",
    "Union",
];

/// Rust keywords (strict, reserved and weak) and names generated code relies on.
pub const RUST_RESERVED: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union", "default",
];

/// Splits a name into ASCII words: anything that is not an ASCII letter or digit separates words.
/// Non-ASCII letters are transliterated to `_` boundaries so identifiers stay ASCII everywhere.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn fix(ident: String, reserved: &[&str], fallback: &str) -> String {
    let mut ident = if ident.is_empty() {
        fallback.to_owned()
    } else {
        ident
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if reserved.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// `lowerCamelCase` for TypeScript functions and values.
pub fn ts_value(name: &str) -> String {
    fix(
        ascii_words(name).to_lower_camel_case(),
        TS_RESERVED,
        "value",
    )
}

/// `UpperCamelCase` for TypeScript types.
pub fn ts_type(name: &str) -> String {
    fix(ascii_words(name).to_upper_camel_case(), TS_RESERVED, "Type")
}

/// `snake_case` for Python functions, parameters and attributes.
pub fn py_value(name: &str) -> String {
    fix(ascii_words(name).to_snake_case(), PY_RESERVED, "value")
}

/// `UpperCamelCase` for Python classes.
pub fn py_type(name: &str) -> String {
    fix(ascii_words(name).to_upper_camel_case(), PY_RESERVED, "Type")
}

/// `snake_case` for Rust functions and fields.
pub fn rust_value(name: &str) -> String {
    fix(ascii_words(name).to_snake_case(), RUST_RESERVED, "value")
}

/// `UpperCamelCase` for Rust types and enum variants.
pub fn rust_type(name: &str) -> String {
    fix(
        ascii_words(name).to_upper_camel_case(),
        RUST_RESERVED,
        "Type",
    )
}

/// The identifiers one name gets in every target, labelled by language, for collision checks.
pub fn all_idents(name: &str) -> [(&'static str, String); 3] {
    [
        ("TypeScript", ts_value(name)),
        ("Python", py_value(name)),
        ("Rust", rust_value(name)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_idiomatic_names() {
        assert_eq!(ts_value("campaign_created"), "campaignCreated");
        assert_eq!(ts_type("campaign_created"), "CampaignCreated");
        assert_eq!(py_value("leadId"), "lead_id");
        assert_eq!(rust_value("Lead ID"), "lead_id");
    }

    #[test]
    fn never_returns_a_keyword_or_a_leading_digit() {
        assert_eq!(py_value("class"), "class_");
        assert_eq!(rust_value("type"), "type_");
        assert_eq!(ts_value("default"), "default_");
        assert_eq!(rust_value("3d_view"), "_3d_view");
        assert_eq!(py_value("None"), "none");
        assert_eq!(rust_value("!!!"), "value");
    }
}
