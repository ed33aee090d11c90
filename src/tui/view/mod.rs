//! Rendering: a pure function of [`TopState`] (and the theme) onto a frame. One file per panel.

mod churn;
mod footer;
pub mod header;
mod overlay;
mod providers;
mod services;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use super::state::TopState;
use super::theme::Theme;
use crate::output::{sanitize, short_duration, truncate};

/// Rows of the table area that hold data (the table's border and header take three).
pub fn table_page(area_height: u16) -> usize {
    let churn = churn_height(area_height);
    usize::from(area_height.saturating_sub(2 + churn + 1 + 3)).max(1)
}

fn churn_height(h: u16) -> u16 {
    if h >= 40 {
        12
    } else if h >= 20 {
        7
    } else {
        0
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &TopState, theme: &Theme) {
    let area = frame.area();
    let [head, table, churn, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(churn_height(area.height)),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(frame, head, state, theme);
    match state.providers_view() {
        Some(key) => providers::draw(frame, table, state, key, theme),
        None => services::draw(frame, table, state, theme),
    }
    if churn.height > 0 {
        churn::draw(frame, churn, state, theme);
    }
    footer::draw(frame, foot, state, theme);
    overlay::draw(frame, area, state, theme);
}

/// A column that may be dropped when the screen is narrow: lower `priority` stays longer.
pub(crate) struct Col {
    pub header: &'static str,
    pub width: u16,
    pub priority: u8,
    pub wide_only: bool,
}

/// Which columns fit in `width`, in their original order: the most important first, then the
/// others while they fit.
pub(crate) fn fit(cols: &[Col], width: u16, wide: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cols.len())
        .filter(|&i| wide || !cols[i].wide_only)
        .collect();
    order.sort_by_key(|&i| (cols[i].priority, i));
    let mut used: u16 = 0;
    let mut keep = Vec::new();
    for i in order {
        let w = cols[i].width + 1;
        if used + w <= width || keep.is_empty() {
            used = used.saturating_add(w);
            keep.push(i);
        }
    }
    keep.sort();
    keep
}

/// First row drawn so that the selected one is on screen (at the bottom when scrolling down).
pub(crate) fn window_start(selected: usize, visible: usize) -> usize {
    if visible == 0 || selected < visible {
        0
    } else {
        selected + 1 - visible
    }
}

/// Registry text on its way to a cell: escaped, then shortened to fit.
pub(crate) fn cell(s: &str, max: usize) -> String {
    truncate(&sanitize(s), max)
}

pub(crate) fn rate(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(r) if r >= 100.0 => format!("{r:.0}"),
        Some(r) => format!("{r:.1}"),
    }
}

pub(crate) fn millis(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(m) if m >= 100.0 => format!("{m:.0}ms"),
        Some(m) => format!("{m:.1}ms"),
    }
}

pub(crate) fn age(now_ms: i64, t: Option<i64>) -> String {
    t.map_or("-".into(), |t| short_duration(now_ms - t))
}

/// `HH:MM:SS` (UTC) of an epoch-ms time, for the event log.
pub(crate) fn clock(ms: i64) -> String {
    crate::output::iso_time(ms)[11..19].to_string()
}

pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests;
