//! Code actions, computed from the document and the requested range (not from
//! `Diagnostic.data`, which some clients drop): a quick fix per suggestion, "fix all safe
//! concord issues", and "ignore this rule here".

use std::collections::HashMap;
use std::sync::LazyLock;

use tower_lsp_server::ls_types::*;

use concord_config::UNUSED_SUPPRESSION;
use concord_pipeline::{Applicability, fix};

use crate::lint::{Findings, format_of, to_lsp};
use crate::state::Job;
use crate::text::Positions;

/// The kind of the "fix all safe concord issues" action.
pub static FIX_ALL: LazyLock<CodeActionKind> =
    LazyLock::new(|| CodeActionKind::new("source.fixAll.concord"));

/// The code actions for `params`, from the snapshot `job` of the document and its findings.
pub fn code_actions(
    job: &Job,
    findings: &Findings,
    params: &CodeActionParams,
) -> CodeActionResponse {
    let uri = &params.text_document.uri;
    let (text, language) = (&job.text, &job.language);
    let positions = Positions::new(text, job.encoding);
    let wanted = |kind: &CodeActionKind| {
        params
            .context
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let (start, end) = (
        positions.offset(params.range.start),
        positions.offset(params.range.end),
    );
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        for finding in findings.diagnostics.iter().filter(|f| {
            let span = f.location.range();
            span.start <= end && start <= span.end && f.rule != UNUSED_SUPPRESSION
        }) {
            let diagnostic = to_lsp(finding, &findings.project.registry, &positions);
            let safe = finding
                .fix
                .as_ref()
                .filter(|f| f.applies(Applicability::Safe));
            for replacement in finding.replacements() {
                let Some(edits) = finding.edits(replacement) else {
                    continue;
                };
                actions.push(action(
                    format!("Replace “{}” with “{replacement}”", finding.matched),
                    CodeActionKind::QUICKFIX,
                    uri,
                    text_edits(&edits, &positions),
                    Some(&diagnostic),
                    safe.is_some_and(|f| f.replacement == replacement),
                ));
            }
            if supports_comments(language) {
                let at = finding.location.range().start;
                actions.push(ignore_here(
                    &finding.rule,
                    at,
                    text,
                    &positions,
                    uri,
                    &diagnostic,
                ));
            }
        }
    }
    if wanted(&FIX_ALL) {
        let fixes = fix::edits(&findings.diagnostics, Applicability::Safe);
        if fixes.count > 0 {
            actions.push(action(
                "Fix all safe concord issues in this document".into(),
                FIX_ALL.clone(),
                uri,
                text_edits(&fixes.edits, &positions),
                None,
                false,
            ));
        }
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether documents of `language` can hold suppression comments (Markdown and HTML).
fn supports_comments(language: &str) -> bool {
    format_of(language) != concord_formats::Format::Text
}

/// The pipeline's edits as LSP text edits.
fn text_edits(edits: &[concord_pipeline::Edit], positions: &Positions<'_>) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit {
            range: positions.range(edit.range.clone()),
            new_text: edit.text.clone(),
        })
        .collect()
}

/// "Ignore this rule here": a `concord-disable-next-line` comment above the finding's line.
fn ignore_here(
    rule: &str,
    at: usize,
    text: &str,
    positions: &Positions<'_>,
    uri: &Uri,
    diagnostic: &Diagnostic,
) -> CodeAction {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = positions.position(line_start);
    let comment = format!("{indent}<!-- concord-disable-next-line {rule} -->\n");
    action(
        format!("Ignore {rule} on this line"),
        CodeActionKind::QUICKFIX,
        uri,
        vec![TextEdit {
            range: Range::new(at, at),
            new_text: comment,
        }],
        Some(diagnostic),
        false,
    )
}

fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: Option<&Diagnostic>,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    }
}
