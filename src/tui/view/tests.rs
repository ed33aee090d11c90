//! Rendering snapshots (ratatui TestBackend, fixed clock) and cell-level style checks.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

use super::draw;
use crate::registry::diff::ChangeKind;
use crate::tui::event::Event;
use crate::tui::state::{Overlay, TopState};
use crate::tui::testutil::*;
use crate::tui::theme::Theme;

fn render(state: &TopState, w: u16, h: u16, color: bool) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| draw(f, state, &Theme { color })).expect("draw");
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let area = b.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(b[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A busy moment: one provider joined, one left, counters from telnet, a rule disabled one.
fn busy() -> TopState {
    let mut s = state();
    s.reduce(change(ChangeKind::Added, "10.0.0.9:20880"), T0 + 2_000);
    s.reduce(change(ChangeKind::Removed, "10.0.0.1:20880"), T0 + 3_000);
    s.reduce(
        stats(vec![
            telnet("10.0.0.2:20880", 3, 1_000, 2),
            telnet("10.0.0.9:20880", 1, 10, 0),
        ]),
        T0 + 3_000,
    );
    s.reduce(
        stats(vec![
            telnet("10.0.0.2:20880", 4, 1_500, 4),
            telnet("10.0.0.9:20880", 0, 30, 0),
        ]),
        T0 + 4_000,
    );
    s.reduce(Event::Tick, T0 + 5_000);
    s
}

fn providers_view() -> TopState {
    let mut s = busy();
    s.focus(user_key());
    s
}

#[test]
fn services_80x24() {
    insta::assert_snapshot!(text(&render(&busy(), 80, 24, false)));
}

#[test]
fn services_160x48() {
    insta::assert_snapshot!(text(&render(&busy(), 160, 48, true)));
}

#[test]
fn providers_80x24() {
    insta::assert_snapshot!(text(&render(&providers_view(), 80, 24, false)));
}

#[test]
fn providers_160x48_wide() {
    let mut s = providers_view();
    s.wide = true;
    insta::assert_snapshot!(text(&render(&s, 160, 48, true)));
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut s = providers_view();
    s.overlay = Some(Overlay::Help);
    let t = text(&render(&s, 100, 40, false));
    for b in crate::tui::keymap::for_view(true) {
        let first = b.desc.split_whitespace().next().unwrap_or("");
        assert!(t.contains(first), "help lacks {:?}", b.desc);
    }
    insta::assert_snapshot!(t);
}

#[test]
fn detail_says_why_there_is_no_number() {
    let mut s = providers_view();
    s.selected = s
        .provider_rows(&user_key())
        .iter()
        .position(|r| r.address() == "10.0.0.3:20880")
        .expect("row");
    s.reduce(
        Event::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Enter,
            ratatui::crossterm::event::KeyModifiers::NONE,
        )),
        T0 + 5_000,
    );
    let t = text(&render(&s, 100, 30, false));
    assert!(t.contains("no active-count source"), "{t}");
    assert!(t.contains("disabled"), "{t}");
}

/// Find the cell where `word` starts on the row that contains `row_marker`.
fn find(b: &Buffer, row_marker: &str, word: &str) -> (u16, u16) {
    let t = text(b);
    for (y, line) in t.lines().enumerate() {
        if line.contains(row_marker) {
            if let Some(byte) = line.find(word) {
                let x = line[..byte].chars().count();
                return (x as u16, y as u16);
            }
        }
    }
    panic!("{word:?} not on a row with {row_marker:?}:\n{t}");
}

#[test]
fn colours_say_the_state_and_no_colour_keeps_the_words() {
    let s = providers_view();
    let c = render(&s, 160, 48, true);
    let at = find(&c, "10.0.0.3:20880", "disabled");
    assert_eq!(c[at].fg, Color::Red);
    let at = find(&c, "10.0.0.9:20880", "new");
    assert_eq!(c[at].fg, Color::Green);
    let plain = render(&s, 160, 48, false);
    for (marker, word) in [
        ("10.0.0.3:20880", "disabled"),
        ("10.0.0.9:20880", "new"),
        ("10.0.0.1:20880", "removed"),
    ] {
        let at = find(&plain, marker, word);
        assert_eq!(plain[at].fg, Color::Reset, "{word} is plain without colour");
    }
    // The selection shows without colour: a marker and reverse video.
    let sel = find(&plain, "▶", "▶");
    assert!(plain[(sel.0 + 2, sel.1)]
        .modifier
        .contains(Modifier::REVERSED));
}

#[test]
fn hostile_registry_text_is_escaped_on_screen() {
    let mut s = state();
    let iface = "com.evil.\u{1b}]0;owned\u{7}Svc\u{9b}2J";
    let views = crate::registry::model::test_views(
        iface,
        &[&url(
            "10.9.9.9:20880",
            iface,
            "&application=app\u{1b}[31mred\u{202e}",
        )],
        &[],
    );
    s.reduce(
        Event::Registry(crate::tui::event::RegistryUpdate::Loaded(views)),
        T0,
    );
    for focus in [false, true] {
        if focus {
            let key = s.service_rows()[0].0.clone();
            s.focus(key);
        }
        let b = render(&s, 160, 48, true);
        for cell in b.content() {
            for ch in cell.symbol().chars() {
                assert!(
                    !ch.is_control() && !('\u{202a}'..='\u{202e}').contains(&ch),
                    "raw {ch:?} on screen"
                );
            }
        }
        assert!(text(&b).contains("\\x1b"));
    }
}

#[test]
fn tiny_terminals_do_not_panic() {
    let s = providers_view();
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (80, 24)] {
        render(&s, w, h, true);
        let mut h2 = s.clone();
        h2.overlay = Some(Overlay::Help);
        render(&h2, w, h, false);
    }
}

#[test]
fn confirmation_keeps_its_answer_line_with_a_long_plan() {
    let mut s = providers_view();
    s.overlay = Some(Overlay::Confirm(crate::tui::event::PlanPreview {
        id: 1,
        title: "disable 10.0.0.2:20880 of com.example.UserService".into(),
        lines: vec![format!(
            "create /dubbo/com.example.UserService/configurators/{}",
            "override%3A%2F%2F".repeat(20)
        )],
        unchanged: false,
    }));
    for (w, h) in [(80, 24), (160, 48)] {
        let t = text(&render(&s, w, h, false));
        assert!(t.contains("y apply"), "{t}");
        assert!(t.contains("registry: context test"), "{t}");
    }
}

#[test]
fn long_lists_scroll_to_keep_the_selection_on_screen() {
    let mut s = state();
    let iface = "com.example.Many";
    let urls: Vec<String> = (0..200)
        .map(|i| url(&format!("10.1.{}.{}:20880", i / 250, i % 250), iface, ""))
        .collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    s.reduce(
        Event::Registry(crate::tui::event::RegistryUpdate::Loaded(
            crate::registry::model::test_views(iface, &refs, &[]),
        )),
        T0,
    );
    s.focus(s.service_rows()[0].0.clone());
    s.reduce(
        Event::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::End,
            ratatui::crossterm::event::KeyModifiers::NONE,
        )),
        T0,
    );
    let last = s.provider_rows(s.providers_view().expect("focus"))[199].address();
    let t = text(&render(&s, 100, 30, false));
    let line = t.lines().find(|l| l.contains("▶")).expect("a selected row");
    assert!(line.contains(&last), "{line}\n{t}");
}
