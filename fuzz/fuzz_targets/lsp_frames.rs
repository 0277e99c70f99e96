//! The language server's input guard: arbitrary bytes on standard input. Only whole frames of
//! JSON objects reach the server; everything else is answered with a parse error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fuzz_target!(|data: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mut client, guard_reads) = tokio::io::duplex(1 << 16);
        let (guard_writes, mut server) = tokio::io::duplex(1 << 16);
        let (errors, mut replies) = tokio::sync::mpsc::channel(1 << 16);
        let guard = tokio::spawn(concord_lsp::guard::guard_input(
            guard_reads,
            guard_writes,
            errors,
        ));
        let input = data.to_vec();
        let writer = tokio::spawn(async move {
            let _ = client.write_all(&input).await;
            drop(client);
        });
        let mut forwarded = Vec::new();
        server.read_to_end(&mut forwarded).await.unwrap();
        writer.await.unwrap();
        guard.await.unwrap();
        // Every forwarded frame is a Content-Length header and a JSON object of that length.
        let mut rest = forwarded.as_slice();
        while !rest.is_empty() {
            let text = std::str::from_utf8(rest).unwrap_or_default();
            let header_end = rest
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("a header");
            let header = std::str::from_utf8(&rest[..header_end]).expect("an ASCII header");
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .expect("Content-Length")
                .parse()
                .unwrap();
            let body = &rest[header_end + 4..header_end + 4 + length];
            let value: serde_json::Value = serde_json::from_slice(body).expect("JSON");
            assert!(value.is_object(), "{text}");
            rest = &rest[header_end + 4 + length..];
        }
        while let Ok(reply) = replies.try_recv() {
            assert!(reply.starts_with(b"{\"jsonrpc\":\"2.0\""));
        }
    });
});
