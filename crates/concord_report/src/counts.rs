//! Findings counted by rule and by severity, for summaries.

use concord_engine::Severity;

use crate::report::FileReport;

/// How many findings each rule made, with its most serious severity: most findings first,
/// then by rule id. `--statistics` shows this.
pub(crate) fn by_rule(reports: &[FileReport]) -> Vec<(&str, Severity, usize)> {
    tally(reports, false)
}

/// How many findings each rule made at each severity (a rule whose parts have their own levels
/// has a line for each): the HTML report's summary, so a row never says "Warning, 2" when one
/// of the two is shown as info.
pub(crate) fn by_rule_and_severity(reports: &[FileReport]) -> Vec<(&str, Severity, usize)> {
    tally(reports, true)
}

/// Findings counted by rule (and, with `by_severity`, by severity too; otherwise with the most
/// serious): most first, then by rule id, then most serious first.
fn tally(reports: &[FileReport], by_severity: bool) -> Vec<(&str, Severity, usize)> {
    let mut counts: Vec<(&str, Severity, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let same = |(rule, severity, _): &&mut (&str, Severity, usize)| {
            *rule == d.rule && (!by_severity || *severity == d.severity)
        };
        match counts.iter_mut().find(same) {
            Some((_, severity, n)) => {
                *n += 1;
                *severity = (*severity).max(d.severity);
            }
            None => counts.push((&d.rule, d.severity, 1)),
        }
    }
    counts.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| a.0.cmp(b.0))
            .then_with(|| b.1.cmp(&a.1))
    });
    counts
}

/// How many findings there are of each severity, most serious first.
pub(crate) fn by_severity(reports: &[FileReport]) -> Vec<(Severity, usize)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|&sev| {
            let n = reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .filter(|d| d.severity == sev)
                .count();
            (sev, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}
