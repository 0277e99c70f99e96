//! What a caller chooses about a report: its format, and how a human report looks.

/// Every format a run can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A rustc-style report with the line, the words underlined and what to write instead.
    Human,
    /// JSON, a stable contract for CI systems (version 1).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
    /// JUnit XML.
    Junit,
    /// reviewdog's diagnostic format.
    Rdjson,
    /// Checkstyle XML.
    Checkstyle,
    /// A self-contained HTML report.
    Html,
}

/// How a report is written, beyond its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour the human report (for a terminal).
    pub color: bool,
    /// Leave the human report's summary out.
    pub quiet: bool,
}
