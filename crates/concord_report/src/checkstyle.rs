//! `--format checkstyle`: Checkstyle XML, read by many CI systems and code-review tools.

use std::io::{self, Write};

use concord_engine::Severity;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use crate::report::READING_AGE;
use crate::run::Run;

/// Writes `run` in this format.
pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut xml = Writer::new_with_indent(&mut *out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.write_event(Event::Start(
        BytesStart::new("checkstyle").with_attributes([("version", "4.3")]),
    ))?;
    for report in run.reports {
        xml.write_event(Event::Start(
            BytesStart::new("file").with_attributes([("name", report.name())]),
        ))?;
        for d in &report.diagnostics {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "info",
            };
            let (line, column) = (d.start.line.to_string(), d.start.column.to_string());
            let message = d.one_line_message();
            let source = format!("concord.{}", d.rule.replace('/', "."));
            xml.write_event(Event::Empty(BytesStart::new("error").with_attributes([
                ("line", line.as_str()),
                ("column", column.as_str()),
                ("severity", severity),
                ("message", message.as_str()),
                ("source", source.as_str()),
            ])))?;
        }
        // A document's reading age is about the whole file: an entry with no line.
        if let Some(note) = report.reading_age_note() {
            let source = READING_AGE.replace('/', ".");
            xml.write_event(Event::Empty(BytesStart::new("error").with_attributes([
                ("severity", "info"),
                ("message", note.as_str()),
                ("source", source.as_str()),
            ])))?;
        }
        xml.write_event(Event::End(BytesEnd::new("file")))?;
    }
    for problem in run.problems {
        xml.write_event(Event::Start(
            BytesStart::new("file").with_attributes([("name", problem.name().as_str())]),
        ))?;
        xml.write_event(Event::Empty(BytesStart::new("error").with_attributes([
            ("severity", "error"),
            ("message", problem.message().as_str()),
            ("source", "concord"),
        ])))?;
        xml.write_event(Event::End(BytesEnd::new("file")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("checkstyle")))?;
    writeln!(out)
}
