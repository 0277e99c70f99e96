//! `concord annotate`: a review copy of each Word or OpenDocument file, with every finding as a
//! comment on its words, written beside the original (which is never changed).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use concord_config::Projects;
use concord_formats::review::Reviewer;
use concord_pipeline::review::{review_copy, reviewed_name, reviewer};
use concord_pipeline::{Content, Source, default_limits};

use crate::cli::AnnotateArgs;
use crate::exit::TROUBLE;
use crate::inputs::{self, Input};

/// Writes a review copy of each file and returns the exit status: 0 when every file was
/// annotated (or had nothing to annotate), 2 when one could not be.
pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    if args.output.is_some() && args.files.len() > 1 {
        bail!("--output names one file, so give one document to annotate");
    }
    let projects = Projects::new(args.config.choice(), &args.packs.rules);
    let reviewer = reviewer(&args.author);
    let mut trouble = false;
    for file in &args.files {
        let output = args.output.clone().unwrap_or_else(|| reviewed_name(file));
        match annotate(&projects, file, &output, args, &reviewer) {
            Ok(message) => eprintln!("{}: {message}", file.display()),
            Err(err) => {
                eprintln!("error: {}: {err:#}", file.display());
                trouble = true;
            }
        }
    }
    Ok(ExitCode::from(if trouble { TROUBLE } else { 0 }))
}

/// Annotates one file into `output`; says what was written.
fn annotate(
    projects: &Projects,
    file: &Path,
    output: &Path,
    args: &AnnotateArgs,
    reviewer: &Reviewer,
) -> Result<String> {
    let input = Input::file(file, true);
    let bytes = inputs::read(&input, args.max_file_size).map_err(|p| anyhow!(p.message()))?;
    let source = Source::new(input.origin, Content::Bytes(&bytes), input.format);
    let config_path = source.config_path();
    let project = projects.for_dir(config_path.parent().unwrap_or(Path::new(".")))?;
    let review = review_copy(&project, &source, reviewer, &default_limits())?;
    let Some(review) = review else {
        return Ok("concord found nothing to change, so no review copy was written".into());
    };
    let reviewed = &review.copy;
    write_new(file, output, &reviewed.bytes, args.force)?;
    let comments = reviewed.comments();
    let mut message = format!(
        "wrote {} with {comments} comment{}",
        output.display(),
        if comments == 1 { "" } else { "s" }
    );
    if reviewed.gathered > 0 {
        message.push_str(&format!(
            " ({} finding{} in headers, footers, notes, text boxes or comments listed in the first comment)",
            reviewed.gathered,
            if reviewed.gathered == 1 { "" } else { "s" }
        ));
    }
    if review.unchecked > 0 {
        message.push_str(&format!(
            "; concord stopped after {} findings, and {} more place{} with words the rules look for {} not checked",
            concord_pipeline::MAX_FINDINGS,
            review.unchecked,
            if review.unchecked == 1 { "" } else { "s" },
            if review.unchecked == 1 { "was" } else { "were" }
        ));
    }
    Ok(message)
}

/// Writes `bytes` to `output` through a temporary file beside it, so it is never half-written;
/// never over the original `file`, and over an existing file only with `force`.
fn write_new(file: &Path, output: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if fs::canonicalize(output).ok() == fs::canonicalize(file).ok() && output.exists() {
        bail!("the review copy cannot replace the original; choose another --output");
    }
    if output.exists() && !force {
        bail!(
            "{} already exists; give --force to replace it, or --output to choose another name",
            output.display()
        );
    }
    let dir = output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .context("cannot write the review copy")?;
    // Readable by whoever could read the original (a temporary file is private to its owner).
    if let Ok(metadata) = fs::metadata(file) {
        fs::set_permissions(temporary.path(), metadata.permissions())
            .context("cannot give the review copy the original's permissions")?;
    }
    if force {
        temporary.persist(output)
    } else {
        temporary.persist_noclobber(output)
    }
    .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(())
}
