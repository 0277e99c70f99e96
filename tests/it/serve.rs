//! `concord serve`, the web checker, started on an ephemeral port and spoken to over HTTP as a
//! browser or a council's system would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::blocking::multipart;
use serde_json::Value;

use crate::workspace;

/// A running `concord serve`, stopped when dropped; it runs in an empty folder with an empty
/// temporary directory, to show nothing is written.
pub(crate) struct Server {
    pub(crate) child: Child,
    base: String,
    folder: tempfile::TempDir,
    /// What the server writes to standard error, line by line.
    pub(crate) log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(args: &[&str]) -> Server {
        Server::start_in(Command::new(env!("CARGO_BIN_EXE_concord")), args)
    }

    /// Starts the server with at most `files` file descriptors open at once (util-linux's
    /// `prlimit` runs it with the limit).
    fn start_with_descriptors(files: u32, args: &[&str]) -> Server {
        let mut command = Command::new("prlimit");
        command
            .arg(format!("--nofile={files}:{files}"))
            .arg(env!("CARGO_BIN_EXE_concord"));
        Server::start_in(command, args)
    }

    fn start_in(mut command: Command, args: &[&str]) -> Server {
        let folder = tempfile::tempdir().unwrap();
        std::fs::create_dir(folder.path().join("tmp")).unwrap();
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .current_dir(folder.path())
            .env("TMPDIR", folder.path().join("tmp"))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let base = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let (send, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Server {
            child,
            base: format!("http://{base}"),
            folder,
            log,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn upload(&self, route: &str, file: &Path) -> reqwest::blocking::Response {
        let form = multipart::Form::new().file("file", file).unwrap();
        crate::http()
            .post(self.url(route))
            .multipart(form)
            .send()
            .unwrap()
    }

    /// Pastes `text` into `/api/check`, as JSON, waiting up to two minutes for the answer.
    pub(crate) fn paste(&self, text: &str) -> reqwest::blocking::Response {
        crate::http()
            .post(self.url("/api/check"))
            .timeout(Duration::from_secs(120))
            .json(&serde_json::json!({ "text": text }))
            .send()
            .unwrap()
    }

    /// Files left in the server's folder and temporary directory (the empty `tmp` aside).
    fn files_left(&self) -> Vec<String> {
        walk(self.folder.path())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn walk(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path.display().to_string());
        }
    }
    found
}

fn fixture(path: &str) -> std::path::PathBuf {
    workspace().join("tests/fixtures").join(path)
}

fn rules(json: &Value) -> Vec<String> {
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_format_uploads_and_text_pastes_and_nothing_is_kept() {
    let server = Server::start(&[]);
    for name in [
        "press-release/press-release.docx",
        "press-release/press-release.odt",
        "press-release/press-release.pdf",
        "press-release/press-release.html",
        "press-release/press-release.txt",
    ] {
        let response = server.upload("/api/check", &fixture(name));
        assert_eq!(response.status(), 200, "{name}");
        let json: Value = response.json().unwrap();
        assert!(
            rules(&json).contains(&"cohesion/daesh-naming".to_string()),
            "{name}: {json}"
        );
    }
    // Pasted text, as JSON and as the page's form.
    let json: Value = crate::http()
        .post(server.url("/api/check"))
        .json(&serde_json::json!({ "text": "Officers discussed **ISIS**.", "filename": "note.md" }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(json["files"][0]["format"], "markdown");
    assert_eq!(rules(&json), ["cohesion/daesh-naming"]);
    let page = crate::http()
        .post(server.url("/check"))
        .multipart(multipart::Form::new().text("text", "Residents called it a no-go area."))
        .send()
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().unwrap();
    assert!(
        html.contains("<mark><span class=\"visually-hidden\">Problem 1: </span>no-go area</mark>"),
        "{html}"
    );
    assert!(html.contains("Write instead:"));
    assert!(server.files_left().is_empty(), "{:?}", server.files_left());
    // The log carries sizes, formats and counts, never names or words.
    std::thread::sleep(Duration::from_millis(100));
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(log.iter().any(|l| l.contains("bytes of docx")), "{log:?}");
    assert!(
        !log.iter()
            .any(|l| l.contains("press-release") || l.contains("no-go")),
        "{log:?}"
    );
}

/// An upload far past the cap is read to its end and thrown away before the refusal is sent,
/// so the sender, still sending when the server decides, gets the answer rather than a
/// connection reset (a browser shows its own error page then).
#[test]
fn a_sender_still_sending_a_refused_upload_gets_the_answer() {
    let server = Server::start(&["--max-upload", "1"]);
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "The council met. ".repeat(500_000)).unwrap();
    for route in ["/check", "/api/check", "/check", "/api/check"] {
        let response = server.upload(route, &big);
        assert_eq!(response.status(), 413, "{route}");
        assert!(
            response.text().unwrap().contains("larger than the 1 MB"),
            "{route}"
        );
    }
}

#[test]
fn bad_uploads_get_plain_english_answers() {
    let server = Server::start(&["--max-upload", "1"]);
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "The council met. ".repeat(70_000)).unwrap();
    let response = server.upload("/check", &big);
    assert_eq!(response.status(), 413);
    // The rest of the upload is not read, so the connection closes, and the client is told.
    assert_eq!(response.headers()["connection"], "close");
    assert!(
        response
            .text()
            .unwrap()
            .contains("larger than the 1 MB the checker accepts")
    );

    let corrupt = dir.path().join("bid.docx");
    std::fs::write(&corrupt, b"PK\x03\x04 this is not really a Word document").unwrap();
    let response = server.upload("/api/check", &corrupt);
    assert_eq!(response.status(), 422);
    let json: Value = response.json().unwrap();
    let message = json["error"].as_str().unwrap();
    assert!(
        message.starts_with("This document could not be checked:"),
        "{message}"
    );

    let response = server.upload("/api/check", &fixture("bad/protected.docx"));
    assert_eq!(response.status(), 422);
    let message = response.json::<Value>().unwrap()["error"].to_string();
    assert!(message.contains("password"), "{message}");

    // A zip bomb: one part that inflates far past the cap.
    let bomb = dir.path().join("bomb.docx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..300 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    let response = server.upload("/api/check", &bomb);
    assert_eq!(response.status(), 422);

    let empty = crate::http()
        .post(server.url("/check"))
        .multipart(multipart::Form::new().text("text", "  "))
        .send()
        .unwrap();
    assert_eq!(empty.status(), 400);
    assert!(
        empty
            .text()
            .unwrap()
            .contains("Choose a document to upload, or paste your text")
    );
    assert!(server.files_left().is_empty(), "{:?}", server.files_left());
}

#[test]
fn security_headers_are_on_every_page() {
    let server = Server::start(&[]);
    for path in ["/", "/style.css", "/app.js", "/healthz"] {
        let response = crate::http().get(server.url(path)).send().unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
    }
    let page = crate::http()
        .get(server.url("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(!page.contains("<script>"), "no inline script");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no external resource"
    );
}

/// Sends the start of an upload and then nothing more.
fn stall(server: &Server) -> TcpStream {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let body_start = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.txt\"\r\n\r\nThe council";
    write!(
        stream,
        "POST /api/check HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n{body_start}"
    )
    .unwrap();
    stream.flush().unwrap();
    stream
}

/// Reads what the server answers on `stream`, waiting up to `seconds`.
fn answer(stream: &mut TcpStream, seconds: u64) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(seconds)))
        .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn trickling_uploads_hold_no_place_among_the_checks_and_are_given_up_on() {
    let server = Server::start(&["--concurrency", "1"]);
    // Eight uploads that send a byte every two seconds: each byte used to reset the body timer.
    let trickles: Vec<_> = (0..8)
        .map(|_| {
            let stream = stall(&server);
            let mut writer = stream.try_clone().unwrap();
            std::thread::spawn(move || {
                for _ in 0..15 {
                    std::thread::sleep(Duration::from_secs(2));
                    if writer.write_all(b" ").is_err() {
                        break;
                    }
                }
            });
            stream
                .set_read_timeout(Some(Duration::from_secs(1)))
                .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let started = std::time::Instant::now();
    let response = server.upload("/api/check", &fixture("press-release/press-release.txt"));
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );

    // Each trickle is refused (408) once it falls behind the slowest rate an upload may keep.
    for mut stream in trickles {
        let answer = answer(&mut stream, 25);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("\"code\":\"too-slow\""), "{answer}");
    }
}

#[test]
fn checks_at_once_are_counted_across_every_route_and_a_busy_answer_is_a_page() {
    let server = Server::start(&["--concurrency", "1", "--max-upload", "64"]);
    // A 5,000-page PDF keeps the one place busy for seconds (text extraction, then the rules).
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.pdf");
    std::fs::write(&long, many_page_pdf(5_000)).unwrap();
    let small = fixture("press-release/press-release.txt");
    // The first check builds the rules; after it, the small checks below are quick.
    assert_eq!(server.upload("/check", &small).status(), 200);
    let base = server.base.clone();
    let busy_check = std::thread::spawn(move || {
        let form = multipart::Form::new().file("file", &long).unwrap();
        crate::http()
            .post(format!("{base}/api/check"))
            .multipart(form)
            .send()
            .unwrap()
            .status()
    });
    // The long check's upload takes the place before the first look.
    std::thread::sleep(Duration::from_millis(500));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let page = loop {
        let response = server.upload("/check", &small);
        if response.status() == 503 || std::time::Instant::now() > deadline {
            break response;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // While the API's check runs, the form's check (another route) is refused too: with the
    // page itself, the form and the service's look, not a bare line of text.
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    let html = page.text().unwrap();
    assert!(
        html.contains("<form method=\"post\" action=\"/check\""),
        "{html}"
    );
    assert!(
        html.contains("The checker is busy with other documents"),
        "{html}"
    );
    let api = server.upload(
        "/api/annotate",
        &fixture("press-release/press-release.docx"),
    );
    if api.status() == 503 {
        let json: Value = api.json().unwrap();
        assert_eq!(json["code"], "busy");
    }
    assert_eq!(busy_check.join().unwrap(), 200);
    let response = server.upload("/api/check", &small);
    assert_eq!(response.status(), 200, "the place is free again");
}

#[test]
fn sockets_sending_headers_slowly_are_closed_so_the_page_still_answers() {
    // 140 sockets that send a header line every 5 s, under a limit of 128 file descriptors:
    // without a header timeout they hold every descriptor and nothing else is answered.
    let server = Server::start_with_descriptors(128, &[]);
    let address = server.base.trim_start_matches("http://").to_string();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut slow = Vec::new();
    for _ in 0..140 {
        let Ok(mut stream) = TcpStream::connect(&address) else {
            continue;
        };
        let _ = write!(stream, "GET / HTTP/1.1\r\nHost: {address}\r\n");
        let stop = stop.clone();
        slow.push(std::thread::spawn(move || {
            for i in 0..12 {
                std::thread::sleep(Duration::from_secs(5));
                if stop.load(std::sync::atomic::Ordering::Relaxed)
                    || write!(stream, "X-Slow-{i}: yes\r\n").is_err()
                {
                    break;
                }
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(1));
    let started = std::time::Instant::now();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let response = client.get(server.url("/")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "answered after {:?}",
        started.elapsed()
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The processor time the server has used, in clock ticks, from `/proc`.
fn cpu_ticks(server: &Server) -> u64 {
    let pid = server.child.id();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn a_findings_bomb_answers_within_the_budget_in_bounded_memory() {
    let server = Server::start(&[]);
    // A million times "ISIS" pasted as JSON (5 MB): it used to take the server to 7.6 GB.
    let text = "ISIS ".repeat(1_000_000);
    let response = server.paste(&text);
    assert_eq!(response.status(), 200);
    let body = response.bytes().unwrap();
    assert!(body.len() < 20 * 1024 * 1024, "{} bytes", body.len());
    let report: Value = serde_json::from_slice(&body).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 10_000);
    assert_eq!(file["unchecked"], 990_000);
    let peak_kb = crate::peak_kb(server.child.id());
    assert!(peak_kb < 400 * 1024, "the server peaked at {peak_kb} KB");
}

#[test]
fn a_check_past_its_time_limit_stops_working_soon_after_the_answer() {
    let server = Server::start(&["--time-limit", "1", "--concurrency", "1"]);
    // Long enough to take this build well over a second, with findings in every sentence.
    let text =
        "Some young people were drawn to extremism and radicalisation online. ".repeat(60_000);
    let response = server.paste(&text);
    assert_stopped(&server, response);
    // A PDF's text is extracted before the rules run: that stops too.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("long.pdf");
    std::fs::write(&pdf, many_page_pdf(5_000)).unwrap();
    assert_stopped(&server, server.upload("/api/check", &pdf));
}

/// Asserts that `response` is the time limit's 503, that the server then falls idle, and that
/// its place is free again.
fn assert_stopped(server: &Server, response: reqwest::blocking::Response) {
    assert_eq!(response.status(), 503);
    let json: Value = response.json().unwrap();
    assert_eq!(json["code"], "time-limit");
    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_ticks(server);
    std::thread::sleep(Duration::from_secs(2));
    let after = cpu_ticks(server);
    // Clock ticks are hundredths of a second: the server is idle, not still checking.
    assert!(
        after - before < 30,
        "{} ticks of work in 2 s",
        after - before
    );
    let response = server.upload("/api/check", &fixture("press-release/press-release.txt"));
    assert_eq!(response.status(), 200);
}

/// A PDF of `pages` pages, each one line of text with findings.
fn many_page_pdf(pages: usize) -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (They left to join ISIS. Tackling radicalisation.) Tj ET";
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    objects.extend((0..pages).map(|_| {
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>".to_string()
    }));
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

#[test]
fn a_word_or_opendocument_upload_comes_back_with_comments_and_nothing_is_kept() {
    let server = Server::start(&[]);
    for (name, media_type) in [
        (
            "office/features.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "office/features.odt",
            "application/vnd.oasis.opendocument.text",
        ),
    ] {
        let response = server.upload("/api/annotate", &fixture(name));
        assert_eq!(response.status(), 200, "{name}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], media_type);
        let reviewed_name = name.replace("office/features.", "features.reviewed.");
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with(&format!("attachment; filename=\"{reviewed_name}\"")),
            "{headers:?}"
        );
        assert_eq!(
            headers["x-concord-comments"], "4",
            "3 on their words, 1 listing the rest"
        );
        let bytes = response.bytes().unwrap();
        // The copy is the same document to concord, with the comments it says it holds.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join(&reviewed_name);
        std::fs::write(&copy, &bytes).unwrap();
        let check = |path: &Path| {
            let output = crate::concord()
                .args(["check", "--no-config", "--format", "json"])
                .arg(path)
                .output()
                .unwrap();
            rules(&crate::json(&output))
        };
        assert_eq!(check(&copy), check(&fixture(name)), "{name}");
    }
    // Nothing found: no copy. Text cannot hold comments: a plain answer.
    let clean = tempfile::tempdir().unwrap();
    let path = clean.path().join("clean.odt");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>The summer programme starts in July.</text:p></office:text></office:body></office:document-content>"#).unwrap();
    zip.finish().unwrap();
    let response = server.upload("/api/annotate", &path);
    assert_eq!(response.status(), 204);
    let page = crate::http()
        .post(server.url("/annotate"))
        .multipart(multipart::Form::new().file("file", &path).unwrap())
        .send()
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .unwrap()
            .contains("Nothing to change in clean.odt")
    );
    let response = server.upload("/api/annotate", &fixture("press-release/press-release.txt"));
    assert_eq!(response.status(), 422);
    let json: Value = response.json().unwrap();
    assert_eq!(json["code"], "no-comments", "{json}");
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .contains("Only Word (.docx) and OpenDocument (.odt) documents can come back with comments; send this text document to /api/check instead"),
        "{json}"
    );
    assert!(server.files_left().is_empty(), "{:?}", server.files_left());
    std::thread::sleep(Duration::from_millis(100));
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(log.iter().any(|l| l.starts_with("annotated")), "{log:?}");
    assert!(
        !log.iter()
            .any(|l| l.contains("features") || l.contains("clean")),
        "{log:?}"
    );
}
