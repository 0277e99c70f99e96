//! `concord annotate`: a review copy of each Word or OpenDocument file, with every finding as a
//! comment on its words, written beside the original (which is never changed).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use concord_config::{ConfigChoice, Projects};
use concord_formats::Format;
use concord_formats::review::Reviewer;

use crate::check::TROUBLE;
use crate::cli::AnnotateArgs;
use crate::inputs::{self, Input};

/// Writes a review copy of each file and returns the exit status: 0 when every file was
/// annotated (or had nothing to annotate), 2 when one could not be.
pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    if args.output.is_some() && args.files.len() > 1 {
        bail!("--output names one file, so give one document to annotate");
    }
    let choice = match (&args.config, args.no_config) {
        (_, true) => ConfigChoice::None,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Nearest,
    };
    let projects = Projects::new(choice, &args.packs.rules);
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

/// Comments by `author`, dated now.
pub fn reviewer(author: &str) -> Reviewer {
    Reviewer {
        author: author.to_string(),
        date: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
    }
}

/// Annotates one file into `output`; says what was written.
fn annotate(
    projects: &Projects,
    file: &Path,
    output: &Path,
    args: &AnnotateArgs,
    reviewer: &Reviewer,
) -> Result<String> {
    let format = Format::of_path(file);
    let input = Input {
        name: file.display().to_string(),
        path: Some(file.to_path_buf()),
        format,
        explicit: true,
    };
    let bytes = inputs::read(&input, args.max_file_size).map_err(|p| anyhow!(p.message))?;
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let project = projects.for_dir(absolute.parent().unwrap_or(Path::new(".")))?;
    let reviewed =
        concord_pipeline::review::review_copy(&project, format, &bytes, &absolute, reviewer)?;
    let Some(reviewed) = reviewed else {
        return Ok("concord found nothing to change, so no review copy was written".into());
    };
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
    Ok(message)
}

/// `bid.docx` → `bid.reviewed.docx`, beside it.
pub fn reviewed_name(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let name = match file.extension() {
        Some(ext) => format!("{stem}.reviewed.{}", ext.to_string_lossy()),
        None => format!("{stem}.reviewed"),
    };
    file.with_file_name(name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_copy_is_named_beside_the_original() {
        assert_eq!(
            reviewed_name(Path::new("bids/bid.docx")),
            Path::new("bids/bid.reviewed.docx")
        );
        assert_eq!(
            reviewed_name(Path::new("leaflet.odt")),
            Path::new("leaflet.reviewed.odt")
        );
    }
}
