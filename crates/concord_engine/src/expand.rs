//! Expansion of the short-hands rule files use in terms and condition words.
//!
//! `{faith}` stands for every word of the pack's `faith` word list, and `(s|z)` for each of
//! its alternatives, so `radicali(s|z)ation` is two terms and `{faith} terrorism` is one per
//! faith word.

use std::collections::BTreeMap;

/// The most terms one rule may expand to (through `{list}` and `(a|b)`), so a pack cannot
/// make concord build an automaton of millions of phrases.
pub(crate) const MAX_TERMS_PER_RULE: usize = 10_000;

/// Expands every `{list}` and `(a|b)` in `phrase`, or says which part is wrong. A phrase that
/// would expand to more than [`MAX_TERMS_PER_RULE`] forms is an error before it is expanded.
pub(crate) fn expand(
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut results = vec![String::new()];
    let mut rest = phrase;
    while let Some(open) = rest.find(['{', '(']) {
        let (literal, tail) = rest.split_at(open);
        append(&mut results, &[literal.to_string()]);
        let close_char = if tail.starts_with('{') { '}' } else { ')' };
        let close = tail
            .find(close_char)
            .ok_or_else(|| format!("`{}` in `{phrase}` is never closed", &tail[..1]))?;
        let inner = &tail[1..close];
        let choices: Vec<String> = if close_char == '}' {
            vocab
                .get(inner)
                .cloned()
                .ok_or_else(|| format!("`{{{inner}}}` names no word list of this pack"))?
        } else {
            inner.split('|').map(str::to_string).collect()
        };
        if results.len().saturating_mul(choices.len()) > MAX_TERMS_PER_RULE {
            return Err(format!(
                "`{phrase}` expands to more than {MAX_TERMS_PER_RULE} phrases; use fewer or shorter word lists"
            ));
        }
        append(&mut results, &choices);
        rest = &tail[close + 1..];
    }
    append(&mut results, &[rest.to_string()]);
    Ok(results)
}

fn append(results: &mut Vec<String>, choices: &[String]) {
    *results = results
        .iter()
        .flat_map(|prefix| {
            choices
                .iter()
                .map(move |choice| format!("{prefix}{choice}"))
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_lists_and_alternatives() {
        let vocab = BTreeMap::from([("faith".to_string(), vec!["Muslim".into(), "Sikh".into()])]);
        assert_eq!(
            expand("{faith} terrori(s|z)m", &vocab).unwrap(),
            [
                "Muslim terrorism",
                "Muslim terrorizm",
                "Sikh terrorism",
                "Sikh terrorizm"
            ]
        );
        assert_eq!(
            expand("(de|de-|)rad", &vocab).unwrap(),
            ["derad", "de-rad", "rad"]
        );
    }

    #[test]
    fn unknown_list_and_unclosed_group_are_errors() {
        let vocab = BTreeMap::new();
        assert!(expand("{nope} x", &vocab).unwrap_err().contains("{nope}"));
        assert!(
            expand("a (b|c", &vocab)
                .unwrap_err()
                .contains("never closed")
        );
    }
}
