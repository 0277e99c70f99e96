//! `--format junit`: JUnit XML, one test case per file, so CI test reports list each document
//! as passed or failed.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::run::Run;

/// Writes `run` in this format.
pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let failures = run
        .reports
        .iter()
        .filter(|r| !r.diagnostics.is_empty())
        .count();
    let tests = (run.reports.len() + run.problems.len()).to_string();
    let (failures, errors) = (failures.to_string(), run.problems.len().to_string());
    let timestamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let timestamp = timestamp.trim_end_matches('Z');

    let mut xml = Writer::new_with_indent(&mut *out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.write_event(Event::Start(BytesStart::new("testsuites")))?;
    xml.write_event(Event::Start(BytesStart::new("testsuite").with_attributes(
        [
            ("package", "concord"),
            ("id", "0"),
            ("name", "concord"),
            ("timestamp", timestamp),
            ("hostname", "localhost"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", errors.as_str()),
            ("time", "0"),
        ],
    )))?;
    // Each document's reading age is a property of the run (a number CI can chart), and its
    // note is in the suite's output.
    let ages: Vec<(String, String, String)> = run
        .reports
        .iter()
        .filter_map(|r| {
            let age = r.reading_age.as_ref()?;
            let note = format!("{}: {}", r.name(), r.reading_age_note()?);
            Some((
                format!("reading-age:{}", r.name()),
                format!("{:.1}", age.age),
                note,
            ))
        })
        .collect();
    if ages.is_empty() {
        xml.write_event(Event::Empty(BytesStart::new("properties")))?;
    } else {
        xml.write_event(Event::Start(BytesStart::new("properties")))?;
        for (name, value, _) in &ages {
            xml.write_event(Event::Empty(
                BytesStart::new("property")
                    .with_attributes([("name", name.as_str()), ("value", value.as_str())]),
            ))?;
        }
        xml.write_event(Event::End(BytesEnd::new("properties")))?;
    }
    let testcase = |name: &str| {
        BytesStart::new("testcase").with_attributes([
            ("name", name),
            ("classname", "concord"),
            ("time", "0"),
        ])
    };
    for report in run.reports {
        if report.diagnostics.is_empty() {
            xml.write_event(Event::Empty(testcase(report.name())))?;
            continue;
        }
        xml.write_event(Event::Start(testcase(report.name())))?;
        let summary = format!("{} problem(s) found", report.diagnostics.len());
        let details: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}: {} [{}] {}",
                    report.name(),
                    d.start.line,
                    d.start.column,
                    d.severity,
                    d.rule,
                    d.one_line_message()
                )
            })
            .collect();
        xml.write_event(Event::Start(
            BytesStart::new("failure")
                .with_attributes([("message", summary.as_str()), ("type", "concord")]),
        ))?;
        xml.write_event(Event::Text(BytesText::new(&details.join("\n"))))?;
        xml.write_event(Event::End(BytesEnd::new("failure")))?;
        xml.write_event(Event::End(BytesEnd::new("testcase")))?;
    }
    for problem in run.problems {
        xml.write_event(Event::Start(testcase(&problem.name())))?;
        xml.write_event(Event::Start(BytesStart::new("error").with_attributes([
            ("message", problem.message().as_str()),
            ("type", "unreadable"),
        ])))?;
        xml.write_event(Event::Text(BytesText::new(&problem.message())))?;
        xml.write_event(Event::End(BytesEnd::new("error")))?;
        xml.write_event(Event::End(BytesEnd::new("testcase")))?;
    }
    if ages.is_empty() {
        xml.write_event(Event::Empty(BytesStart::new("system-out")))?;
    } else {
        let notes: Vec<&str> = ages.iter().map(|(_, _, note)| note.as_str()).collect();
        xml.write_event(Event::Start(BytesStart::new("system-out")))?;
        xml.write_event(Event::Text(BytesText::new(&notes.join("\n"))))?;
        xml.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    xml.write_event(Event::Empty(BytesStart::new("system-err")))?;
    xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}
