//! Code actions, computed from the document and the requested range (not from
//! `Diagnostic.data`, which some clients drop): a quick fix per suggestion, "fix all safe
//! concord issues", and "ignore this rule here".

use std::collections::HashMap;
use std::sync::LazyLock;

use tower_lsp_server::ls_types::*;

use concord_config::UNUSED_SUPPRESSION;

use crate::lint::Linted;
use crate::server::{Backend, diagnostic, supports_comments};
use crate::text::Positions;

/// The kind of the "fix all safe concord issues" action.
pub static FIX_ALL: LazyLock<CodeActionKind> =
    LazyLock::new(|| CodeActionKind::new("source.fixAll.concord"));

/// The code actions for `params`.
pub fn code_actions(backend: &Backend, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let uri = &params.text_document.uri;
    let (text, language, findings, encoding) = backend.findings_now(uri)?;
    let positions = Positions::new(&text, encoding);
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
        for finding in findings
            .iter()
            .filter(|f| f.span.start <= end && start <= f.span.end && f.rule != UNUSED_SUPPRESSION)
        {
            let diagnostic = diagnostic(finding, &positions);
            for suggestion in finding.fix.iter().chain(
                finding
                    .suggestions
                    .iter()
                    .filter(|s| Some(*s) != finding.fix.as_ref()),
            ) {
                actions.push(action(
                    format!(
                        "Replace “{}” with “{suggestion}”",
                        &text[finding.span.clone()]
                    ),
                    CodeActionKind::QUICKFIX,
                    uri,
                    vec![TextEdit {
                        range: diagnostic.range,
                        new_text: suggestion.clone(),
                    }],
                    Some(&diagnostic),
                    finding.fix.as_ref() == Some(suggestion),
                ));
            }
            if supports_comments(&language) {
                actions.push(ignore_here(finding, &text, &positions, uri, &diagnostic));
            }
        }
    }
    if wanted(&FIX_ALL) {
        let edits = safe_edits(&findings, &positions);
        if !edits.is_empty() {
            actions.push(action(
                "Fix all safe concord issues in this document".into(),
                FIX_ALL.clone(),
                uri,
                edits,
                None,
                false,
            ));
        }
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

/// "Ignore this rule here": a `concord-disable-next-line` comment above the finding's line.
fn ignore_here(
    finding: &Linted,
    text: &str,
    positions: &Positions<'_>,
    uri: &Uri,
    diagnostic: &Diagnostic,
) -> CodeAction {
    let line_start = text[..finding.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = positions.position(line_start);
    let comment = format!(
        "{indent}<!-- concord-disable-next-line {} -->\n",
        finding.rule
    );
    action(
        format!("Ignore {} on this line", finding.rule),
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

/// Every safe fix in the document that does not overlap an earlier one.
fn safe_edits(findings: &[Linted], positions: &Positions<'_>) -> Vec<TextEdit> {
    let mut last_end = 0;
    findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            if f.span.start < last_end {
                return None;
            }
            last_end = f.span.end;
            Some(TextEdit {
                range: positions.range(f.span.clone()),
                new_text: fix.clone(),
            })
        })
        .collect()
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
