//! Every rule a run can report, as channels describe it: metadata for SARIF, rule lists and
//! hovers, and each rule's documentation link (built-in rules only: packs a council writes have
//! no pages of ours).

use concord_engine::{Rule, RuleSet, Severity};

use crate::suppress::{UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_MESSAGE};

/// One rule, as reports describe it.
#[derive(Debug, Clone, PartialEq)]
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
    /// The rule's documentation page, for built-in rules.
    pub docs: Option<String>,
}

impl RuleInfo {
    fn of(rule: &Rule) -> Self {
        RuleInfo {
            id: rule.id.clone(),
            severity: rule.severity,
            summary: rule.summary.clone(),
            message: rule.message.clone(),
            rationale: rule.rationale.trim().to_string(),
            source: rule.source.clone(),
            suggestions: rule.suggestions.clone(),
            docs: rule.is_builtin().then(|| docs_url(&rule.id)),
        }
    }

    /// The built-in rule under which suppression comments that suppress nothing are reported.
    fn unused_suppression() -> Self {
        RuleInfo {
            id: UNUSED_SUPPRESSION.to_string(),
            severity: Severity::Hint,
            summary: "A concord-disable comment that suppresses nothing.".into(),
            message: UNUSED_SUPPRESSION_MESSAGE.into(),
            rationale: "Suppressions that no longer match a finding hide nothing but confuse readers; remove them.".into(),
            source: "concord".into(),
            suggestions: Vec::new(),
            docs: None,
        }
    }

    /// Why the rule matters and where the guidance comes from, in Markdown (editor hovers).
    pub fn explanation(&self) -> String {
        format!("{}\n\n*Source: {}*", self.rationale, self.source)
    }
}

/// Where the documentation page of built-in rule `id` lives: `docs/rules/` of the repository.
fn docs_url(id: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{id}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Every rule of some rule sets, in a stable order, each once, with concord's own rules last.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    rules: Vec<RuleInfo>,
}

impl Registry {
    /// The rules of `rule_sets` (a rule in several sets is listed once).
    pub fn new<'r>(rule_sets: impl IntoIterator<Item = &'r RuleSet>) -> Self {
        let mut rules: Vec<RuleInfo> = Vec::new();
        for set in rule_sets {
            for rule in set.rules() {
                if !rules.iter().any(|r| r.id == rule.id) {
                    rules.push(RuleInfo::of(rule));
                }
            }
        }
        rules.push(RuleInfo::unused_suppression());
        Registry { rules }
    }

    /// Every rule, in order.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    /// The rule with `id` and its index, if registered.
    pub fn get(&self, id: &str) -> Option<(usize, &RuleInfo)> {
        self.rules.iter().enumerate().find(|(_, r)| r.id == id)
    }
}
