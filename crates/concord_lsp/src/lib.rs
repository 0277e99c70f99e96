//! concord's language server: findings as you type, hovers that explain, and quick fixes, over
//! the Language Server Protocol (tower-lsp-server).
//!
//! The server reuses everything `concord check` uses: the same rules, the same `concord.toml`
//! discovery and suppression comments, the same formats. Client settings (packs, severities,
//! allowed phrases) apply on top of `concord.toml`. The one design decision that matters: state
//! changes happen synchronously before any `.await`, and checks run on versioned snapshots
//! whose results are dropped once the document has moved on (see `server`).

mod actions;
pub mod guard;
mod hover;
mod lint;
mod problems;
mod server;
mod settings;
mod state;
pub mod text;

pub use server::Backend;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Serves the language server over standard input and output until the client exits. Returns
/// whether the client asked it to shut down first, as the protocol expects (its exit status is
/// 0 then, and 1 otherwise).
pub fn serve_stdio() -> std::io::Result<bool> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let shut_down = Arc::new(AtomicBool::new(false));
    runtime.block_on(async {
        let flag = shut_down.clone();
        let (service, socket) =
            LspService::new(move |client| Backend::noting_shutdown(client, flag.clone()));
        let (server_input, guard_writes) = tokio::io::duplex(1 << 20);
        let (server_output, merge_reads) = tokio::io::duplex(1 << 20);
        let (errors, replies) = tokio::sync::mpsc::channel(16);
        let input = tokio::spawn(guard::guard_input(tokio::io::stdin(), guard_writes, errors));
        let output = tokio::spawn(guard::merge_output(
            merge_reads,
            replies,
            tokio::io::stdout(),
        ));
        let serve = Server::new(server_input, server_output, socket).serve(service);
        // The session ends on `exit`, or when the client closes standard input (an editor
        // that was killed, or one that never sends `exit`): the server never outlives it.
        tokio::select! {
            () = serve => {
                let _ = output.await;
            }
            _ = input => {}
        }
    });
    // Reading standard input blocks a thread; do not wait for it once the server has stopped.
    runtime.shutdown_background();
    Ok(shut_down.load(Ordering::Relaxed))
}
