//! The English the naming rules need: recognising past participles, forming them, splitting an
//! event name into object and action, Title Case, and suggesting an object-first name.
//!
//! Past tense is recognised by rule, not looked up in a closed list: a word ending in `-ed` whose stem
//! has a vowel is a regular participle (`denied`, `interrupted`, `cleared`) unless it is one of the
//! [`NOT_PARTICIPLES`] (`feed`, `need`, `speed`, ...) or the naive `-ed` form of an irregular verb
//! (`sended`); irregular participles (`sent`, `built`, `paid`) come from [`IRREGULAR`]. The lists are
//! data so `trackplan explain TP101` can print them. Nothing here knows about plans or diagnostics:
//! words in, words out.

/// Words that end in `-ed` but are not past participles, so never accepted as an action.
pub const NOT_PARTICIPLES: &[&str] = &[
    "bed", "bleed", "breed", "creed", "deed", "embed", "exceed", "feed", "flatbed", "greed",
    "heed", "hotbed", "hundred", "indeed", "infrared", "kindred", "naked", "need", "proceed",
    "red", "reed", "sacred", "seabed", "seed", "shed", "shred", "sled", "speed", "steed",
    "succeed", "testbed", "tweed", "weed", "wicked",
];

/// Irregular verbs: base form, simple past, past participle. Only the participle is accepted as an
/// action; the base and the simple past (`took`) are turned into it in suggestions.
pub const IRREGULAR: &[(&str, &str, &str)] = &[
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("overwrite", "overwrote", "overwritten"),
    ("pay", "paid", "paid"),
    ("prepay", "prepaid", "prepaid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("redo", "redid", "redone"),
    ("repay", "repaid", "repaid"),
    ("resend", "resent", "resent"),
    ("reset", "reset", "reset"),
    ("rewrite", "rewrote", "rewritten"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sit", "sat", "sat"),
    ("sleep", "slept", "slept"),
    ("speak", "spoke", "spoken"),
    ("speed", "sped", "sped"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("strike", "struck", "struck"),
    ("swim", "swam", "swum"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("undo", "undid", "undone"),
    ("understand", "understood", "understood"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("write", "wrote", "written"),
];

/// One-word verbs that are written as a verb and a particle once in the past tense.
pub const COMPOUND_VERBS: &[(&str, &str)] = &[
    ("backup", "backed_up"),
    ("checkin", "checked_in"),
    ("checkout", "checked_out"),
    ("login", "logged_in"),
    ("logout", "logged_out"),
    ("optin", "opted_in"),
    ("optout", "opted_out"),
    ("pickup", "picked_up"),
    ("rollback", "rolled_back"),
    ("setup", "set_up"),
    ("signin", "signed_in"),
    ("signout", "signed_out"),
    ("signup", "signed_up"),
];

/// Particles that complete a phrasal verb: `signed_up`, `logged_in`, `checked_out`.
pub const PARTICLES: &[&str] = &[
    "away", "back", "down", "in", "off", "on", "out", "over", "through", "up",
];

/// Minor words: lowercase inside a Title Case name, and the start of a complement in Object Action
/// names (`Product Added to Wishlist`).
pub const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "to", "from", "of", "in",
    "on", "at", "by", "with", "as", "into", "per", "via", "vs",
];

/// Regular verbs in their base form, used only to recognise a present-tense action and suggest its
/// participle (recognising past tense needs no list).
pub const COMMON_VERBS: &[&str] = &[
    "abandon",
    "accept",
    "achieve",
    "activate",
    "add",
    "apply",
    "approve",
    "archive",
    "assign",
    "attempt",
    "authenticate",
    "block",
    "book",
    "bookmark",
    "bounce",
    "cancel",
    "change",
    "charge",
    "check",
    "clear",
    "click",
    "close",
    "collapse",
    "comment",
    "complete",
    "configure",
    "confirm",
    "connect",
    "convert",
    "copy",
    "crash",
    "create",
    "decline",
    "deactivate",
    "delete",
    "deliver",
    "deny",
    "disable",
    "disconnect",
    "dismiss",
    "display",
    "downgrade",
    "download",
    "drag",
    "drop",
    "earn",
    "edit",
    "enable",
    "end",
    "enrich",
    "enter",
    "exit",
    "expand",
    "expire",
    "export",
    "extend",
    "fail",
    "favorite",
    "filter",
    "finish",
    "flag",
    "follow",
    "generate",
    "import",
    "install",
    "interrupt",
    "invite",
    "join",
    "launch",
    "like",
    "link",
    "load",
    "level",
    "lock",
    "log",
    "merge",
    "migrate",
    "move",
    "mute",
    "open",
    "opt",
    "pause",
    "pick",
    "pin",
    "play",
    "post",
    "press",
    "preview",
    "print",
    "process",
    "publish",
    "purchase",
    "qualify",
    "rate",
    "reach",
    "receive",
    "recover",
    "redeem",
    "refresh",
    "refund",
    "register",
    "reject",
    "reload",
    "remove",
    "rename",
    "renew",
    "reopen",
    "reply",
    "report",
    "request",
    "reschedule",
    "resolve",
    "restore",
    "resume",
    "retry",
    "return",
    "roll",
    "review",
    "save",
    "schedule",
    "score",
    "scroll",
    "search",
    "select",
    "share",
    "ship",
    "sign",
    "skip",
    "sort",
    "start",
    "stop",
    "submit",
    "subscribe",
    "succeed",
    "swipe",
    "sync",
    "tap",
    "toggle",
    "transfer",
    "trigger",
    "try",
    "unarchive",
    "uninstall",
    "unlink",
    "unlock",
    "unmute",
    "unpin",
    "unpublish",
    "unsubscribe",
    "update",
    "upgrade",
    "upload",
    "verify",
    "view",
    "visit",
    "vote",
    "watch",
];

/// Two-syllable verbs stressed on the last syllable, which double their final consonant
/// (`submitted`); one-syllable verbs double by rule (`stopped`).
const DOUBLING: &[&str] = &[
    "admit", "commit", "compel", "control", "emit", "equip", "expel", "occur", "omit", "patrol",
    "permit", "prefer", "propel", "refer", "regret", "submit", "transmit", "unpin", "unzip",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Whether `word` (lowercase) is a past participle: irregular, or regular by its form.
pub fn is_past_participle(word: &str) -> bool {
    if IRREGULAR.iter().any(|(_, _, p)| *p == word) {
        return true;
    }
    if NOT_PARTICIPLES.contains(&word) {
        return false;
    }
    let Some(stem) = word.strip_suffix("ed") else {
        return false;
    };
    if !stem.chars().any(is_vowel) || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    // `sended`, `payed`, `logined`: the naive form of a verb that has another participle.
    let base_e = word.strip_suffix('d').unwrap_or(word);
    !irregular_or_compound(stem) && !irregular_or_compound(base_e)
}

fn irregular_or_compound(base: &str) -> bool {
    IRREGULAR
        .iter()
        .any(|(b, _, p)| *b == base && *p != format!("{base}ed"))
        || COMPOUND_VERBS.iter().any(|(b, _)| *b == base)
}

/// The past participle of `verb` (lowercase, one word), as snake_case words: `send` -> `sent`,
/// `login` -> `logged_in`, `try` -> `tried`, `submit` -> `submitted`, `took` -> `taken`.
pub fn participle(verb: &str) -> String {
    if let Some((_, p)) = COMPOUND_VERBS.iter().find(|(b, _)| *b == verb) {
        return (*p).to_owned();
    }
    if let Some((_, _, p)) = IRREGULAR
        .iter()
        .find(|(b, past, _)| *b == verb || (*past == verb && *past != *b))
    {
        return (*p).to_owned();
    }
    // A naive `-ed` form of an irregular or compound verb: `sended` -> `sent`, `logined` -> `logged_in`.
    for base in [verb.strip_suffix("ed"), verb.strip_suffix('d')]
        .into_iter()
        .flatten()
    {
        if irregular_or_compound(base) {
            return participle(base);
        }
    }
    let chars: Vec<char> = verb.chars().collect();
    let n = chars.len();
    if verb.ends_with('e') {
        return format!("{verb}d");
    }
    if n >= 2 && chars[n - 1] == 'y' && !is_vowel(chars[n - 2]) {
        return format!("{}ied", &verb[..verb.len() - 1]);
    }
    let syllables = chars
        .iter()
        .zip(std::iter::once(&' ').chain(chars.iter()))
        .filter(|(c, prev)| is_vowel(**c) && !is_vowel(**prev))
        .count();
    let cvc = n >= 3
        && !is_vowel(chars[n - 1])
        && !matches!(chars[n - 1], 'w' | 'x' | 'y')
        && is_vowel(chars[n - 2])
        && !is_vowel(chars[n - 3]);
    if cvc && (syllables == 1 || DOUBLING.contains(&verb)) {
        return format!("{verb}{}ed", chars[n - 1]);
    }
    format!("{verb}ed")
}

/// Whether `word` is a verb this module knows in its base form, compound form or simple past.
/// Words that are more often nouns (`feed`, `speed`, listed in [`NOT_PARTICIPLES`]) are not.
pub fn is_known_verb(word: &str) -> bool {
    if NOT_PARTICIPLES.contains(&word) {
        return COMMON_VERBS.contains(&word);
    }
    COMMON_VERBS.contains(&word)
        || COMPOUND_VERBS.iter().any(|(b, _)| *b == word)
        || IRREGULAR
            .iter()
            .any(|(b, past, _)| *b == word || *past == word)
}

/// How an event name's words divide: `object` words, then `action` words, then an optional
/// `complement` (a prepositional phrase, only where the convention allows one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// How many leading words form the object (at least one).
    pub object: usize,
    /// How many words form the action.
    pub action: usize,
}

/// Splits `words` (lowercase) into object and action. The action is one of `extra` (the plan's own
/// actions, snake_case, longest wins), or a participle optionally followed by a particle. With
/// `complement`, a prepositional phrase starting with a minor word may follow the action
/// (`product_added_to_wishlist`). `None` when no split leaves at least one object word.
pub fn split(words: &[&str], extra: &[String], complement: bool) -> Option<Split> {
    let n = words.len();
    // Where the action may end: the last word, or (with a complement) before any minor word.
    let ends = (1..=n)
        .rev()
        .filter(|&end| end == n || (complement && MINOR_WORDS.contains(&words[end])));
    for end in ends {
        let mut best: Option<usize> = None;
        for action in extra {
            let len = action.split('_').count();
            if len < end && words[end - len..end].join("_") == *action {
                best = best.max(Some(len));
            }
        }
        let last = words[end - 1];
        if end >= 3 && PARTICLES.contains(&last) && is_past_participle(words[end - 2]) {
            best = best.max(Some(2));
        } else if end >= 2 && is_past_participle(last) {
            best = best.max(Some(1));
        }
        if let Some(action) = best {
            return Some(Split {
                object: end - action,
                action,
            });
        }
    }
    None
}

/// An object-first name for `words` (lowercase), as snake_case words, when the words say what happened:
/// - the last word(s) are a present-tense verb (`campaign_create`, `user_login`, `user_sign_up`):
///   the same words with that verb's participle (`campaign_created`, `user_logged_in`);
/// - the first word is a verb (`view_item`, `add_to_cart`): the rest, without a leading minor word,
///   becomes the object, then the participle (`item_viewed`, `cart_added`).
///
/// Returns the words of the object (possibly empty when the name is only a verb, e.g. `login`) and
/// of the action; `None` when no word is a verb this module knows.
pub fn suggest(words: &[&str]) -> Option<(Vec<String>, String)> {
    let n = words.len();
    let owned = |ws: &[&str]| ws.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    // Object first, verb (and particle) last.
    if n >= 2 && PARTICLES.contains(&words[n - 1]) && is_known_verb(words[n - 2]) {
        let action = format!("{}_{}", participle(words[n - 2]), words[n - 1]);
        return Some((owned(&words[..n - 2]), action));
    }
    // `begin_checkout`: a compound like `checkout` or `login` after a verb is a noun.
    let noun_after_verb =
        n >= 2 && is_known_verb(words[0]) && COMPOUND_VERBS.iter().any(|(b, _)| *b == words[n - 1]);
    if n >= 1 && is_known_verb(words[n - 1]) && !noun_after_verb {
        return Some((owned(&words[..n - 1]), participle(words[n - 1])));
    }
    // A naive `-ed` form (`logined`, `sended`) at the end.
    if n >= 1 && words[n - 1].ends_with("ed") && !is_past_participle(words[n - 1]) {
        let fixed = participle(words[n - 1]);
        if fixed != words[n - 1] && !NOT_PARTICIPLES.contains(&words[n - 1]) {
            return Some((owned(&words[..n - 1]), fixed));
        }
    }
    // Verb first: `add_to_cart`, `view_item`, `sign_up_for_trial`.
    if n >= 2 && is_known_verb(words[0]) {
        let mut action = participle(words[0]);
        let mut rest = &words[1..];
        if rest.len() >= 2 && PARTICLES.contains(&rest[0]) && !MINOR_WORDS.contains(&rest[0]) {
            action = format!("{action}_{}", rest[0]);
            rest = &rest[1..];
        }
        while let Some(first) = rest.first()
            && MINOR_WORDS.contains(first)
        {
            rest = &rest[1..];
        }
        return Some((owned(rest), action));
    }
    None
}

/// `word` with its first letter in upper case.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `words` written in Title Case: every word capitalised, minor words lowercase inside the name
/// (not first, not last), and each word matching one of `spellings` case-insensitively written that
/// way (`ios` -> `iOS`).
pub fn title_case(words: &[&str], spellings: &[String]) -> String {
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if let Some(s) = spellings.iter().find(|s| s.eq_ignore_ascii_case(w)) {
                s.clone()
            } else if i > 0 && i + 1 < n && MINOR_WORDS.contains(&w.to_ascii_lowercase().as_str()) {
                w.to_ascii_lowercase()
            } else {
                capitalise(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `name` is Title Case as people write it: words separated by single spaces, each ASCII
/// letters and digits starting with an upper-case letter or digit; minor words lowercase inside the
/// name; words listed in `spellings` written exactly that way.
pub fn is_title_case(name: &str, spellings: &[String]) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let n = words.len();
    !name.is_empty()
        && words.iter().enumerate().all(|(i, w)| {
            if !w.chars().all(|c| c.is_ascii_alphanumeric()) || w.is_empty() {
                return false;
            }
            if let Some(s) = spellings.iter().find(|s| s.eq_ignore_ascii_case(w)) {
                return s == w;
            }
            let lower = w.to_ascii_lowercase();
            if i > 0 && i + 1 < n && MINOR_WORDS.contains(&lower.as_str()) {
                return *w == lower;
            }
            w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// The built-in word lists as Markdown, for `trackplan explain`.
pub fn lists_markdown() -> String {
    let code = |ws: &mut dyn Iterator<Item = &str>| {
        ws.map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
    };
    format!(
        "## Built-in word lists\n\
         A word ending in `-ed` whose stem has a vowel is a past participle (`denied`, `interrupted`), except:\n\
         {}.\n\n\
         Irregular past participles:\n{}.\n\n\
         A participle may be followed by one of these particles: {}.\n\n\
         Suggestions conjugate these verbs (any verb above, and the compounds {}):\n{}.\n\n\
         Minor words (lowercase inside Title Case names; they start the complement of an Object Action name):\n{}.",
        code(&mut NOT_PARTICIPLES.iter().copied()),
        code(&mut IRREGULAR.iter().map(|(_, _, p)| *p)),
        code(&mut PARTICLES.iter().copied()),
        code(&mut COMPOUND_VERBS.iter().map(|(b, _)| *b)),
        code(&mut COMMON_VERBS.iter().copied()),
        code(&mut MINOR_WORDS.iter().copied()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_regular_participles_by_form() {
        for w in [
            "denied",
            "ended",
            "interrupted",
            "configured",
            "cleared",
            "created",
            "canceled",
            "cancelled",
            "synced",
            "aged",
        ] {
            assert!(is_past_participle(w), "{w}");
        }
    }

    #[test]
    fn refuses_words_ending_in_ed_that_are_not_participles() {
        for w in [
            "feed", "need", "speed", "seed", "bed", "red", "shed", "bleed", "hundred", "sended",
            "payed", "logined", "ed", "create", "taked",
        ] {
            assert!(!is_past_participle(w), "{w}");
        }
    }

    #[test]
    fn recognises_irregular_participles() {
        for w in [
            "sent", "built", "paid", "shown", "won", "lost", "read", "left", "found", "made",
            "done", "seen", "given", "taken", "fed", "led", "sped",
        ] {
            assert!(is_past_participle(w), "{w}");
        }
        for w in ["took", "gave", "saw", "wrote"] {
            assert!(
                !is_past_participle(w),
                "the simple past {w} is not a participle"
            );
        }
    }

    #[test]
    fn forms_participles() {
        for (verb, p) in [
            ("login", "logged_in"),
            ("add", "added"),
            ("submit", "submitted"),
            ("create", "created"),
            ("try", "tried"),
            ("send", "sent"),
            ("stop", "stopped"),
            ("play", "played"),
            ("open", "opened"),
            ("visit", "visited"),
            ("view", "viewed"),
            ("fix", "fixed"),
            ("took", "taken"),
            ("sended", "sent"),
            ("logined", "logged_in"),
            ("checkout", "checked_out"),
            ("begin", "begun"),
            ("unpin", "unpinned"),
        ] {
            assert_eq!(participle(verb), p, "{verb}");
        }
    }

    fn split_of(name: &str, extra: &[&str], complement: bool) -> Option<(String, String)> {
        let words: Vec<&str> = name.split('_').collect();
        let extra: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
        split(&words, &extra, complement).map(|s| {
            (
                words[..s.object].join("_"),
                words[s.object..s.object + s.action].join("_"),
            )
        })
    }

    #[test]
    fn splits_object_and_action() {
        let pair = |o: &str, a: &str| Some((o.to_owned(), a.to_owned()));
        assert_eq!(
            split_of("coupon_denied", &[], false),
            pair("coupon", "denied")
        );
        assert_eq!(
            split_of("video_playback_interrupted", &[], false),
            pair("video_playback", "interrupted")
        );
        assert_eq!(
            split_of("user_signed_up", &[], false),
            pair("user", "signed_up")
        );
        assert_eq!(
            split_of("meeting_no_show", &["no_show"], false),
            pair("meeting", "no_show")
        );
        assert_eq!(
            split_of("saved_search_deleted", &[], false),
            pair("saved_search", "deleted")
        );
        assert_eq!(split_of("product_added_to_wishlist", &[], false), None);
        assert_eq!(
            split_of("product_added_to_wishlist", &[], true),
            pair("product", "added")
        );
        assert_eq!(split_of("created", &[], false), None);
        assert_eq!(split_of("signed_up", &[], false), None);
        assert_eq!(split_of("news_feed", &[], false), None);
        assert_eq!(split_of("add_to_cart", &[], true), None);
    }

    fn suggestion(name: &str) -> Option<String> {
        let words: Vec<&str> = name.split('_').collect();
        suggest(&words).map(|(object, action)| {
            let mut all = object;
            all.push(action);
            all.join("_")
        })
    }

    #[test]
    fn suggests_object_first_past_tense_names() {
        for (name, want) in [
            ("campaign_create", "campaign_created"),
            ("user_login", "user_logged_in"),
            ("user_sign_up", "user_signed_up"),
            ("item_add", "item_added"),
            ("form_submit", "form_submitted"),
            ("upload_try", "upload_tried"),
            ("email_send", "email_sent"),
            ("email_sended", "email_sent"),
            ("add_to_cart", "cart_added"),
            ("remove_from_cart", "cart_removed"),
            ("view_item", "item_viewed"),
            ("view_item_list", "item_list_viewed"),
            ("begin_checkout", "checkout_begun"),
            ("spend_virtual_currency", "virtual_currency_spent"),
            ("page_view", "page_viewed"),
            ("tutorial_begin", "tutorial_begun"),
            ("login", "logged_in"),
            ("sign_up", "signed_up"),
        ] {
            assert_eq!(suggestion(name).as_deref(), Some(want), "{name}");
        }
        assert_eq!(suggestion("campaign_exception"), None);
        assert_eq!(suggestion("news_feed"), None);
        assert_eq!(
            suggestion("payment_succeed").as_deref(),
            Some("payment_succeeded")
        );
        assert_eq!(suggestion("exception"), None);
    }

    #[test]
    fn writes_title_case_as_people_do() {
        let words = vec!["iOS".to_owned(), "URL".to_owned()];
        assert!(is_title_case("Product Added to Wishlist", &words));
        assert!(is_title_case("Order Completed", &words));
        assert!(is_title_case("User Logged In", &words));
        assert!(is_title_case("iOS App Opened", &words));
        assert!(is_title_case("URL Copied", &words));
        assert!(!is_title_case("Product Added To Wishlist", &words));
        assert!(!is_title_case("Ios App Opened", &words));
        assert!(!is_title_case("order Completed", &words));
        assert!(!is_title_case("Order  Completed", &words));
        assert_eq!(
            title_case(&["product", "added", "to", "wishlist"], &words),
            "Product Added to Wishlist"
        );
        assert_eq!(
            title_case(&["ios", "app", "opened"], &words),
            "iOS App Opened"
        );
    }
}
