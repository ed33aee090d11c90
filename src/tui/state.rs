//! The dashboard's model and its one pure update function, [`TopState::reduce`]. No terminal,
//! clock or socket here: time comes in as `now_ms`, effects that need I/O go out as [`Effect`]s.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::event::{Counters, Event, PlanPreview, RegistryUpdate, Session, SourceKind, StatSample};
use super::keymap::{self, Action, SortKey};
use crate::registry::diff::{Change, ChangeKind};
use crate::registry::model::{
    churn_reserve_one, churn_settle, ProviderView, Registration, ServiceView,
};
use crate::registry::url::{DubboUrl, ServiceKey};

/// How long a provider that came is marked `new`, and one that left stays as `removed`.
pub const MARK_MS: i64 = 10_000;
/// The churn window: the sparkline and the per-service churn counts cover this many seconds.
pub const WINDOW_S: usize = 60;
/// Event log entries kept (the panel shows the newest that fit).
pub const LOG_CAP: usize = 500;
pub const REFRESH_STEPS: [Duration; 6] = [
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(5),
    Duration::from_secs(10),
];

/// One source's view of one provider, with rates from the last two samples.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceStats {
    pub at_ms: i64,
    pub result: Result<Counters, String>,
    pub calls_per_s: Option<f64>,
    pub errors_per_s: Option<f64>,
}

impl SourceStats {
    fn next(prev: Option<&SourceStats>, result: Result<Counters, String>, at_ms: i64) -> Self {
        let rate = |now: Option<u64>, before: Option<u64>, dt_ms: i64| match (now, before) {
            // A counter that went down means the provider restarted: no rate this round.
            (Some(n), Some(b)) if dt_ms > 0 && n >= b => {
                Some((n - b) as f64 * 1000.0 / dt_ms as f64)
            }
            _ => None,
        };
        let (mut calls, mut errors) = (None, None);
        if let (Ok(now), Some(p)) = (&result, prev) {
            if let Ok(before) = &p.result {
                let dt = at_ms - p.at_ms;
                calls = rate(now.total, before.total, dt);
                errors = rate(now.failed, before.failed, dt);
            }
        }
        SourceStats {
            at_ms,
            result,
            calls_per_s: calls,
            errors_per_s: errors,
        }
    }
}

/// A provider row: the latest registry view plus what the dashboard knows about its history.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub provider: ProviderView,
    /// When it appeared, if that happened while the dashboard was watching.
    pub added_ms: Option<i64>,
    /// When it left: a tombstone until `removed_ms + MARK_MS`.
    pub removed_ms: Option<i64>,
    /// The last ADDED/MODIFIED seen, and what changed then.
    pub last_change_ms: Option<i64>,
    pub last_changed: ChangedFields,
    pub stats: BTreeMap<SourceKind, SourceStats>,
    /// Read from `provider`'s URL when it is set (see [`ProviderRow::set_provider`]).
    facts: UrlFacts,
}

/// What a provider's last MODIFIED changed (the diff's field names, in its order). A rule
/// turning a provider off or setting its weight, the usual change, is kept in a byte: under
/// churn most rows are touched sooner or later, and a list of names on each (two blocks)
/// made the dashboard grow for as long as rules kept touching new rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedFields {
    common: u8,
    /// The other names (`url.*`), comma-separated.
    other: Option<Box<str>>,
}

impl ChangedFields {
    const COMMON: [&'static str; 4] = ["enabled", "weight", "registration", "discovery"];

    pub fn of(names: &[String]) -> ChangedFields {
        let mut out = ChangedFields::default();
        let mut other = String::new();
        for n in names {
            match Self::COMMON.iter().position(|c| c == n) {
                Some(i) => out.common |= 1 << i,
                None => {
                    if !other.is_empty() {
                        other.push(',');
                    }
                    other.push_str(n);
                }
            }
        }
        if !other.is_empty() {
            out.other = Some(other.into_boxed_str());
        }
        out
    }

    /// The names, comma-separated, in the order the diff gave them.
    pub fn joined(&self) -> String {
        let mut out: Vec<&str> = Self::COMMON
            .iter()
            .enumerate()
            .filter(|(i, _)| self.common & (1 << i) != 0)
            .map(|(_, c)| *c)
            .collect();
        out.extend(self.other.as_deref());
        out.join(",")
    }
}

/// What a row shows from its provider's URL, looked up once per URL rather than once per
/// refresh: at 100,000 providers the parameter scans of `top -b`'s snapshot were an eighth of
/// its instructions. URLs are immutable (shared `Arc`s), so only a new view changes them.
#[derive(Debug, Clone, PartialEq)]
struct UrlFacts {
    timestamp_ms: Option<i64>,
    warmup_ms: i64,
    started_ms: Option<i64>,
    registered_weight: Option<i32>,
    /// The index of the `application` parameter (the value is borrowed from the URL).
    application: Option<usize>,
}

impl UrlFacts {
    fn of(p: &ProviderView) -> UrlFacts {
        UrlFacts {
            timestamp_ms: p.url.timestamp_ms(),
            warmup_ms: p.url.warmup_ms(),
            started_ms: p.started_ms(),
            registered_weight: p.url.weight(),
            application: p.url.params.last_index("application"),
        }
    }
}

/// What a provider's state column says. The words matter: colour is an extra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowState {
    Enabled,
    Warming,
    Disabled,
    Removed,
}

impl RowState {
    pub fn as_str(self) -> &'static str {
        match self {
            RowState::Enabled => "enabled",
            RowState::Warming => "warming up",
            RowState::Disabled => "disabled",
            RowState::Removed => "removed",
        }
    }
}

impl ProviderRow {
    fn new(provider: ProviderView) -> Self {
        let provider = slim(provider);
        ProviderRow {
            facts: UrlFacts::of(&provider),
            provider,
            added_ms: None,
            removed_ms: None,
            last_change_ms: None,
            last_changed: ChangedFields::default(),
            stats: BTreeMap::new(),
        }
    }

    /// Replaces the registry view (a later version of the same provider).
    fn set_provider(&mut self, provider: ProviderView) {
        self.provider = slim(provider);
        self.facts = UrlFacts::of(&self.provider);
    }

    /// [`ProviderView::warming_up`], from the looked-up URL.
    pub fn warming_up(&self, now_ms: i64) -> bool {
        crate::registry::model::warming_at(self.facts.timestamp_ms, self.facts.warmup_ms, now_ms)
    }

    /// [`ProviderView::uptime_ms`], from the looked-up URL.
    pub fn uptime_ms(&self, now_ms: i64) -> Option<i64> {
        self.facts.started_ms.map(|t| now_ms - t)
    }

    /// The URL's `weight`, as [`DubboUrl::weight`] reads it.
    pub fn registered_weight(&self) -> Option<i32> {
        self.facts.registered_weight
    }

    /// The URL's `application`, as [`DubboUrl::application`] reads it.
    pub fn application(&self) -> Option<&str> {
        let i = self.facts.application?;
        self.provider
            .url
            .params
            .get(i)
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty())
    }

    pub fn address(&self) -> String {
        self.provider.url.address()
    }

    pub fn is_new(&self, now_ms: i64) -> bool {
        self.removed_ms.is_none() && self.added_ms.is_some_and(|t| now_ms - t < MARK_MS)
    }

    pub fn state(&self, now_ms: i64) -> RowState {
        if self.removed_ms.is_some() {
            RowState::Removed
        } else if !self.provider.effective.enabled {
            RowState::Disabled
        } else if self.warming_up(now_ms) {
            RowState::Warming
        } else {
            RowState::Enabled
        }
    }

    /// The figures shown: the first live source in order of preference.
    pub fn shown(&self) -> Option<(SourceKind, &Counters, &SourceStats)> {
        SourceKind::ALL.iter().find_map(|k| {
            let s = self.stats.get(k)?;
            s.result.as_ref().ok().map(|c| (*k, c, s))
        })
    }

    /// Why there is no ACTIVE figure, for the detail view.
    pub fn no_source_reason(&self) -> Cow<'static, str> {
        const NONE: &str = "no active-count source covers this provider (see `svcctl top --help`)";
        // Asked of every provider every second by `top -b`: no list made to find it empty.
        if self.stats.values().all(|s| s.result.is_ok()) {
            return Cow::Borrowed(NONE);
        }
        let reasons: Vec<String> = self
            .stats
            .iter()
            .filter_map(|(k, s)| {
                s.result
                    .as_ref()
                    .err()
                    .map(|e| format!("{}: {e}", k.as_str()))
            })
            .collect();
        Cow::Owned(reasons.join("; "))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceEntry {
    /// By protocol://address, as the registry diff identifies providers.
    pub providers: Rows,
    pub consumers: Vec<DubboUrl>,
}

/// A service's provider rows by id, in id order: a sorted list, the size of what it holds. (A
/// `BTreeMap` node has room for eleven rows, and a service that churn took past eleven
/// split into two half-empty ones: 10,000 services at ~10 providers paid for 20-40 % more.)
/// Each row is boxed: the list then moves 32-byte entries when it grows or shrinks, and the
/// rows themselves are blocks of one size that churn reuses. Rows held inline made the lists
/// blocks of a few kilobytes in a handful of sizes, and as churn spread the services' row
/// counts, the freed ones stayed in the heap as holes (the in-memory soak: 24 of 30 MB free
/// in the heap after 10 minutes were in blocks of those sizes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows(Vec<(String, Box<ProviderRow>)>);

impl Rows {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&ProviderRow> {
        self.find(id).ok().map(|i| &*self.0[i].1)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut ProviderRow> {
        self.find(id).ok().map(|i| &mut *self.0[i].1)
    }

    /// Inserts or replaces the row with this id; the replaced one is returned.
    pub fn insert(&mut self, id: String, row: ProviderRow) -> Option<ProviderRow> {
        match self.find(&id) {
            Ok(i) => Some(std::mem::replace(&mut *self.0[i].1, row)),
            Err(i) => {
                churn_reserve_one(&mut self.0);
                self.0.insert(i, (id, Box::new(row)));
                None
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<ProviderRow> {
        let row = self.find(id).ok().map(|i| *self.0.remove(i).1);
        churn_settle(&mut self.0);
        row
    }

    /// The row with this id, made by `new` when there is none.
    pub fn get_or_insert_with(
        &mut self,
        id: String,
        new: impl FnOnce() -> ProviderRow,
    ) -> &mut ProviderRow {
        let i = match self.find(&id) {
            Ok(i) => i,
            Err(i) => {
                churn_reserve_one(&mut self.0);
                self.0.insert(i, (id, Box::new(new())));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&str, &ProviderRow) -> bool) {
        self.0.retain(|(k, r)| keep(k, r));
        churn_settle(&mut self.0);
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &ProviderRow> + ExactSizeIterator {
        self.0.iter().map(|(_, r)| &**r)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut ProviderRow> {
        self.0.iter_mut().map(|(_, r)| &mut **r)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ProviderRow)> {
        self.0.iter().map(|(k, r)| (k.as_str(), &**r))
    }
}

/// One second of churn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChurnSecond {
    pub second: i64,
    pub added: u32,
    pub removed: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub time_ms: i64,
    /// `+`, `-` or `~`.
    pub mark: char,
    pub service: ServiceKey,
    pub address: String,
    pub what: String,
}

/// The registry data the screen draws: copied when the display is frozen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Data {
    pub services: BTreeMap<ServiceKey, ServiceEntry>,
    pub churn: VecDeque<ChurnSecond>,
    pub log: VecDeque<LogEntry>,
}

impl Data {
    fn churn_at(&mut self, now_ms: i64) -> &mut ChurnSecond {
        let second = now_ms.div_euclid(1000);
        if self.churn.back().is_none_or(|c| c.second != second) {
            self.churn.push_back(ChurnSecond {
                second,
                ..Default::default()
            });
        }
        while self
            .churn
            .front()
            .is_some_and(|c| c.second <= second - WINDOW_S as i64)
        {
            self.churn.pop_front();
        }
        self.churn.back_mut().expect("pushed above")
    }

    /// Additions and removals of one service (or all, with `None`) in the window ending now.
    pub fn churn_of(&self, key: Option<&ServiceKey>, now_ms: i64) -> (usize, usize) {
        let since = now_ms - WINDOW_S as i64 * 1000;
        let mut out = (0, 0);
        for e in self.log.iter().rev().take_while(|e| e.time_ms > since) {
            if key.is_some_and(|k| *k != e.service) {
                continue;
            }
            match e.mark {
                '+' => out.0 += 1,
                '-' => out.1 += 1,
                _ => {}
            }
        }
        out
    }

    /// [`Data::churn_of`] for every service at once: one pass over the log, so a screen of
    /// 10,000 services does not scan the log 10,000 times.
    pub fn churn_by_service(&self, now_ms: i64) -> HashMap<&ServiceKey, (usize, usize)> {
        let since = now_ms - WINDOW_S as i64 * 1000;
        let mut out: HashMap<&ServiceKey, (usize, usize)> = HashMap::new();
        for e in self.log.iter().rev().take_while(|e| e.time_ms > since) {
            match e.mark {
                '+' => out.entry(&e.service).or_default().0 += 1,
                '-' => out.entry(&e.service).or_default().1 += 1,
                _ => {}
            }
        }
        out
    }

    fn log(&mut self, entry: LogEntry) {
        if self.log.len() == LOG_CAP {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Services,
    /// `from_services`: Esc goes back (false when `top SERVICE` opened on it).
    Providers {
        key: ServiceKey,
        from_services: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// Details of the provider with this id in the current service.
    Detail(String),
    /// Waiting for the plan of a mutation the user asked for.
    Planning(String),
    Confirm(PlanPreview),
}

/// A filter term: free text, or `key=value` on application, host or state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub text: String,
    /// The filter line is being typed.
    pub editing: bool,
}

impl Filter {
    fn terms(&self) -> impl Iterator<Item = (Option<&str>, String)> {
        self.text
            .split_whitespace()
            .map(|t| match t.split_once('=') {
                Some((k, v)) if matches!(k, "app" | "host" | "state") => {
                    (Some(k), v.to_lowercase())
                }
                _ => (None, t.to_lowercase()),
            })
    }

    pub fn matches_provider(&self, key: &ServiceKey, row: &ProviderRow, now_ms: i64) -> bool {
        let app = row.provider.url.application().unwrap_or("").to_lowercase();
        let address = row.address().to_lowercase();
        let state = if row.is_new(now_ms) {
            "new"
        } else {
            row.state(now_ms).as_str()
        };
        self.terms().all(|(k, v)| match k {
            Some("app") => app.contains(&v),
            Some("host") => row.provider.url.host.to_lowercase().contains(&v),
            Some("state") => state.starts_with(&v) || row.state(now_ms).as_str().starts_with(&v),
            _ => {
                key.to_string().to_lowercase().contains(&v)
                    || address.contains(&v)
                    || app.contains(&v)
            }
        })
    }

    pub fn matches_service(&self, key: &ServiceKey, entry: &ServiceEntry, now_ms: i64) -> bool {
        if self.text.trim().is_empty() {
            return true;
        }
        let name_only = self
            .terms()
            .all(|(k, v)| k.is_none() && key.to_string().to_lowercase().contains(&v));
        name_only
            || entry
                .providers
                .values()
                .any(|r| self.matches_provider(key, r, now_ms))
    }
}

/// What the reducer asks the I/O side to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Read the registry and build the enable/disable plan for one provider.
    PlanToggle {
        key: ServiceKey,
        address: String,
        enable: bool,
    },
    /// Apply the confirmed plan with this id.
    Apply(u64),
    SetRefresh(Duration),
}

/// Aggregates of one service, for the services view.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServiceTotals {
    pub enabled: usize,
    pub disabled: usize,
    pub consumers: usize,
    pub added: usize,
    pub removed: usize,
    /// Sum of ACTIVE over the providers that have a figure; `None` when none has.
    pub active: Option<u64>,
    pub calls_per_s: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopState {
    /// `context (zookeeper://...)` or the registry URL.
    pub registry: String,
    pub read_only: bool,
    pub session: Session,
    pub session_since_ms: i64,
    pub data: Data,
    /// A copy shown while frozen; `data` keeps updating.
    pub frozen: Option<Box<Data>>,
    pub view: View,
    pub selected: usize,
    pub sort: Option<(SortKey, bool)>,
    pub filter: Filter,
    pub overlay: Option<Overlay>,
    pub wide: bool,
    pub refresh: Duration,
    /// Sources that delivered at least one figure in the last few refreshes, and which are
    /// configured at all.
    pub sources: BTreeMap<SourceKind, SourceStatus>,
    pub message: Option<(String, i64)>,
    pub now_ms: i64,
    /// Rows that fit in the table, for PgUp/PgDn (set by the renderer's caller).
    pub page: usize,
    pub loaded: bool,
    pub next_plan: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceStatus {
    pub last_ok_ms: Option<i64>,
    pub providers_ok: usize,
    pub providers_failed: usize,
}

impl TopState {
    pub fn new(registry: String, read_only: bool, now_ms: i64) -> TopState {
        TopState {
            registry,
            read_only,
            session: Session::Starting,
            session_since_ms: now_ms,
            data: Data::default(),
            frozen: None,
            view: View::Services,
            selected: 0,
            sort: None,
            filter: Filter::default(),
            overlay: None,
            wide: false,
            refresh: Duration::from_secs(1),
            sources: BTreeMap::new(),
            message: None,
            now_ms,
            page: 10,
            loaded: false,
            next_plan: 1,
        }
    }

    /// Opens on one service's providers (`top SERVICE`).
    pub fn focus(&mut self, key: ServiceKey) {
        self.view = View::Providers {
            key,
            from_services: false,
        };
    }

    /// What the screen shows: the frozen copy while frozen.
    pub fn shown(&self) -> &Data {
        self.frozen.as_deref().unwrap_or(&self.data)
    }

    pub fn providers_view(&self) -> Option<&ServiceKey> {
        match &self.view {
            View::Providers { key, .. } => Some(key),
            View::Services => None,
        }
    }

    pub fn totals(&self, key: &ServiceKey, entry: &ServiceEntry) -> ServiceTotals {
        totals_with(entry, self.shown().churn_of(Some(key), self.now_ms))
    }

    /// Rows `skip..skip + take` of [`TopState::service_rows`], and how many rows there are in
    /// all. Unsorted, only the rows asked for get their totals: a screen shows a few dozen of
    /// 10,000 services, and summing every one of them was most of a frame.
    pub fn service_rows_window(
        &self,
        skip: usize,
        take: usize,
    ) -> (usize, Vec<(&ServiceKey, &ServiceEntry, ServiceTotals)>) {
        if self.sort.is_some() {
            let rows = self.service_rows();
            return (rows.len(), rows.into_iter().skip(skip).take(take).collect());
        }
        let now = self.now_ms;
        let churn = self.shown().churn_by_service(now);
        let mut count = 0;
        let mut out = Vec::new();
        for (k, e) in self
            .shown()
            .services
            .iter()
            .filter(|(k, e)| self.filter.matches_service(k, e, now))
        {
            if count >= skip && out.len() < take {
                out.push((
                    k,
                    e,
                    totals_with(e, churn.get(k).copied().unwrap_or_default()),
                ));
            }
            count += 1;
        }
        (count, out)
    }

    /// The services view's rows, filtered and sorted.
    pub fn service_rows(&self) -> Vec<(&ServiceKey, &ServiceEntry, ServiceTotals)> {
        let now = self.now_ms;
        let churn = self.shown().churn_by_service(now);
        let mut rows: Vec<_> = self
            .shown()
            .services
            .iter()
            .filter(|(k, e)| self.filter.matches_service(k, e, now))
            .map(|(k, e)| {
                let c = churn.get(k).copied().unwrap_or_default();
                (k, e, totals_with(e, c))
            })
            .collect();
        if let Some((key, reverse)) = self.sort {
            let f = |t: &ServiceTotals| -> f64 {
                match key {
                    SortKey::Providers => (t.enabled + t.disabled) as f64,
                    SortKey::Consumers => t.consumers as f64,
                    SortKey::Churn => (t.added + t.removed) as f64,
                    SortKey::Active => t.active.map_or(-1.0, |a| a as f64),
                    SortKey::Calls => t.calls_per_s.unwrap_or(-1.0),
                    _ => 0.0,
                }
            };
            if key == SortKey::Name {
                rows.sort_by(|a, b| a.0.cmp(b.0));
            } else {
                // Biggest first: that is what one sorts by ACTIVE for.
                rows.sort_by(|a, b| f(&b.2).total_cmp(&f(&a.2)).then(a.0.cmp(b.0)));
            }
            if reverse {
                rows.reverse();
            }
        }
        rows
    }

    /// The providers view's rows, filtered and sorted (tombstones included).
    pub fn provider_rows(&self, key: &ServiceKey) -> Vec<&ProviderRow> {
        let now = self.now_ms;
        let Some(entry) = self.shown().services.get(key) else {
            return Vec::new();
        };
        let mut rows: Vec<&ProviderRow> = entry
            .providers
            .values()
            .filter(|r| self.filter.matches_provider(key, r, now))
            .collect();
        if let Some((sk, reverse)) = self.sort {
            let num = |r: &ProviderRow| -> f64 {
                let shown = r.shown();
                match sk {
                    SortKey::Weight => r.provider.effective.weight as f64,
                    SortKey::Active => shown.map_or(-1.0, |(_, c, _)| c.active as f64),
                    SortKey::Calls => shown.and_then(|(_, _, s)| s.calls_per_s).unwrap_or(-1.0),
                    SortKey::Errors => shown.and_then(|(_, _, s)| s.errors_per_s).unwrap_or(-1.0),
                    SortKey::Latency => shown.and_then(|(_, c, _)| c.mean_ms).unwrap_or(-1.0),
                    SortKey::Uptime => r.provider.uptime_ms(now).unwrap_or(-1) as f64,
                    // Most recent change first.
                    SortKey::Changed => r.last_change_ms.unwrap_or(i64::MIN) as f64,
                    _ => 0.0,
                }
            };
            match sk {
                SortKey::Name => rows.sort_by(|a, b| {
                    a.provider
                        .url
                        .application()
                        .cmp(&b.provider.url.application())
                        .then(a.address().cmp(&b.address()))
                }),
                SortKey::Address => rows.sort_by_key(|r| r.address()),
                SortKey::State => rows.sort_by_key(|r| (r.state(now), r.address())),
                _ => rows.sort_by(|a, b| {
                    num(b)
                        .total_cmp(&num(a))
                        .then(a.address().cmp(&b.address()))
                }),
            }
            if reverse {
                rows.reverse();
            }
        }
        rows
    }

    fn row_count(&self) -> usize {
        match self.providers_view() {
            Some(k) => self.provider_rows(k).len(),
            // Counted without the totals: the reducer asks after every event.
            None if self.filter.text.trim().is_empty() => self.shown().services.len(),
            None => {
                let now = self.now_ms;
                self.shown()
                    .services
                    .iter()
                    .filter(|(k, e)| self.filter.matches_service(k, e, now))
                    .count()
            }
        }
    }

    /// The provider under the cursor in the providers view.
    pub fn selected_provider(&self) -> Option<(&ServiceKey, &ProviderRow)> {
        let key = self.providers_view()?;
        self.provider_rows(key)
            .get(self.selected)
            .map(|r| (key, *r))
    }

    fn clamp(&mut self) {
        let n = self.row_count();
        if self.selected >= n {
            self.selected = n.saturating_sub(1);
        }
    }

    fn say(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), self.now_ms));
    }

    fn set_session(&mut self, s: Session) {
        if s != self.session {
            self.session = s;
            self.session_since_ms = self.now_ms;
        }
    }

    /// Applies one event. Returns what the I/O side must do.
    pub fn reduce(&mut self, event: Event, now_ms: i64) -> Vec<Effect> {
        self.now_ms = now_ms;
        let mut effects = Vec::new();
        match event {
            Event::Tick => self.expire(),
            Event::Resize(..) => {}
            Event::Terminate => effects.push(Effect::Quit),
            Event::Key(k) => self.key(k, &mut effects),
            Event::Registry(u) => self.registry(u),
            Event::RegistryError(e) => {
                self.say(format!("registry: {e}"));
                self.set_session(Session::Failed { why: e });
            }
            Event::Stats { source, samples } => self.stats(source, samples),
            Event::Plan(Ok(p)) => {
                if matches!(self.overlay, Some(Overlay::Planning(_))) {
                    self.overlay = Some(Overlay::Confirm(p));
                }
            }
            Event::Plan(Err(e)) => {
                if matches!(self.overlay, Some(Overlay::Planning(_))) {
                    self.overlay = None;
                }
                self.say(e);
            }
            Event::Mutated(r) => self.say(match r {
                Ok(m) | Err(m) => m,
            }),
        }
        self.clamp();
        effects
    }

    fn expire(&mut self) {
        let now = self.now_ms;
        for e in self.data.services.values_mut() {
            e.providers
                .retain(|_, r| r.removed_ms.is_none_or(|t| now - t < MARK_MS));
        }
        self.data
            .services
            .retain(|_, e| !e.providers.is_empty() || !e.consumers.is_empty());
        self.data.churn_at(now);
        if self.message.as_ref().is_some_and(|(_, t)| now - t > 5_000) {
            self.message = None;
        }
    }

    /// What [`RegistryUpdate::Loaded`] does, from views produced one at a time (see
    /// `LiveState::views_iter`), so the whole registry never exists twice over as views.
    pub fn load(&mut self, views: impl IntoIterator<Item = ServiceView>, now_ms: i64) {
        self.now_ms = now_ms;
        self.load_views(views);
        self.clamp();
    }

    fn load_views(&mut self, views: impl IntoIterator<Item = ServiceView>) {
        self.data.services.clear();
        for v in views {
            self.insert_view(v);
        }
        self.loaded = true;
        self.set_session(Session::Connected);
    }

    fn registry(&mut self, u: RegistryUpdate) {
        match u {
            RegistryUpdate::Loaded(views) => self.load_views(views),
            RegistryUpdate::Changes(changes) => {
                for c in changes {
                    self.apply(c);
                }
            }
            RegistryUpdate::Session(s) => self.set_session(s),
            RegistryUpdate::Resynced {
                changes,
                new_session,
            } => {
                self.set_session(Session::Connected);
                self.say(format!(
                    "resynchronised{}: {changes} change(s) while disconnected",
                    if new_session { " in a new session" } else { "" }
                ));
            }
        }
    }

    fn insert_view(&mut self, v: ServiceView) {
        let entry = self.data.services.entry(v.key.clone()).or_default();
        entry.consumers = v.consumers;
        for p in v.providers {
            entry.providers.insert(provider_id(&p), ProviderRow::new(p));
        }
    }

    fn apply(&mut self, c: Change) {
        let now = self.now_ms;
        match c {
            Change::Provider {
                kind,
                service,
                provider,
                changed,
            } => {
                let id = provider_id(&provider);
                let address = provider.url.address();
                let entry = self.data.services.entry(service.clone()).or_default();
                let (mark, what) = match kind {
                    ChangeKind::Added => {
                        let mut row = ProviderRow::new(*provider);
                        // A provider that comes back while its tombstone shows keeps its stats.
                        if let Some(old) = entry.providers.remove(&id) {
                            row.stats = old.stats;
                        }
                        row.added_ms = Some(now);
                        row.last_change_ms = Some(now);
                        let what = format!(
                            "app={} weight={}",
                            row.provider.url.application().unwrap_or("-"),
                            row.provider.effective.weight
                        );
                        entry.providers.insert(id, row);
                        self.data.churn_at(now).added += 1;
                        ('+', what)
                    }
                    ChangeKind::Removed => {
                        match entry.providers.get_mut(&id) {
                            Some(row) => {
                                row.removed_ms = Some(now);
                                row.set_provider(*provider);
                            }
                            None => {
                                let mut row = ProviderRow::new(*provider);
                                row.removed_ms = Some(now);
                                entry.providers.insert(id, row);
                            }
                        }
                        self.data.churn_at(now).removed += 1;
                        ('-', String::new())
                    }
                    // A provider read without its stat at start, now known to be static or
                    // dynamic: nothing happened to it, so no mark, log line or churn.
                    ChangeKind::Modified
                        if changed == ["registration"]
                            && entry.providers.get(&id).is_some_and(|r| {
                                r.provider.registration == Registration::Unknown
                                    && r.removed_ms.is_none()
                            }) =>
                    {
                        if let Some(row) = entry.providers.get_mut(&id) {
                            row.set_provider(*provider);
                        }
                        return;
                    }
                    ChangeKind::Modified => {
                        let what = changed
                            .iter()
                            .map(|f| match f.as_str() {
                                "enabled" if provider.effective.enabled => "enabled".into(),
                                "enabled" => "disabled".into(),
                                "weight" => format!("weight={}", provider.effective.weight),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(" ");
                        let row = entry
                            .providers
                            .get_or_insert_with(id, || ProviderRow::new((*provider).clone()));
                        row.set_provider(*provider);
                        row.removed_ms = None;
                        row.last_change_ms = Some(now);
                        row.last_changed = ChangedFields::of(&changed);
                        ('~', what)
                    }
                };
                self.data.log(LogEntry {
                    time_ms: now,
                    mark,
                    service,
                    address,
                    what,
                });
            }
            Change::Consumer { kind, service, url } => {
                let entry = self.data.services.entry(service).or_default();
                match kind {
                    ChangeKind::Added => entry.consumers.push(url),
                    ChangeKind::Removed => {
                        if let Some(i) = entry.consumers.iter().position(|u| *u == url) {
                            entry.consumers.remove(i);
                        }
                    }
                    ChangeKind::Modified => {}
                }
            }
            // A rule's effect arrives as MODIFIED providers; the rule itself is not a row.
            Change::Rule { .. } => {}
        }
    }

    fn stats(&mut self, source: SourceKind, samples: Vec<StatSample>) {
        let now = self.now_ms;
        let status = self.sources.entry(source).or_default();
        status.providers_ok = 0;
        status.providers_failed = 0;
        for e in self.data.services.iter_mut() {
            let (key, entry) = e;
            for row in entry.providers.values_mut() {
                let address = row.address();
                let Some(sample) = samples.iter().find(|s| s.matches(key, &address)) else {
                    continue;
                };
                match &sample.result {
                    Ok(_) => status.providers_ok += 1,
                    Err(_) => status.providers_failed += 1,
                }
                let next = SourceStats::next(row.stats.get(&source), sample.result.clone(), now);
                row.stats.insert(source, next);
            }
        }
        if status.providers_ok > 0 {
            status.last_ok_ms = Some(now);
        }
    }

    fn key(&mut self, k: KeyEvent, effects: &mut Vec<Effect>) {
        if k.kind == KeyEventKind::Release {
            return;
        }
        if self.filter.editing {
            match k.code {
                KeyCode::Enter => self.filter.editing = false,
                KeyCode::Esc => {
                    self.filter = Filter::default();
                }
                KeyCode::Backspace => {
                    self.filter.text.pop();
                }
                KeyCode::Char(c) if !c.is_control() && self.filter.text.chars().count() < 200 => {
                    self.filter.text.push(c);
                    self.selected = 0;
                }
                _ => {}
            }
            return;
        }
        let action = keymap::lookup(&k, self.providers_view().is_some());
        // Overlays take keys first.
        match &self.overlay {
            Some(Overlay::Confirm(p)) => {
                let id = p.id;
                let unchanged = p.unchanged;
                match (k.code, action) {
                    (KeyCode::Char('y') | KeyCode::Char('Y'), _) if !unchanged => {
                        effects.push(Effect::Apply(id));
                        self.overlay = None;
                        self.say("applying...");
                    }
                    (_, Some(Action::Quit)) if k.code != KeyCode::Char('q') => {
                        effects.push(Effect::Quit)
                    }
                    _ => {
                        self.overlay = None;
                        self.say("nothing changed");
                    }
                }
                return;
            }
            Some(Overlay::Help) | Some(Overlay::Detail(_)) | Some(Overlay::Planning(_)) => {
                match action {
                    Some(Action::Quit) => effects.push(Effect::Quit),
                    _ => self.overlay = None,
                }
                return;
            }
            None => {}
        }
        let Some(action) = action else {
            return;
        };
        let n = self.row_count();
        match action {
            Action::Quit => effects.push(Effect::Quit),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Filter => self.filter.editing = true,
            Action::Back => {
                if !self.filter.text.is_empty() {
                    self.filter = Filter::default();
                } else if let View::Providers {
                    from_services: true,
                    key,
                } = &self.view
                {
                    let key = key.clone();
                    self.view = View::Services;
                    self.selected = self
                        .service_rows()
                        .iter()
                        .position(|(k, _, _)| **k == key)
                        .unwrap_or(0);
                    self.sort = None;
                }
            }
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::PageDown => {
                self.selected = (self.selected + self.page.max(1)).min(n.saturating_sub(1))
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(self.page.max(1)),
            Action::Enter => match self.providers_view() {
                None => {
                    if let Some(key) = self.service_rows().get(self.selected).map(|r| r.0.clone()) {
                        self.view = View::Providers {
                            key,
                            from_services: true,
                        };
                        self.selected = 0;
                        self.sort = None;
                        self.filter = Filter::default();
                    }
                }
                Some(_) => {
                    if let Some((_, r)) = self.selected_provider() {
                        self.overlay = Some(Overlay::Detail(provider_id(&r.provider)));
                    }
                }
            },
            Action::Freeze => {
                if self.frozen.take().is_none() {
                    self.frozen = Some(Box::new(self.data.clone()));
                }
            }
            Action::Faster | Action::Slower => {
                let i = REFRESH_STEPS
                    .iter()
                    .position(|d| *d >= self.refresh)
                    .unwrap_or(REFRESH_STEPS.len() - 1);
                let j = if action == Action::Faster {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(REFRESH_STEPS.len() - 1)
                };
                self.refresh = REFRESH_STEPS[j];
                effects.push(Effect::SetRefresh(self.refresh));
            }
            Action::Wide => self.wide = !self.wide,
            Action::Enable | Action::Disable => {
                let enable = action == Action::Enable;
                if self.read_only {
                    self.say(
                        "read-only: svcctl will not change this registry (context or --read-only)",
                    );
                } else if let Some((key, row)) = self.selected_provider() {
                    if row.removed_ms.is_some() {
                        self.say("that provider has left the registry");
                    } else {
                        let (key, address) = (key.clone(), row.address());
                        let filtered = !self.filter.text.is_empty();
                        self.overlay = Some(Overlay::Planning(format!(
                            "{} {address}{}",
                            if enable { "enable" } else { "disable" },
                            if filtered {
                                " (a filter is on: other rows are hidden)"
                            } else {
                                ""
                            }
                        )));
                        effects.push(Effect::PlanToggle {
                            key,
                            address,
                            enable,
                        });
                    }
                }
            }
            Action::Sort(sk) => {
                self.sort = match self.sort {
                    Some((k, rev)) if k == sk => Some((sk, !rev)),
                    _ => Some((sk, false)),
                };
            }
        }
    }

    /// A plan id for the I/O side to tag its preview with.
    pub fn plan_id(&mut self) -> u64 {
        self.next_plan += 1;
        self.next_plan
    }
}

/// A service's figures, given its churn (added, removed) in the window.
fn totals_with(entry: &ServiceEntry, churn: (usize, usize)) -> ServiceTotals {
    let mut t = ServiceTotals {
        consumers: entry.consumers.len(),
        added: churn.0,
        removed: churn.1,
        ..Default::default()
    };
    for r in entry.providers.values().filter(|r| r.removed_ms.is_none()) {
        if r.provider.effective.enabled {
            t.enabled += 1;
        } else {
            t.disabled += 1;
        }
        if let Some((_, c, s)) = r.shown() {
            t.active = Some(t.active.unwrap_or(0) + c.active);
            if let Some(cps) = s.calls_per_s {
                t.calls_per_s = Some(t.calls_per_s.unwrap_or(0.0) + cps);
            }
        }
    }
    t
}

/// What the dashboard keeps of a provider view: the effective state's copy of the URL, the
/// rules applied and the raw node name are never shown, and at 100k providers they were about
/// half of the dashboard's memory (measured by the top benchmark).
fn slim(mut p: ProviderView) -> ProviderView {
    p.node_name = String::new();
    p.effective.applied = Vec::new();
    // The rows read the effective state, not the merged URL: share the registered one.
    p.effective.url = p.url.clone();
    p
}

pub fn provider_id(p: &ProviderView) -> String {
    format!("{}://{}", p.url.protocol, p.url.address())
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
