//! The web checker's one page: the form, and the same form above the results. It works without
//! JavaScript (a plain form that posts to `/check`); `app.js` adds drag and drop and shows the
//! results without leaving the page.

use std::fmt::Write as _;

use html_escape::encode_text as text;

use concord_formats::Format;

use concord_report::{Run, html};

use crate::service::Service;

/// The page's script, served as `/app.js` (the Content-Security-Policy allows no inline script).
pub const SCRIPT: &str = include_str!("app.js");

/// The form, with the problem that stopped the last check above it, if any, and the text that
/// was pasted for it kept in its box.
pub fn form(service: &Service, problem: Option<&str>, pasted: &str) -> String {
    let mut main = String::from("<h1>Check the language of your document</h1>\n");
    if let Some(problem) = problem {
        let _ = writeln!(
            main,
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n<h2>There is a problem</h2>\n<p><a href=\"#file\">{}</a></p>\n</div>",
            text(problem)
        );
    }
    main.push_str(&intro(service));
    main.push_str(&upload_form(service.max_upload, pasted));
    layout("Check the language of your document", &main)
}

/// The form, after a request for a review copy of a document in which nothing was found.
pub fn nothing_found(name: &str, service: &Service) -> String {
    let mut main = format!(
        "<h1 id=\"results-heading\" tabindex=\"-1\">Nothing to change in {}</h1>\n\
         <p class=\"status\">concord found no wording to change, so there is no copy with comments to download.</p>\n\
         <h2 id=\"check-another\">Check another document</h2>\n",
        text(name)
    );
    main.push_str(&upload_form(service.max_upload, ""));
    layout(&format!("Nothing to change in {name}"), &main)
}

/// The results of one check, below the form for the next.
pub fn results(run: &Run<'_>, notes: &[String], service: &Service) -> String {
    let name = run.reports.first().map_or("your document", |r| r.name());
    let mut main = format!(
        "<h1 id=\"results-heading\" tabindex=\"-1\">Results for {}</h1>\n",
        text(name)
    );
    let _ = writeln!(
        main,
        "<p class=\"hint\" id=\"packs\">Checked against {}.</p>",
        text(&service.packs)
    );
    for note in notes {
        let _ = writeln!(main, "<p class=\"status\">Note: {}.</p>", text(note));
    }
    // A copy with comments, for Word and OpenDocument files with findings. The script sends the
    // file just checked again; without it, the form below has the same button.
    let reviewable = run.reports.first().is_some_and(|r| {
        matches!(r.format, Format::Docx | Format::Odt) && !r.diagnostics.is_empty()
    });
    if reviewable {
        main.push_str(
            "<div class=\"no-print\" id=\"review-copy\" hidden>\n\
             <button class=\"button\" type=\"button\" id=\"download-reviewed\">Download your document with these comments</button>\n\
             <p class=\"hint\">A copy of your file with each finding as a comment on its words. Open it in Word or LibreOffice, make the changes, and delete each comment as you go.</p>\n\
             <p class=\"status\" id=\"download-status\" role=\"status\"></p>\n\
             </div>\n",
        );
    }
    main.push_str(
        "<p class=\"no-print\"><a class=\"button button-secondary\" href=\"#check-another\">Check another document</a> \
         <button class=\"button button-secondary\" type=\"button\" id=\"print\" hidden>Print or save as PDF</button></p>\n",
    );
    main.push_str(&html::fragment(run, true));
    main.push_str("<h2 id=\"check-another\" class=\"no-print\">Check another document</h2>\n");
    main.push_str(&upload_form(service.max_upload, ""));
    layout(&format!("Results for {name}"), &main)
}

fn intro(service: &Service) -> String {
    format!(
        "<p class=\"lede\">Find wording the council's guidance asks services and partners to avoid, with what to write instead.</p>\n\
         <p>The guidance comes from Recommendation 9 of the scrutiny review <cite>Delivering the Prevent Duty</cite>: keep faith and ideology apart, never describe whole groups or communities as a risk, and name risks precisely.</p>\n\
         <p class=\"hint\" id=\"packs\">Documents are checked against {}.</p>\n",
        text(&service.packs)
    )
}

fn upload_form(max_upload: usize, pasted: &str) -> String {
    // A parser drops one newline right after `<textarea>`: give it one to drop.
    let pasted = if pasted.starts_with('\n') {
        format!("\n{pasted}")
    } else {
        pasted.to_string()
    };
    format!(
        "<form method=\"post\" action=\"/check\" enctype=\"multipart/form-data\" id=\"check-form\" class=\"no-print\">\n\
         <div class=\"field drop-zone\" id=\"drop-zone\">\n\
         <label for=\"file\">Upload a document</label>\n\
         <p class=\"hint\" id=\"file-hint\">Word (.docx), OpenDocument (.odt), PDF, web page (.html), Markdown (.md) or text (.txt), up to {} MB. You can also drag a file here.</p>\n\
         <input type=\"file\" id=\"file\" name=\"file\" accept=\".docx,.odt,.pdf,.html,.htm,.md,.markdown,.txt\" aria-describedby=\"file-hint\">\n\
         </div>\n\
         <p class=\"or\">or</p>\n\
         <div class=\"field\">\n<label for=\"text\">Paste your text</label>\n\
         <textarea id=\"text\" name=\"text\" rows=\"8\" spellcheck=\"true\">{}</textarea>\n</div>\n\
         <div class=\"actions\">\n\
         <button class=\"button\" type=\"submit\">Check</button>\n\
         <button class=\"button button-secondary\" type=\"submit\" formaction=\"/annotate\" aria-describedby=\"annotate-hint\">Download with comments</button>\n\
         </div>\n\
         <p class=\"hint\" id=\"annotate-hint\">For Word and OpenDocument files, “Download with comments” gives you a copy of your file with each finding as a comment in the margin.</p>\n\
         <p class=\"status\" id=\"annotate-status\" role=\"status\"></p>\n\
         </form>\n\
         <div class=\"inset no-print\"><p>Nothing you upload or paste is kept: your document is read for this check and then forgotten.</p></div>\n",
        max_upload / (1024 * 1024),
        text(&pasted)
    )
}

fn layout(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – concord</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n\
         <script src=\"/app.js\" defer></script>\n</head>\n<body>\n\
         <a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n\
         <header class=\"masthead\"><p>concord language check</p></header>\n\
         <main class=\"page\" id=\"main\">\n{main}</main>\n\
         <footer class=\"page-footer page\"><p>concord checks wording against the guidance; it cannot judge meaning. Read each finding and decide.</p></footer>\n\
         </body>\n</html>\n",
        text(title)
    )
}
