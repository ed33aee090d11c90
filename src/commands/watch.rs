//! Watch mode for `ls -w` and `show -w`: print the live view's changes until interrupted. The
//! view itself (the tree in memory, reconnects, resyncs) is [`LiveRegistry`].

use crate::error::{Error, Result};
use crate::output::watch::{print_change, SessionNotes};
use crate::output::Format;
use crate::registry::live::{LiveEvent, LiveRegistry, SessionState};

use super::{now_ms, Ctx};

/// Prints changes until interrupted. A lost session is re-established and the tree re-read, so
/// the stream stays correct across ZooKeeper outages. With `-o jsonl` the current state is first
/// replayed as ADDED events, so a consumer of the stream needs nothing else.
pub async fn follow(ctx: &mut Ctx, mut live: LiveRegistry) -> Result<()> {
    if ctx.out.format == Format::Jsonl {
        for c in live.state().replay() {
            print_change(&mut ctx.out, &c, now_ms())?;
        }
    }
    let mut notes = SessionNotes::default();
    loop {
        let event = tokio::select! {
            ev = live.next() => ev?,
            _ = tokio::signal::ctrl_c() => {
                return match live.session() {
                    SessionState::Reconnecting { .. } => {
                        Err(Error::registry("interrupted while reconnecting"))
                    }
                    _ => Ok(()),
                };
            }
        };
        if let Some(note) = notes.note(&event, &live.registry().target.display()) {
            eprintln!("{note}");
        }
        if let LiveEvent::Changes(changes) = &event {
            for c in changes {
                print_change(&mut ctx.out, c, now_ms())?;
            }
        }
    }
}
