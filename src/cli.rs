//! The command line, as clap reads it. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use concord_config::ConfigChoice;
use concord_report::OutputFormat;

/// concord checks council communications against language guidance for community cohesion.
///
/// It finds wording that the guidance asks services and partners to avoid, explains why in one
/// sentence, and suggests what to write instead.
#[derive(Debug, Parser)]
#[command(name = "concord", version = VERSION, long_version = long_version(), propagate_version = true)]
#[command(
    after_help = "Examples:\n  concord check press-release.md\n  concord check website/ --format json\n  concord check https://www.council.example/news/ --crawl\n  concord rules\n  concord explain cohesion/vague-radicalisation"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `0.1.0 (abc1234def 2026-12-06)`: the release and the commit it was built from.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CONCORD_COMMIT"), ")");

/// What `concord --version` prints after the name: the version, then the built-in rule packs'
/// editions, so a report can say which guidance it was checked against.
fn long_version() -> String {
    let packs: Vec<String> = concord_engine::BUILTIN_VERSIONS
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    format!("{VERSION}\nrule packs: {}", packs.join(", "))
}

/// What concord should do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents and report wording to change.
    ///
    /// Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
    /// 2 when a file, folder or rule pack could not be read.
    Check(Box<CheckArgs>),
    /// List the URLs a `concord check --crawl` of a site would check, one per line: its pages
    /// and the documents they link to. Split the list across CI runners with
    /// `concord check --urls FILE --shard K/N`.
    ///
    /// Exit status: 0 when the list was written, 2 when no start URL could be read.
    Crawl(CrawlArgs),
    /// Write a review copy of a Word (.docx) or OpenDocument (.odt) file: every finding as a
    /// comment on its words, in `NAME.reviewed.docx` beside the original, which is not changed.
    ///
    /// Exit status: 0 when each file was annotated (or had nothing to annotate), 2 when one
    /// could not be.
    Annotate(AnnotateArgs),
    /// List every rule with its severity and a one-line summary, or import a term list as a
    /// rule pack (`concord rules import words.xlsx`).
    Rules {
        /// What to do instead of listing the rules.
        #[command(subcommand)]
        action: Option<RulesAction>,
        #[command(flatten)]
        packs: RulePacks,
    },
    /// Run the language server (for editors), speaking LSP over standard input and output.
    Lsp,
    /// Run the web checker: a page where anyone can check a document in a browser, and a JSON
    /// API (`POST /api/check`) for a council's own systems. Nothing uploaded is kept.
    Serve(ServeArgs),
    /// Show the configuration that applies to a file, and where each value comes from.
    Config {
        /// The file whose configuration to show.
        #[arg(long, value_name = "PATH")]
        show: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write shell completions or the man pages, for packagers:
    /// `concord generate bash > /usr/share/bash-completion/completions/concord`.
    Generate {
        /// What to write.
        #[arg(value_enum)]
        what: Generated,
        /// Write files into this folder instead of the screen (for `man`, a page for every
        /// command: concord.1, concord-check.1 and so on).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Explain one rule: why it matters, where the guidance comes from, what to write instead.
    Explain {
        /// The rule to explain, for example cohesion/daesh-naming.
        rule: String,
        /// Write the explanation as a Markdown page (as in docs/rules/).
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        packs: RulePacks,
    },
}

/// What `concord rules` does besides listing the rules.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Import a council's own term list (a spreadsheet, CSV file or Word table) as a rule pack.
    ///
    /// The list is a spreadsheet (.xlsx, .ods), a CSV file, or a Word document (.docx) whose
    /// first table with a header row is the list. Columns are found by their headers: the words to avoid ("Term", "Avoid"), what to write
    /// instead ("Instead", "Use", "Preferred"), why ("Why", "Reason"), how serious ("Severity":
    /// error, warning, info or hint) and when they are fine ("Fine when", "Exceptions").
    ///
    /// Exit status: 0 when every row was imported, 1 when some rows were not (each is named,
    /// with its row and column) or, with --check, when the pack is out of date; 2 when the
    /// list cannot be read.
    Import(ImportArgs),
}

/// `concord rules import` options.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The term list.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The pack's folder, which `pack-paths` in concord.toml names (default: a folder named
    /// after the list, in the current folder). It is replaced only if an import wrote it.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The pack's name, which starts every rule's id (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Write nothing: say what importing would change in the pack's folder, and fail when it
    /// would change anything, so CI can tell when the list and the pack have drifted apart.
    #[arg(long)]
    pub check: bool,
}

/// What `concord generate` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Generated {
    /// Completions for bash.
    Bash,
    /// Completions for zsh.
    Zsh,
    /// Completions for fish.
    Fish,
    /// Completions for PowerShell.
    Powershell,
    /// Completions for Elvish.
    Elvish,
    /// The man page, concord(1), in roff.
    Man,
}

/// `concord crawl` options.
#[derive(Debug, clap::Args)]
pub struct CrawlArgs {
    /// The pages to start from; the crawl stays on their sites, below their folders.
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<String>,
    /// Write the list to this file instead of the screen.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The largest page read, in megabytes (after decompression).
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub web: WebArgs,
}

/// How concord reads websites: politely, within limits.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Websites")]
pub struct WebArgs {
    /// Requests at once to one site.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub crawl_concurrency: u16,
    /// Seconds between the starts of two requests to one site (a longer Crawl-delay in the
    /// site's robots.txt wins).
    #[arg(long, value_name = "SECONDS", default_value_t = 0.5)]
    pub crawl_delay: f64,
    /// The most pages and documents read from the web in one run.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_pages: usize,
    /// How many links away from the start URLs a crawl goes.
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Seconds one request may take, download included.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// The most time the web part of a run may take (for example 45m); nothing new is read
    /// after it, and no wait a server asks for (Retry-After, Crawl-delay) goes past it.
    #[arg(long, value_name = "DURATION")]
    pub time_budget: Option<humantime::Duration>,
}

/// A share of a list of URLs: `2/8` is the second of eight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares there are.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let usage = || format!("{s} is not a shard: write K/N, such as 2/8 (the second of eight)");
        let (index, count) = s.split_once('/').ok_or_else(usage)?;
        let index: usize = index.trim().parse().map_err(|_| usage())?;
        let count: usize = count.trim().parse().map_err(|_| usage())?;
        if index == 0 || index > count {
            return Err(format!("{s} is not a shard: K must be from 1 to N"));
        }
        Ok(Shard { index, count })
    }
}

/// `concord annotate` options.
#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The Word (.docx) or OpenDocument (.odt) files to annotate.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the review copy (one file only). The default is NAME.reviewed.docx
    /// beside the original.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the review copy if it already exists.
    #[arg(long)]
    pub force: bool,
    /// The author name on the comments.
    #[arg(long, value_name = "NAME", default_value = "concord")]
    pub author: String,
    /// The largest file read, in megabytes; larger files are reported, not read.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub packs: RulePacks,
}

/// `concord serve` options.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. The default is this machine only; give 0.0.0.0:8080 to serve
    /// the whole network (behind the council's HTTPS proxy).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The largest document accepted, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 20)]
    pub max_upload: usize,
    /// The longest one check may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub time_limit: u64,
    /// How many documents are checked at once; more are asked to try again shortly.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    #[command(flatten)]
    pub packs: RulePacks,
}

impl ServeArgs {
    /// The web checker's options.
    pub fn options(&self) -> concord_serve::ServeOptions {
        concord_serve::ServeOptions {
            listen: self.listen,
            config: self.config.choice(),
            rules: self.packs.rules.clone(),
            max_upload_mb: self.max_upload,
            time_limit: std::time::Duration::from_secs(self.time_limit),
            concurrency: self.concurrency,
        }
    }
}

/// Which configuration applies: the same two options, with the same default, for every
/// subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Use this configuration file (rule levels, packs, allowed phrases) for every document,
    /// instead of the nearest concord.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every concord.toml: built-in rules at their default levels.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigArgs {
    /// The configuration these options choose: the file given, none, or else the nearest
    /// concord.toml above each document (above the current folder for the web checker and
    /// pages from the web).
    pub fn choice(&self) -> ConfigChoice {
        match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::None,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Nearest,
        }
    }
}

/// Where rules come from.
#[derive(Debug, clap::Args)]
pub struct RulePacks {
    /// Also load the rule pack in this folder or file (can be given more than once).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
}

/// `concord check` options. Combinations that make no sense (`--unsafe` without `--fix` or
/// `--diff`) are refused here, before any file is read.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("fixing").multiple(true)))]
pub struct CheckArgs {
    /// Files or folders to check: text, Markdown, HTML, Word (.docx), OpenDocument (.odt) or
    /// PDF; `-` reads standard input; an http:// or https:// URL reads that page. Defaults to
    /// the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Crawl the sites of the URLs given: follow links (within each site, below the URL's
    /// folder) and sitemaps, and check every page and linked PDF, Word and OpenDocument file.
    /// robots.txt is obeyed.
    #[arg(long, help_heading = "Websites")]
    pub crawl: bool,

    /// Also check the URLs listed in this file, one per line (`concord crawl` writes one).
    #[arg(long, value_name = "FILE", help_heading = "Websites")]
    pub urls: Option<PathBuf>,

    /// Check only this share of the URLs (the given ones and --urls), such as 2/8: every URL
    /// belongs to exactly one share, so a CI matrix of N runners checks each page once.
    #[arg(
        long,
        value_name = "K/N",
        conflicts_with = "crawl",
        help_heading = "Websites"
    )]
    pub shard: Option<Shard>,

    #[command(flatten)]
    pub web: WebArgs,

    /// How to show the results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit with status 1 when a finding is at least this serious.
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// The name to show for standard input (with `-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Only check files in folders whose path matches this glob (can be given more than once).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip files in folders whose path matches this glob (can be given more than once).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Write the report to this file instead of the screen.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only report findings that are not in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every finding in this baseline file, to adopt concord on an existing site.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// The largest file read, in megabytes; larger files are reported, not read.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_file_size: u64,

    /// The most problems found in one document: past them, places with words the rules look
    /// for are counted, not checked, and the report says how many. 0 finds every one.
    #[arg(long, value_name = "N", default_value_t = concord_pipeline::MAX_FINDINGS)]
    pub max_findings: usize,

    /// Show the findings only: no summary and no notes.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Show how many findings each rule made, instead of each finding.
    #[arg(long)]
    pub statistics: bool,

    /// Change text, Markdown and HTML files where one replacement is always right (such as
    /// Daesh). Word, OpenDocument and PDF files are never changed.
    #[arg(long, group = "fixing")]
    pub fix: bool,

    /// With --fix or --diff, also use the first suggestion where wording needs judgement.
    /// Read the changes before publishing.
    #[arg(long = "unsafe", requires = "fixing")]
    pub unsafe_fixes: bool,

    /// Show what --fix would change, without changing anything.
    #[arg(long, group = "fixing")]
    pub diff: bool,

    #[command(flatten)]
    pub packs: RulePacks,
}

/// Output formats of `concord check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable report with the line, the words underlined and what to write instead.
    Human,
    /// Machine-readable JSON (a stable contract, version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.
    Sarif,
    /// GitHub Actions annotations on the changed lines.
    Github,
    /// JUnit XML, one test case per file, for CI test reports.
    Junit,
    /// reviewdog's diagnostic format (rdjson), for review comments on pull requests.
    Rdjson,
    /// Checkstyle XML.
    Checkstyle,
    /// A self-contained HTML report to read, print or attach to a submission.
    Html,
}

impl From<Format> for OutputFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Human => OutputFormat::Human,
            Format::Json => OutputFormat::Json,
            Format::Sarif => OutputFormat::Sarif,
            Format::Github => OutputFormat::Github,
            Format::Junit => OutputFormat::Junit,
            Format::Rdjson => OutputFormat::Rdjson,
            Format::Checkstyle => OutputFormat::Checkstyle,
            Format::Html => OutputFormat::Html,
        }
    }
}

/// The least serious finding that fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail only on errors.
    Error,
    /// Fail on warnings and errors (the default).
    Warning,
    /// Fail on info, warnings and errors.
    Info,
    /// Fail on any finding, hints included.
    Hint,
    /// Never fail because of findings.
    Never,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
