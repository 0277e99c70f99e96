//! One snapshot per output format, of a run that holds every kind of origin (a file, a page from
//! the web, an upload), a document that could not be read, a page that could not be fetched, and
//! every severity. The documents are checked through the real pipeline with the built-in rules.

use std::path::PathBuf;

use concord_config::{ConfigChoice, Project, Projects};
use concord_formats::Format;
use concord_pipeline::{Content, Origin, Source, check_source};
use concord_report::{FileReport, OutputFormat, Problem, ProblemKind, RenderOptions, Run};

/// Rule levels that make the run hold every severity.
const CONFIG: &str = r#"[rules]
"cohesion/vague-radicalisation" = "error"
"cohesion/stigmatising-place" = "info"
"cohesion/unqualified-extremism" = "hint"
"#;

const PRESS_RELEASE: &str = "# Youth programme\n\nThe council will tackle radicalisation on the estate, which some call a hotbed of extremism.\n\nSome teenagers were drawn towards ISIS propaganda. <!-- concord-disable-next-line cohesion/faith-as-ideology -->\n\nThe programme starts in May.\n";

const PAGE: &str = "<!DOCTYPE html><html><head><title>Prevent</title></head><body><h1>Prevent</h1><p>We work to stop <b>Islamic</b> State recruiting young people.</p></body></html>";

const UPLOAD: &str = "Our bid: the project works with the Muslim community to counter extremism.";

fn project(dir: &tempfile::TempDir) -> std::sync::Arc<Project> {
    let config = dir.path().join("concord.toml");
    std::fs::write(&config, CONFIG).unwrap();
    Projects::new(ConfigChoice::File(config), &[])
        .for_dir(dir.path())
        .expect("the configuration loads")
}

fn report(project: &Project, origin: Origin, text: &str, format: Format) -> FileReport {
    let source = Source::new(origin, Content::Bytes(text.as_bytes()), format);
    let checked = check_source(project, &source).expect("text formats always read");
    FileReport::new(source.origin, checked)
}

/// The run every snapshot renders, and the project whose rules it reports.
fn run_parts() -> (std::sync::Arc<Project>, Vec<FileReport>, Vec<Problem>) {
    let dir = tempfile::tempdir().unwrap();
    let project = project(&dir);
    let reports = vec![
        report(
            &project,
            Origin::File(PathBuf::from("news/press-release.md")),
            PRESS_RELEASE,
            Format::Markdown,
        ),
        report(
            &project,
            Origin::Url("https://www.council.example/prevent/".into()),
            PAGE,
            Format::Html,
        ),
        report(
            &project,
            Origin::Upload("bid.txt".into()),
            UPLOAD,
            Format::Text,
        ),
    ];
    let unreadable = concord_formats::read(Format::Docx, b"not a zip archive").unwrap_err();
    let problems = vec![
        Problem::new(
            Origin::File(PathBuf::from("minutes.docx")),
            ProblemKind::Document(unreadable),
        ),
        Problem::new(
            Origin::Url("https://www.council.example/gone".into()),
            ProblemKind::Fetch("the server answered 404 Not Found".into()),
        ),
    ];
    (project, reports, problems)
}

fn rendered(format: OutputFormat) -> String {
    let (project, reports, problems) = run_parts();
    let run = Run {
        reports: &reports,
        problems: &problems,
        registry: &project.registry,
    };
    let mut out = Vec::new();
    concord_report::render(format, &run, RenderOptions::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    // JUnit's timestamp is the time of the run.
    match text.find("timestamp=\"") {
        Some(at) => {
            let start = at + "timestamp=\"".len();
            let end = start + text[start..].find('"').unwrap();
            format!("{}[timestamp]{}", &text[..start], &text[end..])
        }
        None => text,
    }
}

#[test]
fn the_run_holds_every_severity_and_origin() {
    let (_, reports, _) = run_parts();
    let severities: std::collections::BTreeSet<_> = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity.as_str())
        .collect();
    assert_eq!(
        severities.into_iter().collect::<Vec<_>>(),
        ["error", "hint", "info", "warning"]
    );
    assert!(reports.iter().all(|r| !r.diagnostics.is_empty()));
}

#[test]
fn human() {
    insta::assert_snapshot!(rendered(OutputFormat::Human));
}

#[test]
fn json() {
    insta::assert_snapshot!(rendered(OutputFormat::Json));
}

#[test]
fn sarif() {
    insta::assert_snapshot!(rendered(OutputFormat::Sarif));
}

#[test]
fn github() {
    insta::assert_snapshot!(rendered(OutputFormat::Github));
}

#[test]
fn junit() {
    insta::assert_snapshot!(rendered(OutputFormat::Junit));
}

#[test]
fn rdjson() {
    insta::assert_snapshot!(rendered(OutputFormat::Rdjson));
}

#[test]
fn checkstyle() {
    insta::assert_snapshot!(rendered(OutputFormat::Checkstyle));
}

#[test]
fn html() {
    insta::assert_snapshot!(rendered(OutputFormat::Html));
}

#[test]
fn statistics() {
    let (_, reports, _) = run_parts();
    let mut out = Vec::new();
    concord_report::statistics(&reports, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

/// The HTML report of `reports`, checked with `project`'s rules.
fn html_report(project: &Project, reports: &[FileReport]) -> String {
    let run = Run {
        reports,
        problems: &[],
        registry: &project.registry,
    };
    let mut out = Vec::new();
    concord_report::render(OutputFormat::Html, &run, RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_html_summary_gives_each_severity_of_a_rule_its_own_row() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("concord.toml");
    std::fs::write(
        &config,
        "[rules]\n\"cohesion/group-objectification/distancing-label\" = \"info\"\n",
    )
    .unwrap();
    let project = Projects::new(ConfigChoice::File(config), &[])
        .for_dir(dir.path())
        .unwrap();
    let text = "The council described them as suspect communities. The Muslim community should be engaged on radicalisation, the report said.";
    let reports = [report(
        &project,
        Origin::File(PathBuf::from("note.md")),
        text,
        Format::Markdown,
    )];
    let html = html_report(&project, &reports);
    let rows: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("<span class=\"rule-id\">cohesion/group-objectification</span><br>"))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(
        rows[0].contains("<td>Warning</td>") && rows[0].ends_with(" 1</td></tr>"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("<td>Info</td>") && rows[1].ends_with(" 1</td></tr>"),
        "{}",
        rows[1]
    );
}

#[test]
fn an_html_pages_words_are_shown_without_the_placeholders_for_superscripts_and_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(&dir);
    let page = "<html><body><p>Islamic State<sup>4</sup> recruits online at www.example.org now.</p></body></html>";
    let reports = [report(
        &project,
        Origin::Url("https://www.council.example/news/".into()),
        page,
        Format::Html,
    )];
    assert!(!reports[0].diagnostics.is_empty());
    let html = html_report(&project, &reports);
    assert!(html.contains("Islamic State"), "{html}");
    assert!(
        html.contains("Islamic State</mark> 4  recruits online at   now."),
        "{html}"
    );
    assert!(!html.contains('\u{FFFC}'), "{html}");
}
