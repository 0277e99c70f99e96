//! A guard between standard input and the server for malformed messages.
//!
//! tower-lsp-server answers a malformed message with a parse error, but its framed reader then
//! stops reading, and the server exits. The guard reads each frame itself: well-formed JSON goes
//! on to the server; anything else is answered with a JSON-RPC parse error and dropped, and the
//! server keeps serving. Replies are written whole, so they never interleave mid-frame.

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// The JSON-RPC parse error sent for a malformed message.
const PARSE_ERROR: &str = r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: the message is not valid JSON"}}"#;

/// Largest message accepted; a larger Content-Length is treated as malformed.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One frame read from a stream.
enum Frame {
    /// A message body.
    Body(Vec<u8>),
    /// Headers without a usable Content-Length.
    Malformed,
}

/// Reads the next frame, or `None` at the end of the stream.
async fn read_frame(input: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Option<Frame>> {
    let mut length = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        if line == "\r\n" || line == "\n" {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n <= MAX_MESSAGE);
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Malformed));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body).await?;
    Ok(Some(Frame::Body(body)))
}

/// Writes `body` as one frame: its header, then the body itself (not copied: a frame of
/// diagnostics for a large document can be tens of megabytes).
async fn write_frame(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(header.as_bytes()).await?;
    output.write_all(body).await?;
    output.flush().await
}

/// Passes well-formed frames from `input` to `server`; answers malformed ones on `errors`.
pub async fn guard_input(
    input: impl AsyncRead + Unpin,
    mut server: impl AsyncWrite + Unpin,
    errors: mpsc::Sender<Vec<u8>>,
) {
    let mut input = BufReader::new(input);
    while let Ok(Some(frame)) = read_frame(&mut input).await {
        let well_formed = match &frame {
            Frame::Body(body) => {
                serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_object())
            }
            Frame::Malformed => false,
        };
        match frame {
            Frame::Body(body) if well_formed => {
                if write_frame(&mut server, &body).await.is_err() {
                    return;
                }
            }
            _ => {
                if errors.send(PARSE_ERROR.as_bytes().to_vec()).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Writes whole frames from the server and the guard's replies to `output`, until the server
/// stops. The server's frames are read whole in their own task and handed over on a channel,
/// so waiting for either source never abandons a frame half read.
pub async fn merge_output(
    server: impl AsyncRead + Unpin + Send + 'static,
    mut errors: mpsc::Receiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let (frames, mut from_server) = mpsc::channel(16);
    tokio::spawn(async move {
        let mut server = BufReader::new(server);
        while let Ok(Some(frame)) = read_frame(&mut server).await {
            if let Frame::Body(body) = frame
                && frames.send(body).await.is_err()
            {
                return;
            }
        }
    });
    let mut guard_open = true;
    loop {
        let body = tokio::select! {
            frame = from_server.recv() => match frame {
                Some(body) => body,
                // The server has stopped: nothing more needs answering.
                None => return,
            },
            reply = errors.recv(), if guard_open => match reply {
                Some(body) => body,
                None => {
                    guard_open = false;
                    continue;
                }
            },
        };
        if write_frame(&mut output, &body).await.is_err() {
            return;
        }
    }
}
