//! String formats as JSON Schema validators read them in traffic: RFC 3339 dates and times with
//! real calendar and clock ranges, RFC 5321 addresses with RFC 1034 host names, RFC 3986 URIs,
//! hyphenated UUIDs.
//!
//! The one reading of formats: the linter's example check ([`crate::ir::value`]) and `validate` both
//! use it, and it is meant to agree with the generated JSON Schemas run by a format-asserting
//! validator. Known differences, all rare in analytics traffic: quoted local parts of e-mail
//! addresses (`"a b"@x.example`) are refused here, and URIs are checked for their scheme and
//! characters, not for the structure of their authority.

use crate::ir::Format;

/// Whether `text` has the shape of `format`.
pub fn fits(format: Format, text: &str) -> bool {
    match format {
        Format::Uuid => uuid(text),
        Format::Date => date(text),
        Format::DateTime => date_time(text),
        Format::Email => email(text),
        Format::Uri => uri(text),
    }
}

fn uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (
        number(&text[0..4]),
        number(&text[5..7]),
        number(&text[8..10]),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn two(s: &str, max: u32) -> Option<u32> {
    (s.len() == 2)
        .then(|| number(s))
        .flatten()
        .filter(|n| *n <= max)
}

fn date_time(text: &str) -> bool {
    if text.len() < 20 || !text.is_ascii() || !date(&text[..10]) {
        return false;
    }
    if !matches!(text.as_bytes()[10], b'T' | b't') {
        return false;
    }
    let time = &text[11..];
    let Some(zone_at) = time.rfind(['Z', 'z', '+', '-']) else {
        return false;
    };
    let (clock, zone) = time.split_at(zone_at);
    let clock = match clock.split_once('.') {
        Some((c, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => c,
        Some(_) => return false,
        None => clock,
    };
    let b = clock.as_bytes();
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(s)) = (
        two(&clock[0..2], 23),
        two(&clock[3..5], 59),
        two(&clock[6..8], 60),
    ) else {
        return false;
    };
    let offset = if zone.eq_ignore_ascii_case("z") {
        0i64
    } else {
        let zb = zone.as_bytes();
        if zb.len() != 6 || zb[3] != b':' {
            return false;
        }
        let (Some(oh), Some(om)) = (two(&zone[1..3], 23), two(&zone[4..6], 59)) else {
            return false;
        };
        let minutes = i64::from(oh * 60 + om);
        if zb[0] == b'-' { -minutes } else { minutes }
    };
    if s == 60 {
        // A leap second is 23:59:60 in UTC.
        let utc = (i64::from(h * 60 + m) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

fn hostname(host: &str) -> bool {
    let b = host.as_bytes();
    if b.is_empty() || b.len() > 253 || b[b.len() - 1] == b'.' {
        return false;
    }
    host.split('.').all(|label| {
        let l = label.as_bytes();
        !l.is_empty()
            && l.len() <= 63
            && l[0] != b'-'
            && l[l.len() - 1] != b'-'
            && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    })
}

fn email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let atom = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|a| !a.is_empty() && a.bytes().all(atom));
    if !local_ok {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => {
                literal[5..].parse::<std::net::Ipv6Addr>().is_ok()
            }
            _ => literal.parse::<std::net::Ipv4Addr>().is_ok(),
        };
    }
    hostname(domain)
}

fn uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        let allowed = c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c);
        if !allowed {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendars_clocks_hosts_and_uris() {
        assert!(fits(Format::Date, "2024-02-29"));
        assert!(!fits(Format::Date, "2025-02-29"));
        assert!(!fits(Format::Date, "2025-04-31"));
        assert!(fits(Format::DateTime, "2025-11-27T14:03:12.250+01:00"));
        assert!(!fits(Format::DateTime, "2025-11-27T24:03:12Z"));
        assert!(fits(Format::DateTime, "2016-12-31T23:59:60Z"));
        assert!(!fits(Format::DateTime, "2016-12-31T22:59:60Z"));
        assert!(fits(Format::Email, "a.b+c@localhost"));
        assert!(!fits(Format::Email, &format!("a@b.{}", "z".repeat(64))));
        assert!(!fits(Format::Email, "a..b@x.example"));
        assert!(fits(Format::Email, "a@[127.0.0.1]"));
        assert!(fits(Format::Uri, "https://x.example/a%20b?q=1#f"));
        assert!(!fits(Format::Uri, "https://x.example/a b"));
        assert!(!fits(Format::Uri, "https://x.example/%zz"));
        assert!(!fits(Format::Uuid, "6f1c2b9e3a4d4e8f9b1a2c3d4e5f6a7b"));
    }
}
