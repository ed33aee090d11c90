//! The dashboard's I/O: the terminal (entered and always restored), the tasks that feed the one
//! event channel, the render loop, and the effects the reducer asks for.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event as ct;
use tokio::sync::mpsc;

use super::event::{Event, PlanPreview, RegistryUpdate};
use super::sources::{self, Sources};
use super::state::{Effect, TopState};
use super::theme::Theme;
use super::view;
use crate::commands::now_ms;
use crate::config::RegistryTarget;
use crate::error::{Error, Result};
use crate::registry::live::LiveRegistry;
use crate::registry::plan::Plan;
use crate::registry::url::ServiceKey;

/// Fastest redraw: a busy registry cannot flood the terminal (events are merged in between).
const MIN_FRAME: Duration = Duration::from_millis(50);

/// svcctl's own load run (`top --load`), polled by the dashboard's loop; its error, if it
/// stops, is shown in the footer.
pub type LoadRun =
    std::pin::Pin<Box<dyn std::future::Future<Output = std::result::Result<(), String>>>>;

pub struct Settings {
    pub registry_label: String,
    pub target: RegistryTarget,
    pub read_only: bool,
    pub refresh: Duration,
    pub color: bool,
    pub focus: Option<ServiceKey>,
    pub sources: Sources,
    pub load: Option<LoadRun>,
}

/// Restores the terminal when dropped, whatever path leaves the dashboard (ratatui's panic hook
/// covers panics).
struct TerminalGuard {
    terminal: ratatui::DefaultTerminal,
}

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        let terminal = ratatui::try_init()
            .map_err(|e| Error::other(format!("cannot set up the terminal: {e}")))?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Forwards registry events until the channel closes.
pub async fn registry_feed(mut live: LiveRegistry, tx: mpsc::Sender<Event>) {
    use crate::registry::live::{LiveEvent, SessionState};
    loop {
        let ev = match live.next().await {
            Ok(LiveEvent::Changes(c)) => Event::Registry(RegistryUpdate::Changes(c)),
            Ok(LiveEvent::Session(s)) => Event::Registry(RegistryUpdate::Session(match s {
                SessionState::Connected => super::event::Session::Connected,
                SessionState::Disconnected { since_ms } => {
                    super::event::Session::Disconnected { since_ms }
                }
                SessionState::Reconnecting { since_ms, why } => {
                    super::event::Session::Reconnecting { since_ms, why }
                }
                SessionState::Resyncing { since_ms } => {
                    super::event::Session::Resyncing { since_ms }
                }
            })),
            Ok(LiveEvent::Resynced {
                changes,
                new_session,
            }) => Event::Registry(RegistryUpdate::Resynced {
                changes,
                new_session,
            }),
            Err(e) => {
                let _ = tx.send(Event::RegistryError(e.to_string())).await;
                return;
            }
        };
        if tx.send(ev).await.is_err() {
            return;
        }
    }
}

/// Reads keys and resizes on a thread of its own (crossterm's reader blocks), until `stop`.
fn key_reader(tx: mpsc::Sender<Event>, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match ct::poll(Duration::from_millis(100)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => return,
            }
            let ev = match ct::read() {
                Ok(ct::Event::Key(k)) => Event::Key(k),
                Ok(ct::Event::Resize(w, h)) => Event::Resize(w, h),
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.blocking_send(ev).is_err() {
                return;
            }
        }
    })
}

/// SIGTERM, SIGHUP and a SIGINT sent from outside (raw mode turns the keyboard's Ctrl-C into a
/// key) leave the dashboard like `q`.
fn signals(tx: mpsc::Sender<Event>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        for kind in [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
        ] {
            if let Ok(mut s) = signal(kind) {
                let tx = tx.clone();
                tokio::spawn(async move {
                    if s.recv().await.is_some() {
                        let _ = tx.send(Event::Terminate).await;
                    }
                });
            }
        }
    }
}

/// Builds a plan for enabling or disabling one provider, for the confirmation overlay.
async fn plan_toggle(
    target: &RegistryTarget,
    key: &ServiceKey,
    address: &str,
    enable: bool,
) -> Result<Plan> {
    use crate::registry::plan::{self, Selector};
    let registry = crate::registry::zk::Registry::connect(target).await?;
    let names = registry.list_interfaces().await?;
    let resolved = crate::registry::resolve::resolve_service(&key.interface, &names)?;
    let tree = crate::registry::apply::read_tree_with_instances(&registry, &resolved.node).await?;
    let view = tree
        .views()
        .into_iter()
        .find(|v| v.key == *key)
        .ok_or_else(|| Error::not_found(format!("{key} has no providers any more")))?;
    let chosen = plan::select(
        &view,
        &Selector {
            providers: vec![address.to_string()],
            hosts: vec![],
            app: None,
        },
    )?;
    // A provider found by application is changed in the config center, as `svcctl disable` does.
    let cc =
        crate::registry::apply::read_config_center_for(&registry, &tree, &view, &chosen).await?;
    match (cc, enable) {
        (Some(cc), true) => plan::config_center::enable(&tree, &cc, &view, &chosen),
        (Some(cc), false) => plan::config_center::disable(&tree, &cc, &view, &chosen, false),
        (None, true) => plan::enable(&tree, &view, &chosen),
        (None, false) => plan::disable(&tree, &view, &chosen, false),
    }
}

fn preview(id: u64, plan: &Plan, enable: bool, address: &str) -> PlanPreview {
    let mut lines: Vec<String> = plan
        .ops
        .iter()
        .map(|o| format!("{} {}  ({})", o.op.as_str(), o.display_path, o.reason))
        .collect();
    lines.extend(plan.warnings.iter().map(|w| format!("warning: {w}")));
    PlanPreview {
        id,
        title: format!(
            "{} {address} of {}: {}",
            if enable { "enable" } else { "disable" },
            plan.service,
            plan.summary()
        ),
        lines,
        unchanged: plan.is_empty(),
    }
}

/// The state both the dashboard and batch mode start from: the registry as first read, the
/// refresh interval, the focused service.
pub fn initial_state(live: &LiveRegistry, settings: &Settings) -> TopState {
    let mut state = TopState::new(
        settings.registry_label.clone(),
        settings.read_only,
        now_ms(),
    );
    state.refresh = settings.refresh;
    state.load(live.state().views_iter(), now_ms());
    if let Some(k) = settings.focus.clone() {
        state.focus(k);
    }
    state
}

/// Runs the dashboard until the user quits. The terminal is restored on every way out.
pub async fn run(live: LiveRegistry, mut settings: Settings) -> Result<()> {
    let theme = Theme {
        color: settings.color,
    };
    let mut state = initial_state(&live, &settings);
    let (tx, mut rx) = mpsc::channel::<Event>(4096);
    let registry_task = tokio::spawn(registry_feed(live, tx.clone()));
    let (sources_task, targets_tx) = sources::spawn(
        settings.sources.clone(),
        tx.clone(),
        sources::targets_of(&state),
    );
    signals(tx.clone());
    let mut guard = TerminalGuard::enter()?;
    let stop = Arc::new(AtomicBool::new(false));
    let keys = key_reader(tx.clone(), stop.clone());
    let plans: Arc<Mutex<HashMap<u64, Plan>>> = Arc::default();
    let mut load = settings.load.take();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_draw = Instant::now() - MIN_FRAME;
    let mut dirty = true;
    let mut targets_stale = false;
    let result: Result<()> = 'run: loop {
        if dirty && last_draw.elapsed() >= MIN_FRAME {
            let size = guard
                .terminal
                .size()
                .map_err(|e| Error::other(format!("terminal: {e}")))?;
            state.page = view::table_page(size.height);
            if let Err(e) = guard.terminal.draw(|f| view::draw(f, &state, &theme)) {
                break 'run Err(Error::other(format!("cannot draw: {e}")));
            }
            last_draw = Instant::now();
            dirty = false;
        }
        let wait = MIN_FRAME.saturating_sub(last_draw.elapsed());
        let mut events = Vec::new();
        tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => events.push(ev),
                None => break 'run Ok(()),
            },
            _ = tick.tick() => events.push(Event::Tick),
            r = async { load.as_mut().expect("guarded").await }, if load.is_some() => {
                load = None;
                events.push(Event::Mutated(r.map(|_| "load finished".to_string())));
            }
            _ = tokio::time::sleep(wait), if dirty => {}
        }
        // Merge a burst of events into one frame.
        while events.len() < 10_000 {
            match rx.try_recv() {
                Ok(ev) => events.push(ev),
                Err(_) => break,
            }
        }
        for ev in events {
            // The poll list is rebuilt at most once a second, not per registry change: 500
            // changes a second over 100k providers must not turn into 500 copies of the list.
            let resend = match &ev {
                Event::Registry(_) => {
                    targets_stale = true;
                    false
                }
                // Without a source nobody reads the list: don't build it (160-250 ms at 100k).
                Event::Tick => targets_stale && settings.sources.any(),
                _ => false,
            };
            dirty = true;
            let effects = state.reduce(ev, now_ms());
            if resend {
                targets_stale = false;
                let _ = targets_tx.send(sources::targets_of(&state));
            }
            for effect in effects {
                match effect {
                    Effect::Quit => break 'run Ok(()),
                    Effect::SetRefresh(_) => {
                        let _ = targets_tx.send(sources::targets_of(&state));
                    }
                    Effect::PlanToggle {
                        key,
                        address,
                        enable,
                    } => {
                        let id = state.plan_id();
                        let (tx, plans, target) =
                            (tx.clone(), plans.clone(), settings.target.clone());
                        tokio::spawn(async move {
                            let ev = match plan_toggle(&target, &key, &address, enable).await {
                                Ok(plan) => {
                                    let p = preview(id, &plan, enable, &address);
                                    if let Ok(mut m) = plans.lock() {
                                        m.insert(id, plan);
                                    }
                                    Event::Plan(Ok(p))
                                }
                                Err(e) => Event::Plan(Err(format!(
                                    "{}{}",
                                    e,
                                    e.hint().map(|h| format!(" ({h})")).unwrap_or_default()
                                ))),
                            };
                            let _ = tx.send(ev).await;
                        });
                    }
                    Effect::Apply(id) => {
                        let plan = plans.lock().ok().and_then(|mut m| m.remove(&id));
                        let (tx, target) = (tx.clone(), settings.target.clone());
                        if let Some(plan) = plan {
                            tokio::spawn(async move {
                                let r = async {
                                    let registry =
                                        crate::registry::zk::Registry::connect(&target).await?;
                                    crate::registry::apply::apply(&registry, &plan).await?;
                                    Ok::<_, Error>(plan.summary())
                                }
                                .await;
                                let msg = match r {
                                    Ok(s) => Ok(format!("applied: {s}")),
                                    Err(e) => Err(format!("not applied: {e}")),
                                };
                                let _ = tx.send(Event::Mutated(msg)).await;
                            });
                        }
                    }
                }
            }
        }
    };
    stop.store(true, Ordering::Relaxed);
    registry_task.abort();
    sources_task.abort();
    drop(guard);
    let _ = keys.join();
    result
}
