//! `concord rules` and `concord explain`: the rule documentation, rendered from the rule data.

use std::io::{self, Write};

use concord_engine::{Rule, RuleSet};

/// Lists every rule: id, severity and one-line summary, grouped by pack.
pub fn list(rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    for pack in rules.packs() {
        let off = if pack.on_by_default {
            ""
        } else {
            " (off unless `packs` in concord.toml names it)"
        };
        match pack.version {
            Some(version) => writeln!(out, "{} {version}: {}{off}", pack.name, pack.summary)?,
            None => writeln!(out, "{}: {}{off}", pack.name, pack.summary)?,
        }
        for rule in rules.rules().iter().filter(|r| r.pack == pack.name) {
            writeln!(
                out,
                "  {:<34} {:<8} {}",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            )?;
            for concern in &rule.concerns {
                writeln!(out, "    {concern}")?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "Run `concord explain RULE` for why a rule matters and what to write instead."
    )
}

/// Prints everything about one rule.
pub fn explain(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} ({})\n", rule.id, rule.severity)?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(out, "What concord says:\n  {}\n", rule.message)?;
    writeln!(out, "Why it matters:")?;
    for line in rule.rationale.trim().lines() {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "\nSource: {}\n", rule.source)?;
    if !rule.suggestions.is_empty() {
        writeln!(out, "Write instead:")?;
        for suggestion in &rule.suggestions {
            writeln!(out, "  - {suggestion}")?;
        }
        writeln!(out)?;
    }
    if let Some(fix) = &rule.fix {
        writeln!(out, "Automatic fix: replace with “{fix}”.\n")?;
    }
    if !rule.concerns.is_empty() {
        writeln!(
            out,
            "Parts that can be turned off or suppressed on their own:"
        )?;
        for concern in &rule.concerns {
            writeln!(out, "  - {concern}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Flagged (the flagged words in brackets):")?;
    for example in &rule.flag_examples {
        writeln!(out, "  ✗ {}", example.replace('\n', "⏎"))?;
    }
    writeln!(out, "\nLeft alone:")?;
    for example in &rule.pass_examples {
        writeln!(out, "  ✓ {}", example.replace('\n', "⏎"))?;
    }
    Ok(())
}

/// Writes one rule as a Markdown page, for `docs/rules/`.
pub fn markdown(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# `{}`\n", rule.id)?;
    writeln!(
        out,
        "**Severity:** {} · **Source:** {}\n",
        rule.severity, rule.source
    )?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(out, "> {}\n", rule.message)?;
    writeln!(
        out,
        "## Why it matters\n\n{}\n",
        rule.rationale.trim().replace('\n', " ")
    )?;
    if !rule.suggestions.is_empty() {
        writeln!(out, "## Write instead\n")?;
        for suggestion in &rule.suggestions {
            writeln!(out, "- {suggestion}")?;
        }
        writeln!(out)?;
    }
    if let Some(fix) = &rule.fix {
        writeln!(out, "**Safe fix:** replace the words with “{fix}”.\n")?;
    }
    if !rule.concerns.is_empty() {
        writeln!(
            out,
            "## Parts you can configure on their own
"
        )?;
        writeln!(
            out,
            "Each can be given its own level in `concord.toml` or named in a suppression comment; `{}` selects them all.\n",
            rule.id
        )?;
        for concern in &rule.concerns {
            writeln!(out, "- `{concern}`")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Flagged\n")?;
    for example in &rule.flag_examples {
        writeln!(
            out,
            "- {}",
            example.replace(['[', ']'], "**").replace('\n', " ⏎ ")
        )?;
    }
    writeln!(out, "\n## Left alone\n")?;
    for example in &rule.pass_examples {
        writeln!(out, "- {}", example.replace('\n', " ⏎ "))?;
    }
    Ok(())
}
