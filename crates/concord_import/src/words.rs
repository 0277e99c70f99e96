//! Small text helpers every step of an import shares.

/// `text` in lower case with every run of characters `keep` rejects made one hyphen, and none
/// at either end: "Hard to reach" is `hard-to-reach`.
pub fn slug(text: &str, keep: impl Fn(char) -> bool) -> String {
    let spaced: String = text
        .to_lowercase()
        .chars()
        .map(|c| if keep(c) { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join("-")
}

/// `text` with every run of whitespace (line breaks in a cell among them) made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
