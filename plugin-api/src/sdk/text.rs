//! Words for notes: counts with their nouns, figures with thousands separators, lists of ids.
//! Packs build their notes with these rather than by hand, so that a count of one reads "1
//! person", a count is written as the host writes it, and an empty list never leaves "()".

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with its noun, singular for one: "1 person", "1,200 persons".
pub fn count_of(n: u64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { singular } else { plural }
    )
}

/// "1 person", "10,000 persons".
pub fn persons(n: u64) -> String {
    count_of(n, "person", "persons")
}

/// The verb after a count: "1 person was", "2 persons were".
pub fn was_were(n: u64) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// "is" or "are" after a count: "1 person is", "2 persons are".
pub fn is_are(n: u64) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

/// Items as a reader lists them: "a", "a and b", "a, b and c"; `None` for no items, so that a
/// sentence says there are none instead of leaving an empty "()".
pub fn listed<S: AsRef<str>>(items: &[S]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(one.as_ref().to_string()),
        [init @ .., last] => Some(format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        )),
    }
}

/// Each id in backticks: "`a`, `b`".
pub fn quoted<S: AsRef<str>>(ids: &[S]) -> Vec<String> {
    ids.iter().map(|id| format!("`{}`", id.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns_and_lists_are_never_empty_brackets() {
        assert_eq!(persons(1), "1 person");
        assert_eq!(persons(0), "0 persons");
        assert_eq!(persons(1_000_000), "1,000,000 persons");
        assert_eq!(count_of(1, "transfer", "transfers"), "1 transfer");
        assert_eq!(was_were(1), "was");
        assert_eq!(was_were(3), "were");
        assert_eq!(is_are(1), "is");
        assert_eq!(is_are(0), "are");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(listed::<&str>(&[]), None);
        assert_eq!(listed(&["a"]).as_deref(), Some("a"));
        assert_eq!(listed(&["a", "b", "c"]).as_deref(), Some("a, b and c"));
        assert_eq!(quoted(&["a", "b"]), ["`a`", "`b`"]);
    }
}
