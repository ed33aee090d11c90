//! Every key of the dashboard in one table: dispatch, the footer hints and the `?` help are all
//! read from it, so what the screen says a key does is what it does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which column a sort key orders by. `Name` is the service in the services view and the
/// application in the providers view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Address,
    State,
    Weight,
    Providers,
    Consumers,
    Churn,
    Active,
    Calls,
    Errors,
    Latency,
    Uptime,
    Changed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Filter,
    Back,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Enter,
    Freeze,
    Faster,
    Slower,
    Wide,
    Enable,
    Disable,
    Sort(SortKey),
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Services,
    Providers,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: KeyCode,
    pub alt: Option<KeyCode>,
    pub action: Action,
    pub scope: Scope,
    /// What the help overlay says.
    pub desc: &'static str,
    /// The footer's short form; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
}

const fn b(
    key: KeyCode,
    alt: Option<KeyCode>,
    action: Action,
    scope: Scope,
    desc: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        key,
        alt,
        action,
        scope,
        desc,
        hint,
    }
}

use Action as A;
use KeyCode::Char as C;
use Scope::*;

pub const BINDINGS: &[Binding] = &[
    b(
        C('q'),
        None,
        A::Quit,
        Everywhere,
        "quit (also Ctrl-C)",
        Some("quit"),
    ),
    b(C('?'), None, A::Help, Everywhere, "this help", Some("help")),
    b(
        C('/'),
        None,
        A::Filter,
        Everywhere,
        "filter: text, app=A host=H state=S (enabled, disabled, warming, new, removed)",
        Some("filter"),
    ),
    b(
        KeyCode::Esc,
        None,
        A::Back,
        Everywhere,
        "clear the filter, close an overlay, or go back to the services",
        Some("back"),
    ),
    b(
        C('j'),
        Some(KeyCode::Down),
        A::Down,
        Everywhere,
        "next row",
        None,
    ),
    b(
        C('k'),
        Some(KeyCode::Up),
        A::Up,
        Everywhere,
        "previous row",
        None,
    ),
    b(
        C('g'),
        Some(KeyCode::Home),
        A::Top,
        Everywhere,
        "first row",
        None,
    ),
    b(
        C('G'),
        Some(KeyCode::End),
        A::Bottom,
        Everywhere,
        "last row",
        None,
    ),
    b(
        KeyCode::PageDown,
        Some(C(' ')),
        A::PageDown,
        Everywhere,
        "page down",
        None,
    ),
    b(
        KeyCode::PageUp,
        None,
        A::PageUp,
        Everywhere,
        "page up",
        None,
    ),
    b(
        KeyCode::Enter,
        None,
        A::Enter,
        Everywhere,
        "open the service's providers, or the provider's details",
        Some("open"),
    ),
    b(
        C('p'),
        None,
        A::Freeze,
        Everywhere,
        "freeze the display (data keeps updating behind it)",
        Some("freeze"),
    ),
    b(
        C('+'),
        Some(C('=')),
        A::Faster,
        Everywhere,
        "refresh faster",
        None,
    ),
    b(
        C('-'),
        None,
        A::Slower,
        Everywhere,
        "refresh slower",
        Some("refresh"),
    ),
    b(
        C('w'),
        None,
        A::Wide,
        Everywhere,
        "wide columns",
        Some("wide"),
    ),
    b(
        C('e'),
        None,
        A::Enable,
        Providers,
        "enable the selected provider (asks first)",
        Some("enable"),
    ),
    b(
        C('d'),
        None,
        A::Disable,
        Providers,
        "disable the selected provider (asks first)",
        Some("disable"),
    ),
    b(
        C('N'),
        None,
        A::Sort(SortKey::Name),
        Everywhere,
        "sort by service (services) or application (providers); again reverses",
        None,
    ),
    b(
        C('A'),
        None,
        A::Sort(SortKey::Address),
        Providers,
        "sort by address",
        None,
    ),
    b(
        C('S'),
        None,
        A::Sort(SortKey::State),
        Providers,
        "sort by state",
        None,
    ),
    b(
        C('W'),
        None,
        A::Sort(SortKey::Weight),
        Providers,
        "sort by effective weight",
        None,
    ),
    b(
        C('P'),
        None,
        A::Sort(SortKey::Providers),
        Services,
        "sort by providers",
        None,
    ),
    b(
        C('O'),
        None,
        A::Sort(SortKey::Consumers),
        Services,
        "sort by consumers",
        None,
    ),
    b(
        C('H'),
        None,
        A::Sort(SortKey::Churn),
        Services,
        "sort by churn in the window",
        None,
    ),
    b(
        C('I'),
        None,
        A::Sort(SortKey::Active),
        Everywhere,
        "sort by ACTIVE (calls in flight)",
        Some("sort"),
    ),
    b(
        C('C'),
        None,
        A::Sort(SortKey::Calls),
        Everywhere,
        "sort by calls/s",
        None,
    ),
    b(
        C('E'),
        None,
        A::Sort(SortKey::Errors),
        Providers,
        "sort by errors/s",
        None,
    ),
    b(
        C('L'),
        None,
        A::Sort(SortKey::Latency),
        Providers,
        "sort by mean latency",
        None,
    ),
    b(
        C('U'),
        None,
        A::Sort(SortKey::Uptime),
        Providers,
        "sort by uptime",
        None,
    ),
    b(
        C('T'),
        None,
        A::Sort(SortKey::Changed),
        Providers,
        "sort by time since the last change",
        None,
    ),
];

/// Human name of a key, as the footer and help show it.
pub fn key_name(k: KeyCode) -> String {
    match k {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    }
}

fn in_scope(b: &Binding, providers_view: bool) -> bool {
    match b.scope {
        Everywhere => true,
        Services => !providers_view,
        Providers => providers_view,
    }
}

/// The action of a key in the current view. Ctrl-C always quits: raw mode turns it into a key.
pub fn lookup(key: &KeyEvent, providers_view: bool) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(A::Quit),
            KeyCode::Char('f') => Some(A::PageDown),
            KeyCode::Char('b') => Some(A::PageUp),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .filter(|b| in_scope(b, providers_view))
        .find(|b| b.key == key.code || b.alt == Some(key.code))
        .map(|b| b.action)
}

/// Bindings of the current view, for the help overlay.
pub fn for_view(providers_view: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| in_scope(b, providers_view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_view() {
        for providers in [false, true] {
            let keys: Vec<KeyCode> = for_view(providers)
                .flat_map(|b| std::iter::once(b.key).chain(b.alt))
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(k),
                    "{k:?} bound twice (providers view: {providers})"
                );
            }
        }
    }

    #[test]
    fn keys_resolve_per_view() {
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(lookup(&key('q'), false), Some(A::Quit));
        assert_eq!(lookup(&key('e'), true), Some(A::Enable));
        assert_eq!(
            lookup(&key('e'), false),
            None,
            "no provider selected in services view"
        );
        assert_eq!(lookup(&key('P'), false), Some(A::Sort(SortKey::Providers)));
        assert_eq!(lookup(&key('P'), true), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&ctrl_c, true), Some(A::Quit));
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(lookup(&down, true), Some(A::Down));
    }
}
