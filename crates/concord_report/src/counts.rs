//! Findings counted by rule and by severity, for summaries.

use concord_engine::Severity;

use crate::report::FileReport;

/// How many findings each rule made, with its most serious severity: most findings first,
/// then by rule id. `--statistics` and the HTML report's summary both show this.
pub(crate) fn by_rule(reports: &[FileReport]) -> Vec<(&str, Severity, usize)> {
    let mut counts: Vec<(&str, Severity, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match counts.iter_mut().find(|(rule, _, _)| *rule == d.rule) {
            Some((_, severity, n)) => {
                *n += 1;
                *severity = (*severity).max(d.severity);
            }
            None => counts.push((&d.rule, d.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
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
