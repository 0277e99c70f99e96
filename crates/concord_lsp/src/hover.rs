//! Hover over flagged words: why they matter, where the guidance comes from, what to write instead.

use tower_lsp_server::ls_types::*;

use crate::lint::Findings;
use crate::state::Job;
use crate::text::Positions;

/// The hover for `position` in the snapshot `job` of a document, if it is on one of its
/// findings.
pub fn hover(job: &Job, findings: &Findings, position: Position) -> Option<Hover> {
    let positions = Positions::new(&job.text, job.encoding);
    let offset = positions.offset(position);
    let finding = findings.diagnostics.iter().find(|f| {
        let span = f.location.range();
        span.start <= offset && offset < span.end.max(span.start + 1)
    })?;
    let mut value = format!(
        "**{}** ({})\n\n{}",
        finding.rule, finding.severity, finding.message
    );
    let advice: Vec<String> = finding
        .replacements()
        .iter()
        .map(|s| format!("“{s}”"))
        .collect();
    if !advice.is_empty() {
        value.push_str(&format!("\n\n**Write instead:** {}", advice.join(" or ")));
    }
    if let Some((_, rule)) = findings.project.registry.get(&finding.rule) {
        value.push_str(&format!("\n\n{}", rule.explanation()));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(positions.range(finding.location.range())),
    })
}
