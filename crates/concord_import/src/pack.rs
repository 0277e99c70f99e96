//! A term list written as a rule pack: `pack.toml`, one rule file per row (with examples made
//! from the row, so the pack's own tests pass), and a README listing the rows. Before it is
//! written, the pack is compiled beside the built-in packs and every example is run; a row
//! concord cannot flag as written is left out and reported at its place.

use std::collections::BTreeMap;

use concord_engine::{PackSource, RuleFileSource, RuleSet, builtin_sources};
use serde::Serialize;

use crate::entries::{Entry, Problem};
use crate::words;

/// The first words of every `pack.toml` this writes: a folder whose `pack.toml` starts so was
/// written by an import, and an import may replace it.
pub const MARKER: &str = "# Imported by `concord rules import`";

/// The sentence every generated example is built on: `{}` is the words.
const EXAMPLE: &str = "Our new leaflet says {} on the front page.";

/// A pack made from a term list.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The pack's name, which starts every rule's id.
    pub name: String,
    /// The files, by name: `pack.toml`, `README.md` and one `.toml` file per rule.
    pub files: BTreeMap<String, String>,
    /// Each rule's id and the entry it was made from.
    pub rules: Vec<(String, Entry)>,
}

/// What the pack is made from: the list's file name and the sheet or table it was in.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The list's file name, as the person gave it.
    pub file: &'a str,
    /// The sheet or table (`sheet “Terms”`), `None` for a CSV file.
    pub grid: Option<&'a str>,
}

/// Makes the pack `name` from `entries`, compiles it beside the built-in packs and runs its
/// examples. Rows whose rule does not load or whose examples fail are left out, each with a
/// problem at its row.
pub fn build(name: &str, origin: &Origin<'_>, entries: Vec<Entry>) -> (Pack, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut pack = assemble(name, origin, entries);
    let failed = failures(&pack);
    if failed.is_empty() {
        return (pack, problems);
    }
    let mut kept = Vec::new();
    for (id, entry) in pack.rules {
        match failed.get(&id) {
            Some(why) => problems.push(Problem {
                place: entry.place.clone(),
                message: format!("{why}; this row was not imported"),
            }),
            None => kept.push(entry),
        }
    }
    pack = assemble(name, origin, kept);
    (pack, problems)
}

/// The pack's files for `entries`, without checking them.
fn assemble(name: &str, origin: &Origin<'_>, entries: Vec<Entry>) -> Pack {
    let mut files = BTreeMap::new();
    let mut rules = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for entry in entries {
        // The file name: the first term in lower case, its words joined by hyphens.
        let mut slug = words::slug(&entry.terms[0], char::is_alphanumeric);
        if slug.is_empty() || used.contains(&slug) {
            slug = format!("{slug}-row-{}", entry.place.row)
                .trim_start_matches('-')
                .to_string();
        }
        used.push(slug.clone());
        let id = format!("{name}/{slug}");
        files.insert(format!("{slug}.toml"), rule_file(&id, origin, &entry));
        rules.push((id, entry));
    }
    let source = match origin.grid {
        Some(grid) => format!("{}, {grid}", origin.file),
        None => origin.file.to_string(),
    };
    let header = PackFile {
        pack: PackTable {
            name: name.to_string(),
            summary: format!(
                "Words to avoid from {source}: {} {}.",
                rules.len(),
                if rules.len() == 1 { "entry" } else { "entries" }
            ),
        },
    };
    files.insert(
        "pack.toml".into(),
        format!(
            "{MARKER} from {source}.\n# Change the list and import it again, rather than editing these files.\n\n{}",
            toml::to_string(&header).unwrap_or_default()
        ),
    );
    files.insert("README.md".into(), readme(name, &source, &rules));
    Pack {
        name: name.to_string(),
        files,
        rules,
    }
}

impl Pack {
    /// The pack as the engine loads it: its rule files, `pack.toml` first, as a pack folder is
    /// read, each named as it would be in the folder `pack.name`.
    pub fn source(&self) -> PackSource {
        let mut files: Vec<RuleFileSource> = self
            .files
            .iter()
            .filter(|(file, _)| file.ends_with(".toml"))
            .map(|(file, text)| RuleFileSource {
                origin: format!("{}/{file}", self.name),
                text: text.clone(),
            })
            .collect();
        files.sort_by_key(|f| !f.origin.ends_with("/pack.toml"));
        PackSource { files }
    }
}

/// Compiles `pack` beside the built-in packs and runs its examples: what went wrong, by rule id.
fn failures(pack: &Pack) -> BTreeMap<String, String> {
    let mut sources = builtin_sources();
    sources.push(pack.source());
    let mut failed = BTreeMap::new();
    match RuleSet::compile(&sources) {
        Ok(rules) => {
            for (id, entry) in &pack.rules {
                let Some(rule) = rules.rule(id) else { continue };
                if let Some(failure) = rules.verify_examples(rule).first() {
                    failed.insert(id.clone(), example_problem(&rules, entry, &failure.problem));
                }
            }
        }
        Err(errors) => {
            for error in errors {
                let file = error.origin.rsplit('/').next().unwrap_or_default();
                let id = format!("{}/{}", pack.name, file.trim_end_matches(".toml"));
                failed
                    .entry(id)
                    .or_insert_with(|| format!("concord cannot read it: {}", error.message));
            }
        }
    }
    failed
}

/// What a failed example means for the person importing: usually that another rule flags the
/// same words, and wins where both match.
fn example_problem(rules: &RuleSet, entry: &Entry, problem: &str) -> String {
    let other = entry.terms.iter().find_map(|term| {
        let text = EXAMPLE.replace("{}", term);
        let at = EXAMPLE.find("{}").unwrap_or_default();
        rules
            .check(&text)
            .into_iter()
            .find(|f| f.span.start < at + term.len() && at < f.span.end)
            .map(|f| f.rule.id.clone())
    });
    match other {
        Some(other) => format!("{other} already flags these words, so this row would never show"),
        None => format!("concord cannot flag these words as written ({problem})"),
    }
}

/// `[pack]`, as written.
#[derive(Serialize)]
struct PackFile {
    pack: PackTable,
}

#[derive(Serialize)]
struct PackTable {
    name: String,
    summary: String,
}

/// A rule file, as written.
#[derive(Serialize)]
struct RuleFile {
    rule: Vec<RuleTable>,
}

#[derive(Serialize)]
struct RuleTable {
    id: String,
    severity: String,
    summary: String,
    message: String,
    rationale: String,
    source: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ignore: Vec<String>,
    #[serde(rename = "match")]
    matchers: Vec<MatchTable>,
    examples: ExamplesTable,
}

#[derive(Serialize)]
struct MatchTable {
    terms: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<&'static str>,
}

#[derive(Serialize)]
struct ExamplesTable {
    flag: Vec<String>,
    pass: Vec<String>,
}

/// The rule file of one entry.
fn rule_file(id: &str, origin: &Origin<'_>, entry: &Entry) -> String {
    let place = &entry.place;
    let source = format!("{}, {place}", origin.file);
    let first = &entry.terms[0];
    let summary = match entry.instead.first() {
        Some(instead) => format!("Avoid “{first}”: write “{instead}” instead."),
        None => format!("Avoid “{first}”."),
    };
    let message = match &entry.why {
        Some(why) => first_sentence(why),
        None => format!("Your organisation's word list asks you not to write “{first}”."),
    };
    let mut rationale = entry
        .why
        .clone()
        .unwrap_or_else(|| "The list gives no reason.".into());
    if let Some(fine) = &entry.fine_when {
        rationale.push_str(&format!("\n\nFine when: {fine}"));
    }
    // Terms in capitals ("BAME") are abbreviations: only their capitals are flagged.
    let (capitals, any_case): (Vec<&String>, Vec<&String>) = entry.terms.iter().partition(|t| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !t.chars().any(char::is_lowercase)
    });
    let mut matchers = Vec::new();
    for (terms, case) in [(any_case, None), (capitals, Some("match-capitals"))] {
        if !terms.is_empty() {
            matchers.push(MatchTable {
                terms: terms.into_iter().cloned().collect(),
                case,
            });
        }
    }
    let example = |words: &str| EXAMPLE.replace("{}", words);
    let flag = entry
        .terms
        .iter()
        .map(|term| example(&format!("[{term}]")))
        .collect();
    let holds_a_term = |text: &str| {
        let text = text.to_lowercase();
        entry.terms.iter().any(|t| text.contains(&t.to_lowercase()))
    };
    let pass = entry
        .instead
        .iter()
        .take(1)
        .filter(|instead| !holds_a_term(instead))
        .chain(&entry.fine_in)
        .map(|words| example(words))
        .collect();
    let file = RuleFile {
        rule: vec![RuleTable {
            id: id.to_string(),
            severity: entry.severity.as_str().to_string(),
            summary,
            message,
            rationale,
            source: source.clone(),
            suggestions: entry.instead.clone(),
            ignore: entry.fine_in.clone(),
            matchers,
            examples: ExamplesTable { flag, pass },
        }],
    };
    format!(
        "# {source}, imported by `concord rules import`.\n\n{}",
        toml::to_string(&file).unwrap_or_default()
    )
}

/// The first sentence of `text`, ending with a full stop.
fn first_sentence(text: &str) -> String {
    let text = words::one_line(text);
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].is_empty() || text[i..].starts_with(' '))
        .unwrap_or(text.len());
    let mut sentence = text[..end].to_string();
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

/// The pack's README: where it came from, how to turn it on, and its rows.
fn readme(name: &str, source: &str, rules: &[(String, Entry)]) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "# {name}\n\nWords to avoid, imported from {source} by `concord rules import`. Change the \
         list and import it again, rather than editing these files. Turn the pack on in \
         `concord.toml`:\n\n```toml\npack-paths = [\"{name}\"]\n```\n\n\
         | Row | Avoid | Write instead | Severity | Rule |\n| --- | --- | --- | --- | --- |\n"
    );
    for (id, entry) in rules {
        out.push_str(&format!(
            "| {} | {} | {} | {} | `{id}` |\n",
            entry.place.row,
            cell(&entry.terms.join(", ")),
            cell(&entry.instead.join("; ")),
            entry.severity,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Place;
    use concord_engine::Severity;

    fn entry(row: usize, terms: &[&str], instead: &[&str]) -> Entry {
        Entry {
            place: Place {
                grid: None,
                row,
                column: None,
            },
            terms: terms.iter().map(|t| t.to_string()).collect(),
            instead: instead.iter().map(|t| t.to_string()).collect(),
            why: Some("It labels people by what services find hard. Say who.".into()),
            severity: Severity::Warning,
            fine_when: None,
            fine_in: Vec::new(),
        }
    }

    const WORDS_CSV: Origin<'static> = Origin {
        file: "words.csv",
        grid: None,
    };

    #[test]
    fn every_row_becomes_a_rule_whose_examples_pass() {
        let (pack, problems) = build(
            "our-words",
            &WORDS_CSV,
            vec![
                entry(2, &["hard to reach", "hard-to-reach"], &["seldom heard"]),
                entry(3, &["BAME"], &["ethnic minority"]),
            ],
        );
        assert_eq!(problems, []);
        let names: Vec<&String> = pack.files.keys().collect();
        assert_eq!(
            names,
            ["README.md", "bame.toml", "hard-to-reach.toml", "pack.toml"]
        );
        assert!(failures(&pack).is_empty());
        let bame = &pack.files["bame.toml"];
        assert!(bame.contains("case = \"match-capitals\""), "{bame}");
        assert!(
            bame.contains("message = \"It labels people by what services find hard.\""),
            "{bame}"
        );
    }

    #[test]
    fn a_row_another_rule_already_flags_is_left_out_with_a_problem() {
        let (pack, problems) = build(
            "our-words",
            &WORDS_CSV,
            vec![
                entry(2, &["ISIS"], &["Daesh"]),
                entry(3, &["chairman"], &["chair"]),
            ],
        );
        assert_eq!(pack.rules.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place.row, 2);
        assert!(
            problems[0].message.contains("cohesion/daesh-naming"),
            "{}",
            problems[0].message
        );
    }
}
