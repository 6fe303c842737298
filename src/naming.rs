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

/// The words of `name` when it is plain: lowercase ASCII letters and digits in words separated by
/// one `_` or space, none empty. Most plan names are; for them the case conversions below are a
/// copy, without heck's word splitting (which gives the same words for such names).
fn plain_words(name: &str) -> Option<impl Iterator<Item = &str>> {
    let bytes = name.as_bytes();
    let separator = |b: u8| b == b'_' || b == b' ';
    let plain = !bytes.is_empty()
        && !separator(bytes[0])
        && !separator(bytes[bytes.len() - 1])
        && bytes
            .windows(2)
            .all(|w| !(separator(w[0]) && separator(w[1])))
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || separator(b));
    plain.then(|| name.split(['_', ' ']))
}

/// The words of a plain name joined in camel case (`first_upper`: the first word capitalized too).
fn plain_camel<'a>(words: impl Iterator<Item = &'a str>, first_upper: bool) -> String {
    let mut out = String::new();
    for (i, word) in words.enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i > 0 || first_upper {
                out.push(first.to_ascii_uppercase());
            } else {
                out.push(first);
            }
            out.push_str(chars.as_str());
        }
    }
    out
}

/// A plain name in snake case.
fn plain_snake<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, word) in words.enumerate() {
        if i > 0 {
            out.push('_');
        }
        out.push_str(word);
    }
    out
}

fn upper_camel(name: &str) -> String {
    match plain_words(name) {
        Some(words) => plain_camel(words, true),
        None => ascii_words(name).to_upper_camel_case(),
    }
}

fn lower_camel(name: &str) -> String {
    match plain_words(name) {
        Some(words) => plain_camel(words, false),
        None => ascii_words(name).to_lower_camel_case(),
    }
}

fn snake(name: &str) -> String {
    match plain_words(name) {
        Some(words) => plain_snake(words),
        None => ascii_words(name).to_snake_case(),
    }
}

/// `lowerCamelCase` for TypeScript functions and values.
pub fn ts_value(name: &str) -> String {
    fix(lower_camel(name), TS_RESERVED, "value")
}

/// `UpperCamelCase` for TypeScript types.
pub fn ts_type(name: &str) -> String {
    fix(upper_camel(name), TS_RESERVED, "Type")
}

/// `snake_case` for Python functions, parameters and attributes.
pub fn py_value(name: &str) -> String {
    fix(snake(name), PY_RESERVED, "value")
}

/// `UpperCamelCase` for Python classes.
pub fn py_type(name: &str) -> String {
    fix(upper_camel(name), PY_RESERVED, "Type")
}

/// `snake_case` for Rust functions and fields.
pub fn rust_value(name: &str) -> String {
    fix(snake(name), RUST_RESERVED, "value")
}

/// `UpperCamelCase` for Rust types and enum variants.
pub fn rust_type(name: &str) -> String {
    fix(upper_camel(name), RUST_RESERVED, "Type")
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

    /// The fast path for plain names gives what heck gives.
    #[test]
    fn plain_names_convert_as_heck_converts_them() {
        let alphabet = ['a', 'z', '0', '9', '_', ' ', 'Q', '-'];
        let mut names = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            names.extend(longer);
        }
        names.extend(["item_a_deleted status", "3d_secure", "a1b2 c3"].map(String::from));
        let mut plain = 0;
        for name in &names {
            let words = ascii_words(name);
            if plain_words(name).is_some() {
                plain += 1;
            }
            assert_eq!(upper_camel(name), words.to_upper_camel_case(), "{name:?}");
            assert_eq!(lower_camel(name), words.to_lower_camel_case(), "{name:?}");
            assert_eq!(snake(name), words.to_snake_case(), "{name:?}");
        }
        assert!(plain > 1000, "{plain} plain names of {}", names.len());
    }
}
