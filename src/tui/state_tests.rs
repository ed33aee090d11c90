use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::registry::diff::ChangeKind;
use crate::tui::event::Event;
use crate::tui::testutil::*;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn addresses(s: &TopState) -> Vec<String> {
    s.provider_rows(&user_key())
        .iter()
        .map(|r| r.address())
        .collect()
}

#[test]
fn loaded_state_has_services_and_effective_state() {
    let s = state();
    assert_eq!(s.session, Session::Connected);
    let rows = s.service_rows();
    assert_eq!(rows.len(), 2);
    let user = rows
        .iter()
        .find(|r| *r.0 == user_key())
        .expect("user service");
    assert_eq!((user.2.enabled, user.2.disabled), (2, 1));
    assert_eq!(user.2.active, None, "no source: no number");
}

/// Batch mode and the dashboard start with `load` (views made one at a time), the reducer's
/// `Loaded` event is the same thing from a list.
#[test]
fn load_from_an_iterator_is_the_loaded_event() {
    let mut s = TopState::new("r".into(), false, T0);
    s.load(views(), T0);
    assert_eq!(s, state_named("r"));
    assert!(s.loaded);
    // A reload replaces what was there, as `Loaded` does.
    s.load(views().into_iter().skip(1), T0);
    assert_eq!(s.service_rows().len(), 1);
}

#[test]
fn added_is_new_for_ten_seconds() {
    let mut s = state();
    s.reduce(change(ChangeKind::Added, "10.0.0.9:20880"), T0 + 1_000);
    let row = |s: &TopState| {
        s.provider_rows(&user_key())
            .into_iter()
            .find(|r| r.address() == "10.0.0.9:20880")
            .cloned()
            .expect("row")
    };
    assert!(row(&s).is_new(s.now_ms));
    s.reduce(Event::Tick, T0 + 10_999);
    assert!(row(&s).is_new(s.now_ms));
    s.reduce(Event::Tick, T0 + 11_000);
    assert!(!row(&s).is_new(s.now_ms), "the marker goes after 10 s");
    assert_eq!(s.data.churn_of(Some(&user_key()), s.now_ms), (1, 0));
    assert_eq!(s.data.log.back().map(|e| e.mark), Some('+'));
}

#[test]
fn removed_leaves_a_tombstone_then_goes() {
    let mut s = state();
    s.reduce(change(ChangeKind::Removed, "10.0.0.1:20880"), T0 + 1_000);
    let rows = s.provider_rows(&user_key());
    let gone = rows
        .iter()
        .find(|r| r.address() == "10.0.0.1:20880")
        .expect("tombstone");
    assert_eq!(gone.state(s.now_ms), RowState::Removed);
    let totals = s.totals(&user_key(), &s.data.services[&user_key()]);
    assert_eq!(
        totals.enabled, 1,
        "a tombstone is not counted as a provider"
    );
    s.reduce(Event::Tick, T0 + 10_500);
    assert!(addresses(&s).contains(&"10.0.0.1:20880".to_string()));
    s.reduce(Event::Tick, T0 + 11_001);
    assert!(!addresses(&s).contains(&"10.0.0.1:20880".to_string()));
    assert_eq!(s.data.churn_of(None, s.now_ms), (0, 1));
}

#[test]
fn a_provider_that_comes_back_is_live_again() {
    let mut s = state();
    s.reduce(change(ChangeKind::Removed, "10.0.0.1:20880"), T0 + 1_000);
    s.reduce(change(ChangeKind::Added, "10.0.0.1:20880"), T0 + 2_000);
    let r = s.provider_rows(&user_key())[0].clone();
    assert_eq!(r.removed_ms, None);
    assert!(r.is_new(s.now_ms));
}

#[test]
fn modified_records_what_changed() {
    let mut s = state();
    let mut p = provider("10.0.0.2:20880");
    p.effective.weight = 50;
    s.reduce(
        Event::Registry(RegistryUpdate::Changes(vec![Change::Provider {
            kind: ChangeKind::Modified,
            service: user_key(),
            provider: Box::new(p),
            changed: vec!["weight".into()],
        }])),
        T0 + 3_000,
    );
    let r = s
        .provider_rows(&user_key())
        .into_iter()
        .find(|r| r.address() == "10.0.0.2:20880")
        .cloned()
        .expect("row");
    assert_eq!(r.provider.effective.weight, 50);
    assert_eq!(r.last_change_ms, Some(T0 + 3_000));
    let last = s.data.log.back().expect("logged");
    assert_eq!((last.mark, last.what.as_str()), ('~', "weight=50"));
}

/// `top` starts before the providers' stats are read: filling in static/dynamic is no change
/// (no mark, log line or churn); a later change of registration is one.
#[test]
fn a_registration_learnt_late_is_no_change() {
    use crate::registry::model::Registration;
    let mut unknown = views();
    for v in &mut unknown {
        for p in &mut v.providers {
            p.registration = Registration::Unknown;
        }
    }
    let mut s = TopState::new("t".into(), false, T0);
    s.reduce(Event::Registry(RegistryUpdate::Loaded(unknown)), T0);
    let logged = s.data.log.len();
    let registration = |r: Registration, at: i64, s: &mut TopState| {
        let mut p = provider("10.0.0.2:20880");
        p.registration = r;
        s.reduce(
            Event::Registry(RegistryUpdate::Changes(vec![Change::Provider {
                kind: ChangeKind::Modified,
                service: user_key(),
                provider: Box::new(p),
                changed: vec!["registration".into()],
            }])),
            at,
        );
        s.provider_rows(&user_key())
            .into_iter()
            .find(|r| r.address() == "10.0.0.2:20880")
            .cloned()
            .expect("row")
    };
    let r = registration(Registration::Dynamic, T0 + 1_000, &mut s);
    assert_eq!(r.provider.registration, Registration::Dynamic);
    assert_eq!(r.last_change_ms, None);
    assert_eq!(s.data.log.len(), logged, "no log line for a stat read late");
    let r = registration(Registration::Static, T0 + 2_000, &mut s);
    assert_eq!(r.provider.registration, Registration::Static);
    assert_eq!(r.last_change_ms, Some(T0 + 2_000));
    assert_eq!(s.data.log.len(), logged + 1);
}

#[test]
fn session_states_and_resync() {
    let mut s = state();
    s.reduce(
        Event::Registry(RegistryUpdate::Session(Session::Reconnecting {
            since_ms: T0,
            why: "Expired".into(),
        })),
        T0 + 500,
    );
    assert!(matches!(s.session, Session::Reconnecting { .. }));
    assert_eq!(s.session_since_ms, T0 + 500);
    s.reduce(
        Event::Registry(RegistryUpdate::Resynced {
            changes: 3,
            new_session: true,
        }),
        T0 + 9_000,
    );
    assert_eq!(s.session, Session::Connected);
    let msg = &s.message.as_ref().expect("message").0;
    assert!(
        msg.contains("3 change(s)") && msg.contains("new session"),
        "{msg}"
    );
}

#[test]
fn rates_come_from_two_samples_and_reset_on_restart() {
    let mut s = state();
    s.reduce(stats(vec![telnet("10.0.0.1:20880", 3, 100, 1)]), T0 + 1_000);
    let row = |s: &TopState| {
        s.provider_rows(&user_key())
            .into_iter()
            .find(|r| r.address() == "10.0.0.1:20880")
            .cloned()
            .expect("row")
    };
    let r = row(&s);
    let (src, c, st) = r.shown().expect("figures");
    assert_eq!(
        (src, c.active, st.calls_per_s),
        (SourceKind::Telnet, 3, None)
    );
    s.reduce(
        stats(vec![telnet("10.0.0.1:20880", 5, 300, 11)]),
        T0 + 3_000,
    );
    let r = row(&s);
    let (_, c, st) = r.shown().expect("figures");
    assert_eq!(c.active, 5);
    assert_eq!(st.calls_per_s, Some(100.0));
    assert_eq!(st.errors_per_s, Some(5.0));
    // Counters that went down: the provider restarted; no made-up rate.
    s.reduce(stats(vec![telnet("10.0.0.1:20880", 0, 4, 0)]), T0 + 4_000);
    assert_eq!(row(&s).shown().expect("figures").2.calls_per_s, None);
    let totals = s.totals(&user_key(), &s.data.services[&user_key()]);
    assert_eq!(totals.active, Some(0));
}

#[test]
fn a_source_error_is_a_reason_not_a_number() {
    let mut s = state();
    let mut sample = telnet("10.0.0.2:20880", 0, 0, 0);
    sample.result = Err("no executes limit: Dubbo counts nothing".into());
    s.reduce(stats(vec![sample]), T0 + 1_000);
    let r = s
        .provider_rows(&user_key())
        .into_iter()
        .find(|r| r.address() == "10.0.0.2:20880")
        .cloned()
        .expect("row");
    assert!(r.shown().is_none());
    assert!(r.no_source_reason().contains("no executes limit"));
}

#[test]
fn sort_keys_toggle_direction() {
    let mut s = state();
    s.focus(user_key());
    s.reduce(
        stats(vec![
            telnet("10.0.0.1:20880", 1, 0, 0),
            telnet("10.0.0.2:20880", 7, 0, 0),
            telnet("10.0.0.3:20880", 4, 0, 0),
        ]),
        T0,
    );
    s.reduce(key('I'), T0);
    assert_eq!(
        addresses(&s),
        ["10.0.0.2:20880", "10.0.0.3:20880", "10.0.0.1:20880"]
    );
    s.reduce(key('I'), T0);
    assert_eq!(
        addresses(&s),
        ["10.0.0.1:20880", "10.0.0.3:20880", "10.0.0.2:20880"]
    );
    s.reduce(key('W'), T0);
    assert_eq!(addresses(&s)[0], "10.0.0.2:20880", "weight 200 first");
    s.reduce(key('S'), T0);
    assert_eq!(addresses(&s)[2], "10.0.0.3:20880", "disabled last");
}

#[test]
fn filter_terms() {
    let mut s = state();
    s.focus(user_key());
    for c in "state=disabled".chars() {
        s.filter.editing = true;
        s.reduce(key(c), T0);
    }
    s.filter.editing = true;
    s.reduce(code(KeyCode::Enter), T0);
    assert!(!s.filter.editing);
    assert_eq!(addresses(&s), ["10.0.0.3:20880"]);
    s.filter.text = "host=10.0.0.2".into();
    assert_eq!(addresses(&s), ["10.0.0.2:20880"]);
    s.filter.text = "app=nobody".into();
    assert!(addresses(&s).is_empty());
    s.reduce(code(KeyCode::Esc), T0);
    assert_eq!(s.filter.text, "");
    assert_eq!(addresses(&s).len(), 3);
    // In the services view, a filter on providers keeps the services that have a match.
    s.view = View::Services;
    s.filter.text = "app=order-app".into();
    let keys: Vec<String> = s.service_rows().iter().map(|r| r.0.to_string()).collect();
    assert_eq!(keys, ["shop/com.example.OrderService:2.0.0"]);
}

#[test]
fn enter_drills_in_and_esc_comes_back() {
    let mut s = state();
    let second = s.service_rows()[1].0.clone();
    s.reduce(code(KeyCode::Down), T0);
    s.reduce(code(KeyCode::Enter), T0);
    assert_eq!(s.providers_view(), Some(&second));
    s.reduce(code(KeyCode::Enter), T0);
    assert!(matches!(s.overlay, Some(Overlay::Detail(_))));
    s.reduce(key('x'), T0);
    assert_eq!(s.overlay, None);
    s.reduce(code(KeyCode::Esc), T0);
    assert_eq!(s.view, View::Services);
    assert_eq!(s.selected, 1, "the cursor returns to the service");
}

#[test]
fn movement_is_clamped() {
    let mut s = state();
    s.focus(user_key());
    s.reduce(key('G'), T0);
    assert_eq!(s.selected, 2);
    s.reduce(key('j'), T0);
    assert_eq!(s.selected, 2);
    s.reduce(key('g'), T0);
    assert_eq!(s.selected, 0);
    s.reduce(key('k'), T0);
    assert_eq!(s.selected, 0);
    s.page = 2;
    s.reduce(code(KeyCode::PageDown), T0);
    assert_eq!(s.selected, 2);
}

#[test]
fn freeze_keeps_the_screen_while_data_moves() {
    let mut s = state();
    s.reduce(key('p'), T0);
    s.reduce(change(ChangeKind::Added, "10.0.0.9:20880"), T0 + 100);
    assert_eq!(s.shown().services[&user_key()].providers.len(), 3);
    assert_eq!(s.data.services[&user_key()].providers.len(), 4);
    s.reduce(key('p'), T0 + 200);
    assert_eq!(s.shown().services[&user_key()].providers.len(), 4);
}

#[test]
fn refresh_steps() {
    let mut s = state();
    assert_eq!(
        s.reduce(key('+'), T0),
        vec![Effect::SetRefresh(Duration::from_millis(500))]
    );
    s.reduce(key('-'), T0);
    s.reduce(key('-'), T0);
    assert_eq!(s.refresh, Duration::from_secs(2));
    for _ in 0..10 {
        s.reduce(key('-'), T0);
    }
    assert_eq!(s.refresh, Duration::from_secs(10));
}

#[test]
fn mutations_are_confirmed_and_refused_read_only() {
    let mut s = state();
    s.focus(user_key());
    assert_eq!(s.reduce(key('e'), T0).len(), 1);
    assert!(matches!(s.overlay, Some(Overlay::Planning(_))));
    s.reduce(
        Event::Plan(Ok(PlanPreview {
            id: 7,
            title: "disable".into(),
            lines: vec!["create /dubbo/x".into()],
            unchanged: false,
        })),
        T0,
    );
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    // Anything but y cancels, and nothing is applied.
    assert!(s.reduce(key('n'), T0).is_empty());
    assert_eq!(s.overlay, None);
    s.reduce(key('d'), T0);
    s.reduce(
        Event::Plan(Ok(PlanPreview {
            id: 8,
            title: "disable".into(),
            lines: vec![],
            unchanged: false,
        })),
        T0,
    );
    assert_eq!(s.reduce(key('y'), T0), vec![Effect::Apply(8)]);

    let mut ro = TopState::new("r".into(), true, T0);
    ro.reduce(Event::Registry(RegistryUpdate::Loaded(views())), T0);
    ro.focus(user_key());
    assert!(ro.reduce(key('d'), T0).is_empty());
    assert!(ro.message.as_ref().expect("said").0.contains("read-only"));
    assert_eq!(ro.overlay, None);
}

#[test]
fn quit_keys() {
    let mut s = state();
    assert_eq!(s.reduce(key('q'), T0), vec![Effect::Quit]);
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    s.overlay = Some(Overlay::Help);
    assert_eq!(s.reduce(ctrl_c, T0), vec![Effect::Quit]);
    assert_eq!(s.reduce(Event::Terminate, T0), vec![Effect::Quit]);
}

#[test]
fn a_stopped_feed_keeps_the_last_state_and_says_so() {
    let mut s = state();
    s.reduce(Event::RegistryError("access refused".into()), T0 + 1_000);
    assert!(matches!(&s.session, Session::Failed { why } if why == "access refused"));
    assert_eq!(s.service_rows().len(), 2, "the view keeps its rows");
    s.reduce(Event::Tick, T0 + 60_000);
    assert!(
        matches!(s.session, Session::Failed { .. }),
        "not a 5 s message only"
    );
}

#[test]
fn service_rows_count_churn_per_service_in_one_pass() {
    let mut s = state();
    let order = ServiceKey::new("com.example.OrderService", Some("shop"), Some("2.0.0"));
    s.reduce(change(ChangeKind::Added, "10.0.0.8:20880"), T0 + 1_000);
    s.reduce(change(ChangeKind::Added, "10.0.0.9:20880"), T0 + 2_000);
    s.reduce(change(ChangeKind::Removed, "10.0.0.8:20880"), T0 + 3_000);
    let by_service = s.data.churn_by_service(s.now_ms);
    assert_eq!(by_service.get(&user_key()), Some(&(2, 1)));
    assert_eq!(by_service.get(&order), None);
    for (k, e, t) in s.service_rows() {
        assert_eq!(t, s.totals(k, e), "{k}");
    }
    // Out of the window: nothing counted any more.
    let later = T0 + 3_000 + WINDOW_S as i64 * 1000;
    assert!(s.data.churn_by_service(later).is_empty());
    assert_eq!(s.data.churn_of(Some(&user_key()), later), (0, 0));
}

#[test]
fn a_window_of_service_rows_is_that_part_of_all_rows() {
    let mut s = state();
    s.reduce(change(ChangeKind::Added, "10.0.0.8:20880"), T0 + 1_000);
    let keys = |rows: Vec<(&ServiceKey, &ServiceEntry, ServiceTotals)>| {
        rows.into_iter()
            .map(|(k, _, t)| (k.clone(), t))
            .collect::<Vec<_>>()
    };
    for sort in [None, Some((SortKey::Churn, false))] {
        s.sort = sort;
        let all = keys(s.service_rows());
        assert_eq!(all.len(), 2);
        for (skip, take) in [(0, 10), (0, 1), (1, 1), (2, 5)] {
            let (n, window) = s.service_rows_window(skip, take);
            assert_eq!(n, all.len());
            let want: Vec<_> = all.iter().skip(skip).take(take).cloned().collect();
            assert_eq!(keys(window), want, "{sort:?} {skip} {take}");
        }
    }
    s.filter.text = "Order".into();
    assert_eq!(s.service_rows_window(0, 10).0, 1);
}

/// Rows keep what the screen shows: the node name and a merged copy of the URL stay with the
/// live registry view, whichever change last touched the row (a long churn used to fill the rows
/// it modified with both).
#[test]
fn rows_share_the_url_and_drop_the_node_name_after_any_change() {
    let mut s = state();
    let mut disabled = provider("10.0.0.1:20880");
    disabled.effective.enabled = false;
    disabled.effective.url = std::sync::Arc::new(DubboUrl::clone(&disabled.url));
    assert!(!disabled.node_name.is_empty());
    s.reduce(
        Event::Registry(RegistryUpdate::Changes(vec![Change::Provider {
            kind: ChangeKind::Modified,
            service: user_key(),
            provider: Box::new(disabled),
            changed: vec!["enabled".into()],
        }])),
        T0 + 1_000,
    );
    s.reduce(change(ChangeKind::Removed, "10.0.0.2:20880"), T0 + 1_000);
    s.reduce(change(ChangeKind::Added, "10.0.0.9:20880"), T0 + 1_000);
    for row in s.provider_rows(&user_key()) {
        let p = &row.provider;
        assert!(p.node_name.is_empty(), "{}", row.address());
        assert!(std::sync::Arc::ptr_eq(&p.url, &p.effective.url));
    }
    let rows = s.provider_rows(&user_key());
    let modified = rows.iter().find(|r| r.address() == "10.0.0.1:20880");
    assert_eq!(
        modified.map(|r| r.state(T0 + 1_000)),
        Some(RowState::Disabled)
    );
}

#[test]
fn rows_stay_in_id_order_whatever_the_insertion_order() {
    let mut rows = Rows::default();
    for a in ["10.0.0.3:1", "10.0.0.1:1", "10.0.0.2:1"] {
        assert!(rows
            .insert(format!("dubbo://{a}"), ProviderRow::new(provider(a)))
            .is_none());
    }
    let order: Vec<String> = rows.values().map(|r| r.address()).collect();
    assert_eq!(order, ["10.0.0.1:1", "10.0.0.2:1", "10.0.0.3:1"]);
    let replaced = rows.insert(
        "dubbo://10.0.0.2:1".into(),
        ProviderRow::new(provider("10.0.0.9:1")),
    );
    assert_eq!(replaced.map(|r| r.address()).as_deref(), Some("10.0.0.2:1"));
    assert_eq!(rows.len(), 3);
    rows.get_or_insert_with("dubbo://10.0.0.0:1".into(), || {
        ProviderRow::new(provider("10.0.0.0:1"))
    })
    .added_ms = Some(5);
    rows.get_or_insert_with("dubbo://10.0.0.0:1".into(), || unreachable!("it exists"));
    assert_eq!(
        rows.iter().next().map(|(k, r)| (k, r.added_ms)),
        Some(("dubbo://10.0.0.0:1", Some(5)))
    );
    assert!(rows.remove("dubbo://10.0.0.3:1").is_some());
    assert!(rows.remove("dubbo://10.0.0.3:1").is_none());
    rows.retain(|k, _| k != "dubbo://10.0.0.1:1");
    let ids: Vec<&str> = rows.iter().map(|(k, _)| k).collect();
    assert_eq!(ids, ["dubbo://10.0.0.0:1", "dubbo://10.0.0.2:1"]);
    assert!(rows.get("dubbo://10.0.0.2:1").is_some() && !rows.is_empty());
}

/// Churn took the service to thirty rows; once they left and their tombstones expired, the
/// rows give the room back (100,000 providers' worth of high-water marks otherwise).
#[test]
fn rows_give_back_room_once_tombstones_expire() {
    let mut s = state();
    let before = s.data.services[&user_key()].providers.len();
    let hosts: Vec<String> = (0..30).map(|i| format!("10.0.9.{i}:20880")).collect();
    for h in &hosts {
        s.reduce(change(ChangeKind::Added, h), T0 + 1_000);
    }
    assert!(s.data.services[&user_key()].providers.0.capacity() >= before + 30);
    for h in &hosts {
        s.reduce(change(ChangeKind::Removed, h), T0 + 2_000);
    }
    s.reduce(Event::Tick, T0 + 2_000 + MARK_MS);
    let rows = &s.data.services[&user_key()].providers;
    assert_eq!(rows.len(), before);
    assert!(rows.0.capacity() <= before + 4, "{}", rows.0.capacity());
}

#[test]
fn changed_fields_keep_the_diffs_names_and_order() {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for case in [
        vec![],
        vec!["enabled"],
        vec!["weight"],
        vec!["enabled", "weight", "registration", "discovery"],
        vec!["weight", "url.pid", "url.timestamp"],
        vec!["url"],
    ] {
        let f = ChangedFields::of(&names(&case));
        assert_eq!(f.joined(), case.join(","), "{case:?}");
    }
    // The usual change, a rule's, holds no allocation.
    assert_eq!(
        ChangedFields::of(&names(&["enabled", "weight"])).other,
        None
    );
}
