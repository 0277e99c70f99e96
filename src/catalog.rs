//! What the machine-readable formats say about each rule: metadata for SARIF, links for all.

use concord_engine::{RuleSet, Severity};

use concord_config::{UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE};

/// Where the rule documentation pages live: `docs/rules/` of the project's repository.
pub fn docs_url(rule: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{rule}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// One rule, as reports describe it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Full id.
    pub id: String,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// The sentence shown with each finding.
    pub message: String,
    /// Why it matters.
    pub rationale: String,
    /// Where the guidance comes from.
    pub source: String,
    /// What to write instead.
    pub suggestions: Vec<String>,
}

/// Every rule a run could report, in a stable order, without duplicates.
pub fn catalog<'r>(rule_sets: impl IntoIterator<Item = &'r RuleSet>) -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = Vec::new();
    for set in rule_sets {
        for rule in set.rules() {
            if !rules.iter().any(|r| r.id == rule.id) {
                rules.push(RuleInfo {
                    id: rule.id.clone(),
                    severity: rule.severity,
                    summary: rule.summary.clone(),
                    message: rule.message.clone(),
                    rationale: rule.rationale.trim().to_string(),
                    source: rule.source.clone(),
                    suggestions: rule.suggestions.clone(),
                });
            }
        }
    }
    rules.push(RuleInfo {
        id: UNUSED_SUPPRESSION.to_string(),
        severity: Severity::Hint,
        summary: "A concord-disable comment that suppresses nothing.".into(),
        message: UNUSED_SUPPRESSION_MESSAGE.into(),
        rationale: "Suppressions that no longer match a finding hide nothing but confuse readers; remove them.".into(),
        source: "concord".into(),
        suggestions: Vec::new(),
    });
    rules
}
